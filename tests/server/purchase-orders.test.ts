import { daysFromToday, createItem, createPartner } from '../support/inventory';
import { expectInvariants } from '../support/invariants';
import { addRate } from '../support/finance-cash';
import { insertContract, markReceived, orderTables, storedLines } from '../support/purchasing-orders';
import { TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let supplier: { id: number; code: string };

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  wh = await t.createWarehouse('POWH');
  supplier = await createPartner(t, 'suppliers', { code: 'SUP-CNY' });
});
afterAll(async () => t.stop());
afterEach(async () => expectInvariants(t));

const post = (body: Record<string, unknown>, token = admin) => t.post('/purchase-orders', { supplierId: supplier.id, warehouseId: wh.id, ...body }, token);

describe('Purchase orders: amounts', () => {
  test('When a draft has a discount and the item’s default price and tax rate, then amounts and base unit costs are to the cent', async () => {
    const a = await createItem(t, { taxRate: 0.13 });
    const b = await createItem(t, { purchasePrice: 4.2, taxRate: 0.09 });
    const res = await post({ lines: [{ itemId: a.id, qty: 3, unitPrice: 10.5, discount: 0.1 }, { sku: b.sku, qty: 2.5 }] });

    expect(res.status).toBe(201);
    // 3 × 10.50 × 0.9 = 28.35, tax 3.6855 → 3.69; 2.5 × 4.20 = 10.50, tax 0.945 → 0.95.
    expect(res.body).toMatchObject({
      status: 'draft', supplierId: supplier.id, warehouseId: wh.id, date: daysFromToday(0), currency: 'CNY', rate: 1,
      subtotal: 38.85, tax: 4.64, total: 43.49, baseTotal: 43.49, warnings: [], version: 1,
    });
    expect(res.body.number).toMatch(/^PO-\d{4}-000001$/);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.lines).toEqual([
      expect.objectContaining({ itemId: a.id, sku: a.sku, qty: 3, unitPrice: 10.5, discount: 0.1, taxRate: 0.13, amount: 28.35, tax: 3.69, baseUnitCost: 9.45, received: 0, invoiced: 0, returned: 0, toReceive: 3 }),
      expect.objectContaining({ itemId: b.id, qty: 2.5, unitPrice: 4.2, taxRate: 0.09, amount: 10.5, tax: 0.95, baseUnitCost: 4.2, received: 0, invoiced: 0, returned: 0 }),
    ]);
    expect(await storedLines(t, res.body.id)).toEqual([{ base_unit_cost: '94500', contract_price: null }, { base_unit_cost: '42000', contract_price: null }]);
  });

  test('When prices include tax, then the net is taken out of the gross line by line', async () => {
    const a = await createItem(t, { taxRate: 0.13 });
    const res = await post({ pricesIncludeTax: true, lines: [{ itemId: a.id, qty: 1, unitPrice: 113 }, { itemId: a.id, qty: 3, unitPrice: 10 }] });

    expect(res.status).toBe(201);
    // 113.00 / 1.13 = 100.00 + 13.00; 30.00 / 1.13 = 26.5486 → 26.55 + 3.45.
    expect(res.body).toMatchObject({ pricesIncludeTax: true, subtotal: 126.55, tax: 16.45, total: 143, baseTotal: 143 });
    expect(res.body.lines.map((l: { amount: number; tax: number; baseUnitCost: number }) => [l.amount, l.tax, l.baseUnitCost])).toEqual([[100, 13, 100], [26.55, 3.45, 8.85]]);
  });

  test('When the supplier trades in dollars, then the order is in dollars at the given rate, or at the latest rate, and base unit costs are in yuan', async () => {
    const usd = await createPartner(t, 'suppliers', { currency: 'USD' });
    const a = await createItem(t, { taxRate: 0.13 });
    const res = await post({ supplierId: usd.id, rate: 7.1234, lines: [{ itemId: a.id, qty: 7, unitPrice: 1.99 }] });

    expect(res.status).toBe(201);
    // 13.93 + 1.81 = 15.74 USD; base total 15.74 × 7.1234 = 112.12, base tax 1.81 × 7.1234 = 12.89, base net 99.23.
    expect(res.body).toMatchObject({ currency: 'USD', rate: 7.1234, subtotal: 13.93, tax: 1.81, total: 15.74, baseSubtotal: 99.23, baseTax: 12.89, baseTotal: 112.12 });
    // 99.23 / 7 = 14.175714… → 14.1757.
    expect(res.body.lines[0]).toMatchObject({ baseAmount: 99.23, baseTax: 12.89, baseUnitCost: 14.1757 });

    const noRate = await post({ supplierId: usd.id, lines: [{ itemId: a.id, qty: 1, unitPrice: 1 }] });
    expect(noRate.status).toBe(422);
    expect(noRate.body.errors[0].path).toBe('rate');

    await addRate(t, 'USD', daysFromToday(-3), 7.2);
    const latest = await post({ supplierId: usd.id, lines: [{ itemId: a.id, qty: 1, unitPrice: 10 }] });
    expect(latest.body).toMatchObject({ rate: 7.2, total: 11.3, baseTotal: 81.36 });
  });
});

