import { QueryTypes } from 'sequelize';
import { cr, dr, journalLines } from '../support/finance-cash';
import { adjust, balance, createItem, createPartner, daysFromToday } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { approvedOrder, FactoryOrder, grniCheck, postedReceipt } from '../support/purchasing-invoices';
import { TestApp } from '../support/test-app';

/*
 * Supplier invoices over HTTP on SQLite and (DATABASE_URL) PostgreSQL: every
 * journal compared whole against hand-computed cents; after each scenario
 * every ledger invariant holds, and 2202.99 equals the value of what is
 * received and not invoiced.
 */

let t: TestApp;
let admin: string;
let warehouseId: number;
const today = () => daysFromToday(0);

beforeAll(async () => {
  // 10 % price tolerance: the revaluation scenarios stay open, the held one goes beyond it.
  t = await TestApp.start({ priceVarianceTolerance: 10 });
  admin = await t.adminToken();
  warehouseId = (await t.createWarehouse()).id;
});
afterAll(() => t.stop());

afterEach(async () => {
  await expectInvariants(t);
  await expectStockInvariants(t);
  const grni = await grniCheck(t);
  expect(grni.ledger).toBe(grni.open);
});

async function supplier(extra: Record<string, unknown> = {}) {
  return createPartner(t, 'suppliers', { paymentTermsDays: 30, ...extra });
}

/** An order of one line, received in full (or `received`), ready to invoice. */
async function receivedOrder(options: { qty: number; unitPrice: number; taxRate?: number; received?: number; currency?: string; rate?: number; pricesIncludeTax?: boolean }) {
  const s = await supplier(options.currency ? { currency: options.currency } : {});
  const item = await createItem(t);
  const order = await approvedOrder(t, {
    supplierId: s.id,
    warehouseId,
    date: today(),
    currency: options.currency,
    rate: options.rate,
    pricesIncludeTax: options.pricesIncludeTax,
    lines: [{ itemId: item.id, qty: options.qty, unitPrice: options.unitPrice, taxRate: options.taxRate ?? 0.13 }],
  });
  const receipt = await postedReceipt(t, order, today(), [{ orderLineId: order.lines[0]!.id, qty: options.received ?? options.qty }]);
  return { supplier: s, item, order, receipt, orderLineId: order.lines[0]!.id };
}

async function invoiceJournal(invoice: { id: number; journalEntryId: number | null }) {
  expect(invoice.journalEntryId).not.toBeNull();
  const entries = await t.services.db.sequelize.query<{ n: unknown }>("SELECT COUNT(*) AS n FROM journal_entries WHERE source_type = 'PI' AND source_id = :id", {
    replacements: { id: invoice.id },
    type: QueryTypes.SELECT,
  });
  expect(Number(entries[0]!.n)).toBe(1);
  return journalLines(t, invoice.journalEntryId!);
}

async function orderState(order: FactoryOrder) {
  const [o] = await t.services.db.sequelize.query<{ status: string }>('SELECT status FROM purchase_orders WHERE id = :id', { replacements: { id: order.id }, type: QueryTypes.SELECT });
  const lines = await t.services.db.sequelize.query<{ invoiced: unknown }>('SELECT invoiced FROM purchase_order_lines WHERE order_id = :id ORDER BY line', {
    replacements: { id: order.id },
    type: QueryTypes.SELECT,
  });
  return { status: o!.status, invoiced: lines.map((l) => Number(l.invoiced)) };
}

async function footprint() {
  const q = async (sql: string) => (await t.services.db.sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT })).map((r) => Object.values(r).map(String).join('|'));
  return {
    invoices: await q('SELECT id FROM purchase_invoices ORDER BY id'),
    lines: await q('SELECT id FROM purchase_invoice_lines ORDER BY id'),
    entries: await q('SELECT id FROM journal_entries ORDER BY id'),
    openItems: await q('SELECT id, open_amount FROM open_items ORDER BY id'),
    orderLines: await q('SELECT id, invoiced FROM purchase_order_lines ORDER BY id'),
    receiptLines: await q('SELECT id, invoiced FROM goods_receipt_lines ORDER BY id'),
    moves: await q('SELECT id FROM stock_moves ORDER BY id'),
    sequences: await q("SELECT doc_type, last FROM doc_sequences WHERE doc_type IN ('PI', 'JE') ORDER BY doc_type"),
  };
}

