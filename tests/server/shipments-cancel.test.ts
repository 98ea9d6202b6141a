import { balance, createItem, daysFromToday, ledgerOf, receive, setExpiry } from '../support/inventory';
import { journalOf } from '../support/purchasing-receipts';
import { createApprovedOrder } from '../support/sales-orders';
import { reservationsOf, returnGoods, salesScene, salesState, ship } from '../support/sales-shipments';
import type { TestApp } from '../support/test-app';

/**
 * Cancelling a shipment (API.md "Documents", "Sales and customers"): its
 * reversal, an SH dated today, brings the stock back at the cost it left
 * with and reverses the journal; the order lines give back what they
 * shipped and the order reserves it again. Refused once it was returned or
 * invoiced; a reversal is not cancelled; twice is refused.
 */
const scene = salesScene('SHCWH', 'CUS-SHC');
let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let customer: { id: number; code: string };
beforeAll(() => ({ t, admin, wh, customer } = scene));

const order = (lines: Array<{ itemId: number; qty: number }>) => createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: lines.map((l) => ({ ...l, unitPrice: 10 })) });
const cancel = (id: number, token = admin) => t.post(`/shipments/${id}/cancel`, {}, token);
const orderView = async (id: number) => (await t.get(`/sales-orders/${id}`, admin)).body;
const everything = () => salesState(t);

test('When a shipment over two batches is cancelled, its reversal brings each batch back at its value, reverses the journal line by line and the order reserves the line again', async () => {
  const item = await createItem(t, { batchTracked: true });
  await receive(t, wh.id, item.id, 3, 1, { batchNo: 'A', expiryDate: daysFromToday(10) });
  await receive(t, wh.id, item.id, 5, 2.5, { batchNo: 'B', expiryDate: daysFromToday(20) });
  const so = await order([{ itemId: item.id, qty: 7 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 5 }], daysFromToday(-2));
  expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'B', qty: 2 }]);

  const res = await cancel(shipment.id);

  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ number: expect.stringMatching(/^SH-\d{4}-\d{6}$/), reversalOf: shipment.id, salesOrderId: so.id, date: daysFromToday(0), baseValue: -8, status: 'posted', lines: [] });
  expect((await ledgerOf(t, res.body.number)).map((m) => [m.batchNo, m.qty, m.unitCost, m.value, m.docType])).toEqual([
    ['A', 3, 1, 3, 'SH'],
    ['B', 2, 2.5, 5, 'SH'],
  ]);
  expect(await journalOf(t, 'SH', shipment.id)).toEqual([[['6401', 800, 0], ['1405', 0, 800]]]);
  expect(await journalOf(t, 'SH', res.body.id)).toEqual([[['6401', 0, 800], ['1405', 800, 0]]]);
  expect((await balance(t, wh.id, item.id)).rows.map((b) => [b.batchNo, b.onHand, b.value, b.reserved])).toEqual([['A', 3, 3, 3], ['B', 5, 12.5, 4]]);
  expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'A', qty: 3 }, { line: 0, batchNo: 'B', qty: 4 }]);
  expect(await orderView(so.id)).toMatchObject({ status: 'approved', lines: [expect.objectContaining({ shipped: 0, reserved: 7, toShip: 7 })] });
  expect((await t.get(`/shipments/${shipment.id}`, admin)).body).toMatchObject({ status: 'cancelled', reversedBy: res.body.id });

  const before = await everything();
  const twice = await cancel(shipment.id);
  const reversal = await cancel(res.body.id);
  expect([twice.status, twice.body.code]).toEqual([409, 'document.already-cancelled']);
  expect([reversal.status, reversal.body.code]).toEqual([409, 'document.is-reversal']);
  expect(await everything()).toEqual(before);
});

