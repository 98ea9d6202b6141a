import { adjust, createItem, daysFromToday, receive, setExpiry, setReserved } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

interface Alert {
  kind: string;
  itemId: number;
  warehouseId: number;
  batchNo: string | null;
  available: number;
  threshold: number | null;
  expiryDate: string | null;
}

describe('Stock alerts', () => {
  let t: TestApp;
  let admin: string;
  let a: { id: number; code: string };
  let b: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('ALR-A');
    b = await t.createWarehouse('ALR-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  async function alerts(query = '', token = admin): Promise<Alert[]> {
    const res = await t.get(`/stock/alerts${query}`, token);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.data.length);
    return res.body.data;
  }
  const about = (rows: Alert[], itemId: number) =>
    rows.filter((r) => r.itemId === itemId).map((r) => ({ kind: r.kind, warehouseId: r.warehouseId, batchNo: r.batchNo, available: r.available, threshold: r.threshold, expiryDate: r.expiryDate }));

  test('When available stock is at or below safety stock, then a low alert; above it, none', async () => {
    const item = await createItem(t, { safetyStock: 5 });
    await receive(t, a.id, item.id, 5, 1);
    await receive(t, b.id, item.id, 6, 1);

    expect(about(await alerts(), item.id)).toEqual([{ kind: 'low', warehouseId: a.id, batchNo: null, available: 5, threshold: 5, expiryDate: null }]);
  });

  test('When stock is reserved, then the low alert looks at what is available, not on hand', async () => {
    const item = await createItem(t, { safetyStock: 5 });
    await receive(t, a.id, item.id, 8, 1);
    expect(about(await alerts(), item.id)).toEqual([]);

    await setReserved(t, a.id, item.id, 3);

    expect(about(await alerts(), item.id)).toEqual([expect.objectContaining({ kind: 'low', warehouseId: a.id, available: 5, threshold: 5 })]);
  });

  test('When a warehouse overrides the safety stock, then that warehouse is judged by its own level', async () => {
    const item = await createItem(t, { safetyStock: 5, warehouseOverrides: [{ warehouseId: b.id, safetyStock: 20 }] });
    await receive(t, a.id, item.id, 10, 1);
    await receive(t, b.id, item.id, 10, 1);

    expect(about(await alerts(), item.id)).toEqual([{ kind: 'low', warehouseId: b.id, batchNo: null, available: 10, threshold: 20, expiryDate: null }]);
  });

  test('When a warehouse has an override but no stock yet, then it is low there', async () => {
    const item = await createItem(t, { warehouseOverrides: [{ warehouseId: a.id, safetyStock: 2 }] });

    expect(about(await alerts(), item.id)).toEqual([expect.objectContaining({ kind: 'low', warehouseId: a.id, available: 0, threshold: 2 })]);
  });

  test('When on hand is above the maximum, then an over alert; at the maximum, none', async () => {
    const item = await createItem(t, { maxStock: 10, warehouseOverrides: [{ warehouseId: b.id, maxStock: 12 }] });
    await receive(t, a.id, item.id, 11, 1);
    await receive(t, b.id, item.id, 12, 1);

    expect(about(await alerts(), item.id)).toEqual([{ kind: 'over', warehouseId: a.id, batchNo: null, available: 11, threshold: 10, expiryDate: null }]);
  });

  test('When batches expire within the window (30 days unless days is given), then expiring; past their date, expired', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, a.id, item.id, 1, 1, { batchNo: 'SOON', expiryDate: daysFromToday(10) });
    await receive(t, a.id, item.id, 2, 1, { batchNo: 'EDGE', expiryDate: daysFromToday(30) });
    await receive(t, a.id, item.id, 3, 1, { batchNo: 'LATER', expiryDate: daysFromToday(45) });
    await receive(t, a.id, item.id, 4, 1, { batchNo: 'GONE', expiryDate: daysFromToday(1) });
    await setExpiry(t, a.id, item.id, 'GONE', daysFromToday(-2));
    await receive(t, a.id, item.id, 5, 1, { batchNo: 'EMPTY', expiryDate: daysFromToday(3) });
    await adjust(t, a.id, [{ itemId: item.id, qty: -5, batchNo: 'EMPTY' }]);

    const byDefault = about(await alerts(), item.id);
    const wider = about(await alerts('?days=60'), item.id);
    const narrow = about(await alerts('?days=0'), item.id);

    expect(byDefault).toEqual([
      { kind: 'expired', warehouseId: a.id, batchNo: 'GONE', available: 4, threshold: null, expiryDate: daysFromToday(-2) },
      { kind: 'expiring', warehouseId: a.id, batchNo: 'SOON', available: 1, threshold: null, expiryDate: daysFromToday(10) },
      { kind: 'expiring', warehouseId: a.id, batchNo: 'EDGE', available: 2, threshold: null, expiryDate: daysFromToday(30) },
    ]);
    expect(wider.map((r) => r.batchNo)).toEqual(['GONE', 'SOON', 'EDGE', 'LATER']);
    expect(narrow.map((r) => r.batchNo)).toEqual(['GONE']);
  });

  test('When filtered by warehouseId, then only that warehouse is reported', async () => {
    const item = await createItem(t, { safetyStock: 100 });
    await receive(t, a.id, item.id, 1, 1);
    await receive(t, b.id, item.id, 1, 1);

    expect(about(await alerts(`?warehouseId=${b.id}`), item.id).map((r) => r.warehouseId)).toEqual([b.id]);
    expect((await alerts(`?warehouseId=${b.id}`)).every((r) => r.warehouseId === b.id)).toBe(true);
  });

  test('When a user is scoped to one warehouse, then only its alerts are shown, and asking for another is 403', async () => {
    const item = await createItem(t, { safetyStock: 100 });
    await receive(t, a.id, item.id, 1, 1);
    await receive(t, b.id, item.id, 1, 1);
    const clerk = await t.createUser(['warehouse'], [a.id]);

    const rows = await alerts('', clerk.token);

    expect(about(rows, item.id).map((r) => r.warehouseId)).toEqual([a.id]);
    expect(rows.every((r) => r.warehouseId === a.id)).toBe(true);
    expectProblem(await t.get(`/stock/alerts?warehouseId=${b.id}`, clerk.token), 403);
  });

  test('When days is not a whole number of days, then 422 naming days', async () => {
    expectProblem(await t.get('/stock/alerts?days=abc', admin), 422, ['days']);
    expectProblem(await t.get('/stock/alerts?days=-1', admin), 422, ['days']);
  });
});
