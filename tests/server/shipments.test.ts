import { balance, createItem, daysFromToday, ledgerOf, receive, setExpiry } from '../support/inventory';
import { expectInvariants } from '../support/invariants';
import { journalOf } from '../support/purchasing-receipts';
import { createApprovedOrder, createCustomer, createOrder } from '../support/sales-orders';
import { reservationsOf, salesScene, salesState, ship } from '../support/sales-shipments';
import type { TestApp } from '../support/test-app';

/**
 * Shipments against approved sales orders (API.md "Sales and customers"):
 * the issue consumes the order's own reservation, FEFO across batches at
 * moving average (or the named batch), Dr 6401 / Cr 1405 at the issued
 * value; afterwards every order line reserves exactly what it still has to
 * ship.
 */
const scene = salesScene('SHWH', 'CUS-SH');
let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let customer: { id: number; code: string };
beforeAll(() => ({ t, admin, wh, customer } = scene));

const order = (lines: Array<{ itemId: number; qty: number }>, warehouseId = wh.id) =>
  createApprovedOrder(t, admin, { customerId: customer.id, warehouseId, lines: lines.map((l) => ({ ...l, unitPrice: 10 })) });
const post = (orderId: number, body: Record<string, unknown>, token = admin) => t.post(`/sales-orders/${orderId}/shipments`, body, token);
const orderView = async (id: number) => (await t.get(`/sales-orders/${id}`, admin)).body;
const everything = () => salesState(t);

