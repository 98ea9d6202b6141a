import { QueryTypes } from 'sequelize';
import type { SalesInvoiceView } from '../../contract/sales-invoices';
import { cr, dr, journalLines } from '../support/finance-cash';
import { createItem, createPartner, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { createApprovedOrder } from '../support/sales-orders';
import { invoiceLines, invoiceShipments, orderInvoiced, shipmentInvoiced, invoicingFootprint, openItemOf } from '../support/sales-invoices';
import { ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';
import { addRate } from './finance-journal-helpers';

/*
 * Sales invoices from shipped goods over HTTP on SQLite and (DATABASE_URL)
 * PostgreSQL: amounts hand-computed to the cent, every journal compared
 * whole, open items, due dates, goods cost from the shipments, the orders'
 * progress, every refusal with nothing written, and every invariant after
 * each test.
 */

let t: TestApp;
let admin: string;
let warehouseId: number;

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  warehouseId = (await t.createWarehouse()).id;
});
afterAll(() => t.stop());
afterEach(async () => {
  await expectInvariants(t);
  await expectStockInvariants(t);
});

const rows = <T extends object = Record<string, unknown>>(sql: string, replacements: Record<string, unknown> = {}) => t.services.db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });

interface LineSpec {
  qty: number;
  unitPrice: number;
  discount?: number;
  taxRate?: number;
  /** The stock it ships from: `stock` on hand (default qty) at `cost` (default 10). */
  stock?: number;
  cost?: number;
  /** Shipped at once (default all); 0 ships nothing yet. */
  ship?: number;
}

/** An approved order of one item per line, its stock received first, and shipped (the lines with something to ship) in one shipment. */
async function shippedOrder(spec: { customer?: { id: number; code: string }; currency?: string; rate?: number; pricesIncludeTax?: boolean; terms?: number; lines: LineSpec[] }) {
  const customer = spec.customer ?? (await createPartner(t, 'customers', { paymentTermsDays: spec.terms ?? 30, ...(spec.currency ? { currency: spec.currency } : {}) }));
  const items: Array<{ id: number; sku: string }> = [];
  for (const l of spec.lines) {
    const item = await createItem(t);
    await receive(t, warehouseId, item.id, l.stock ?? l.qty, l.cost ?? 10);
    items.push(item);
  }
  const order = await createApprovedOrder(t, admin, {
    customerId: customer.id,
    warehouseId,
    ...(spec.currency ? { currency: spec.currency } : {}),
    ...(spec.rate ? { rate: spec.rate } : {}),
    ...(spec.pricesIncludeTax ? { pricesIncludeTax: true } : {}),
    lines: spec.lines.map((l, i) => ({ itemId: items[i]!.id, qty: l.qty, unitPrice: l.unitPrice, discount: l.discount ?? 0, taxRate: l.taxRate ?? 0.13 })),
  });
  const shipping = spec.lines.map((l, i) => ({ lineId: order.lines[i]!.id, qty: l.ship ?? l.qty })).filter((l) => l.qty > 0);
  const shipment = shipping.length ? await ship(t, admin, order.id, shipping) : null;
  return { customer, items, order, shipment: shipment! };
}

async function onlyJournal(invoice: SalesInvoiceView) {
  const entries = await rows<{ id: unknown }>("SELECT id FROM journal_entries WHERE source_type = 'SI' AND source_id = :id", { id: invoice.id });
  expect(entries.map((e) => Number(e.id))).toEqual([invoice.journalEntryId]);
  return journalLines(t, invoice.journalEntryId!);
}

