import { adjust, balance, createItem, ledgerOf, receive, stockState, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

/** Cancelling an adjustment or transfer posts its reversal (API.md "Platform and stock: additions"). */
describe('Cancelling stock documents', () => {
  let t: TestApp;
  let admin: string;
  let a: { id: number };
  let b: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('CAN-A');
    b = await t.createWarehouse('CAN-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When a receipt is cancelled, then a reversal with its own number takes out exactly what came in', async () => {
    const item = await createItem(t);
    const original = await receive(t, a.id, item.id, 10, 2.5);

    const res = await t.post(`/stock/adjustments/${original.id}/cancel`, {}, admin);

    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^ADJ-\d{4}-\d{6}$/);
    expect(res.body.number).not.toBe(original.number);
    expect(res.body.reversalOf).toEqual({ id: original.id, number: original.number });
    // 10 × 2.5000 = 25.00 came in; exactly that goes out.
    expect((await ledgerOf(t, res.body.number)).map((m) => [m.qty, m.value])).toEqual([[-10, -25]]);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
  });

  test('When an issue is cancelled, then the stock comes back at the value it left with, not at today\'s average', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 2, 1); // 2.00
    await receive(t, a.id, item.id, 1, 2.5); // 3 on hand, 4.50
    const issue = await adjust(t, a.id, [{ itemId: item.id, qty: -1 }]); // takes round(1 × 4.50 / 3) = 1.50
    await receive(t, a.id, item.id, 1, 9); // 3 on hand, 3.00 + 9.00 = 12.00

    const res = await t.post(`/stock/adjustments/${issue.body.id}/cancel`, {}, admin);

    expect(res.status).toBe(201);
    expect((await ledgerOf(t, res.body.number)).map((m) => [m.qty, m.value])).toEqual([[1, 1.5]]);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 4, value: 13.5 });
  });

  test('When a document is cancelled twice, or its reversal is cancelled, then both are refused with 409 and nothing moves', async () => {
    const item = await createItem(t);
    const original = await receive(t, a.id, item.id, 3, 1);
    const reversal = await t.post(`/stock/adjustments/${original.id}/cancel`, {}, admin);
    const before = await stockState(t);

    const again = await t.post(`/stock/adjustments/${original.id}/cancel`, {}, admin);
    const ofReversal = await t.post(`/stock/adjustments/${reversal.body.id}/cancel`, {}, admin);

    expect(again.status).toBe(409);
    expect(ofReversal.status).toBe(409);
    expect(await stockState(t)).toEqual(before);
  });

  test('When the stock a receipt brought in has been issued, then cancelling it is refused with 409 naming the line', async () => {
    const item = await createItem(t);
    const original = await receive(t, a.id, item.id, 10, 1);
    await adjust(t, a.id, [{ itemId: item.id, qty: -8 }]);
    const before = await stockState(t);

    const res = await t.post(`/stock/adjustments/${original.id}/cancel`, {}, admin);

    expect(res.status).toBe(409);
    expect(res.body.errors[0].path).toBe('lines[0].qty');
    expect(await stockState(t)).toEqual(before);
  });

  test('When cancelling would leave value on an emptied balance, then it is refused', async () => {
    const item = await createItem(t);
    const first = await receive(t, a.id, item.id, 1, 1); // 1.00
    await receive(t, a.id, item.id, 1, 2); // 2 on hand, 3.00
    await adjust(t, a.id, [{ itemId: item.id, qty: -1 }]); // takes 1.50: 1 on hand, 1.50

    // Taking out the first receipt's 1 at 1.00 would leave 0 on hand holding 0.50.
    const res = await t.post(`/stock/adjustments/${first.id}/cancel`, {}, admin);

    expect(res.status).toBe(409);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 1, value: 1.5 });
  });

  test('When a transfer is cancelled, then the goods go back batch by batch at the value they moved with', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, a.id, item.id, 2, 1.25, { batchNo: 'L1', expiryDate: '2099-01-31' }); // 2.50
    await receive(t, a.id, item.id, 3, 2, { batchNo: 'L2', expiryDate: '2099-06-30' }); // 6.00
    const moved = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 4 }]); // FEFO: 2 of L1 (2.50), 2 of L2 (4.00)
    expect(moved.status).toBe(201);

    const res = await t.post(`/stock/transfers/${moved.body.id}/cancel`, {}, admin);

    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^TRF-/);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 5, value: 8.5 });
    expect(await balance(t, b.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
    const reversal = (await ledgerOf(t, res.body.number)).map((m) => [m.warehouseId, m.batchNo, m.qty, m.value]);
    expect(reversal.sort()).toEqual(
      [
        [a.id, 'L1', 2, 2.5],
        [a.id, 'L2', 2, 4],
        [b.id, 'L1', -2, -2.5],
        [b.id, 'L2', -2, -4],
      ].sort(),
    );
  });

  test('When what a transfer delivered has been used at the destination, then cancelling it is refused', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 5, 3);
    const moved = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 5 }]);
    await adjust(t, b.id, [{ itemId: item.id, qty: -1 }]);

    const res = await t.post(`/stock/transfers/${moved.body.id}/cancel`, {}, admin);

    expect(res.status).toBe(409);
  });

  test('When the id is unknown, is of the other kind, or the user may not adjust or lacks the warehouse, then it is refused', async () => {
    const item = await createItem(t);
    const original = await receive(t, a.id, item.id, 1, 1);
    const viewer = await t.createUser(['viewer']);
    const elsewhere = await t.createUser(['warehouse'], [b.id]);

    expect((await t.post('/stock/adjustments/999999/cancel', {}, admin)).status).toBe(404);
    expect((await t.post(`/stock/transfers/${original.id}/cancel`, {}, admin)).status).toBe(404);
    expect((await t.post(`/stock/adjustments/${original.id}/cancel`, {}, viewer.token)).status).toBe(403);
    expect((await t.post(`/stock/adjustments/${original.id}/cancel`, {}, elsewhere.token)).status).toBe(403);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 1 });
  });
});