describe('Purchase orders: contract prices', () => {
  test('When the supplier has an active contract valid today, then its price is the default, by quantity tier, and a higher price is a warning naming the line', async () => {
    const item = await createItem(t, { purchasePrice: 5, taxRate: 0 });
    await insertContract(t, { supplierId: supplier.id, startDate: daysFromToday(-10), endDate: daysFromToday(10), lines: [{ itemId: item.id, unitPrice: 4.5 }, { itemId: item.id, unitPrice: 4, minQty: 100 }] });
    // Neither a contract in another currency, nor a terminated one, nor one already ended prices a CNY order.
    await insertContract(t, { supplierId: supplier.id, currency: 'USD', startDate: daysFromToday(-10), endDate: daysFromToday(10), lines: [{ itemId: item.id, unitPrice: 0.5 }] });
    await insertContract(t, { supplierId: supplier.id, status: 'terminated', startDate: daysFromToday(-10), endDate: daysFromToday(10), lines: [{ itemId: item.id, unitPrice: 1 }] });
    await insertContract(t, { supplierId: supplier.id, startDate: daysFromToday(-30), endDate: daysFromToday(-11), lines: [{ itemId: item.id, unitPrice: 2 }] });

    const res = await post({ lines: [{ itemId: item.id, qty: 50 }, { itemId: item.id, qty: 100 }, { itemId: item.id, qty: 10, unitPrice: 4.8 }, { itemId: item.id, qty: 1, unitPrice: 4.4 }] });

    expect(res.status).toBe(201);
    expect(res.body.lines.map((l: { unitPrice: number; contractPrice: number }) => [l.unitPrice, l.contractPrice])).toEqual([[4.5, 4.5], [4, 4], [4.8, 4.5], [4.4, 4.5]]);
    expect(res.body.warnings).toEqual([{ code: 'purchase-order.above-contract', path: 'lines[2].unitPrice', row: 2, unitPrice: 4.8, contractPrice: 4.5 }]);
    // 225 + 400 + 48 + 4.40
    expect(res.body.total).toBe(677.4);
    const again = await t.get(`/purchase-orders/${res.body.id}`, admin);
    expect(again.body.warnings).toEqual(res.body.warnings);

    // Another supplier's order of the item falls back to the item's purchase price.
    const other = await createPartner(t, 'suppliers');
    const fallback = await post({ supplierId: other.id, lines: [{ itemId: item.id, qty: 1 }] });
    expect(fallback.body.lines[0]).toMatchObject({ unitPrice: 5, contractPrice: null });
  });

  test('When a line has neither a contract price nor a purchase price, then 422 names lines[i].unitPrice and nothing is written', async () => {
    const priced = await createItem(t, { purchasePrice: 1 });
    const unpriced = await createItem(t);
    const before = await orderTables(t);
    const res = await post({ lines: [{ itemId: priced.id, qty: 1 }, { itemId: unpriced.id, qty: 1 }] });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].unitPrice', row: 1 })]);
    expect(await orderTables(t)).toEqual(before);
  });

  test('When an order id is unknown, then 404 names it', async () => {
    const res = await t.get('/purchase-orders/999999', admin);
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('999999');
  });

  test('When the supplier or an item is inactive, then 422 names it', async () => {
    const item = await createItem(t, { purchasePrice: 1 });
    const gone = await createPartner(t, 'suppliers', { active: false });
    const r1 = await post({ supplierId: gone.id, lines: [{ itemId: item.id, qty: 1 }] });
    expect(r1.status).toBe(422);
    expect(r1.body.errors[0].path).toBe('supplierId');

    const old = await createItem(t, { purchasePrice: 1, active: false });
    const r2 = await post({ lines: [{ itemId: item.id, qty: 1 }, { itemId: old.id, qty: 1 }] });
    expect(r2.status).toBe(422);
    expect(r2.body.errors[0].path).toBe('lines[1].itemId');
  });
});

