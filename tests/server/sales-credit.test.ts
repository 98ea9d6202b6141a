import { QueryTypes } from 'sequelize';
import { addRate } from '../support/finance-cash';
import { createItem, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { approveOrder, createApprovedOrder, createCustomer, createOrder, salesOrderTables } from '../support/sales-orders';
import { receive as receiveMoney } from '../support/sales-receipts';
import { invoiceLines, invoiceShipments, openingReceivable } from '../support/sales-invoices';
import { ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let bank: { id: number };

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  wh = await t.createWarehouse('CRWH');
  bank = (await t.post('/cash-accounts', { code: 'CR-BANK', name: 'Credit bank', type: 'bank' }, admin)).body;
});
afterAll(async () => t.stop());
afterEach(async () => {
  await expectInvariants(t);
  await expectStockInvariants(t);
});

/** An item with plenty of stock in the warehouse. */
async function stocked(options: Record<string, unknown> = {}) {
  const item = await createItem(t, options);
  await receive(t, wh.id, item.id, 1000, 1);
  return item;
}
const order = (customerId: number, lines: Array<{ itemId: number; qty: number; unitPrice: number; taxRate?: number }>, extra: Record<string, unknown> = {}) =>
  createOrder(t, admin, { customerId, warehouseId: wh.id, lines, ...extra });
