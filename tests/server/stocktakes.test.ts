import { adjust, balance, createItem, ledgerOf, receive, stockState } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Stocktakes', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const open = (warehouseId: number, extra: Record<string, unknown> = {}) => t.post('/stocktakes', { warehouseId, ...extra }, admin);
  const count = (id: number, lines: unknown[]) => t.put(`/stocktakes/${id}/counts`, { lines }, admin);
  const post = (id: number) => t.post(`/stocktakes/${id}/post`, {}, admin);

  test('When a stocktake is opened, then it is numbered STK-, open, and snapshots every non-zero balance with its book quantity', async () => {
    const wh = await t.createWarehouse();
    const plain = await createItem(t);
    const batched = await createItem(t, { batchTracked: true });
    const emptied = await createItem(t);
    await receive(t, wh.id, plain.id, 10, 2.5);
    await receive(t, wh.id, batched.id, 4, 3, { batchNo: 'Y1' });
    await receive(t, wh.id, emptied.id, 1, 1);
    await adjust(t, wh.id, [{ itemId: emptied.id, qty: -1 }]);

    const res = await open(wh.id);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ number: expect.stringMatching(/^STK-\d{4}-\d{6}$/), status: 'open', warehouseId: wh.id, postedAt: null });
    expect(res.body.lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ itemId: plain.id, sku: plain.sku, batchNo: null, bookQty: 10, countedQty: null }),
      expect.objectContaining({ itemId: batched.id, sku: batched.sku, batchNo: 'Y1', bookQty: 4, countedQty: null }),
    ]));
    expect(res.body.lines).toHaveLength(2);
    expect((await t.get(`/stocktakes/${res.body.id}`, admin)).body).toEqual(res.body);
  });

  test('When a stocktake is opened for some items, then only those are snapshot, an item without stock at book 0', async () => {
    const wh = await t.createWarehouse();
    const counted = await createItem(t);
    const never = await createItem(t);
    const other = await createItem(t);
    await receive(t, wh.id, counted.id, 3, 1);
    await receive(t, wh.id, other.id, 3, 1);

    const res = await open(wh.id, { itemIds: [counted.id, never.id] });

    expect(res.status).toBe(201);
    expect(res.body.lines.map((l: { itemId: number; bookQty: number }) => [l.itemId, l.bookQty]).sort()).toEqual([[counted.id, 3], [never.id, 0]].sort());
  });

  test('When the item list is empty or names an unknown item, then 422 naming itemIds, and nothing is opened', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    const before = await t.get(`/stocktakes?warehouseId=${wh.id}`, admin);

    const empty = await open(wh.id, { itemIds: [] });
    const unknown = await open(wh.id, { itemIds: [item.id, 999999] });

    expectProblem(empty, 422, ['itemIds']);
    expectProblem(unknown, 422, ['itemIds[1]']);
    expect((await t.get(`/stocktakes?warehouseId=${wh.id}`, admin)).body).toEqual(before.body);
  });

  test('When counts are entered, then they are stored per line; an item or batch not in the snapshot is added at book 0', async () => {
    const wh = await t.createWarehouse();
    const plain = await createItem(t);
    const batched = await createItem(t, { batchTracked: true });
    const newcomer = await createItem(t);
    await receive(t, wh.id, plain.id, 10, 2.5);
    await receive(t, wh.id, batched.id, 4, 3, { batchNo: 'Y1' });
    const st = (await open(wh.id)).body;

    const res = await count(st.id, [
      { sku: plain.sku, countedQty: 8 },
      { sku: batched.sku, batchNo: 'Y1', countedQty: 5 },
      { itemId: batched.id, batchNo: 'Y2', countedQty: 1.5 },
      { itemId: newcomer.id, countedQty: 2 },
    ]);

    expect(res.status).toBe(200);
    const lines = res.body.lines.map((l: { itemId: number; batchNo: string | null; bookQty: number; countedQty: number }) => [l.itemId, l.batchNo, l.bookQty, l.countedQty]);
    expect(lines).toEqual(expect.arrayContaining([[plain.id, null, 10, 8], [batched.id, 'Y1', 4, 5], [batched.id, 'Y2', 0, 1.5], [newcomer.id, null, 0, 2]]));
    expect(lines).toHaveLength(4);
  });

  test('When a count is entered again, then the later count replaces the earlier one', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const st = (await open(wh.id)).body;

    await count(st.id, [{ itemId: item.id, countedQty: 7 }]);
    const res = await count(st.id, [{ itemId: item.id, countedQty: 9 }]);

    expect(res.body.lines).toEqual([expect.objectContaining({ itemId: item.id, bookQty: 10, countedQty: 9 })]);
  });

  test('When counts name a batch-tracked item without a batch, a plain item with one, or the same line twice, then 422 names each line', async () => {
    const wh = await t.createWarehouse();
    const plain = await createItem(t);
    const other = await createItem(t);
    const batched = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, plain.id, 1, 1);
    const st = (await open(wh.id)).body;

    const res = await count(st.id, [
      { itemId: batched.id, countedQty: 1 },
      { itemId: other.id, batchNo: 'B', countedQty: 1 },
      { itemId: plain.id, countedQty: 2 },
      { itemId: plain.id, countedQty: 3 },
    ]);

    expectProblem(res, 422, ['lines[0].batchNo', 'lines[1].batchNo', 'lines[3].sku']);
    expect((await t.get(`/stocktakes/${st.id}`, admin)).body.lines[0].countedQty).toBeNull();
  });

  test('When counts are posted, then each counted line is set to its count, valued at the current average cost; uncounted lines are untouched', async () => {
    const wh = await t.createWarehouse();
    const plain = await createItem(t);
    const batched = await createItem(t, { batchTracked: true });
    const found = await createItem(t, { purchasePrice: 1.5 });
    const uncounted = await createItem(t);
    await receive(t, wh.id, plain.id, 10, 2.5); // 25.00
    await receive(t, wh.id, batched.id, 4, 3, { batchNo: 'Y1' }); // 12.00
    await receive(t, wh.id, uncounted.id, 7, 1); // 7.00
    const st = (await open(wh.id)).body;
    await count(st.id, [
      { itemId: plain.id, countedQty: 8 },
      { itemId: batched.id, batchNo: 'Y1', countedQty: 5 },
      { itemId: found.id, countedQty: 2 },
    ]);

    const res = await post(st.id);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: st.id, number: st.number, status: 'posted' });
    // plain: 8 − 10 = −2 at 25.00/10 → −5.00; Y1: +1 at 3.0000 → 3.00; found: +2 at its purchase price 1.50 → 3.00
    expect(res.body.variances).toEqual(expect.arrayContaining([
      { itemId: plain.id, sku: plain.sku, batchNo: null, qty: -2, value: -5 },
      { itemId: batched.id, sku: batched.sku, batchNo: 'Y1', qty: 1, value: 3 },
      { itemId: found.id, sku: found.sku, batchNo: null, qty: 2, value: 3 },
    ]));
    expect(res.body.variances).toHaveLength(3);
    expect(await balance(t, wh.id, plain.id)).toMatchObject({ onHand: 8, value: 20 });
    expect(await balance(t, wh.id, batched.id, 'Y1')).toMatchObject({ onHand: 5, value: 15 });
    expect(await balance(t, wh.id, found.id)).toMatchObject({ onHand: 2, value: 3 });
    expect(await balance(t, wh.id, uncounted.id)).toMatchObject({ onHand: 7, value: 7 });
    expect((await ledgerOf(t, st.number)).map((m) => m.docType)).toEqual(['STK', 'STK', 'STK']);
    expect((await t.get(`/stocktakes/${st.id}`, admin)).body).toMatchObject({ status: 'posted', postedAt: expect.any(String) });
  });

  test('When stock moves between opening and posting, then the result is the count plus those moves, at the average cost of posting time', async () => {
    const wh = await t.createWarehouse();
    const gained = await createItem(t);
    const lost = await createItem(t);
    await receive(t, wh.id, gained.id, 10, 2.5); // 10 @ 25.00
    await receive(t, wh.id, lost.id, 10, 2.5); //   10 @ 25.00
    const st = (await open(wh.id)).body;
    await receive(t, wh.id, gained.id, 10, 4); // 20 @ 65.00
    await adjust(t, wh.id, [{ itemId: lost.id, qty: -3 }]); // 3 × 25.00/10 = 7.50 → 7 @ 17.50
    await count(st.id, [{ itemId: gained.id, countedQty: 12 }, { itemId: lost.id, countedQty: 8 }]);

    const res = await post(st.id);

    // gained: 12 + 10 = 22, on hand 20 → +2 at 65.00/20 = 3.25 → 6.50
    // lost:   8 − 3 = 5, on hand 7 → −2 at 17.50/7 → 5.00
    expect(res.body.variances).toEqual(expect.arrayContaining([
      expect.objectContaining({ itemId: gained.id, qty: 2, value: 6.5 }),
      expect.objectContaining({ itemId: lost.id, qty: -2, value: -5 }),
    ]));
    expect(await balance(t, wh.id, gained.id)).toMatchObject({ onHand: 22, value: 71.5 });
    expect(await balance(t, wh.id, lost.id)).toMatchObject({ onHand: 5, value: 12.5 });
  });

  test('When a count matches the book, then no variance is posted', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 4, 1);
    const st = (await open(wh.id)).body;
    await count(st.id, [{ itemId: item.id, countedQty: 4 }]);
    const before = await stockState(t);

    const res = await post(st.id);

    expect(res.body.variances).toEqual([]);
    expect((await stockState(t)).moves).toBe(before.moves);
  });

  test('When a stocktake is posted twice, or counted after posting, then 409 and nothing more is posted', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 4, 1);
    const st = (await open(wh.id)).body;
    await count(st.id, [{ itemId: item.id, countedQty: 3 }]);
    await post(st.id);
    const before = await stockState(t);

    expectProblem(await post(st.id), 409);
    expectProblem(await count(st.id, [{ itemId: item.id, countedQty: 1 }]), 409);
    expect(await stockState(t)).toEqual(before);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 3 });
  });

  test('When a second stocktake is opened for a warehouse with one open, then 409; another warehouse may open one', async () => {
    const wh = await t.createWarehouse();
    const other = await t.createWarehouse();
    await open(wh.id);

    expectProblem(await open(wh.id), 409);
    expect((await open(other.id)).status).toBe(201);
  });

  test('When the stocktake is posted, then a new one may be opened for the warehouse', async () => {
    const wh = await t.createWarehouse();
    const st = (await open(wh.id)).body;
    await post(st.id);

    expect((await open(wh.id)).status).toBe(201);
  });

  test('When stocktakes are listed, then {data, total} filtered by status and warehouse', async () => {
    const wh = await t.createWarehouse();
    const first = (await open(wh.id)).body;
    await post(first.id);
    const second = (await open(wh.id)).body;

    const all = await t.get(`/stocktakes?warehouseId=${wh.id}`, admin);
    const opened = await t.get(`/stocktakes?warehouseId=${wh.id}&status=open`, admin);

    expect(all.body.total).toBe(2);
    expect(opened.body).toEqual({ data: [expect.objectContaining({ id: second.id, status: 'open' })], total: 1 });
  });

  test('When the same stocktake is posted three times at once, then one posts and the others get 409', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const st = (await open(wh.id)).body;
    await count(st.id, [{ itemId: item.id, countedQty: 9 }]);

    const results = await Promise.all([post(st.id), post(st.id), post(st.id)]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 9, value: 9 });
  });

  test('When three stocktakes are opened at once for one warehouse, then one opens and the others get 409', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 1, 1);

    const results = await Promise.all([open(wh.id), open(wh.id), open(wh.id)]);

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await t.get(`/stocktakes?warehouseId=${wh.id}&status=open`, admin)).body.total).toBe(1);
  });

  test('When a count and the post race, then the count is either in the result or refused, never lost', async () => {
    const wh = await t.createWarehouse();
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const st = (await open(wh.id)).body;
    await count(st.id, [{ itemId: item.id, countedQty: 8 }]);

    const [recount, posted] = await Promise.all([count(st.id, [{ itemId: item.id, countedQty: 6 }]), post(st.id)]);

    expect(posted.status).toBe(200);
    expect([200, 409]).toContain(recount.status);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: recount.status === 200 ? 6 : 8 });
  });

  test('When an unknown stocktake is counted or posted, then 404', async () => {
    expectProblem(await count(999999, [{ sku: 'X', countedQty: 1 }]), 404);
    expectProblem(await post(999999), 404);
    expectProblem(await t.get('/stocktakes/999999', admin), 404);
  });
});
