import { createItem, daysFromToday, receive } from '../support/inventory';
import { addRate } from '../support/finance-cash';
import { journalOf } from '../support/purchasing-receipts';
import { invoiceLines, invoiceShipments } from '../support/sales-invoices';
import { createApprovedOrder, createCustomer } from '../support/sales-orders';
import { returnGoods, salesScene, salesState, ship } from '../support/sales-shipments';
import type { TestApp } from '../support/test-app';

/**
 * Returns of invoiced goods (API.md "Sales and customers", DESIGN §4
 * "Postings"): what of a shipment line had been invoiced is credited by a
 * credit note — a sales invoice of kind `credit-note`, negative, at the
 * price and tax of the invoice lines it credits (latest invoice first),
 * Dr 6001 + 2221.02 / Cr 1122, with a negative open item; the shipment and
 * order lines have that much less invoiced.
 */
const scene = salesScene('SRCWH', 'CUS-SRC');
let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let customer: { id: number; code: string };
beforeAll(() => ({ t, admin, wh, customer } = scene));

const order = (lines: Array<{ itemId: number; qty: number; unitPrice: number; discount?: number; taxRate?: number }>, customerId = customer.id, extra: Record<string, unknown> = {}) =>
  createApprovedOrder(t, admin, { customerId, warehouseId: wh.id, ...extra, lines });
const invoice = async (id: number) => (await t.get(`/sales-invoices/${id}`, admin)).body;
const lineOf = async (shipmentId: number, k = 0) => (await t.get(`/shipments/${shipmentId}`, admin)).body.lines[k];
const orderLineOf = async (orderId: number, k = 0) => (await t.get(`/sales-orders/${orderId}`, admin)).body.lines[k];

test('When invoiced goods come back, a credit note credits them at the invoice’s price and tax with a negative receivable, and the stock returns at its cost', async () => {
  const item = await createItem(t, { taxRate: 0.13 });
  await receive(t, wh.id, item.id, 10, 6);
  await receive(t, wh.id, item.id, 10, 7); // 20 worth 130.00
  const so = await order([{ itemId: item.id, qty: 12, unitPrice: 10, discount: 0.1 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 8 }]); // 52.00
  const billed = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipment.id] }); // 8 × 9.00 = 72.00 + 9.36

  const ret = await returnGoods(t, admin, { customerId: customer.id, shipmentId: shipment.id, date: daysFromToday(0), lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 3 }] });

  // 3 × 9.00 = 27.00, tax 3 × 9.36 / 8 = 3.51; the goods' cost 3 × 52.00 / 8 = 19.50.
  expect(ret).toMatchObject({ baseValue: 19.5, creditNoteId: expect.any(Number), creditNoteNumber: expect.stringMatching(/^SI-\d{4}-\d{6}$/) });
  expect(await journalOf(t, 'SRT', ret.id)).toEqual([[['1405', 1950, 0], ['6401', 0, 1950]]]);
  const note = await invoice(ret.creditNoteId!);
  expect(note).toMatchObject({
    kind: 'credit-note', status: 'open', customerId: customer.id, date: daysFromToday(0), dueDate: daysFromToday(0), currency: 'CNY', rate: 1, returnId: ret.id,
    subtotal: -27, tax: -3.51, total: -30.51, baseSubtotal: -27, baseTax: -3.51, baseTotal: -30.51, baseCost: -19.5, openAmount: -30.51,
  });
  expect(note.lines).toEqual([
    expect.objectContaining({ line: 0, salesOrderLineId: so.lines[0]!.id, shipmentLineId: shipment.lines[0]!.id, itemId: item.id, qty: -3, unitPrice: 9, taxRate: 0.13, amount: -27, tax: -3.51, baseAmount: -27, baseTax: -3.51, baseCost: -19.5 }),
  ]);
  expect(await journalOf(t, 'SI', note.id)).toEqual([[['6001', 2700, 0], ['2221.02', 351, 0], ['1122', 0, 3051]]]);
  const receivables = (await t.get(`/receivables?customerId=${customer.id}`, admin)).body.data;
  expect(receivables).toEqual(expect.arrayContaining([expect.objectContaining({ number: note.number, openAmount: -30.51 }), expect.objectContaining({ number: billed.number, openAmount: 81.36 })]));
  expect(await lineOf(shipment.id)).toMatchObject({ returned: 3, invoiced: 5 });
  expect(await orderLineOf(so.id)).toMatchObject({ shipped: 8, returned: 3, invoiced: 5, toShip: 7, reserved: 7 });

  // The credit note settles part of the invoice.
  expect((await t.post(`/sales-invoices/${note.id}/allocations`, { allocations: [{ invoiceId: billed.id, amount: 30.51 }] }, admin)).status).toBe(200);
  expect(await invoice(billed.id)).toMatchObject({ openAmount: 50.85 });
});