test('at the order price: 2202.99 gives up the receipt value, VAT and the payable, an open item due after the terms; the order closes', async () => {
  const { supplier: s, order, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 12.5 });
  const res = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-1', lines: [{ purchaseOrderLineId: orderLineId, qty: 10 }] }, admin);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'open', kind: 'invoice', currency: 'CNY', rate: 1, subtotal: 125, tax: 16.25, total: 141.25, baseTotal: 141.25, openAmount: 141.25, varianceBase: 0, variances: [] });
  expect(res.body.number).toMatch(/^PI-\d{4}-\d{6}$/);
  expect(res.body.dueDate).toBe(daysFromToday(30));
  expect(res.body.lines).toMatchObject([{ qty: 10, unitPrice: 12.5, orderPrice: 12.5, amount: 125, tax: 16.25, baseReceiptValue: 125, varianceBase: 0 }]);
  expect(await invoiceJournal(res.body)).toEqual([dr('2202.99', 12500), dr('2221.01', 1625), cr('2202.01', 14125)]);
  expect(await orderState(order)).toEqual({ status: 'closed', invoiced: [10000] });

  const got = await t.get(`/purchase-invoices/${res.body.id}`, admin);
  expect(got.status).toBe(200);
  expect(got.body).toEqual(res.body);
  const list = await t.get(`/purchase-invoices?supplierId=${s.id}&status=open`, admin);
  expect(list.body.total).toBe(1);
  expect(list.body.data[0]).toMatchObject({ id: res.body.id, supplierInvoiceNo: 'INV-1', total: 141.25 });
  expect((await t.get(`/purchase-invoices?supplierId=${s.id}&status=held`, admin)).body.total).toBe(0);
});

test('priced higher with all the goods on hand: the variance revalues the stock (a value-only PI move), nothing to 6401', async () => {
  const { supplier: s, item, orderLineId, receipt } = await receivedOrder({ qty: 10, unitPrice: 10 });
  const res = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-2', lines: [{ receiptLineId: receipt.lines[0]!.id, qty: 10, unitPrice: 10.5 }] }, admin);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'open', subtotal: 105, tax: 13.65, total: 118.65, varianceBase: 5 });
  expect(res.body.variances).toEqual([{ line: 0, orderPrice: 10, invoicePrice: 10.5, amount: 5 }]);
  expect(res.body.lines[0]).toMatchObject({ purchaseOrderLineId: orderLineId, receiptLineId: receipt.lines[0]!.id });
  expect(await invoiceJournal(res.body)).toEqual([dr('2202.99', 10000), dr('1405', 500), dr('2221.01', 1365), cr('2202.01', 11865)]);
  expect(await balance(t, warehouseId, item.id)).toMatchObject({ onHand: 10, value: 105 });
  const moves = await t.services.db.sequelize.query<Record<string, unknown>>("SELECT qty, value, doc_number FROM stock_moves WHERE doc_type = 'PI' AND item_id = :itemId", {
    replacements: { itemId: item.id },
    type: QueryTypes.SELECT,
  });
  expect(moves.map((m) => [Number(m.qty), Number(m.value), m.doc_number])).toEqual([[0, 500, res.body.number]]);
});

test('priced higher after half the goods were issued: half the variance revalues what is left, half goes to 6401', async () => {
  const { supplier: s, item, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 10 });
  expect((await adjust(t, warehouseId, [{ itemId: item.id, qty: -5 }], 'damage')).status).toBe(201);
  const res = await t.post('/purchase-invoices', { supplierCode: s.code, supplierInvoiceNo: 'INV-3', lines: [{ purchaseOrderLineId: orderLineId, qty: 10, unitPrice: 10.8 }] }, admin);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'open', subtotal: 108, tax: 14.04, total: 122.04, varianceBase: 8 });
  expect(await invoiceJournal(res.body)).toEqual([dr('2202.99', 10000), dr('1405', 400), dr('6401', 400), dr('2221.01', 1404), cr('2202.01', 12204)]);
  expect(await balance(t, warehouseId, item.id)).toMatchObject({ onHand: 5, value: 54 });
});

