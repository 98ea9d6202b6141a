import { QueryTypes } from 'sequelize';
import { insertNumbered } from '../../server/documents/numbering';
import { toBase } from '../../server/documents/amounts';
import { cr, dr, journalLines } from '../support/finance-cash';
import { createItem, createPartner, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { createApprovedOrder } from '../support/sales-orders';
import { invoiceLines, invoiceShipments, openingReceivable, orderInvoiced, shipmentInvoiced, invoicingFootprint } from '../support/sales-invoices';
import { returnGoods, ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';
import { postgresUrl } from '../support/databases';

/*
 * Cancelling sales invoices and setting credit notes against invoices, over
 * HTTP on SQLite and (DATABASE_URL) PostgreSQL; on PostgreSQL two invoices
 * of the same goods raced. Journals compared whole, every invariant after
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
const openOf = async (id: number) => Number((await rows<{ open_amount: unknown }>("SELECT open_amount FROM open_items WHERE doc_type = 'SI' AND doc_id = :id", { id }))[0]!.open_amount);
const statusOf = async (id: number) => (await rows<{ status: string }>('SELECT status FROM sales_invoices WHERE id = :id', { id }))[0]!.status;


/** One item, its stock, an approved order of it and the shipments asked for (quantities in order). */
async function shipped(options: { customer?: { id: number; code: string }; currency?: string; rate?: number; qty: number; unitPrice: number; taxRate?: number; shipments?: number[] }) {
  const customer = options.customer ?? (await createPartner(t, 'customers', { paymentTermsDays: 30, ...(options.currency ? { currency: options.currency } : {}) }));
  const item = await createItem(t);
  await receive(t, warehouseId, item.id, options.qty, 5);
  const order = await createApprovedOrder(t, admin, {
    customerId: customer.id,
    warehouseId,
    ...(options.currency ? { currency: options.currency, rate: options.rate } : {}),
    lines: [{ itemId: item.id, qty: options.qty, unitPrice: options.unitPrice, taxRate: options.taxRate ?? 0.13 }],
  });
  const shipments = [];
  for (const qty of options.shipments ?? [options.qty]) shipments.push(await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty }]));
  return { customer, order, lineId: order.lines[0]!.id, shipments };
}

/**
 * A credit note at a rate of its own (a return's takes its invoice's),
 * straight through the gates: Dr 6001 + 2221.02 / Cr 1122 at
 * its rate, a negative sales invoice and the customer's open item on the
 * other side. Amounts in cents of its currency.
 */
async function creditNote(customerId: number, note: { net: number; tax: number; currency?: string; rate?: number }) {
  const { db, generalLedger, openItems } = t.services;
  const date = daysFromToday(0);
  const currency = note.currency ?? 'CNY';
  const rate = Math.round((note.rate ?? 1) * 1_000_000);
  const total = note.net + note.tax;
  const baseTotal = toBase(total, rate);
  const baseTax = toBase(note.tax, rate);
  return db.transaction(async (tx) => {
    const { id, number } = await insertNumbered(db, tx, 'sales_invoices', 'SI', date, {
      kind: 'credit-note', customer_id: customerId, status: 'open', date, due_date: date, currency, rate,
      subtotal: -note.net, tax: -note.tax, total: -total, base_subtotal: -(baseTotal - baseTax), base_tax: -baseTax, base_total: -baseTotal, base_cost: 0,
      created_at: new Date(),
    });
    const inCurrency = (amount: number) => ({ currency, rate, amount });
    await generalLedger.postJournal(
      {
        date, source: { type: 'SI', id, number }, userId: null,
        lines: [{ accountCode: '6001', debit: baseTotal - baseTax, ...inCurrency(note.net) }, { accountCode: '2221.02', debit: baseTax, ...inCurrency(note.tax) }, { accountCode: '1122', credit: baseTotal, ...inCurrency(total) }],
      },
      tx,
    );
    await openItems.openItem({ partnerType: 'customer', partnerId: customerId, kind: 'credit-note', document: { type: 'SI', id, number }, date, currency, rate, amount: total, baseAmount: baseTotal }, tx);
    return { id, number };
  });
}