describe('Shipments: valuation, batches and journal', () => {
  test('When part of a line ships after receipts at two costs, it leaves at the moving average; the rest takes exactly the value left, Dr 6401 / Cr 1405 each time', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 3, 1);
    await receive(t, wh.id, item.id, 4, 2.3333); // 9.3332 → 9.33: 7 on hand worth 12.33
    const so = await order([{ itemId: item.id, qty: 7 }]);

    const first = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]);

    // 2 × 12.33 / 7 = 3.5228… → 3.52, at 1.76 a unit
    expect(first).toMatchObject({ number: expect.stringMatching(/^SH-\d{4}-\d{6}$/), status: 'posted', salesOrderId: so.id, salesOrderNumber: so.number, customerId: customer.id, customerCode: 'CUS-SH', warehouseId: wh.id, date: daysFromToday(0), baseValue: 3.52, reversalOf: null });
    expect(first.lines).toEqual([{ id: expect.any(Number), line: 1, lineId: so.lines[0]!.id, itemId: item.id, sku: item.sku, batchNo: null, expiryDate: null, qty: 2, unitCost: 1.76, value: 3.52, returned: 0, invoiced: 0 }]);
    expect(await journalOf(t, 'SH', first.id)).toEqual([[['6401', 352, 0], ['1405', 0, 352]]]);
    expect(await ledgerOf(t, first.number)).toEqual([expect.objectContaining({ itemId: item.id, warehouseId: wh.id, batchNo: null, qty: -2, unitCost: 1.76, value: -3.52, docType: 'SH', docNumber: first.number })]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 5, value: 8.81 });
    expect((await orderView(so.id)).lines[0]).toMatchObject({ shipped: 2, reserved: 5, toShip: 5 });
    expect((await orderView(so.id)).status).toBe('partial');

    const rest = await ship(t, admin, so.id, [{ sku: item.sku, qty: 5 }]);

    expect(rest.lines).toEqual([expect.objectContaining({ qty: 5, value: 8.81, unitCost: 1.762 })]);
    expect(await journalOf(t, 'SH', rest.id)).toEqual([[['6401', 881, 0], ['1405', 0, 881]]]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
    expect(await orderView(so.id)).toMatchObject({ status: 'done', lines: [expect.objectContaining({ shipped: 7, reserved: 0, toShip: 0 })] });
    expect((await t.get(`/shipments/${rest.id}`, admin)).body).toEqual(rest);
  });

  test('When no batch is named, the line ships earliest expiry first across batches, one shipment line per batch; an expired batch is never shipped, and naming it is refused', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 10, 0.5, { batchNo: 'E', expiryDate: daysFromToday(5) });
    await setExpiry(t, wh.id, item.id, 'E', daysFromToday(-1));
    await receive(t, wh.id, item.id, 5, 2, { batchNo: 'B', expiryDate: daysFromToday(30) });
    await receive(t, wh.id, item.id, 2, 1.5, { batchNo: 'C' });
    await receive(t, wh.id, item.id, 3, 1, { batchNo: 'A', expiryDate: daysFromToday(10) });
    const so = await order([{ itemId: item.id, qty: 7 }]);
    expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'A', qty: 3 }, { line: 0, batchNo: 'B', qty: 4 }]);

    const first = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 5 }]);

    expect(first.lines).toEqual([
      expect.objectContaining({ line: 1, lineId: so.lines[0]!.id, batchNo: 'A', expiryDate: daysFromToday(10), qty: 3, unitCost: 1, value: 3 }),
      expect.objectContaining({ line: 2, lineId: so.lines[0]!.id, batchNo: 'B', expiryDate: daysFromToday(30), qty: 2, unitCost: 2, value: 4 }),
    ]);
    expect(first.baseValue).toBe(7);
    expect(await journalOf(t, 'SH', first.id)).toEqual([[['6401', 700, 0], ['1405', 0, 700]]]);
    expect((await ledgerOf(t, first.number)).map((m) => [m.batchNo, m.qty, m.unitCost, m.value])).toEqual([['A', -3, 1, -3], ['B', -2, 2, -4]]);
    expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'B', qty: 2 }]);

    const before = await everything();
    const expired = await post(so.id, { lines: [{ lineId: so.lines[0]!.id, qty: 1, batchNo: 'E' }] });
    expect(expired.status).toBe(409);
    expect(expired.body).toMatchObject({ code: 'stock.batch-expired', errors: [expect.objectContaining({ path: 'lines[0].batchNo' })] });
    expect(await everything()).toEqual(before);

    const rest = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]);
    expect(rest.lines).toEqual([expect.objectContaining({ batchNo: 'B', qty: 2, value: 4 })]);
    expect((await balance(t, wh.id, item.id, 'E')).rows).toEqual([expect.objectContaining({ onHand: 10, value: 5 })]);
    expect((await balance(t, wh.id, item.id, 'C')).rows).toEqual([expect.objectContaining({ onHand: 2, value: 3 })]);
    expect(await reservationsOf(t, so.id)).toEqual([]);
  });

  test('When the order holds a later batch than one that became free, it still ships what it holds first', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 3, 1, { batchNo: 'A', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 3, 2, { batchNo: 'B', expiryDate: daysFromToday(20) });
    const early = await order([{ itemId: item.id, qty: 3 }]); // holds A
    const late = await order([{ itemId: item.id, qty: 2 }]); // holds B
    expect((await t.post(`/sales-orders/${early.id}/cancel`, {}, admin)).status).toBe(200); // A free again

    const shipment = await ship(t, admin, late.id, [{ lineId: late.lines[0]!.id, qty: 2 }]);

    expect(shipment.lines).toEqual([expect.objectContaining({ batchNo: 'B', qty: 2, value: 4 })]);
    expect((await balance(t, wh.id, item.id, 'A')).rows).toEqual([expect.objectContaining({ onHand: 3, reserved: 0 })]);
  });
});