test('When part of the line was invoiced, the return comes first from what was not, and the credits of an invoice line add up to exactly what it billed', async () => {
  const item = await createItem(t, { taxRate: 0.13 });
  await receive(t, wh.id, item.id, 10, 2);
  const so = await order([{ itemId: item.id, qty: 10, unitPrice: 3.3333 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 10 }]);
  // 7 × 3.3333 = 23.3331 → 23.33, tax 3.0329 → 3.03; cost 7 × 20.00 / 10 = 14.00
  const billed = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 7 }] });
  expect(billed).toMatchObject({ subtotal: 23.33, tax: 3.03 });

  const first = await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 5 }] });

  // 3 were never invoiced; 2 are credited: 2 × 23.33 / 7 = 6.665… → 6.67, tax 2 × 3.03 / 7 = 0.865… → 0.87, cost 4.00.
  const firstNote = await invoice(first.creditNoteId!);
  expect(firstNote).toMatchObject({ subtotal: -6.67, tax: -0.87, total: -7.54, baseCost: -4 });
  expect(firstNote.lines).toEqual([expect.objectContaining({ qty: -2, unitPrice: 3.3333, amount: -6.67, tax: -0.87 })]);
  expect(await lineOf(shipment.id)).toMatchObject({ returned: 5, invoiced: 5 });

  const rest = await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 2 }, { shipmentLineId: shipment.lines[0]!.id, qty: 3 }] });

  // All 5 were invoiced: 4 × 23.33 / 7 = 13.33 less the 6.67 credited, then the rest of the line: 23.33 − 6.67 = 16.66 in all
  // (not 5 × 3.3333 = 16.67), and 3.03 − 0.87 = 2.16.
  const restNote = await invoice(rest.creditNoteId!);
  expect(restNote).toMatchObject({ subtotal: -16.66, tax: -2.16, total: -18.82, baseCost: -10 });
  expect(restNote.lines.map((l: { qty: number; amount: number; tax: number }) => [l.qty, l.amount, l.tax])).toEqual([[-2, -6.66, -0.86], [-3, -10, -1.3]]);
  expect(await journalOf(t, 'SI', restNote.id)).toEqual([[['6001', 1666, 0], ['2221.02', 216, 0], ['1122', 0, 1882]]]);
  expect(await lineOf(shipment.id)).toMatchObject({ returned: 10, invoiced: 0 });
  expect(await orderLineOf(so.id)).toMatchObject({ returned: 10, invoiced: 0, reserved: 10 });
  expect(-firstNote.total - restNote.total).toBeCloseTo(billed.total, 10);
});