describe('cancelling an invoice', () => {
  test('reverses its journal, closes its open item and gives the quantities back to exactly the shipment lines it billed', async () => {
    const { customer, order, lineId, shipments: [s1, s2] } = await shipped({ qty: 5, unitPrice: 8, shipments: [2, 3] });
    const spanning = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ salesOrderLineId: lineId, qty: 4 }] });
    const named = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: s2!.lines[0]!.id, qty: 1 }] });
    expect(await shipmentInvoiced(t, s1!.id)).toEqual([2000]);
    expect(await shipmentInvoiced(t, s2!.id)).toEqual([3000]);
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'closed', invoiced: [5000] });

    const res = await t.post(`/sales-invoices/${spanning.id}/cancel`, {}, admin);
    expect(res.status).toBe(200);
    // 4 × 8 = 32.00 + 4.16 VAT
    expect(res.body).toMatchObject({ id: spanning.id, status: 'cancelled', total: 36.16, openAmount: 0, journalEntryId: spanning.journalEntryId });
    const [reversal] = await rows<{ id: unknown; date: string }>("SELECT id, date FROM journal_entries WHERE source_type = 'SI' AND source_id = :id AND reversal_of = :of", { id: spanning.id, of: spanning.journalEntryId });
    expect(reversal!.date).toBe(daysFromToday(0));
    expect(await journalLines(t, Number(reversal!.id))).toEqual([cr('1122', 3616), dr('6001', 3200), dr('2221.02', 416)]);
    expect(await openOf(spanning.id)).toBe(0);
    // The other invoice keeps its shipment line: 1 of s2 stays invoiced.
    expect(await shipmentInvoiced(t, s1!.id)).toEqual([0]);
    expect(await shipmentInvoiced(t, s2!.id)).toEqual([1000]);
    // A closed order stays closed (documents/status.ts); what it gave back can be invoiced again.
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'closed', invoiced: [1000] });
    const pull = await t.get(`/shipments/uninvoiced?customerId=${customer.id}`, admin);
    expect(pull.body.data.map((r: { shipmentLineId: number; qty: number }) => [r.shipmentLineId, r.qty])).toEqual([[s1!.lines[0]!.id, 2], [s2!.lines[0]!.id, 2]]);
    const again = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ salesOrderLineId: lineId, qty: 4 }] });
    expect(again).toMatchObject({ status: 'open', total: 36.16 });
    expect(await statusOf(named.id)).toBe('open');
    expect((await t.get(`/sales-invoices?customerId=${customer.id}&status=cancelled`, admin)).body.data.map((i: { id: number }) => i.id)).toEqual([spanning.id]);
    expectProblem(await t.post(`/sales-invoices/${spanning.id}/cancel`, {}, admin), 409);
  });

  test('a done order stays done with its quantity back; refused once something is allocated to the invoice, naming the allocation', async () => {
    const { customer, order, shipments: [s] } = await shipped({ qty: 4, unitPrice: 10, taxRate: 0 });
    const invoice = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: s!.lines[0]!.id, qty: 2 }] });
    const extra = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: s!.lines[0]!.id, qty: 1 }] });
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'done', invoiced: [3000] });
    expect((await t.post(`/sales-invoices/${extra.id}/cancel`, {}, admin)).status).toBe(200);
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'done', invoiced: [2000] });
    expect(await shipmentInvoiced(t, s!.id)).toEqual([2000]);
    const note = await creditNote(customer.id, { net: 500, tax: 0 });
    const allocated = await t.post(`/sales-invoices/${note.id}/allocations`, { allocations: [{ invoiceNumber: invoice.number, amount: 5 }] }, admin);
    expect(allocated.status).toBe(200);

    const before = await invoicingFootprint(t);
    const refused = await t.post(`/sales-invoices/${invoice.id}/cancel`, {}, admin);
    expectProblem(refused, 409, ['allocations[0]']);
    expect(refused.body.errors[0].message).toContain(note.number);
    expect(await invoicingFootprint(t)).toEqual(before);

    const other = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: s!.lines[0]!.id, qty: 2 }] });
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'closed', invoiced: [4000] });
    expect((await t.post(`/sales-invoices/${other.id}/cancel`, {}, admin)).status).toBe(200);
    expect(await orderInvoiced(t, order.id)).toEqual({ status: 'closed', invoiced: [2000] });
  });

  test('goods returned after invoicing: the return\'s credit note reads as a negative invoice; neither it nor the invoice it credits can be cancelled', async () => {
    const { customer, lineId, shipments: [, s2] } = await shipped({ qty: 5, unitPrice: 10, shipments: [2, 3] });
    const invoice = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ salesOrderLineId: lineId, qty: 5 }] });
    const back = await returnGoods(t, admin, { customerId: customer.id, shipmentId: s2!.id, lines: [{ shipmentLineId: s2!.lines[0]!.id, qty: 1 }] });
    expect(back.creditNoteId).toEqual(expect.any(Number));
    const note = (await t.get(`/sales-invoices/${back.creditNoteId}`, admin)).body;
    expect(note).toMatchObject({ kind: 'credit-note', status: 'open', customerId: customer.id, returnId: back.id, subtotal: -10, tax: -1.3, total: -11.3, baseTotal: -11.3, openAmount: -11.3 });
    expect(note.lines).toMatchObject([{ salesOrderLineId: lineId, shipmentLineId: s2!.lines[0]!.id, qty: -1, amount: -10, tax: -1.3 }]);
    expect(await journalLines(t, note.journalEntryId)).toEqual([dr('6001', 1000), dr('2221.02', 130), cr('1122', 1130)]);
    expect((await t.get(`/sales-invoices?customerId=${customer.id}&kind=credit-note`, admin)).body.data.map((i: { id: number }) => i.id)).toEqual([note.id]);
    expect(await shipmentInvoiced(t, s2!.id)).toEqual([2000]);
    expect((await t.get(`/shipments/uninvoiced?customerId=${customer.id}`, admin)).body.total).toBe(0);

    const before = await invoicingFootprint(t);
    const refused = await t.post(`/sales-invoices/${invoice.id}/cancel`, {}, admin);
    expectProblem(refused, 409, ['lines[1].qty']);
    expect(refused.body.errors[0].message).toContain('1');
    expectProblem(await t.post(`/sales-invoices/${note.id}/cancel`, {}, admin), 409, ['id']);
    expect(await invoicingFootprint(t)).toEqual(before);
  });
});