describe('Shipments: the reservation invariant', () => {
  test('When a shipment names a batch other than the one reserved, or takes more of a batch than was reserved there, the line is left reserving exactly what it still has to ship', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 3, 1, { batchNo: 'A', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 5, 2, { batchNo: 'B', expiryDate: daysFromToday(20) });
    const so = await order([{ itemId: item.id, qty: 4 }]);
    expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'A', qty: 3 }, { line: 0, batchNo: 'B', qty: 1 }]);

    // 2 of B: its 1 reserved and 1 more; A's 3 would be one too many for the 2 still to ship.
    const first = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2, batchNo: 'B' }]);

    expect(first.lines).toEqual([expect.objectContaining({ batchNo: 'B', qty: 2, unitCost: 2, value: 4 })]);
    expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'A', qty: 2 }]);
    expect((await balance(t, wh.id, item.id, 'B')).rows).toEqual([expect.objectContaining({ onHand: 3, reserved: 0 })]);
    expect((await orderView(so.id)).lines[0]).toMatchObject({ shipped: 2, reserved: 2, toShip: 2 });
    await expectInvariants(t);

    // Two rows of the line: one from its reserved batch, one from a batch it does not hold.
    const second = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1, batchNo: 'A' }, { lineId: so.lines[0]!.id, qty: 1, batchNo: 'B' }]);

    expect(second.lines).toEqual([expect.objectContaining({ line: 1, batchNo: 'A', qty: 1, value: 1 }), expect.objectContaining({ line: 2, batchNo: 'B', qty: 1, value: 2 })]);
    expect(await journalOf(t, 'SH', second.id)).toEqual([[['6401', 300, 0], ['1405', 0, 300]]]);
    expect(await reservationsOf(t, so.id)).toEqual([]);
    expect(await orderView(so.id)).toMatchObject({ status: 'done', lines: [expect.objectContaining({ shipped: 4, reserved: 0 })] });
  });

  test('When two lines of an order ship in part, each keeps exactly its own remainder reserved', async () => {
    const a = await createItem(t);
    const b = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, a.id, 10, 1);
    await receive(t, wh.id, b.id, 2, 3, { batchNo: 'X', expiryDate: daysFromToday(3) });
    await receive(t, wh.id, b.id, 6, 4, { batchNo: 'Y', expiryDate: daysFromToday(9) });
    const so = await order([{ itemId: a.id, qty: 6 }, { itemId: b.id, qty: 5 }]);

    const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2.5 }, { itemId: b.id, qty: 1, batchNo: 'Y' }, { itemId: b.id, qty: 2 }]);

    // Row 2 takes X (2, earliest expiry); row 1 took Y from its reservation there.
    expect(shipment.lines.map((l) => [l.lineId, l.batchNo, l.qty, l.value])).toEqual([
      [so.lines[0]!.id, null, 2.5, 2.5],
      [so.lines[1]!.id, 'Y', 1, 4],
      [so.lines[1]!.id, 'X', 2, 6],
    ]);
    expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: '', qty: 3.5 }, { line: 1, batchNo: 'Y', qty: 2 }]);
    expect((await orderView(so.id)).lines.map((l: { reserved: number; toShip: number }) => [l.reserved, l.toShip])).toEqual([[3.5, 3.5], [2, 2]]);
  });

  test('When every other unit is reserved by another order, a shipment of what its own order holds still goes through', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 2);
    const mine = await order([{ itemId: item.id, qty: 3 }]);
    const theirs = await order([{ itemId: item.id, qty: 2 }]);
    expect((await balance(t, wh.id, item.id)).rows).toEqual([expect.objectContaining({ onHand: 5, reserved: 5, available: 0 })]);

    const shipment = await ship(t, admin, mine.id, [{ lineId: mine.lines[0]!.id, qty: 3 }]);

    expect(shipment.lines).toEqual([expect.objectContaining({ qty: 3, value: 6 })]);
    expect(await reservationsOf(t, theirs.id)).toEqual([{ line: 0, batchNo: '', qty: 2 }]);
    expect((await balance(t, wh.id, item.id)).rows).toEqual([expect.objectContaining({ onHand: 2, reserved: 2, available: 0 })]);
  });
});