test('When the average cost moved after the shipment, the cancelled stock still comes back at the cost it left with', async () => {
  const item = await createItem(t);
  await receive(t, wh.id, item.id, 2, 1);
  const so = await order([{ itemId: item.id, qty: 2 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]);
  await receive(t, wh.id, item.id, 2, 3.3333); // 6.6666 → 6.67

  const res = await cancel(shipment.id);

  expect(res.status).toBe(201);
  expect((await ledgerOf(t, res.body.number)).map((m) => [m.qty, m.value])).toEqual([[2, 2]]);
  expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 4, value: 8.67 });
  expect(await orderView(so.id)).toMatchObject({ status: 'approved', lines: [expect.objectContaining({ reserved: 2 })] });
});

test('When the order was closed after a partial shipment, cancelling the shipment gives back the quantity but reserves nothing', async () => {
  const item = await createItem(t);
  await receive(t, wh.id, item.id, 5, 1);
  const so = await order([{ itemId: item.id, qty: 4 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1 }]);
  expect((await t.post(`/sales-orders/${so.id}/close`, {}, admin)).status).toBe(200);

  expect((await cancel(shipment.id)).status).toBe(201);

  expect(await orderView(so.id)).toMatchObject({ status: 'closed', lines: [expect.objectContaining({ shipped: 0, reserved: 0 })] });
  expect(await reservationsOf(t, so.id)).toEqual([]);
  expect((await balance(t, wh.id, item.id)).rows).toEqual([expect.objectContaining({ onHand: 5, reserved: 0 })]);
});

test('When part of the shipment was returned, cancelling it is refused (409) naming the line, and nothing changes', async () => {
  const item = await createItem(t);
  const other = await createItem(t);
  for (const i of [item, other]) await receive(t, wh.id, i.id, 5, 1);
  const so = await order([{ itemId: other.id, qty: 1 }, { itemId: item.id, qty: 3 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1 }, { lineId: so.lines[1]!.id, qty: 3 }]);
  await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[1]!.id, qty: 1 }] });
  const before = await everything();

  const res = await cancel(shipment.id);

  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: 'shipment.cancel-depends', errors: [{ path: 'lines[1].returned', message: '1 of it is returned', row: 1 }] });
  expect(res.body.detail).toContain(shipment.number);
  expect(await everything()).toEqual(before);
});

test('When the batch it came from has expired since, the order cannot hold the line again and the cancel is refused, writing nothing', async () => {
  const item = await createItem(t, { batchTracked: true });
  await receive(t, wh.id, item.id, 2, 1, { batchNo: 'OLD', expiryDate: daysFromToday(3) });
  const so = await order([{ itemId: item.id, qty: 2 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]);
  await setExpiry(t, wh.id, item.id, 'OLD', daysFromToday(-1));
  const before = await everything();

  const res = await cancel(shipment.id);

  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: 'stock.insufficient', errors: [{ path: 'orderLines[0].qty', message: 'order line 1: short by 2: not enough unexpired stock in any batch' }] });
  expect(res.body.detail).toContain(so.number);
  expect(await everything()).toEqual(before);
  // Closed, the order holds nothing: the cancel goes through.
  expect((await t.post(`/sales-orders/${so.id}/close`, {}, admin)).status).toBe(200);
  expect((await cancel(shipment.id)).status).toBe(201);
  expect((await balance(t, wh.id, item.id, 'OLD')).rows).toEqual([expect.objectContaining({ onHand: 2, reserved: 0 })]);
});

test('When a user may ship but not cancel, or the shipment is outside their warehouses, cancelling is refused (403); an unknown shipment is 404', async () => {
  const item = await createItem(t);
  await receive(t, wh.id, item.id, 1, 1);
  const so = await order([{ itemId: item.id, qty: 1 }]);
  const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1 }]);
  const shipper = await t.createUser([(await t.createRole(['sales:read', 'sales:ship'])).name]);
  const elsewhere = await t.createUser([(await t.createRole(['sales:read', 'sales:cancel'])).name], [(await t.createWarehouse('SHCWH2')).id]);
  const before = await everything();

  expect((await cancel(shipment.id, shipper.token)).status).toBe(403);
  expect((await cancel(shipment.id, elsewhere.token)).status).toBe(403);
  expect((await cancel(99999999)).status).toBe(404);
  expect(await everything()).toEqual(before);
});