describe('invoicing shipped goods', () => {
  test('a whole shipment at the order prices: discount and tax rounded per line, Dr 1122 / Cr 6001 + 2221.02, goods cost, due after the terms; the order closes', async () => {
    const { customer, order, shipment } = await shippedOrder({
      lines: [
        { qty: 3, unitPrice: 19.99, discount: 0.1, taxRate: 0.13, stock: 10, cost: 12.3456 },
        { qty: 2.5, unitPrice: 7.333, taxRate: 0.09, stock: 10, cost: 4 },
      ],
    });
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipment.id] });
    // 3 × 17.991 (19.99 less 10 %) = 53.973 → 53.97, tax 7.0161 → 7.02; 2.5 × 7.333 = 18.3325 → 18.33, tax 1.6497 → 1.65.
    // Cost: 10 received at 12.3456 = 123.46, 3 of them leave with 37.04; 10 at 4 = 40.00, 2.5 leave with 10.00.
    expect(invoice).toMatchObject({
      kind: 'invoice',
      status: 'open',
      customerId: customer.id,
      customerCode: customer.code,
      date: daysFromToday(0),
      dueDate: daysFromToday(30),
      currency: 'CNY',
      rate: 1,
      subtotal: 72.3,
      tax: 8.67,
      total: 80.97,
      baseSubtotal: 72.3,
      baseTax: 8.67,
      baseTotal: 80.97,
      baseCost: 47.04,
      openAmount: 80.97,
      returnId: null,
    });
    expect(invoice.number).toMatch(/^SI-\d{4}-\d{6}$/);
    expect(invoice.lines).toMatchObject([
      { line: 0, salesOrderLineId: order.lines[0]!.id, shipmentLineId: shipment.lines[0]!.id, qty: 3, unitPrice: 17.991, taxRate: 0.13, amount: 53.97, tax: 7.02, baseAmount: 53.97, baseTax: 7.02, baseCost: 37.04 },
      { line: 1, salesOrderLineId: order.lines[1]!.id, shipmentLineId: shipment.lines[1]!.id, qty: 2.5, unitPrice: 7.333, taxRate: 0.09, amount: 18.33, tax: 1.65, baseAmount: 18.33, baseTax: 1.65, baseCost: 10 },
    ]);
    expect(await onlyJournal(invoice)).toEqual([dr('1122', 8097), cr('6001', 7230), cr('2221.02', 867)]);
    expect(await openItemOf(t, invoice.id)).toMatchObject({
      kind: 'invoice', date: daysFromToday(0), due_date: daysFromToday(30), currency: 'CNY', rate: 1_000_000, amount: 8097, base_amount: 8097, open_amount: 8097, open_base: 8097, account_code: '1122',
    });
    const stored = await rows<Record<string, unknown>>('SELECT customer_id, date, item_id FROM sales_invoice_lines WHERE invoice_id = :id ORDER BY line', { id: invoice.id });
    expect(stored.map((l) => [Number(l.customer_id), l.date, Number(l.item_id)])).toEqual(order.lines.map((l) => [customer.id, daysFromToday(0), l.itemId]));
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'closed', invoiced: [3000, 2500] });
    expect(await shipmentInvoiced(t, shipment.id)).toEqual([3000, 2500]);

    const got = await t.get(`/sales-invoices/${invoice.id}`, admin);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(invoice);
    const list = await t.get(`/sales-invoices?customerId=${customer.id}&status=open&kind=invoice&from=${daysFromToday(0)}&to=${daysFromToday(0)}`, admin);
    expect(list.body.total).toBe(1);
    expect(list.body.data[0]).toMatchObject({ id: invoice.id, total: 80.97, openAmount: 80.97 });
    expect(list.body.data[0].lines).toBeUndefined();
    expect((await t.get(`/sales-invoices?customerId=${customer.id}&status=paid`, admin)).body.total).toBe(0);
  });

  test('an order invoiced whole bills its total to the cent, even where its discounted price has more than four decimals', async () => {
    const { customer, order, shipment } = await shippedOrder({ lines: [{ qty: 1000, unitPrice: 3.3333, discount: 0.07, taxRate: 0.13, cost: 1 }] });
    // 1000 × 3.3333 × 0.93 = 3,099.969 → 3,099.97 (the net price 3.099969 shows as 3.1000, which would bill 3,100.00); VAT 402.9961 → 403.00.
    expect(order).toMatchObject({ subtotal: 3099.97, tax: 403, total: 3502.97 });
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipment.id] });
    expect(invoice).toMatchObject({ subtotal: 3099.97, tax: 403, total: 3502.97 });
    expect(invoice.lines[0]).toMatchObject({ unitPrice: 3.1, amount: 3099.97, tax: 403 });
    expect(await onlyJournal(invoice)).toEqual([dr('1122', 350297), cr('6001', 309997), cr('2221.02', 40300)]);
  });

  test('prices including tax (含税): the net is the gross less VAT, line by line', async () => {
    const { customer, order } = await shippedOrder({ pricesIncludeTax: true, lines: [{ qty: 7, unitPrice: 9.99 }, { qty: 1, unitPrice: 0.05 }] });
    const invoice = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ salesOrderLineId: order.lines[0]!.id, qty: 7 }, { salesOrderLineId: order.lines[1]!.id, qty: 1 }] });
    // 7 × 9.99 = 69.93 gross → 61.884955… → 61.88 net, 8.05 VAT; 0.05 gross → 0.04425 → 0.04 net, 0.01 VAT.
    expect(invoice).toMatchObject({ subtotal: 61.92, tax: 8.06, total: 69.98, baseTotal: 69.98 });
    expect(invoice.lines).toMatchObject([{ amount: 61.88, tax: 8.05 }, { amount: 0.04, tax: 0.01 }]);
    expect(await onlyJournal(invoice)).toEqual([dr('1122', 6998), cr('6001', 6192), cr('2221.02', 806)]);
  });

  test('in USD at the invoice date\'s rate, not the order\'s: 1122, 6001 and 2221.02 in USD, base at 7.25', async () => {
    const { customer, shipment } = await shippedOrder({ currency: 'USD', rate: 7, lines: [{ qty: 4, unitPrice: 12.5, taxRate: 0.13 }] });
    await addRate(t, 'USD', daysFromToday(-1), 7.25);
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipment.id] });
    // 50.00 + 6.50 = 56.50 USD; × 7.25 = 409.625 → 409.63, VAT 47.125 → 47.13, net 362.50.
    expect(invoice).toMatchObject({ currency: 'USD', rate: 7.25, subtotal: 50, tax: 6.5, total: 56.5, baseSubtotal: 362.5, baseTax: 47.13, baseTotal: 409.63, openAmount: 56.5 });
    expect(await onlyJournal(invoice)).toEqual([dr('1122', 40963, 'USD', 5650), cr('6001', 36250, 'USD', 5000), cr('2221.02', 4713, 'USD', 650)]);
    expect(await openItemOf(t, invoice.id)).toMatchObject({ currency: 'USD', rate: 7_250_000, amount: 5650, base_amount: 40963 });

    // A rate given in the body wins.
    const again = await shippedOrder({ customer, currency: 'USD', rate: 7, lines: [{ qty: 1, unitPrice: 10, taxRate: 0 }] });
    const given = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [again.shipment.id], rate: 6.9 });
    expect(given).toMatchObject({ rate: 6.9, total: 10, baseTotal: 69 });
    expect(await onlyJournal(given)).toEqual([dr('1122', 6900, 'USD', 1000), cr('6001', 6900, 'USD', 1000)]);
  });

  test('a shipment line invoiced a third at a time: the goods cost is shared by quantity and the last part takes exactly what is left', async () => {
    const { customer, order, shipment } = await shippedOrder({ lines: [{ qty: 3, unitPrice: 50, taxRate: 0, cost: 33.3333 }] });
    // 3 × 33.3333 = 99.9999 → 100.00 received, all of it shipped.
    expect(shipment.lines[0]!.value).toBe(100);
    const lineId = shipment.lines[0]!.id;
    const first = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: lineId, qty: 1 }] });
    expect(first).toMatchObject({ total: 50, baseCost: 33.33 });
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'done', invoiced: [1000] });
    const second = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ salesOrderLineId: order.lines[0]!.id, qty: 1 }] });
    // round(100 × 2/3) − 33.33 = 66.67 − 33.33
    expect(second).toMatchObject({ total: 50, baseCost: 33.34 });
    expect(second.lines[0]).toMatchObject({ shipmentLineId: lineId, baseCost: 33.34 });
    const last = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: lineId, qty: 1 }] });
    expect(last).toMatchObject({ total: 50, baseCost: 33.33 });
    expect(first.baseCost * 100 + second.baseCost * 100 + last.baseCost * 100).toBe(10000);
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'closed', invoiced: [3000] });
    expect(await shipmentInvoiced(t, shipment.id)).toEqual([3000]);
  });

  test('an order line takes its shipments\' lines oldest first; the pull shows what each still has open', async () => {
    const customer = await createPartner(t, 'customers', { paymentTermsDays: 7 });
    const item = await createItem(t);
    await receive(t, warehouseId, item.id, 5, 2);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId, lines: [{ itemId: item.id, qty: 5, unitPrice: 9, taxRate: 0.06 }] });
    const lineId = order.lines[0]!.id;
    const s1 = await ship(t, admin, order.id, [{ lineId, qty: 2 }]);
    const s2 = await ship(t, admin, order.id, [{ lineId, qty: 3 }]);

    const pull = await t.get(`/shipments/uninvoiced?customerId=${customer.id}`, admin);
    expect(pull.status).toBe(200);
    expect(pull.body).toEqual({
      total: 2,
      data: [s1, s2].map((s) => ({
        shipmentLineId: s.lines[0]!.id, shipmentId: s.id, shipmentNumber: s.number, salesOrderLineId: lineId, salesOrderId: order.id, orderNumber: order.number,
        customerId: customer.id, customerCode: customer.code, itemId: item.id, sku: item.sku, name: expect.any(String), qty: s.lines[0]!.qty, unitPrice: 9, taxRate: 0.06, currency: 'CNY', date: s.date,
      })),
    });

    const invoice = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ salesOrderLineId: lineId, qty: 4 }] });
    // A line of its own per shipment line billed: 2 × 9.00 = 18.00 + 1.08 VAT each, each 2 × 2.00 of goods.
    expect(invoice).toMatchObject({ subtotal: 36, tax: 2.16, total: 38.16, baseCost: 8, dueDate: daysFromToday(7) });
    expect(invoice.lines).toMatchObject([
      { line: 0, salesOrderLineId: lineId, shipmentLineId: s1.lines[0]!.id, qty: 2, amount: 18, tax: 1.08, baseCost: 4 },
      { line: 1, salesOrderLineId: lineId, shipmentLineId: s2.lines[0]!.id, qty: 2, amount: 18, tax: 1.08, baseCost: 4 },
    ]);
    expect(await shipmentInvoiced(t, s1.id)).toEqual([2000]);
    expect(await shipmentInvoiced(t, s2.id)).toEqual([2000]);
    const after = await t.get(`/shipments/uninvoiced?customerId=${customer.id}`, admin);
    expect(after.body.data.map((r: { shipmentLineId: number; qty: number }) => [r.shipmentLineId, r.qty])).toEqual([[s2.lines[0]!.id, 1]]);
    // The shipments' own route still answers beside the pull.
    expect((await t.get(`/shipments/${s2.id}`, admin)).body.lines[0]).toMatchObject({ invoiced: 2 });
  });

  test('an explicit price and tax rate replace the order\'s; a due date may be given; lines of two orders of one customer go together', async () => {
    const customer = await createPartner(t, 'customers', { paymentTermsDays: null });
    const a = await shippedOrder({ customer, lines: [{ qty: 2, unitPrice: 10 }] });
    const b = await shippedOrder({ customer, lines: [{ qty: 1, unitPrice: 99.99, taxRate: 0.13 }] });
    const invoice = await invoiceLines(t, admin, {
      customerId: customer.id,
      dueDate: daysFromToday(45),
      lines: [
        { shipmentLineId: a.shipment.lines[0]!.id, qty: 2, unitPrice: 10.5555, taxRate: 0.06 },
        { shipmentLineId: b.shipment.lines[0]!.id, qty: 1 },
      ],
    });
    // 2 × 10.5555 = 21.111 → 21.11, tax 1.2666 → 1.27; 99.99 × 13 % = 12.9987 → 13.00.
    expect(invoice).toMatchObject({ dueDate: daysFromToday(45), subtotal: 121.1, tax: 14.27, total: 135.37 });
    expect(invoice.lines).toMatchObject([{ unitPrice: 10.5555, taxRate: 0.06, amount: 21.11, tax: 1.27 }, { unitPrice: 99.99, taxRate: 0.13, amount: 99.99, tax: 13 }]);
    expect(await orderInvoiced(t, a.order.id)).toMatchObject({ status: 'closed' });
    expect(await orderInvoiced(t, b.order.id)).toMatchObject({ status: 'closed' });

    const defaulted = await shippedOrder({ customer, lines: [{ qty: 1, unitPrice: 5 }] });
    // No payment terms: due on the invoice date.
    expect((await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [defaulted.shipment.id] })).dueDate).toBe(daysFromToday(0));
  });
});