describe('Shipments: refusals write nothing', () => {
  test('When the rows of one line together ship more than it still has to ship, every such row is refused with 409 saying how much is left', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const so = await order([{ itemId: item.id, qty: 4 }]);
    await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1 }]);
    const before = await everything();

    const res = await post(so.id, { lines: [{ lineId: so.lines[0]!.id, qty: 2 }, { lineId: so.lines[0]!.id, qty: 1.001 }] });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('shipment.over-ship');
    const message = 'order line 1: ordered 4, shipped 1, returned 0; at most 3 more can be shipped';
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].qty', row: 0, message }), expect.objectContaining({ path: 'lines[1].qty', row: 1, message })]);
    expect(await everything()).toEqual(before);
    expect((await post(so.id, { lines: [{ lineId: so.lines[0]!.id, qty: 2 }, { lineId: so.lines[0]!.id, qty: 1 }] })).status).toBe(201);
  });

  test('When rows do not name one line of the order, every such row is named at once (422) and nothing is written', async () => {
    const item = await createItem(t);
    const other = await createItem(t);
    const stranger = await createItem(t);
    for (const i of [item, other]) await receive(t, wh.id, i.id, 10, 1);
    const so = await order([{ itemId: item.id, qty: 1 }, { itemId: item.id, qty: 1 }, { itemId: other.id, qty: 1 }]);
    const before = await everything();

    const res = await post(so.id, {
      lines: [{ itemId: item.id, qty: 1 }, { lineId: 99999999, qty: 1 }, { sku: stranger.sku, qty: 1 }, { lineId: so.lines[2]!.id, itemId: item.id, qty: 1 }, { qty: 1 }, { sku: other.sku, qty: 1 }],
    });

    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines[0].lineId', 'lines[1].lineId', 'lines[2].sku', 'lines[3].itemId', 'lines[4].lineId']);
    expect(await everything()).toEqual(before);
  });

  test('When the order is a draft, cancelled or unknown, a batch is named on an untracked item, or the date is in the future, the shipment is refused and nothing is written', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: item.id, qty: 1, unitPrice: 1 }] });
    const cancelled = await order([{ itemId: item.id, qty: 1 }]);
    expect((await t.post(`/sales-orders/${cancelled.id}/cancel`, {}, admin)).status).toBe(200);
    const open = await order([{ itemId: item.id, qty: 1 }]);
    const before = await everything();

    const refusals = [
      await post(draft.id, { lines: [{ lineId: draft.lines[0]!.id, qty: 1 }] }),
      await post(cancelled.id, { lines: [{ lineId: cancelled.lines[0]!.id, qty: 1 }] }),
      await post(99999999, { lines: [{ lineId: 1, qty: 1 }] }),
      await post(open.id, { lines: [{ lineId: open.lines[0]!.id, qty: 1, batchNo: 'L1' }] }),
      await post(open.id, { date: daysFromToday(1), lines: [{ lineId: open.lines[0]!.id, qty: 1 }] }),
      await post(open.id, { lines: [{ lineId: open.lines[0]!.id, qty: 0.0001 }] }),
    ];

    expect(refusals.map((r) => r.status)).toEqual([409, 409, 404, 422, 422, 422]);
    expect(refusals[0]!.body.code).toBe('document.status');
    expect(refusals[3]!.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].batchNo' })]);
    expect(refusals[4]!.body.errors).toEqual([expect.objectContaining({ path: 'date' })]);
    expect(await everything()).toEqual(before);
  });

  test('When a named batch is held by another order, the shipment is refused for the stock it lacks and nothing is written', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'A', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'B', expiryDate: daysFromToday(20) });
    const holdsA = await order([{ itemId: item.id, qty: 2 }]);
    const holdsB = await order([{ itemId: item.id, qty: 2 }]);
    const before = await everything();

    const res = await post(holdsB.id, { lines: [{ lineId: holdsB.lines[0]!.id, qty: 1, batchNo: 'A' }] });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'stock.insufficient', errors: [expect.objectContaining({ path: 'lines[0].qty' })] });
    expect(await everything()).toEqual(before);
    expect(await reservationsOf(t, holdsA.id)).toEqual([{ line: 0, batchNo: 'A', qty: 2 }]);
  });
});