const approve = (id: number, token = admin, body: Record<string, unknown> = {}) => t.post(`/sales-orders/${id}/approve`, body, token);
const credit = async (customerId: number, token = admin) => {
  const res = await t.get(`/customers/${customerId}/credit`, token);
  if (res.status !== 200) throw new Error(`credit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
describe('Credit: what an order uses', () => {
  test('When orders are open, part shipped, part invoiced or closed, then open orders are each line’s uninvoiced part at its gross base, rounded per line', async () => {
    const c = await createCustomer(t);
    const a = await stocked({ taxRate: 0.13 });
    const b = await stocked();
    // 10 × 50.00 + 13 % = 565.00; 3 × 33.33 = 99.99 + 13.00 = 112.99.
    const one = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 10, unitPrice: 50 }, { itemId: a.id, qty: 3, unitPrice: 33.33 }] });
    // 3 × 33.3333 = 99.9999 → 100.00.
    const two = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: b.id, qty: 3, unitPrice: 33.3333 }] });
    // 4 × 25.00 = 100.00, 2 shipped, then closed short.
    const three = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: b.id, qty: 4, unitPrice: 25 }] });
    const cancelled = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: b.id, qty: 1, unitPrice: 1000 }] });
    await order(c.id, [{ itemId: b.id, qty: 1, unitPrice: 1000 }]);
    await t.post(`/sales-orders/${cancelled.id}/cancel`, {}, admin);
    const first = await ship(t, admin, one.id, [{ lineId: one.lines[0]!.id, qty: 4 }]);
    const second = await ship(t, admin, two.id, [{ lineId: two.lines[0]!.id, qty: 3 }]);
    await ship(t, admin, three.id, [{ lineId: three.lines[0]!.id, qty: 2 }]);
    await t.post(`/sales-orders/${three.id}/close`, {}, admin);
    // 4 × 50.00 + 13 % = 226.00; 1 × 33.3333 = 33.33.
    await invoiceLines(t, admin, { customerId: c.id, lines: [{ shipmentLineId: first.lines[0]!.id, qty: 4 }, { shipmentLineId: second.lines[0]!.id, qty: 1 }] });

    // one: 565.00 × 6/10 = 339.00 and 112.99; two: 100.00 × 2/3 = 66.666… → 66.67; three (closed): 2 kept, none invoiced → 50.00.
    expect(await credit(c.id)).toEqual({ customerId: c.id, customerCode: c.code, creditLimit: null, openReceivables: 259.33, openOrders: 568.66, used: 827.99, available: null });
  });

  test('When the customer paid in advance, then the unallocated receipt counts against what is used', async () => {
    const c = await createCustomer(t, { creditLimit: 1000 });
    const a = await stocked();
    await receiveMoney(t, admin, { customerId: c.id, cashAccountId: bank.id, amount: 150 });
    await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 8, unitPrice: 100 }] });

    expect(await credit(c.id)).toEqual({ customerId: c.id, customerCode: c.code, creditLimit: 1000, openReceivables: -150, openOrders: 800, used: 650, available: 350 });
  });
});

describe('Credit: invoices move it from orders to receivables', () => {
  test('When part of an order is shipped, invoiced and partly paid, then what is used moves from open orders to receivables and payment frees it', async () => {
    const c = await createCustomer(t, { creditLimit: 500 });
    const a = await stocked({ taxRate: 0.13 });
    // 10 × 10.00 + 13 % = 113.00.
    const o = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 10, unitPrice: 10 }] });
    const shipment = await ship(t, admin, o.id, [{ lineId: o.lines[0]!.id, qty: 6 }]);
    expect(await credit(c.id)).toMatchObject({ openReceivables: 0, openOrders: 113, used: 113 });

    // 6 × 10.00 + 13 % = 67.80 invoiced; 4 of 10 still to invoice: 113.00 × 4/10 = 45.20.
    const invoice = await invoiceShipments(t, admin, { customerId: c.id, shipmentIds: [shipment.id] });
    expect(invoice.total).toBe(67.8);
    expect(await credit(c.id)).toMatchObject({ openReceivables: 67.8, openOrders: 45.2, used: 113, available: 387 });

    await receiveMoney(t, admin, { customerId: c.id, cashAccountId: bank.id, amount: 50, allocations: [{ invoiceId: invoice.id, amount: 50 }] });
    expect(await credit(c.id)).toMatchObject({ openReceivables: 17.8, openOrders: 45.2, used: 63 });

    // Closed short: only what was kept and not invoiced would still be billed — nothing.
    await t.post(`/sales-orders/${o.id}/close`, {}, admin);
    expect(await credit(c.id)).toMatchObject({ openReceivables: 17.8, openOrders: 0, used: 17.8, available: 482.2 });
  });

  test('When the customer owes an opening balance, then an order beyond what it leaves is refused', async () => {
    const c = await createCustomer(t, { creditLimit: 300 });
    const a = await stocked();
    await openingReceivable(t, admin, { customerId: c.id, amount: 250 });
    const o = await order(c.id, [{ itemId: a.id, qty: 1, unitPrice: 60 }]);
    const res = await approve(o.id);

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toBe('limit 300.00, used 250.00, this order 60.00: 10.00 over the limit');
  });
});

describe('Credit: approval within the limit', () => {
  test('When an order would pass the limit, then 409 credit.exceeded states limit, used, this order and how much over, and nothing is written; one that fits exactly is approved', async () => {
    const c = await createCustomer(t, { code: 'CR-LIMIT', creditLimit: 1000 });
    const a = await stocked({ taxRate: 0.13 });
    await receiveMoney(t, admin, { customerId: c.id, cashAccountId: bank.id, amount: 150 });
    await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 8, unitPrice: 100, taxRate: 0 }] });
    // 5 × 100.00 + 13 % = 565.00; used 800.00 − 150.00 = 650.00; 650.00 + 565.00 − 1,000.00 = 215.00 over.
    const tooMuch = await order(c.id, [{ itemId: a.id, qty: 5, unitPrice: 100 }]);
    const before = await salesOrderTables(t);
    const res = await approve(tooMuch.id);

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'credit.exceeded',
      detail: 'Customer CR-LIMIT is over its credit limit: limit 1000.00, already used 650.00, this order 565.00, so 215.00 over. Nothing was approved.',
      errors: [{ path: 'creditLimit', message: 'limit 1000.00, used 650.00, this order 565.00: 215.00 over the limit', code: 'credit.exceeded' }],
    });
    expect(await salesOrderTables(t)).toEqual(before);
    expect((await t.get(`/sales-orders/${tooMuch.id}`, admin)).body).toMatchObject({ status: 'draft', version: 1, lines: [expect.objectContaining({ reserved: 0 })] });

    // 350.00 brings it to exactly the limit.
    const fits = await order(c.id, [{ itemId: a.id, qty: 1, unitPrice: 350, taxRate: 0 }]);
    expect((await approve(fits.id)).status).toBe(200);
    expect(await credit(c.id)).toMatchObject({ used: 1000, available: 0 });
  });

  test('When the customer trades in dollars, then the limit is weighed in yuan at the order’s rate', async () => {
    const c = await createCustomer(t, { currency: 'USD', creditLimit: 1000 });
    await addRate(t, 'USD', daysFromToday(-2), 7.1);
    const a = await stocked();
    // 20 × 7.00 = 140.00 USD = 994.00 CNY; then 1.00 USD = 7.10 CNY: 1.10 over.
    const first = await order(c.id, [{ itemId: a.id, qty: 20, unitPrice: 7 }]);
    const second = await order(c.id, [{ itemId: a.id, qty: 1, unitPrice: 1 }]);

    expect((await approve(first.id)).body).toMatchObject({ status: 'approved', baseTotal: 994 });
    const res = await approve(second.id);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toBe('limit 1000.00, used 994.00, this order 7.10: 1.10 over the limit');
  });

  test('When the customer has no limit, then any order is approved', async () => {
    const c = await createCustomer(t);
    const a = await stocked();
    const big = await order(c.id, [{ itemId: a.id, qty: 100, unitPrice: 99999 }]);

    expect((await approve(big.id)).body).toMatchObject({ status: 'approved', baseTotal: 9999900 });
  });

  test('When an order is reopened after the limit was lowered, then approving it again checks the credit again; a lowered limit leaves less than nothing available', async () => {
    const c = await createCustomer(t, { creditLimit: 500 });
    const a = await stocked();
    const o = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 4, unitPrice: 100 }] });
    await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1, unitPrice: 100 }] });
    expect((await t.patch(`/customers/${c.id}`, { creditLimit: 300 }, admin)).status).toBe(200);

    expect(await credit(c.id)).toMatchObject({ creditLimit: 300, used: 500, available: -200 });
    expect((await t.post(`/sales-orders/${o.id}/reopen`, {}, admin)).status).toBe(200);
    expect(await credit(c.id)).toMatchObject({ used: 100, available: 200 });
    const again = await approve(o.id);
    expect(again.status).toBe(409);
    expect(again.body.errors[0].message).toBe('limit 300.00, used 100.00, this order 400.00: 200.00 over the limit');
  });
});

describe('Credit: override', () => {
  const auditOf = async (orderId: number) => {
    const rows = await t.services.db.sequelize.query<{ detail: string; ok: boolean | number; action: string }>(
      "SELECT action, ok, detail FROM audit_log WHERE entity = 'sales-order' AND entity_id = :id ORDER BY id",
      { replacements: { id: String(orderId) }, type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ action: r.action, ok: Boolean(r.ok), detail: JSON.parse(r.detail) }));
  };

  test('When a manager overrides the limit, then the order is approved, the override recorded on it and the audit states limit, used and the order', async () => {
    const c = await createCustomer(t, { creditLimit: 100 });
    const a = await stocked();
    const manager = await t.createUser(['sales', 'manager'], null, { approvalLimit: null });
    await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1, unitPrice: 80 }] });
    const o = await order(c.id, [{ itemId: a.id, qty: 1, unitPrice: 50 }]);
    const res = await approve(o.id, manager.token, { overrideCredit: true });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', approvedBy: manager.id, creditOverrideBy: manager.id, lines: [expect.objectContaining({ reserved: 1 })] });
    expect((await auditOf(o.id)).filter((r) => r.action === 'approve')).toEqual([
      { action: 'approve', ok: true, detail: { number: o.number, from: 'draft', to: 'approved', baseTotal: 50, credit: { limit: 100, used: 80, order: 50, overridden: true } } },
    ]);
    expect(await credit(c.id)).toMatchObject({ used: 130, available: -30 });
  });

  test('When a clerk without sales:credit-override asks to override, then 403 and nothing is written', async () => {
    const c = await createCustomer(t, { creditLimit: 100 });
    const a = await stocked();
    const clerk = await t.createUser(['sales'], null, { approvalLimit: null });
    const o = await order(c.id, [{ itemId: a.id, qty: 1, unitPrice: 150 }]);
    const before = await salesOrderTables(t);
    const res = await approve(o.id, clerk.token, { overrideCredit: true });

    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('Approving beyond a credit limit needs the permission sales:credit-override.');
    expect(await salesOrderTables(t)).toEqual(before);
  });

  test('When an override is asked for an order within the limit, then it is approved with no override recorded', async () => {
    const c = await createCustomer(t, { creditLimit: 100 });
    const a = await stocked();
    const manager = await t.createUser(['sales', 'manager'], null, { approvalLimit: null });
    const o = await order(c.id, [{ itemId: a.id, qty: 1, unitPrice: 50 }]);
    const approved = await approveOrder(t, manager.token, o.id, { overrideCredit: true });

    expect(approved).toMatchObject({ status: 'approved', creditOverrideBy: null });
    expect((await auditOf(o.id)).find((r) => r.action === 'approve')!.detail.credit).toEqual({ limit: 100, used: 0, order: 50, overridden: false });
  });
});

describe('Credit: who may read it', () => {
  test('When a user holds customer:read or sales:read, then they read a customer’s credit; without either 403; an unknown customer is 404', async () => {
    const c = await createCustomer(t, { creditLimit: 10 });
    const customerReader = await t.createUser([(await t.createRole(['customer:read'])).name]);
    const salesReader = await t.createUser([(await t.createRole(['sales:read'])).name]);
    const nobody = await t.createUser([(await t.createRole(['item:read'])).name]);

    expect(await credit(c.id, customerReader.token)).toMatchObject({ creditLimit: 10, used: 0, available: 10 });
    expect(await credit(c.id, salesReader.token)).toMatchObject({ creditLimit: 10 });
    expect((await t.get(`/customers/${c.id}/credit`, nobody.token)).status).toBe(403);
    expect((await t.get('/customers/999999/credit', admin)).status).toBe(404);
  });
});
