import { QueryTypes } from 'sequelize';
import { createItem } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

/** The item fields purchasing reads: the over-receipt tolerance and the stock limits reorder suggestions fill to. */
describe('Items: over-receipt tolerance and stock limits', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('IPS-A');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const stored = async (id: number) =>
    (await t.services.db.sequelize.query<{ t: number | string | null }>('SELECT over_receipt_tolerance AS t FROM items WHERE id = :id', { replacements: { id }, type: QueryTypes.SELECT }))[0]!.t;

  test('When an item is saved with an over-receipt tolerance in percent, then it is stored as a fraction ×1e6 and answered as sent; null clears it', async () => {
    const created = await t.post('/items', { sku: 'ORT-1', name: 'Tolerant', unit: 'pcs', overReceiptTolerance: 2.55 }, admin);
    expect(created.status).toBe(201);
    expect(created.body.overReceiptTolerance).toBe(2.55);
    expect(Number(await stored(created.body.id))).toBe(25500);

    const patched = await t.patch(`/items/${created.body.id}`, { overReceiptTolerance: 100 }, admin);
    expect(patched.body.overReceiptTolerance).toBe(100);
    expect(Number(await stored(created.body.id))).toBe(1_000_000);

    const cleared = await t.patch(`/items/${created.body.id}`, { overReceiptTolerance: null }, admin);
    expect(cleared.body.overReceiptTolerance).toBeNull();
    expect(await stored(created.body.id)).toBeNull();
    expect((await t.get(`/items/${created.body.id}`, admin)).body).toMatchObject({ overReceiptTolerance: null, version: 3 });
  });

  test('When an item names no tolerance, then it is null (the global one applies)', async () => {
    const res = await t.post('/items', { sku: 'ORT-2', name: 'Global', unit: 'pcs' }, admin);
    expect(res.body.overReceiptTolerance).toBeNull();
  });

  test.each([[1.005], [-1], [1000.01], ['5']])('When the tolerance is %p, then it is a 422 naming the field and nothing is saved', async (bad) => {
    const res = await t.post('/items', { sku: 'ORT-BAD', name: 'Bad', unit: 'pcs', overReceiptTolerance: bad }, admin);
    expectProblem(res, 422, ['overReceiptTolerance']);
    expect((await t.get('/items?q=ORT-BAD', admin)).body.total).toBe(0);
  });

  test('When maxStock is below safetyStock, then creating the item is a 422 naming maxStock and nothing is saved', async () => {
    const res = await t.post('/items', { sku: 'LIM-1', name: 'Limits', unit: 'pcs', safetyStock: 10, maxStock: 9.999 }, admin);
    expectProblem(res, 422, ['maxStock']);
    expect((await t.get('/items?q=LIM-1', admin)).body.total).toBe(0);
  });

  test('When maxStock equals safetyStock, or only one is set, then the item saves', async () => {
    expect((await t.post('/items', { sku: 'LIM-2', name: 'Equal', unit: 'pcs', safetyStock: 10, maxStock: 10 }, admin)).status).toBe(201);
    expect((await t.post('/items', { sku: 'LIM-3', name: 'Only max', unit: 'pcs', maxStock: 1 }, admin)).status).toBe(201);
  });

  test('When a PATCH raises safetyStock above the saved maxStock, then it is a 422 and the item is unchanged', async () => {
    const item = await createItem(t, { safetyStock: 5, maxStock: 20 });
    const res = await t.patch(`/items/${item.id}`, { safetyStock: 21 }, admin);
    expectProblem(res, 422, ['maxStock']);
    expect((await t.get(`/items/${item.id}`, admin)).body).toMatchObject({ safetyStock: 5, maxStock: 20, version: 1 });
  });

  test("When a warehouse override's effective maximum is below its effective safety stock, then it is a 422 naming the override", async () => {
    const item = await createItem(t, { safetyStock: 5 });
    const lowMax = await t.patch(`/items/${item.id}`, { warehouseOverrides: [{ warehouseId: wh.id, maxStock: 4 }] }, admin);
    expectProblem(lowMax, 422, ['warehouseOverrides[0].maxStock']);

    const capped = await createItem(t, { maxStock: 10 });
    const highSafety = await t.patch(`/items/${capped.id}`, { warehouseOverrides: [{ warehouseCode: wh.code, safetyStock: 11 }] }, admin);
    expectProblem(highSafety, 422, ['warehouseOverrides[0].safetyStock']);
    expect((await t.get(`/items/${capped.id}`, admin)).body).toMatchObject({ warehouseOverrides: [], version: 1 });
  });
});