describe('Shipments: the batch endpoint, lists, permissions and scopes', () => {
  test('When documents are posted through /shipments/batch, each gets its number or its own problem', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 1);
    const so = await order([{ itemId: item.id, qty: 2 }]);

    const res = await t.post(
      '/shipments/batch',
      {
        documents: [
          { ref: `s1-${so.id}`, document: { salesOrderId: so.id, lines: [{ lineId: so.lines[0]!.id, qty: 2 }] } },
          { ref: `s2-${so.id}`, document: { salesOrderId: so.id, lines: [{ lineId: so.lines[0]!.id, qty: 1 }] } },
          { ref: `s3-${so.id}`, document: { salesOrderId: so.id, lines: [] } },
        ],
      },
      admin,
    );

    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ ref: `s1-${so.id}`, status: 201, document: expect.objectContaining({ number: expect.stringMatching(/^SH-/), salesOrderId: so.id }) }),
      expect.objectContaining({ ref: `s2-${so.id}`, status: 409, problem: expect.objectContaining({ code: 'shipment.over-ship', errors: [expect.objectContaining({ path: 'lines[0].qty' })] }) }),
      expect.objectContaining({ ref: `s3-${so.id}`, status: 422 }),
    ]);
  });

  test('When shipments are listed, they filter by order, customer, warehouse, dates and text, newest first, and a user sees only their warehouses', async () => {
    const other = await t.createWarehouse('SHWH2');
    const someoneElse = await createCustomer(t, { code: 'CUS-SH-OTHER' });
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 1);
    await receive(t, other.id, item.id, 5, 1);
    const here = await order([{ itemId: item.id, qty: 3 }]);
    const there = await createApprovedOrder(t, admin, { customerId: someoneElse.id, warehouseId: other.id, lines: [{ itemId: item.id, qty: 1, unitPrice: 1 }] });
    const yesterday = await ship(t, admin, here.id, [{ lineId: here.lines[0]!.id, qty: 1 }], daysFromToday(-1));
    const today = await ship(t, admin, here.id, [{ lineId: here.lines[0]!.id, qty: 1 }]);
    const away = await ship(t, admin, there.id, [{ lineId: there.lines[0]!.id, qty: 1 }]);
    const ids = async (query: string, token = admin) => ((await t.get(`/shipments?${query}`, token)).body.data as Array<{ id: number }>).map((s) => s.id);

    expect(yesterday.date).toBe(daysFromToday(-1));
    expect(await ids(`salesOrderId=${here.id}`)).toEqual([today.id, yesterday.id]);
    expect(await ids(`customerId=${someoneElse.id}`)).toEqual([away.id]);
    expect(await ids(`warehouseId=${other.id}`)).toEqual([away.id]);
    expect(await ids(`salesOrderId=${here.id}&to=${daysFromToday(-1)}`)).toEqual([yesterday.id]);
    expect(await ids(`salesOrderId=${here.id}&from=${daysFromToday(0)}`)).toEqual([today.id]);
    expect(await ids(`q=${encodeURIComponent(there.number.toLowerCase())}`)).toEqual([away.id]);
    expect(await ids(`q=${today.number}`)).toEqual([today.id]);
    expect((await t.get(`/shipments?salesOrderId=${here.id}&limit=1`, admin)).body).toMatchObject({ total: 2, data: [{ id: today.id }] });

    const role = await t.createRole(['sales:read', 'sales:ship']);
    const local = await t.createUser([role.name], [other.id]);
    expect(await ids('', local.token)).toEqual([away.id]);
    expect((await t.get(`/shipments/${today.id}`, local.token)).status).toBe(403);
    expect((await post(here.id, { lines: [{ lineId: here.lines[0]!.id, qty: 1 }] }, local.token)).status).toBe(403);
  });

  test('When a user may read sales but not ship, posting is refused (403) while reading works', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 1, 1);
    const so = await order([{ itemId: item.id, qty: 1 }]);
    const reader = await t.createUser([(await t.createRole(['sales:read'])).name]);
    const before = await everything();

    expect((await post(so.id, { lines: [{ lineId: so.lines[0]!.id, qty: 1 }] }, reader.token)).status).toBe(403);
    expect((await t.post('/shipments/batch', { documents: [] }, reader.token)).status).toBe(403);
    expect(await everything()).toEqual(before);
    expect((await t.get('/shipments', reader.token)).status).toBe(200);
  });
});

(process.env.DATABASE_URL?.startsWith('postgres') ? describe : describe.skip)('Shipments: races on PostgreSQL', () => {
  test('RACE: shipments of one order line at once never ship more than it ordered', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 20, 1);
    const so = await order([{ itemId: item.id, qty: 10 }]);

    const results = await Promise.all(Array.from({ length: 6 }, () => post(so.id, { lines: [{ lineId: so.lines[0]!.id, qty: 3 }] })));

    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'shipment.over-ship')).toBe(true);
    expect((await orderView(so.id)).lines[0]).toMatchObject({ shipped: 9, reserved: 1 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 11, value: 11 });
  });

  test('RACE: orders shipping from the last free units of a batch they do not hold never oversell it', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 8, 1, { batchNo: 'HELD', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 3, 2, { batchNo: 'FREE', expiryDate: daysFromToday(20) });
    const orders = [];
    for (let i = 0; i < 8; i++) orders.push(await order([{ itemId: item.id, qty: 1 }]));

    const results = await Promise.all(orders.map((so) => post(so.id, { lines: [{ lineId: so.lines[0]!.id, qty: 1, batchNo: 'FREE' }] })));

    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'stock.insufficient')).toBe(true);
    expect((await balance(t, wh.id, item.id, 'FREE')).rows).toEqual([expect.objectContaining({ onHand: 0, value: 0 })]);
    // The three that shipped gave back what they held of HELD; the others still hold theirs.
    expect((await balance(t, wh.id, item.id, 'HELD')).rows).toEqual([expect.objectContaining({ onHand: 8, reserved: 5 })]);
  });
});