describe('refusals write nothing', () => {
  test('more than is shipped and not yet invoiced → 409 naming the row and what is left', async () => {
    const { customer, order, shipment } = await shippedOrder({ lines: [{ qty: 10, unitPrice: 10, ship: 6 }] });
    const before = await invoicingFootprint(t);
    const over = await t.post('/sales-invoices', { customerId: customer.id, lines: [{ salesOrderLineId: order.lines[0]!.id, qty: 6.001 }] }, admin);
    expectProblem(over, 409, ['lines[0].qty']);
    expect(over.body.errors[0].message).toContain('6');
    expect(await invoicingFootprint(t)).toEqual(before);

    await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 4 }] });
    const after = await invoicingFootprint(t);
    // Two rows of one line count together: 1.5 + 0.5 is more than the 2 left; the shipment line is held to its own rest as well.
    const split = await t.post('/sales-invoices', { customerId: customer.id, lines: [{ salesOrderLineId: order.lines[0]!.id, qty: 1.5 }, { shipmentLineId: shipment.lines[0]!.id, qty: 0.6 }] }, admin);
    expectProblem(split, 409, ['lines[1].qty']);
    expect(split.body.errors[0].message).toMatch(/0\.5/);
    expect(await invoicingFootprint(t)).toEqual(after);
    // With the rest shipped the order line has 6 open, but the named shipment line only its own 2.
    await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty: 4 }]);
    const shippedMore = await invoicingFootprint(t);
    const byLine = await t.post('/sales-invoices', { customerId: customer.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 2.5 }] }, admin);
    expectProblem(byLine, 409, ['lines[0].qty']);
    expect(byLine.body.errors[0].message).toContain(shipment.number);
    expect(await invoicingFootprint(t)).toEqual(shippedMore);
    // Nothing left at all on the shipment once its rest is invoiced.
    await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipment.id] });
    expect(await shipmentInvoiced(t, shipment.id)).toEqual([6000]);
    const nothing = await invoicingFootprint(t);
    expectProblem(await t.post('/sales-invoices', { customerId: customer.id, shipmentIds: [shipment.id] }, admin), 409);
    expect(await invoicingFootprint(t)).toEqual(nothing);
  });

  test('another customer\'s lines or shipments, unknown ids, mixed currencies, a bad shape → 422 naming the row', async () => {
    const mine = await shippedOrder({ lines: [{ qty: 2, unitPrice: 10 }] });
    const theirs = await shippedOrder({ lines: [{ qty: 2, unitPrice: 10 }] });
    const usd = await shippedOrder({ customer: mine.customer, currency: 'USD', rate: 7, lines: [{ qty: 1, unitPrice: 10 }] });
    const before = await invoicingFootprint(t);
    const post = (body: Record<string, unknown>) => t.post('/sales-invoices', { customerId: mine.customer.id, ...body }, admin);
    const line = (l: Record<string, unknown>) => ({ qty: 1, ...l });

    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id }), line({ shipmentLineId: theirs.shipment.lines[0]!.id })] }), 422, ['lines[1].shipmentLineId']);
    expectProblem(await post({ lines: [line({ salesOrderLineId: theirs.order.lines[0]!.id })] }), 422, ['lines[0].salesOrderLineId']);
    expectProblem(await post({ shipmentIds: [mine.shipment.id, theirs.shipment.id] }), 422, ['shipmentIds[1]']);
    expectProblem(await post({ lines: [line({ shipmentLineId: 999999 }), line({ salesOrderLineId: 999999 })] }), 422, ['lines[0].shipmentLineId', 'lines[1].salesOrderLineId']);
    expectProblem(await post({ shipmentIds: [999999] }), 422, ['shipmentIds[0]']);
    expectProblem(await post({ shipmentIds: [mine.shipment.id, mine.shipment.id] }), 422, ['shipmentIds[1]']);
    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id }), line({ shipmentLineId: usd.shipment.lines[0]!.id })] }), 422, ['lines[1].shipmentLineId']);
    expectProblem(await post({ currency: 'USD', lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id })] }), 422, ['lines[0].shipmentLineId']);
    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id, salesOrderLineId: mine.order.lines[0]!.id }), line({})] }), 422, ['lines[0].shipmentLineId', 'lines[1].shipmentLineId']);
    expectProblem(await post({ lines: [] }), 422, ['lines']);
    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id })], shipmentIds: [mine.shipment.id] }), 422, ['shipmentIds']);
    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id })], amount: 5 }), 422, ['amount']);
    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id, qty: 0.0001 })] }), 422, ['lines[0].qty']);
    expectProblem(await post({ lines: [line({ shipmentLineId: mine.shipment.lines[0]!.id })], dueDate: daysFromToday(-1) }), 422, ['dueDate']);
    expectProblem(await t.post('/sales-invoices', { customerId: 999999, shipmentIds: [mine.shipment.id] }, admin), 422, ['customerId']);
    expect(await invoicingFootprint(t)).toEqual(before);
  });
});
