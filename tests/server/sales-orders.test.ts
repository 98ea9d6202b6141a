import { createItem, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { addRate } from '../support/finance-cash';
import { createApprovedOrder, createCustomer, createOrder, salesOrderTables } from '../support/sales-orders';
import { TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let customer: { id: number; code: string };

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  wh = await t.createWarehouse('SOWH');
  customer = await createCustomer(t, { code: 'CUS-CNY' });
});
afterAll(async () => t.stop());
afterEach(async () => {
  await expectInvariants(t);
  await expectStockInvariants(t);
});

const post = (body: Record<string, unknown>, token = admin) => t.post('/sales-orders', { customerId: customer.id, warehouseId: wh.id, ...body }, token);

describe('Sales orders: drafts and amounts', () => {
  test('When a draft has a discount and the item’s sale price and tax rate, then amounts are to the cent and the creator is its salesperson', async () => {
    const a = await createItem(t, { taxRate: 0.13 });
    const b = await createItem(t, { salePrice: 4.2, taxRate: 0.09 });
    const res = await post({ lines: [{ itemId: a.id, qty: 3, unitPrice: 10.5, discount: 0.1 }, { sku: b.sku, qty: 2.5 }] });

    expect(res.status).toBe(201);
    // 3 × 10.50 × 0.9 = 28.35, tax 3.6855 → 3.69; 2.5 × 4.20 = 10.50, tax 0.945 → 0.95.
    expect(res.body).toMatchObject({
      status: 'draft', customerId: customer.id, customerCode: 'CUS-CNY', warehouseId: wh.id, warehouseCode: 'SOWH', date: daysFromToday(0), currency: 'CNY', rate: 1,
      subtotal: 38.85, tax: 4.64, total: 43.49, baseSubtotal: 38.85, baseTax: 4.64, baseTotal: 43.49, version: 1, salespersonId: 1, approvedBy: null, creditOverrideBy: null,
    });
    expect(res.body.number).toMatch(/^SO-\d{4}-\d{6}$/);
    expect(res.body.lines).toEqual([
      { id: expect.any(Number), line: 0, itemId: a.id, sku: a.sku, qty: 3, unitPrice: 10.5, discount: 0.1, taxRate: 0.13, amount: 28.35, tax: 3.69, baseAmount: 28.35, baseTax: 3.69, reserved: 0, shipped: 0, returned: 0, invoiced: 0, toShip: 3, toInvoice: 0 },
      { id: expect.any(Number), line: 1, itemId: b.id, sku: b.sku, qty: 2.5, unitPrice: 4.2, discount: 0, taxRate: 0.09, amount: 10.5, tax: 0.95, baseAmount: 10.5, baseTax: 0.95, reserved: 0, shipped: 0, returned: 0, invoiced: 0, toShip: 2.5, toInvoice: 0 },
    ]);
  });
});

describe('Sales orders: approval reserves', () => {
  test('When an order is approved, then every line is reserved and the order answers what it holds', async () => {
    const a = await createItem(t, { salePrice: 5 });
    await receive(t, wh.id, a.id, 10, 2);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 4 }] });

    expect(order).toMatchObject({ status: 'approved', approvedBy: 1, lines: [expect.objectContaining({ qty: 4, reserved: 4, toShip: 4 })] });
    const got = await t.get(`/sales-orders/${order.id}`, admin);
    expect(got.body.lines[0].reserved).toBe(4);
  });

  test('When stock is short, then 409 names the line with what is available and missing, and nothing is written', async () => {
    const a = await createItem(t, { salePrice: 5 });
    await receive(t, wh.id, a.id, 3, 2);
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 5 }] });
    const before = await salesOrderTables(t);
    const res = await t.post(`/sales-orders/${draft.id}/approve`, {}, admin);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stock.insufficient');
    expect(res.body.errors).toEqual([{ path: 'lines[0].qty', row: 0, message: `${a.sku}: ordered 5, only 3 available (unexpired, not reserved): short by 2`, code: 'stock.insufficient' }]);
    expect(await salesOrderTables(t)).toEqual(before);
  });
});

describe('Sales orders: credit', () => {
  test('When an order would pass the limit, then 409 credit.exceeded states limit, used, this order and how much over', async () => {
    const c = await createCustomer(t, { creditLimit: 100 });
    const a = await createItem(t, { salePrice: 30 });
    await receive(t, wh.id, a.id, 100, 2);
    await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 2 }] });
    const draft = await createOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 2 }] });
    const res = await t.post(`/sales-orders/${draft.id}/approve`, {}, admin);

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'credit.exceeded', errors: [{ path: 'creditLimit', message: 'limit 100.00, used 60.00, this order 60.00: 20.00 over the limit' }] });
    const credit = await t.get(`/customers/${c.id}/credit`, admin);
    expect(credit.body).toEqual({ customerId: c.id, customerCode: c.code, creditLimit: 100, openReceivables: 0, openOrders: 60, used: 60, available: 40 });
  });
});