test('prices including tax (含税): the net is the gross less VAT; a partial invoice releases its share of 2202.99 and the order stays done', async () => {
  const { supplier: s, order, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 11.3, pricesIncludeTax: true });
  const res = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-4', lines: [{ purchaseOrderLineId: orderLineId, qty: 4 }] }, admin);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ subtotal: 40, tax: 5.2, total: 45.2, varianceBase: 0 });
  expect(await invoiceJournal(res.body)).toEqual([dr('2202.99', 4000), dr('2221.01', 520), cr('2202.01', 4520)]);
  expect(await orderState(order)).toEqual({ status: 'done', invoiced: [4000] });

  const pull = await t.get(`/purchase-orders/uninvoiced?supplierId=${s.id}`, admin);
  expect(pull.status).toBe(200);
  expect(pull.body.data).toMatchObject([{ purchaseOrderLineId: orderLineId, orderNumber: order.number, qty: 6, unitPrice: 11.3, currency: 'CNY' }]);
});

test('in a foreign currency at another rate than the order: payable and VAT in USD at the invoice rate, the rate difference revalues the stock', async () => {
  const { supplier: s, item, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 2, currency: 'USD', rate: 7 });
  const res = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-5', rate: 7.1, lines: [{ purchaseOrderLineId: orderLineId, qty: 10 }] }, admin);
  expect(res.status).toBe(201);
  // 22.60 USD × 7.1 = 160.46; tax 2.60 × 7.1 = 18.46; net 142.00 against 140.00 received.
  expect(res.body).toMatchObject({ status: 'open', currency: 'USD', rate: 7.1, subtotal: 20, tax: 2.6, total: 22.6, baseTotal: 160.46, baseTax: 18.46, varianceBase: 2, openAmount: 22.6 });
  expect(await invoiceJournal(res.body)).toEqual([dr('2202.99', 14000), dr('1405', 200), dr('2221.01', 1846, 'USD', 260), cr('2202.01', 16046, 'USD', 2260)]);
  expect(await balance(t, warehouseId, item.id)).toMatchObject({ value: 142 });
});