describe('Purchase orders: editing, approval and status', () => {
  const item = () => createItem(t, { purchasePrice: 10, taxRate: 0 });

  test('When a draft is patched, then header and lines are replaced and priced again; a stale version → 412, an approved order → 409', async () => {
    const a = await item();
    const order = (await post({ lines: [{ itemId: a.id, qty: 1 }] })).body;
    const patched = await t.patch(`/purchase-orders/${order.id}`, { note: 'urgent', lines: [{ itemId: a.id, qty: 4, unitPrice: 2.5 }] }, admin, { 'If-Match': '"1"' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ note: 'urgent', total: 10, version: 2, lines: [expect.objectContaining({ qty: 4, unitPrice: 2.5 })] });

    const header = await t.patch(`/purchase-orders/${order.id}`, { pricesIncludeTax: true, version: 2 }, admin);
    expect(header.body).toMatchObject({ pricesIncludeTax: true, total: 10, note: 'urgent', version: 3, lines: [expect.objectContaining({ qty: 4 })] });

    const stale = await t.patch(`/purchase-orders/${order.id}`, { note: 'x' }, admin, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);

    expect((await t.post(`/purchase-orders/${order.id}/approve`, {}, admin)).body.status).toBe('approved');
    const late = await t.patch(`/purchase-orders/${order.id}`, { note: 'x' }, admin);
    expect(late.status).toBe(409);
  });

  test('When approvers have limits, then within → approved, above or zero → 403 naming the limit, null → no limit', async () => {
    const a = await item();
    const order = async (qty: number) => (await post({ lines: [{ itemId: a.id, qty }] })).body.id as number;
    const small = await t.createUser(['purchaser'], null, { approvalLimit: 100 });
    const none = await t.createUser(['purchaser'], null, { approvalLimit: 0 });
    const unlimited = await t.createUser(['purchaser'], null, { approvalLimit: null });

    expect((await t.post(`/purchase-orders/${await order(10)}/approve`, {}, small.token)).body).toMatchObject({ status: 'approved', approvedBy: small.id });
    const above = await t.post(`/purchase-orders/${await order(10.01)}/approve`, {}, small.token);
    expect(above.status).toBe(403);
    expect(above.body.detail).toContain('100.00');
    expect((await t.post(`/purchase-orders/${await order(1)}/approve`, {}, none.token)).status).toBe(403);
    expect((await t.post(`/purchase-orders/${await order(100000)}/approve`, {}, unlimited.token)).status).toBe(200);

    const clerk = await t.createUser(['warehouse']);
    expect((await t.post(`/purchase-orders/${await order(1)}/approve`, {}, clerk.token)).status).toBe(403);
  });

  test('When orders are cancelled and closed, then only the allowed moves happen and the rest → 409', async () => {
    const a = await item();
    const draft = (await post({ lines: [{ itemId: a.id, qty: 2 }] })).body;
    expect((await t.post(`/purchase-orders/${draft.id}/close`, {}, admin)).status).toBe(409);
    expect((await t.post(`/purchase-orders/${draft.id}/cancel`, {}, admin)).body.status).toBe('cancelled');
    expect((await t.post(`/purchase-orders/${draft.id}/cancel`, {}, admin)).status).toBe(409);
    expect((await t.post(`/purchase-orders/${draft.id}/approve`, {}, admin)).status).toBe(409);

    const approved = (await post({ lines: [{ itemId: a.id, qty: 2 }] })).body;
    await t.post(`/purchase-orders/${approved.id}/approve`, {}, admin);
    await markReceived(t, approved.lines[0].id, 1);
    expect((await t.post(`/purchase-orders/${approved.id}/cancel`, {}, admin)).status).toBe(409);
    const closed = await t.post(`/purchase-orders/${approved.id}/close`, {}, admin);
    expect(closed.body).toMatchObject({ status: 'closed', lines: [expect.objectContaining({ received: 1, toReceive: 1 })] });
    expect(closed.body.closedAt).not.toBeNull();
    expect((await t.post(`/purchase-orders/${approved.id}/close`, {}, admin)).status).toBe(409);
  });

  test('When orders are listed, then filters, paging, q and warehouse scope apply', async () => {
    const a = await item();
    const other = await t.createWarehouse('POWH2');
    const mine = (await post({ warehouseId: other.id, note: 'Needle in haystack', lines: [{ itemId: a.id, qty: 1 }] })).body;
    const list = await t.get(`/purchase-orders?warehouseId=${other.id}`, admin);
    expect(list.body).toMatchObject({ total: 1, data: [expect.objectContaining({ id: mine.id })] });
    expect((await t.get('/purchase-orders?q=needle', admin)).body.data.map((o: { id: number }) => o.id)).toEqual([mine.id]);
    expect((await t.get('/purchase-orders?status=cancelled&limit=1', admin)).body.total).toBeGreaterThanOrEqual(1);

    const scoped = await t.createUser(['purchaser'], [wh.id]);
    expect((await t.get(`/purchase-orders/${mine.id}`, scoped.token)).status).toBe(403);
    expect((await t.get('/purchase-orders?limit=10000', scoped.token)).body.data.every((o: { warehouseId: number }) => o.warehouseId === wh.id)).toBe(true);
    const out = await t.post('/purchase-orders', { supplierId: supplier.id, warehouseId: other.id, lines: [{ itemId: a.id, qty: 1 }] }, scoped.token);
    expect(out.status).toBe(403);
  });

  test('When a sheet posts orders in a batch, then each is its own result', async () => {
    const a = await item();
    const res = await t.post('/purchase-orders/batch', { documents: [
      { ref: 'po-1', document: { supplierCode: supplier.code, warehouseCode: wh.code, lines: [{ sku: a.sku, qty: 1 }] } },
      { ref: 'po-2', document: { supplierCode: supplier.code, warehouseCode: wh.code, lines: [{ sku: 'NOPE', qty: 1 }] } },
    ] }, admin);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 422]);
    expect(res.body.results[0].document).toMatchObject({ status: 'draft', total: 10 });
  });
});
