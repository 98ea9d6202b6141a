import { createItem, createPartner, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Items', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  let wh2: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('ITM-A');
    wh2 = await t.createWarehouse('ITM-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When an item is created with every field, then GET returns each exactly as sent', async () => {
    const supplier = await createPartner(t, 'suppliers', { code: 'ITM-SUP-1' });
    const body = {
      sku: 'FULL-1', name: 'Full item', unit: 'box', category: 'hardware', barcode: '6901234567892', batchTracked: true,
      safetyStock: 5.5, reorderQty: 12.125, maxStock: 100, defaultSupplierId: supplier.id,
      purchasePrice: 12.3456, salePrice: 19.9, taxRate: 0.13, overReceiptTolerance: 5, active: true,
    };

    const created = await t.post('/items', body, admin);
    const fetched = await t.get(`/items/${created.body.id}`, admin);

    expect(created.status).toBe(201);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual({ id: created.body.id, ...body, warehouseOverrides: [], version: 1 });
  });

  test('When only sku, name and unit are given, then the rest is empty, not batch-tracked and active', async () => {
    const res = await t.post('/items', { sku: 'MIN-1', name: 'Minimal', unit: 'pcs' }, admin);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ batchTracked: false, active: true, category: null, barcode: null, safetyStock: null, maxStock: null, defaultSupplierId: null, purchasePrice: null });
  });

  test('When an item names its default supplier by code, then the supplier id is stored; an unknown code is a 422', async () => {
    const supplier = await createPartner(t, 'suppliers', { code: 'ITM-SUP-2' });

    const res = await t.post('/items', { sku: 'SUPCODE-1', name: 'By code', unit: 'pcs', defaultSupplierCode: 'ITM-SUP-2' }, admin);
    const unknown = await t.post('/items', { sku: 'SUPCODE-2', name: 'By code', unit: 'pcs', defaultSupplierCode: 'NO-SUCH' }, admin);

    expect(res.status).toBe(201);
    expect(res.body.defaultSupplierId).toBe(supplier.id);
    expectProblem(unknown, 422, ['defaultSupplierCode']);
    expect((await t.get('/items?q=SUPCODE-2', admin)).body.total).toBe(0);
  });

  test('When items are searched with q, then sku, name and barcode match ignoring case, with {data, total} paging', async () => {
    await createItem(t, { sku: 'ZQ7-001', name: 'Bolt' });
    await createItem(t, { sku: 'W-100', name: 'zq7 washer' });
    await createItem(t, { sku: 'N-200', name: 'Nut', barcode: '690ZQ7123' });
    await createItem(t, { sku: 'O-300', name: 'Other' });

    const all = await t.get('/items?q=Zq7', admin);
    const page1 = await t.get('/items?q=zQ7&limit=2&offset=0', admin);
    const page2 = await t.get('/items?q=zQ7&limit=2&offset=2', admin);

    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.data.map((i: { sku: string }) => i.sku)).toEqual(['N-200', 'W-100', 'ZQ7-001']);
    expect(page1.body).toMatchObject({ total: 3 });
    expect(page1.body.data.map((i: { sku: string }) => i.sku)).toEqual(['N-200', 'W-100']);
    expect(page2.body.data.map((i: { sku: string }) => i.sku)).toEqual(['ZQ7-001']);
  });

  test('When q holds % or _, then they are taken literally, not as wildcards', async () => {
    await createItem(t, { sku: 'PCT-1', name: '100% cotton' });
    await createItem(t, { sku: 'PCT-2', name: '1000 cotton' });

    const res = await t.get(`/items?q=${encodeURIComponent('0% c')}`, admin);

    expect(res.body.data.map((i: { sku: string }) => i.sku)).toEqual(['PCT-1']);
  });

  test('When per-warehouse overrides are given by id or code, then they are stored per warehouse; an unknown warehouse is a 422', async () => {
    const res = await t.post('/items', {
      sku: 'OVR-1', name: 'Overrides', unit: 'pcs', safetyStock: 5,
      warehouseOverrides: [{ warehouseId: wh.id, safetyStock: 2, maxStock: 50 }, { warehouseCode: wh2.code, safetyStock: 8.5 }],
    }, admin);
    const unknown = await t.post('/items', { sku: 'OVR-2', name: 'Overrides', unit: 'pcs', warehouseOverrides: [{ warehouseCode: 'NOPE' }] }, admin);

    expect(res.status).toBe(201);
    expect(res.body.warehouseOverrides).toEqual(expect.arrayContaining([
      { warehouseId: wh.id, safetyStock: 2, maxStock: 50 },
      { warehouseId: wh2.id, safetyStock: 8.5, maxStock: null },
    ]));
    expect(res.body.warehouseOverrides).toHaveLength(2);
    expectProblem(unknown, 422, ['warehouseOverrides[0].warehouseCode']);
  });

  test('When the overrides name one warehouse twice (by id and by code), then 422 names the repeat and nothing is stored', async () => {
    const res = await t.post('/items', {
      sku: 'OVR-DUP', name: 'Overrides', unit: 'pcs',
      warehouseOverrides: [{ warehouseId: wh.id, safetyStock: 1 }, { warehouseCode: wh.code, safetyStock: 2 }],
    }, admin);

    expectProblem(res, 422, ['warehouseOverrides[1].warehouseCode']);
    expect((await t.get('/items?q=OVR-DUP', admin)).body.total).toBe(0);
  });

  test('When a PATCH replaces the overrides, then the old ones are gone; a PATCH without them keeps them', async () => {
    const item = await createItem(t, { warehouseOverrides: [{ warehouseId: wh.id, safetyStock: 2 }] });

    const kept = await t.patch(`/items/${item.id}`, { name: 'Renamed' }, admin);
    const replaced = await t.patch(`/items/${item.id}`, { warehouseOverrides: [{ warehouseId: wh2.id, maxStock: 9 }] }, admin);

    expect(kept.body.warehouseOverrides).toEqual([{ warehouseId: wh.id, safetyStock: 2, maxStock: null }]);
    expect(replaced.body.warehouseOverrides).toEqual([{ warehouseId: wh2.id, safetyStock: null, maxStock: 9 }]);
  });

  test('When a second item takes an existing sku, by POST or PATCH, then 409 naming sku', async () => {
    await createItem(t, { sku: 'DUP-1' });
    const other = await createItem(t, { sku: 'DUP-2' });

    const created = await t.post('/items', { sku: 'DUP-1', name: 'Again', unit: 'pcs' }, admin);
    const patched = await t.patch(`/items/${other.id}`, { sku: 'DUP-1' }, admin);

    expectProblem(created, 409, ['sku']);
    expectProblem(patched, 409, ['sku']);
    expect((await t.get(`/items/${other.id}`, admin)).body.sku).toBe('DUP-2');
  });

  test('When a PATCH names one field, then every other field keeps its value (active, batchTracked are not reset)', async () => {
    const supplier = await createPartner(t, 'suppliers');
    const item = await createItem(t, { batchTracked: true, active: false, category: 'C1', safetyStock: 3, salePrice: 9.99, defaultSupplierId: supplier.id });
    const before = (await t.get(`/items/${item.id}`, admin)).body;

    const res = await t.patch(`/items/${item.id}`, { name: 'New name' }, admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...before, name: 'New name', version: before.version + 1 });
  });

  test('When a PATCH sets a nullable field to null, then it is cleared', async () => {
    const item = await createItem(t, { category: 'C2', safetyStock: 3 });

    const res = await t.patch(`/items/${item.id}`, { category: null, safetyStock: null }, admin);

    expect(res.body).toMatchObject({ category: null, safetyStock: null });
  });

  test('When batch tracking is switched after the item has movements, then 409; before any, it may be switched', async () => {
    const moved = await createItem(t);
    const fresh = await createItem(t);
    await receive(t, wh.id, moved.id, 1, 1);

    const refused = await t.patch(`/items/${moved.id}`, { batchTracked: true }, admin);
    const allowed = await t.patch(`/items/${fresh.id}`, { batchTracked: true }, admin);
    const sameValue = await t.patch(`/items/${moved.id}`, { batchTracked: false, name: 'Still plain' }, admin);

    expectProblem(refused, 409, ['batchTracked']);
    expect((await t.get(`/items/${moved.id}`, admin)).body.batchTracked).toBe(false);
    expect(allowed.body.batchTracked).toBe(true);
    expect(sameValue.status).toBe(200);
  });

  test('When an item with movements is deleted, then 409 and it stays; without movements, 204 and it is gone', async () => {
    const moved = await createItem(t);
    const unused = await createItem(t, { warehouseOverrides: [{ warehouseId: wh.id, safetyStock: 1 }] });
    await receive(t, wh.id, moved.id, 2, 1.5);

    const refused = await t.delete(`/items/${moved.id}`, admin);
    const deleted = await t.delete(`/items/${unused.id}`, admin);

    expectProblem(refused, 409);
    expect((await t.get(`/items/${moved.id}`, admin)).status).toBe(200);
    expect(deleted.status).toBe(204);
    expect((await t.get(`/items/${unused.id}`, admin)).status).toBe(404);
  });

  test('When Chinese, emoji, SQL- and HTML-looking text is stored, then it comes back exactly and is searchable', async () => {
    const texts = {
      name: '螺丝钉 M6 🔩',
      category: `Robert'); DROP TABLE items;--`,
      barcode: '<script>alert(1)</script>',
    };

    const created = await t.post('/items', { sku: 'UNI-螺丝-1', unit: '个', ...texts }, admin);
    const fetched = await t.get(`/items/${created.body.id}`, admin);
    const found = await t.get(`/items?q=${encodeURIComponent('螺丝钉 m6')}`, admin);
    const bySql = await t.get(`/items?q=${encodeURIComponent("'); drop")}`, admin);

    expect(created.status).toBe(201);
    expect(fetched.body).toMatchObject({ sku: 'UNI-螺丝-1', unit: '个', ...texts });
    expect(found.body.data.map((i: { id: number }) => i.id)).toEqual([created.body.id]);
    expect(bySql.body.total).toBe(0);
    expect((await t.get('/items?limit=1', admin)).status).toBe(200);
  });

  test('When an unknown item id is fetched, patched or deleted, then 404', async () => {
    expectProblem(await t.get('/items/999999', admin), 404);
    expectProblem(await t.patch('/items/999999', { name: 'x' }, admin), 404);
    expectProblem(await t.delete('/items/999999', admin), 404);
  });

  test('When an item is invalid, then 422 names each field: missing name, price with 5 decimals, unknown field', async () => {
    const res = await t.post('/items', { sku: 'BAD-1', unit: 'pcs', purchasePrice: 1.23456, colour: 'red' }, admin);

    expectProblem(res, 422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'name', 'purchasePrice']);
  });
});