test('invoicing more than is received and not yet invoiced → 409 naming the line, and nothing is written', async () => {
  const { supplier: s, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 10, received: 6 });
  const before = await footprint();
  const over = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-6', lines: [{ purchaseOrderLineId: orderLineId, qty: 6.001 }] }, admin);
  expect(over.status).toBe(409);
  expect(over.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].qty' })]);
  expect(await footprint()).toEqual(before);

  expect((await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-6', lines: [{ purchaseOrderLineId: orderLineId, qty: 4 }] }, admin)).status).toBe(201);
  // Two lines of one order line count together: 2 + 0.5 > the 2 still open.
  const split = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-7', lines: [{ purchaseOrderLineId: orderLineId, qty: 2 }, { purchaseOrderLineId: orderLineId, qty: 0.5 }] }, admin);
  expect(split.status).toBe(409);
  expect(split.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].qty' })]);
});

test('the same supplier invoice number twice → 409 naming supplierInvoiceNo; another supplier may use it', async () => {
  const a = await receivedOrder({ qty: 2, unitPrice: 5 });
  const b = await receivedOrder({ qty: 2, unitPrice: 5 });
  expect((await t.post('/purchase-invoices', { supplierId: a.supplier.id, supplierInvoiceNo: 'DUP-1', lines: [{ purchaseOrderLineId: a.orderLineId, qty: 1 }] }, admin)).status).toBe(201);
  const before = await footprint();
  const twice = await t.post('/purchase-invoices', { supplierId: a.supplier.id, supplierInvoiceNo: 'DUP-1', lines: [{ purchaseOrderLineId: a.orderLineId, qty: 1 }] }, admin);
  expect(twice.status).toBe(409);
  expect(twice.body.errors).toEqual([expect.objectContaining({ path: 'supplierInvoiceNo' })]);
  expect(await footprint()).toEqual(before);
  expect((await t.post('/purchase-invoices', { supplierId: b.supplier.id, supplierInvoiceNo: 'DUP-1', lines: [{ purchaseOrderLineId: b.orderLineId, qty: 1 }] }, admin)).status).toBe(201);
});

test('a price beyond the tolerance holds the invoice (status held) but posts it all; purchase:approve releases it, once', async () => {
  const { supplier: s, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 10 });
  const res = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'INV-8', lines: [{ purchaseOrderLineId: orderLineId, qty: 10, unitPrice: 11.5 }] }, admin);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'held', total: 129.95, openAmount: 129.95 });
  expect(await invoiceJournal(res.body)).toEqual([dr('2202.99', 10000), dr('1405', 1500), dr('2221.01', 1495), cr('2202.01', 12995)]);
  const [row] = await t.services.db.sequelize.query<{ status: string }>('SELECT status FROM purchase_invoices WHERE id = :id', { replacements: { id: res.body.id }, type: QueryTypes.SELECT });
  expect(row!.status).toBe('held');

  const approver = await t.createUser([(await t.createRole(['purchase:read', 'purchase:approve'])).name]);
  const withoutApprove = await t.createRole(['purchase:read', 'purchase:invoice']);
  const enterer = await t.createUser([withoutApprove.name]);
  expect((await t.post(`/purchase-invoices/${res.body.id}/release`, {}, enterer.token)).status).toBe(403);
  const released = await t.post(`/purchase-invoices/${res.body.id}/release`, {}, approver.token);
  expect(released.status).toBe(200);
  expect(released.body).toMatchObject({ status: 'open', releasedBy: approver.id });
  expect((await t.post(`/purchase-invoices/${res.body.id}/release`, {}, admin)).status).toBe(409);
});

test('an opening payable: Dr 4199 / Cr 2202.01, an open item, no lines', async () => {
  const s = await supplier();
  const res = await t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: 'OPEN-1', opening: true, amount: 500 }, admin);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ kind: 'opening', status: 'open', total: 500, baseTotal: 500, openAmount: 500, lines: [] });
  expect(await invoiceJournal(res.body)).toEqual([dr('4199', 50000), cr('2202.01', 50000)]);
  const refused = await t.post('/purchase-invoices', { supplierId: s.id, opening: true }, admin);
  expect(refused.status).toBe(422);
  expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'amount' })]);
});

test('the batch posts each invoice as its own POST; refusals name their lines', async () => {
  const a = await receivedOrder({ qty: 3, unitPrice: 4 });
  const res = await t.post(
    '/purchase-invoices/batch',
    {
      documents: [
        { ref: 'r1', document: { supplierId: a.supplier.id, supplierInvoiceNo: 'B-1', lines: [{ purchaseOrderLineId: a.orderLineId, qty: 3 }] } },
        { ref: 'r2', document: { supplierId: a.supplier.id, supplierInvoiceNo: 'B-2', lines: [{ purchaseOrderLineId: a.orderLineId, qty: 1 }] } },
        { ref: 'r3', document: { supplierId: a.supplier.id, supplierInvoiceNo: 'B-3', lines: [{ qty: 1 }] } },
      ],
    },
    admin,
  );
  expect(res.status).toBe(200);
  expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 409, 422]);
  expect(res.body.results[2].problem.errors).toEqual([expect.objectContaining({ path: 'lines[0].receiptLineId' })]);
});

test('two invoices of one order line at once: the line lock lets only one of them take what is open', async () => {
  const { supplier: s, order, orderLineId } = await receivedOrder({ qty: 10, unitPrice: 3 });
  const post = (no: string) => t.post('/purchase-invoices', { supplierId: s.id, supplierInvoiceNo: no, lines: [{ purchaseOrderLineId: orderLineId, qty: 6 }] }, admin);
  const answers = await Promise.all([post('RACE-1'), post('RACE-2')]);
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  expect(await orderState(order)).toEqual({ status: 'done', invoiced: [6000] });
});
