import { balance, createItem, receive, stockState } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Idempotent stock posts', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  let wh2: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('IDS-A');
    wh2 = await t.createWarehouse('IDS-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When an adjustment is retried with the same Idempotency-Key and body, then the same answer comes back and it posts once', async () => {
    const item = await createItem(t);
    const body = { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 4, unitCost: 2.5 }] };
    const key = { 'Idempotency-Key': 'adj-retry-1' };

    const first = await t.post('/stock/adjustments', body, admin, key);
    const afterFirst = await stockState(t);
    const retry = await t.post('/stock/adjustments', body, admin, key);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await stockState(t)).toEqual(afterFirst);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 4, value: 10 });
  });

  test('When the same key comes with a different body, then 422 naming the key and nothing is posted', async () => {
    const item = await createItem(t);
    const key = { 'Idempotency-Key': 'adj-retry-2' };
    await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 4, unitCost: 2.5 }] }, admin, key);
    const before = await stockState(t);

    const res = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 5, unitCost: 2.5 }] }, admin, key);

    expectProblem(res, 422, ['Idempotency-Key']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When a transfer is retried with the same key, then it moves the goods once', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 2);
    const body = { fromWarehouseId: wh.id, toWarehouseId: wh2.id, lines: [{ itemId: item.id, qty: 2 }] };
    const key = { 'Idempotency-Key': 'trf-retry-1' };

    const first = await t.post('/stock/transfers', body, admin, key);
    const retry = await t.post('/stock/transfers', body, admin, key);

    expect(retry.body).toEqual(first.body);
    expect(await balance(t, wh2.id, item.id)).toMatchObject({ onHand: 2, value: 4 });
  });

  test('When a refused post is retried with its key after the stock arrived, then it runs again, since nothing was recorded', async () => {
    const item = await createItem(t);
    const body = { warehouseId: wh.id, reason: 'loss', lines: [{ itemId: item.id, qty: -1 }] };
    const key = { 'Idempotency-Key': 'adj-retry-3' };

    const refused = await t.post('/stock/adjustments', body, admin, key);
    await receive(t, wh.id, item.id, 1, 1);
    const retried = await t.post('/stock/adjustments', body, admin, key);

    expectProblem(refused, 409, ['lines[0].qty']);
    expect(retried.status).toBe(201);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
  });

  test('When a stocktake post is retried with its key, then the same variances come back and post once', async () => {
    const item = await createItem(t);
    await receive(t, wh2.id, item.id, 5, 1);
    const st = (await t.post('/stocktakes', { warehouseId: wh2.id, itemIds: [item.id] }, admin)).body;
    await t.put(`/stocktakes/${st.id}/counts`, { lines: [{ itemId: item.id, countedQty: 3 }] }, admin);
    const key = { 'Idempotency-Key': `stk-post-${st.id}` };

    const first = await t.post(`/stocktakes/${st.id}/post`, {}, admin, key);
    const retry = await t.post(`/stocktakes/${st.id}/post`, {}, admin, key);

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await balance(t, wh2.id, item.id)).toMatchObject({ onHand: 3, value: 3 });
  });

  test('When another user sends the same key, then it is their own request and posts on its own', async () => {
    const item = await createItem(t);
    const clerk = await t.createUser(['warehouse']);
    const body = { warehouseId: wh.id, reason: 'found', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] };
    const key = { 'Idempotency-Key': 'shared-key' };

    const mine = await t.post('/stock/adjustments', body, admin, key);
    const theirs = await t.post('/stock/adjustments', body, clerk.token, key);

    expect(theirs.status).toBe(201);
    expect(theirs.body.number).not.toBe(mine.body.number);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 2 });
  });
});