test('When a line was invoiced twice at different prices, the latest invoice is credited first', async () => {
  const item = await createItem(t);
  await receive(t, wh.id, item.id, 10, 1);
  const so = await order([{ itemId: item.id, qty: 10, unitPrice: 5, taxRate: 0.13 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 10 }], daysFromToday(-2));
  const line = shipment.lines[0]!.id;
  const older = await invoiceLines(t, admin, { customerId: customer.id, date: daysFromToday(-1), lines: [{ shipmentLineId: line, qty: 4 }] }); // 20.00 + 2.60
  const newer = await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: line, qty: 6, unitPrice: 6 }] }); // 36.00 + 4.68

  const ret = await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ shipmentLineId: line, qty: 7 }] });

  const note = await invoice(ret.creditNoteId!);
  expect(note.lines.map((l: { qty: number; unitPrice: number; amount: number; tax: number }) => [l.qty, l.unitPrice, l.amount, l.tax])).toEqual([[-6, 6, -36, -4.68], [-1, 5, -5, -0.65]]);
  expect(note).toMatchObject({ subtotal: -41, tax: -5.33, total: -46.33, baseCost: -7 });
  expect(await journalOf(t, 'SI', note.id)).toEqual([[['6001', 4100, 0], ['2221.02', 533, 0], ['1122', 0, 4633]]]);
  expect([older.id, newer.id].every(Number.isInteger)).toBe(true);
  expect(await lineOf(shipment.id)).toMatchObject({ returned: 7, invoiced: 3 });
});

test('When the credited invoices are at two rates, each rate gets its own credit note in the invoice currency, booked in base at that rate', async () => {
  await t.post('/currencies', { code: 'USD', name: 'US dollar' }, admin); // 409 when it is seeded already
  await addRate(t, 'USD', daysFromToday(-10), 7);
  const dollars = await createCustomer(t, { code: 'CUS-SRC-USD', currency: 'USD' });
  const item = await createItem(t);
  await receive(t, wh.id, item.id, 10, 30);
  const so = await order([{ itemId: item.id, qty: 10, unitPrice: 5, taxRate: 0 }], dollars.id, { rate: 7.1 });
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 10 }]);
  const line = shipment.lines[0]!.id;
  await invoiceLines(t, admin, { customerId: dollars.id, rate: 7.1, lines: [{ shipmentLineId: line, qty: 4 }] }); // $20.00 = 142.00
  await invoiceLines(t, admin, { customerId: dollars.id, rate: 7.2, lines: [{ shipmentLineId: line, qty: 6 }] }); // $30.00 = 216.00
  const before = (await t.get(`/sales-invoices?customerId=${dollars.id}&kind=credit-note`, admin)).body.total;

  const ret = await returnGoods(t, admin, { customerCode: dollars.code, shipmentId: shipment.id, lines: [{ shipmentLineId: line, qty: 10 }] });

  const notes = (await t.get(`/sales-invoices?customerId=${dollars.id}&kind=credit-note`, admin)).body.data;
  expect(notes.length - before).toBe(2);
  const byRate = Object.fromEntries(notes.map((n: { rate: number }) => [n.rate, n]));
  expect(byRate[7.2]).toMatchObject({ id: ret.creditNoteId, currency: 'USD', total: -30, baseTotal: -216, returnId: ret.id });
  expect(byRate[7.1]).toMatchObject({ currency: 'USD', total: -20, baseTotal: -142, returnId: ret.id });
  expect(await journalOf(t, 'SI', byRate[7.1].id)).toEqual([[['6001', 14200, 0], ['1122', 0, 14200]]]);
  expect(await lineOf(shipment.id)).toMatchObject({ returned: 10, invoiced: 0 });
});

test('When a shipment was invoiced, cancelling it is refused (409) naming the invoiced line, and nothing changes', async () => {
  const item = await createItem(t);
  await receive(t, wh.id, item.id, 5, 1);
  const so = await order([{ itemId: item.id, qty: 4, unitPrice: 2 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 4 }]);
  await invoiceLines(t, admin, { customerId: customer.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 1 }] });
  const before = await salesState(t);

  const res = await t.post(`/shipments/${shipment.id}/cancel`, {}, admin);

  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: 'shipment.cancel-depends', errors: [{ path: 'lines[0].invoiced', message: '1 of it is invoiced', row: 0 }] });
  expect(await salesState(t)).toEqual(before);
});