// The allocation itself is the receipts part's (POST /sales-invoices/:id/allocations, shared with purchasing's debit notes); here what it does to invoices.
describe('credit notes set against invoices', () => {
  test('at one rate the allocation moves no money; the note used up is paid, the invoice used up is paid', async () => {
    const { customer, shipments: [s] } = await shipped({ qty: 3, unitPrice: 10 });
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [s!.id] });
    expect(invoice.total).toBe(33.9);
    const opening = await openingReceivable(t, admin, { customerId: customer.id, amount: 100 });
    const note = await creditNote(customer.id, { net: 4000, tax: 520 });
    const entries = (await rows('SELECT id FROM journal_entries')).length;

    const res = await t.post(`/sales-invoices/${note.id}/allocations`, { allocations: [{ invoiceId: invoice.id, amount: 33.9 }, { invoiceNumber: opening.number, amount: 11.3 }] }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: note.id, amount: 45.2, allocated: 45.2, unallocated: 0, fxDifference: 0 });
    expect((await t.get(`/sales-invoices/${note.id}`, admin)).body).toMatchObject({ kind: 'credit-note', status: 'paid', total: -45.2, openAmount: 0 });
    expect((await rows('SELECT id FROM journal_entries')).length).toBe(entries);
    expect(await statusOf(invoice.id)).toBe('paid');
    expect(await openOf(invoice.id)).toBe(0);
    expect(await statusOf(opening.id)).toBe('open');
    expect(await openOf(opening.id)).toBe(8870);
    expect((await t.get(`/sales-invoices?customerId=${customer.id}&status=paid`, admin)).body.data.map((i: { id: number }) => i.id).sort()).toEqual([invoice.id, note.id].sort());
  });

  test('in USD at another rate than the invoice: the difference is realized FX (a loss on the receivable)', async () => {
    const { customer, shipments: [s] } = await shipped({ currency: 'USD', rate: 7, qty: 2, unitPrice: 10, taxRate: 0 });
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [s!.id], rate: 7.25 });
    const note = await creditNote(customer.id, { net: 1000, tax: 0, currency: 'USD', rate: 7 });
    const res = await t.post(`/sales-invoices/${note.id}/allocations`, { allocations: [{ invoiceId: invoice.id, amount: 10 }] }, admin);
    expect(res.status).toBe(200);
    const [allocation] = await rows<{ amount: unknown; invoice_base: unknown; payment_base: unknown; fx_difference: unknown; journal_entry_id: unknown }>(
      "SELECT a.amount, a.invoice_base, a.payment_base, a.fx_difference, a.journal_entry_id FROM open_item_allocations a JOIN open_items p ON p.id = a.payment_item_id WHERE p.doc_type = 'SI' AND p.doc_id = :id",
      { id: note.id },
    );
    // 10 USD: the invoice gives up 72.50, the note 70.00.
    expect([allocation!.amount, allocation!.invoice_base, allocation!.payment_base, allocation!.fx_difference].map(Number)).toEqual([1000, 7250, 7000, -250]);
    expect(await journalLines(t, Number(allocation!.journal_entry_id))).toEqual([cr('1122', 250), dr('6603.01', 250)]);
    expect(await openOf(invoice.id)).toBe(1000);
    expect(await statusOf(invoice.id)).toBe('open');
  });

  test('refusals name the allocation and write nothing', async () => {
    const { customer, shipments: [s] } = await shipped({ qty: 2, unitPrice: 10, taxRate: 0 });
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [s!.id] });
    const stranger = await openingReceivable(t, admin, { customerId: (await createPartner(t, 'customers')).id, amount: 50 });
    const inUsd = await openingReceivable(t, admin, { customerId: customer.id, amount: 50, currency: 'USD', rate: 7 });
    const cancelled = await openingReceivable(t, admin, { customerId: customer.id, amount: 50 });
    expect((await t.post(`/sales-invoices/${cancelled.id}/cancel`, {}, admin)).status).toBe(200);
    const note = await creditNote(customer.id, { net: 1500, tax: 0 });
    const otherNote = await creditNote(customer.id, { net: 100, tax: 0 });
    const before = await invoicingFootprint(t);
    const allocate = (id: number, allocations: unknown[]) => t.post(`/sales-invoices/${id}/allocations`, { allocations }, admin);

    expectProblem(await allocate(invoice.id, [{ invoiceId: invoice.id, amount: 1 }]), 422, ['id']);
    expectProblem(await allocate(note.id, [{ invoiceId: invoice.id, amount: 10 }, { invoiceId: stranger.id, amount: 1 }]), 422, ['allocations[1].invoiceId']);
    expectProblem(await allocate(note.id, [{ invoiceId: inUsd.id, amount: 1 }]), 422, ['allocations[0].invoiceId']);
    expectProblem(await allocate(note.id, [{ invoiceId: otherNote.id, amount: 1 }]), 422, ['allocations[0].invoiceId']);
    expectProblem(await allocate(note.id, [{ invoiceNumber: 'SI-0000-000000', amount: 1 }]), 422, ['allocations[0].invoiceNumber']);
    expectProblem(await allocate(note.id, [{ invoiceId: cancelled.id, amount: 1 }]), 409, ['allocations[0].invoiceId']);
    expectProblem(await allocate(note.id, [{ invoiceId: invoice.id, amount: 15.01 }]), 422, ['allocations']);
    expectProblem(await allocate(note.id, [{ invoiceId: invoice.id, amount: 20 }]), 422, ['allocations']);
    expectProblem(await allocate(999999, [{ invoiceId: invoice.id, amount: 1 }]), 404);
    expect(await invoicingFootprint(t)).toEqual(before);

    const clerk = await t.createUser([(await t.createRole(['sales:read'])).name]);
    expectProblem(await t.post(`/sales-invoices/${note.id}/allocations`, { allocations: [{ invoiceId: invoice.id, amount: 1 }] }, clerk.token), 403);
  });
});

