import { adjust, createItem, receive, stockState, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp, TestUser } from '../support/test-app';

describe('Warehouse scopes and permissions on stock', () => {
  let t: TestApp;
  let admin: string;
  let a: { id: number; code: string };
  let b: { id: number; code: string };
  let clerk: TestUser;
  let item: { id: number; sku: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('SCP-A');
    b = await t.createWarehouse('SCP-B');
    clerk = await t.createUser(['warehouse'], [a.id]);
    item = await createItem(t, { safetyStock: 1000 });
    await receive(t, a.id, item.id, 50, 1);
    await receive(t, b.id, item.id, 50, 1);
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  async function lastDenial(entity: string) {
    const res = await t.get(`/audit-log?userId=${clerk.id}&entity=${entity}&limit=1`, admin);
    return res.body.data[0];
  }

  test('When a scoped clerk posts an adjustment into their own warehouse, then it posts', async () => {
    const res = await adjust(t, a.id, [{ itemId: item.id, qty: -1 }], 'damage', clerk.token);

    expect(res.status).toBe(201);
    expect((await t.get(`/stock/ledger?docNumber=${res.body.number}`, admin)).body.data[0].userId).toBe(clerk.id);
  });

  test('When a scoped clerk posts an adjustment into another warehouse, by id or code, then 403, audited as a denial, and nothing is written', async () => {
    const before = await stockState(t);

    const byId = await adjust(t, b.id, [{ itemId: item.id, qty: -1 }], 'damage', clerk.token);
    const byCode = await t.post('/stock/adjustments', { warehouseCode: b.code, reason: 'damage', lines: [{ itemId: item.id, qty: -1 }] }, clerk.token);

    expectProblem(byId, 403);
    expectProblem(byCode, 403);
    expect(await stockState(t)).toEqual(before);
    expect(await lastDenial('stock-adjustment')).toMatchObject({ userId: clerk.id, action: 'deny', ok: false, entity: 'stock-adjustment' });
  });

  test('When a scoped clerk transfers from their warehouse to another, or from another to theirs, then 403 and nothing moves', async () => {
    const before = await stockState(t);

    const out = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 1 }], clerk.token);
    const into = await transfer(t, b.id, a.id, [{ itemId: item.id, qty: 1 }], clerk.token);

    expectProblem(out, 403);
    expectProblem(into, 403);
    expect(await stockState(t)).toEqual(before);
    expect(await lastDenial('stock-transfer')).toMatchObject({ action: 'deny', ok: false });
  });

  test('When a scoped clerk opens, counts or posts a stocktake of another warehouse, then 403 each time', async () => {
    const opened = await t.post('/stocktakes', { warehouseId: b.id }, clerk.token);
    const st = (await t.post('/stocktakes', { warehouseId: b.id }, admin)).body;
    const before = await stockState(t);

    const counted = await t.put(`/stocktakes/${st.id}/counts`, { lines: [{ itemId: item.id, countedQty: 1 }] }, clerk.token);
    const posted = await t.post(`/stocktakes/${st.id}/post`, {}, clerk.token);
    const read = await t.get(`/stocktakes/${st.id}`, clerk.token);

    expectProblem(opened, 403);
    expectProblem(counted, 403);
    expectProblem(posted, 403);
    expectProblem(read, 403);
    expect(await stockState(t)).toEqual(before);
    expect(await lastDenial('stocktake')).toMatchObject({ action: 'deny', ok: false });
    expect((await t.get(`/stocktakes/${st.id}`, admin)).body.status).toBe('open');
    await t.post(`/stocktakes/${st.id}/post`, {}, admin);
  });

  test('When a scoped clerk reads balances, ledger and alerts, then only their warehouse appears', async () => {
    const balances = await t.get('/stock/balances?limit=10000', clerk.token);
    const ledger = await t.get('/stock/ledger?limit=10000', clerk.token);
    const alerts = await t.get('/stock/alerts', clerk.token);
    const stocktakes = await t.get('/stocktakes', clerk.token);

    for (const res of [balances, ledger, alerts]) {
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeGreaterThan(0);
      expect(res.body.data.every((r: { warehouseId: number }) => r.warehouseId === a.id)).toBe(true);
    }
    expect(stocktakes.body.data.every((r: { warehouseId: number }) => r.warehouseId === a.id)).toBe(true);
    expect((await t.get('/stock/balances?limit=10000', admin)).body.data.some((r: { warehouseId: number }) => r.warehouseId === b.id)).toBe(true);
  });

  test('When a scoped clerk asks for another warehouse by warehouseId, then 403 and the denial is audited', async () => {
    expectProblem(await t.get(`/stock/balances?warehouseId=${b.id}`, clerk.token), 403);
    expectProblem(await t.get(`/stock/balances?warehouseCode=${b.code}`, clerk.token), 403);
    expectProblem(await t.get(`/stock/ledger?warehouseId=${b.id}`, clerk.token), 403);
    expectProblem(await t.get(`/stock/alerts?warehouseId=${b.id}`, clerk.token), 403);
    expectProblem(await t.get(`/stocktakes?warehouseId=${b.id}`, clerk.token), 403);
    const denials = await t.get(`/audit-log?userId=${clerk.id}&action=deny`, admin);
    expect(denials.body.data.some((r: { detail: { path?: string } }) => r.detail.path?.includes(`/stock/ledger?warehouseId=${b.id}`))).toBe(true);
  });

  test('When a user has no warehouses at all, then they see no stock and may post none', async () => {
    const nobody = await t.createUser(['warehouse'], []);

    const balances = await t.get('/stock/balances', nobody.token);
    const posted = await adjust(t, a.id, [{ itemId: item.id, qty: 1, unitCost: 1 }], 'found', nobody.token);

    expect(balances.body).toEqual({ data: [], total: 0 });
    expectProblem(posted, 403);
  });

  test('When a viewer posts an adjustment, a transfer or a stocktake, then 403; reading is allowed', async () => {
    const viewer = await t.createUser(['viewer']);
    const before = await stockState(t);

    expectProblem(await adjust(t, a.id, [{ itemId: item.id, qty: 1, unitCost: 1 }], 'found', viewer.token), 403);
    expectProblem(await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 1 }], viewer.token), 403);
    expectProblem(await t.post('/stocktakes', { warehouseId: a.id }, viewer.token), 403);
    expectProblem(await t.post('/stock/adjustments/batch', { documents: [{ ref: 'v-1', document: { warehouseId: a.id, reason: 'found', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] } }] }, viewer.token), 403);
    expect(await stockState(t)).toEqual(before);
    expect((await t.get('/stock/balances', viewer.token)).status).toBe(200);
    const denial = (await t.get(`/audit-log?userId=${viewer.id}&action=deny&limit=1`, admin)).body.data[0];
    expect(denial).toMatchObject({ ok: false, action: 'deny' });
  });

  test('When a scoped clerk posts a batch with one document in scope and one outside, then only the one in scope posts', async () => {
    const res = await t.post('/stock/adjustments/batch', {
      documents: [
        { ref: 'scope-in', document: { warehouseId: a.id, reason: 'found', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] } },
        { ref: 'scope-out', document: { warehouseId: b.id, reason: 'found', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] } },
      ],
    }, clerk.token);

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['scope-in', 201], ['scope-out', 403]]);
  });
});
