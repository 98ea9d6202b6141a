import { createItem, createPartner, daysFromToday, receive, setExpiry, setReserved } from '../support/inventory';
import { expectInvariants } from '../support/invariants';
import { insertContract, markReceived, orderTables } from '../support/purchasing-orders';
import { TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let supplier: { id: number; code: string };
const items: Record<string, { id: number; sku: string }> = {};

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  wh = await t.createWarehouse('RWH');
  supplier = await createPartner(t, 'suppliers', { code: 'RSUP' });
  items.X = await createItem(t, { sku: 'R-X', safetyStock: 20, reorderQty: 5, maxStock: 50, defaultSupplierId: supplier.id, purchasePrice: 3, taxRate: 0.13 });
  items.Y = await createItem(t, { sku: 'R-Y', batchTracked: true, safetyStock: 10, reorderQty: 30, defaultSupplierId: supplier.id, purchasePrice: 2, taxRate: 0 });
  items.Z = await createItem(t, { sku: 'R-Z', safetyStock: 100, defaultSupplierId: supplier.id, purchasePrice: 1, warehouseOverrides: [{ warehouseId: wh.id, safetyStock: 5, maxStock: null }] });
  items.N = await createItem(t, { sku: 'R-N', purchasePrice: 7, taxRate: 0, warehouseOverrides: [{ warehouseId: wh.id, safetyStock: 3, maxStock: null }] });
  await receive(t, wh.id, items.X.id, 12, 1);
  await setReserved(t, wh.id, items.X.id, 2);
  await receive(t, wh.id, items.Y.id, 8, 1, { batchNo: 'B1', expiryDate: daysFromToday(100) });
  await receive(t, wh.id, items.Y.id, 5, 1, { batchNo: 'B2', expiryDate: daysFromToday(100) });
  await setExpiry(t, wh.id, items.Y.id, 'B2', daysFromToday(-1));
  await receive(t, wh.id, items.Z.id, 6, 1);
  await insertContract(t, { supplierId: supplier.id, startDate: daysFromToday(-5), endDate: daysFromToday(5), lines: [{ itemId: items.X.id, unitPrice: 2.5 }] });
  // Y on order: a draft of 1, an approved order of 2 with 1.5 received (0.5 open), a cancelled one that counts for nothing.
  const order = async (qty: number) => (await t.post('/purchase-orders', { supplierId: supplier.id, warehouseId: wh.id, lines: [{ itemId: items.Y!.id, qty }] }, admin)).body;
  await order(1);
  const approved = await order(2);
  await t.post(`/purchase-orders/${approved.id}/approve`, {}, admin);
  await markReceived(t, approved.lines[0].id, 1.5);
  await t.post(`/purchase-orders/${(await order(100)).id}/cancel`, {}, admin);
});
afterAll(async () => t.stop());
afterEach(async () => expectInvariants(t));

const suggestions = async () => (await t.get(`/purchase-orders/suggestions?warehouseId=${wh.id}`, admin)).body;

describe('Reorder suggestions', () => {
  test('When stock is short of safety stock, then available, on order, projected and the quantity are as computed by hand', async () => {
    const res = await suggestions();
    expect(res.total).toBe(3);
    const row = (sku: string) => res.data.find((r: { sku: string }) => r.sku === sku);
    // X: 12 − 2 reserved = 10, nothing on order; max(5, 50 − 10) = 40 at the contract's 2.50.
    expect(row('R-X')).toEqual({
      itemId: items.X!.id, sku: 'R-X', name: 'Item R-X', warehouseId: wh.id, warehouseCode: 'RWH',
      available: 10, onOrder: 0, projected: 10, safetyStock: 20, maxStock: 50, reorderQty: 5, suggestedQty: 40,
      supplierId: supplier.id, supplierCode: 'RSUP', unitPrice: 2.5,
    });
    // Y: 8 unexpired (B2 expired); on order 1 (draft) + 0.5 (approved, 1.5 of 2 received) = 1.5; 9.5 < 10; max(30, 0.5) = 30.
    expect(row('R-Y')).toMatchObject({ available: 8, onOrder: 1.5, projected: 9.5, safetyStock: 10, maxStock: null, suggestedQty: 30, unitPrice: 2 });
    // Rows by warehouse and SKU: R-N, R-X, R-Y.
    expect(res.data.map((r: { sku: string }) => r.sku)).toEqual(['R-N', 'R-X', 'R-Y']);
    // N: the warehouse's own safety stock 3, nothing on hand, no supplier.
    expect(row('R-N')).toMatchObject({ available: 0, onOrder: 0, projected: 0, safetyStock: 3, suggestedQty: 3, supplierId: null, unitPrice: 7 });
    // Z: 6 on hand ≥ the warehouse's safety stock 5 (the item's 100 is overridden): no row.
    expect(row('R-Z')).toBeUndefined();
  });

  test('When every suggestion is accepted and one item has no supplier, then 422 names it and nothing is ordered', async () => {
    const before = await orderTables(t);
    const res = await t.post('/purchase-orders/suggestions/accept', { warehouseId: wh.id }, admin);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'suggestions[0].supplierId', message: expect.stringContaining('R-N') })]);
    expect(await orderTables(t)).toEqual(before);
  });

  test('When suggestions are accepted twice at once, then one draft per supplier is created once, at the default prices, and the suggestions are gone', async () => {
    const before = await orderTables(t);
    const body = { warehouseCode: 'RWH', lines: [{ sku: 'R-X' }, { sku: 'R-Y', qty: 31 }, { sku: 'R-N', supplierCode: 'RSUP' }] };
    const [a, b] = await Promise.all([t.post('/purchase-orders/suggestions/accept', body, admin), t.post('/purchase-orders/suggestions/accept', body, admin)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const orders = [...a.body.orders, ...b.body.orders];
    expect(orders).toHaveLength(1);
    // 40 × 2.50 = 100 + 13 VAT; 31 × 2 = 62; 3 × 7 = 21.
    expect(orders[0]).toMatchObject({ status: 'draft', supplierId: supplier.id, warehouseId: wh.id, subtotal: 183, tax: 13, total: 196 });
    expect(orders[0].lines.map((l: { sku: string; qty: number; unitPrice: number }) => [l.sku, l.qty, l.unitPrice])).toEqual([['R-X', 40, 2.5], ['R-Y', 31, 2], ['R-N', 3, 7]]);
    expect((await orderTables(t)).orders).toBe(before.orders + 1);

    expect((await suggestions()).total).toBe(0);
    const again = await t.post('/purchase-orders/suggestions/accept', { warehouseId: wh.id }, admin);
    expect(again.status).toBe(201);
    expect(again.body.orders).toEqual([]);
  });
});