(postgresUrl() ? describe : describe.skip)('races on PostgreSQL', () => {
  test('two invoices of the same shipment line at once: one posts, the other is refused, nothing is invoiced twice', async () => {
    for (let round = 0; round < 5; round++) {
      const { customer, order, shipments: [s] } = await shipped({ qty: 3, unitPrice: 10 });
      const body = { customerId: customer.id, lines: [{ shipmentLineId: s!.lines[0]!.id, qty: 2 }] };
      const answers = await Promise.all([t.post('/sales-invoices', body, admin), t.post('/sales-invoices', body, admin), t.post('/sales-invoices', { customerId: customer.id, shipmentIds: [s!.id] }, admin)]);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((x) => x === 201).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((x) => x === 201 || x === 409)).toBe(true);
      // 2 + 2 is more than the 3 shipped: the two line invoices never both post.
      expect(statuses.slice(0, 2).filter((x) => x === 201).length).toBeLessThanOrEqual(1);
      const invoiced = answers.filter((a) => a.status === 201).reduce((sum, a) => sum + Math.round(a.body.lines.reduce((q: number, l: { qty: number }) => q + l.qty, 0) * 1000), 0);
      expect(invoiced).toBeLessThanOrEqual(3000);
      expect(await shipmentInvoiced(t, s!.id)).toEqual([invoiced]);
      expect((await orderInvoiced(t, order.id)).invoiced).toEqual([invoiced]);
    }
  });
});
