import { QueryTypes } from 'sequelize';
import { addRate } from '../support/finance-cash';
import { createItem, daysFromToday, receive, setExpiry } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { approveOrder, createApprovedOrder, createCustomer, createOrder, salesOrderTables } from '../support/sales-orders';
import { receive as receiveMoney } from '../support/sales-receipts';
import { invoiceShipments } from '../support/sales-invoices';
import { returnGoods, ship } from '../support/sales-shipments';
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
const action = (id: number, name: string, token = admin, body: Record<string, unknown> = {}) => t.post(`/sales-orders/${id}/${name}`, body, token);
/** An item with stock in the order warehouse: qty at 2.00 each. */
async function stocked(qty: number, options: Record<string, unknown> = {}) {
  const item = await createItem(t, { salePrice: 10, ...options });
  await receive(t, wh.id, item.id, qty, 2);
  return item;
}
/** What the gate holds for an order, per line (thousandths), straight from its table. */
async function held(orderId: number): Promise<Array<{ line: number; batch_no: string; qty: number }>> {
  const rows = await t.services.db.sequelize.query<{ line: number; batch_no: string; qty: number | string }>(
    "SELECT line, batch_no, qty FROM stock_reservations WHERE doc_type = 'SO' AND doc_id = :orderId AND qty <> 0 ORDER BY line, batch_no",
    { replacements: { orderId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ line: Number(r.line), batch_no: r.batch_no, qty: Number(r.qty) }));
}

describe('Sales orders: drafts and amounts', () => {
  test('When a draft has a discount and the item’s sale price and tax rate, then amounts are to the cent and the creator is its salesperson', async () => {
    const a = await createItem(t, { taxRate: 0.13 });
    const b = await createItem(t, { salePrice: 4.2, taxRate: 0.09 });
    const res = await post({ lines: [{ itemId: a.id, qty: 3, unitPrice: 10.5, discount: 0.1 }, { sku: b.sku, qty: 2.5 }] });

    expect(res.status).toBe(201);
    // 3 × 10.50 × 0.9 = 28.35, tax 3.6855 → 3.69; 2.5 × 4.20 = 10.50, tax 0.945 → 0.95.
    expect(res.body).toMatchObject({
      status: 'draft', customerId: customer.id, customerCode: 'CUS-CNY', warehouseId: wh.id, warehouseCode: 'SOWH', date: daysFromToday(0), currency: 'CNY', rate: 1,
      subtotal: 38.85, tax: 4.64, total: 43.49, baseSubtotal: 38.85, baseTax: 4.64, baseTotal: 43.49, version: 1, salespersonId: 1, approvedBy: null, creditOverrideBy: null, warnings: [],
    });
    expect(res.body.number).toMatch(/^SO-\d{4}-\d{6}$/);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.lines).toEqual([
      { id: expect.any(Number), line: 0, itemId: a.id, sku: a.sku, qty: 3, unitPrice: 10.5, discount: 0.1, taxRate: 0.13, amount: 28.35, tax: 3.69, baseAmount: 28.35, baseTax: 3.69, reserved: 0, shipped: 0, returned: 0, invoiced: 0, toShip: 3, toInvoice: 0 },
      { id: expect.any(Number), line: 1, itemId: b.id, sku: b.sku, qty: 2.5, unitPrice: 4.2, discount: 0, taxRate: 0.09, amount: 10.5, tax: 0.95, baseAmount: 10.5, baseTax: 0.95, reserved: 0, shipped: 0, returned: 0, invoiced: 0, toShip: 2.5, toInvoice: 0 },
    ]);
  });

  test('When prices include tax, then each line’s net is taken out of its gross', async () => {
    const a = await createItem(t, { taxRate: 0.13 });
    const res = await post({ pricesIncludeTax: true, lines: [{ itemId: a.id, qty: 7, unitPrice: 9.99 }, { itemId: a.id, qty: 2.5, unitPrice: 12.34, discount: 0.05 }] });

    expect(res.status).toBe(201);
    // 7 × 9.99 = 69.93 gross: 69.93 / 1.13 = 61.8849… → 61.88 + 8.05.
    // 2.5 × 12.34 × 0.95 = 29.3075 → 29.31 gross: 29.31 / 1.13 = 25.9380… → 25.94 + 3.37.
    expect(res.body).toMatchObject({ pricesIncludeTax: true, subtotal: 87.82, tax: 11.42, total: 99.24, baseTotal: 99.24 });
    expect(res.body.lines.map((l: { amount: number; tax: number }) => [l.amount, l.tax])).toEqual([[61.88, 8.05], [25.94, 3.37]]);
  });

  test('When the customer trades in dollars, then the order is in dollars at the latest rate, or at the rate given, with base amounts in yuan', async () => {
    const usd = await createCustomer(t, { currency: 'USD' });
    const a = await createItem(t, { taxRate: 0.13 });
    await addRate(t, 'USD', daysFromToday(-3), 7.1);
    const latest = await post({ customerId: usd.id, lines: [{ itemId: a.id, qty: 7, unitPrice: 1.99 }] });
    const given = await post({ customerId: usd.id, rate: 7.1234, lines: [{ itemId: a.id, qty: 7, unitPrice: 1.99 }] });
    const inYuan = await post({ customerId: usd.id, currency: 'CNY', lines: [{ itemId: a.id, qty: 7, unitPrice: 1.99 }] });

    // 13.93 + tax 1.8109 → 1.81 = 15.74 USD. At 7.1: base total 111.754 → 111.75, base tax 12.851 → 12.85, base net 98.90.
    expect(latest.body).toMatchObject({ currency: 'USD', rate: 7.1, subtotal: 13.93, tax: 1.81, total: 15.74, baseTotal: 111.75, baseTax: 12.85, baseSubtotal: 98.9 });
    expect(latest.body.lines[0]).toMatchObject({ amount: 13.93, tax: 1.81, baseAmount: 98.9, baseTax: 12.85 });
    // At 7.1234: 112.122… → 112.12, 12.8934 → 12.89, net 99.23.
    expect(given.body).toMatchObject({ currency: 'USD', rate: 7.1234, baseTotal: 112.12, baseTax: 12.89, baseSubtotal: 99.23 });
    expect(inYuan.body).toMatchObject({ currency: 'CNY', rate: 1, baseTotal: 15.74 });
  });

  test('When a base-currency order names a rate other than 1, or a dollar order has no rate to take, then 422 names the rate', async () => {
    const eur = await createCustomer(t, { currency: 'EUR' });
    const a = await createItem(t, { salePrice: 1 });
    const base = await post({ rate: 2, lines: [{ itemId: a.id, qty: 1 }] });
    const none = await post({ customerId: eur.id, lines: [{ itemId: a.id, qty: 1 }] });

    expect(base.status).toBe(422);
    expect(base.body.errors.map((e: { path: string }) => e.path)).toEqual(['rate']);
    expect(none.status).toBe(422);
    expect(none.body.errors.map((e: { path: string }) => e.path)).toEqual(['rate']);
  });

  test('When lines have no unit price and their items no sale price, then 422 names each line’s unitPrice and nothing is saved', async () => {
    const bare = await createItem(t);
    const priced = await createItem(t, { salePrice: 3 });
    const other = await createItem(t);
    const before = await salesOrderTables(t);
    const res = await post({ lines: [{ itemId: bare.id, qty: 1 }, { itemId: priced.id, qty: 1 }, { sku: other.sku, qty: 2 }] });

    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('2 line(s) have no unit price; nothing was saved.');
    expect(res.body.errors).toEqual([
      { path: 'lines[0].unitPrice', row: 0, message: `item ${bare.sku} has no sale price: give a unit price`, code: 'sales-order.no-price' },
      { path: 'lines[2].unitPrice', row: 2, message: `item ${other.sku} has no sale price: give a unit price`, code: 'sales-order.no-price' },
    ]);
    expect(await salesOrderTables(t)).toEqual(before);
  });

  test('When lines name unknown SKUs, then 422 lists every one with its line at once', async () => {
    const a = await createItem(t, { salePrice: 3 });
    const res = await post({ lines: [{ sku: 'NOPE-1', qty: 1 }, { sku: a.sku, qty: 1 }, { sku: 'NOPE-2', qty: 1 }, { itemId: 999999, qty: 1 }] });

    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
      ['lines[0].sku', 'unknown item NOPE-1'],
      ['lines[2].sku', 'unknown item NOPE-2'],
      ['lines[3].itemId', 'unknown item 999999'],
    ]);
  });

  test('When fields are malformed, then 422 names each field and row', async () => {
    const a = await createItem(t, { salePrice: 3 });
    const res = await post({ lines: [{ itemId: a.id, qty: 1, unitPrice: 1.00001 }, { itemId: a.id, qty: -1 }, { itemId: a.id, qty: 1, discount: 1.5 }], colour: 'red' });

    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string; row?: number }) => [e.path, e.row])).toEqual([
      ['lines[0].unitPrice', 0],
      ['lines[1].qty', 1],
      ['lines[2].discount', 2],
      ['colour', undefined],
    ]);
  });

  test('When the customer is missing, unknown or inactive, then 422 names the field', async () => {
    const a = await createItem(t, { salePrice: 3 });
    const gone = await createCustomer(t);
    expect((await t.patch(`/customers/${gone.id}`, { active: false }, admin)).status).toBe(200);
    const lines = [{ itemId: a.id, qty: 1 }];
    const missing = await t.post('/sales-orders', { warehouseId: wh.id, lines }, admin);
    const unknown = await t.post('/sales-orders', { customerCode: 'NOBODY', warehouseId: wh.id, lines }, admin);
    const mismatch = await t.post('/sales-orders', { customerId: customer.id, customerCode: gone.code, warehouseId: wh.id, lines }, admin);
    const inactive = await post({ customerId: gone.id, lines });

    expect([missing, unknown, mismatch, inactive].map((r) => [r.status, r.body.errors[0].path, r.body.errors[0].message])).toEqual([
      [422, 'customerId', 'is required'],
      [422, 'customerCode', 'unknown customer NOBODY'],
      [422, 'customerCode', `does not match customer ${customer.id}`],
      [422, 'customerId', 'the customer is inactive'],
    ]);
    expect(inactive.body.detail).toBe(`Customer ${gone.code} is inactive.`);
  });

  test('When a clerk orders from a warehouse outside their scope, then 403; a salesperson named is kept, an unknown one is 422', async () => {
    const other = await t.createWarehouse();
    const clerk = await t.createUser(['sales'], [other.id]);
    const a = await createItem(t, { salePrice: 3 });
    const outside = await post({ lines: [{ itemId: a.id, qty: 1 }] }, clerk.token);
    const named = await post({ warehouseId: other.id, salespersonId: 1, lines: [{ itemId: a.id, qty: 1 }] }, clerk.token);
    const own = await post({ warehouseId: other.id, lines: [{ itemId: a.id, qty: 1 }] }, clerk.token);
    const unknown = await post({ salespersonId: 99999, lines: [{ itemId: a.id, qty: 1 }] });

    expect(outside.status).toBe(403);
    expect(named.body).toMatchObject({ salespersonId: 1 });
    expect(own.body).toMatchObject({ salespersonId: clerk.id });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'salespersonId', message: 'no user 99999', code: 'sales-order.salesperson-unknown' }]);
  });

  test('When a sheet posts orders in a batch, then each is its own result', async () => {
    const a = await createItem(t, { salePrice: 5 });
    const res = await t.post('/sales-orders/batch', { documents: [
      { ref: 'so-1', document: { customerCode: customer.code, warehouseCode: wh.code, lines: [{ sku: a.sku, qty: 2 }] } },
      { ref: 'so-2', document: { customerCode: customer.code, warehouseCode: wh.code, lines: [{ sku: 'NOPE', qty: 1 }] } },
    ] }, admin);

    expect(res.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['so-1', 201], ['so-2', 422]]);
    expect(res.body.results[0].document).toMatchObject({ status: 'draft', total: 10 });
    expect(res.body.results[1].problem.errors[0].path).toBe('lines[0].sku');
  });
});

describe('Sales orders: changing drafts', () => {
  test('When a draft is patched, then what is named is replaced, the rest kept, the order priced again and its version moves on', async () => {
    const a = await createItem(t, { salePrice: 10, taxRate: 0.13 });
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, note: 'first', lines: [{ itemId: a.id, qty: 2 }] });
    const res = await t.patch(`/sales-orders/${draft.id}`, { pricesIncludeTax: true, requestedDate: daysFromToday(5), lines: [{ itemId: a.id, qty: 3, unitPrice: 11.3 }] }, admin, { 'If-Match': '"1"' });

    expect(res.status).toBe(200);
    // 3 × 11.30 = 33.90 gross: 30.00 + 3.90.
    expect(res.body).toMatchObject({ version: 2, note: 'first', requestedDate: daysFromToday(5), pricesIncludeTax: true, subtotal: 30, tax: 3.9, total: 33.9 });
    expect(res.body.lines).toEqual([expect.objectContaining({ line: 0, qty: 3, unitPrice: 11.3, amount: 30, tax: 3.9 })]);
    const stale = await t.patch(`/sales-orders/${draft.id}`, { note: 'late', version: 1 }, admin);
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
  });

  test('When a draft changes to a dollar customer, then it takes the customer’s currency at the latest rate', async () => {
    const usd = await createCustomer(t, { currency: 'USD' });
    await addRate(t, 'USD', daysFromToday(-1), 7);
    const a = await createItem(t, { salePrice: 10 });
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 2 }] });
    const res = await t.patch(`/sales-orders/${draft.id}`, { customerCode: usd.code }, admin);

    expect(res.body).toMatchObject({ customerId: usd.id, currency: 'USD', rate: 7, total: 20, baseTotal: 140 });
  });

  test('When an approved order is patched, then 409 and it stays as it was', async () => {
    const a = await stocked(5);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });
    const res = await t.patch(`/sales-orders/${order.id}`, { note: 'too late' }, admin);

    expect(res.status).toBe(409);
    expect((await t.get(`/sales-orders/${order.id}`, admin)).body).toEqual(order);
  });
});

describe('Sales orders: lists', () => {
  test('When orders are listed, then filters narrow them and a clerk sees only their warehouses', async () => {
    const own = await t.createWarehouse();
    const clerk = await t.createUser(['sales'], [own.id]);
    const buyer = await createCustomer(t, { code: 'LIST-CUS', name: 'Listing Buyer' });
    const a = await createItem(t, { salePrice: 1 });
    const first = await createOrder(t, admin, { customerId: buyer.id, warehouseId: own.id, date: daysFromToday(-10), note: 'Blue Widgets', lines: [{ itemId: a.id, qty: 1 }] });
    const second = await createOrder(t, admin, { customerId: buyer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });
    await action(second.id, 'cancel');
    const ids = async (query: string, token = admin) => (await t.get(`/sales-orders?${query}`, token)).body.data.map((o: { id: number }) => o.id);

    expect(await ids(`customerId=${buyer.id}`)).toEqual([second.id, first.id]);
    expect(await ids(`customerId=${buyer.id}&status=cancelled`)).toEqual([second.id]);
    expect(await ids(`customerId=${buyer.id}&to=${daysFromToday(-1)}`)).toEqual([first.id]);
    expect(await ids(`customerId=${buyer.id}&from=${daysFromToday(0)}`)).toEqual([second.id]);
    expect(await ids('q=blue widg')).toEqual([first.id]);
    expect(await ids('q=listing buyer')).toEqual([second.id, first.id]);
    expect(await ids(`customerId=${buyer.id}`, clerk.token)).toEqual([first.id]);
    expect((await t.get(`/sales-orders?warehouseId=${wh.id}`, clerk.token)).status).toBe(403);
    expect((await t.get(`/sales-orders/${second.id}`, clerk.token)).status).toBe(403);
    expect((await t.get('/sales-orders/999999', admin)).status).toBe(404);
    expect((await t.get(`/sales-orders?customerId=${buyer.id}&limit=1`, admin)).body).toMatchObject({ total: 2, data: [expect.objectContaining({ id: second.id })] });
  });
});

describe('Sales orders: approval reserves', () => {
  test('When an order is approved, then every line is reserved in full and the order answers what it holds', async () => {
    const a = await stocked(10);
    const b = await stocked(3);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 4 }, { sku: b.sku, qty: 3 }] });

    expect(order).toMatchObject({ status: 'approved', approvedBy: 1, approvedAt: expect.any(String), version: 2 });
    expect(order.lines.map((l) => [l.qty, l.reserved, l.toShip])).toEqual([[4, 4, 4], [3, 3, 3]]);
    expect(await held(order.id)).toEqual([{ line: 0, batch_no: '', qty: 4000 }, { line: 1, batch_no: '', qty: 3000 }]);
    const stock = await t.get(`/stock/balances?warehouseId=${wh.id}&itemId=${a.id}`, admin);
    expect(stock.body.data[0]).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
  });

  test('When lines are short, then 409 names each short line with what is available and missing, and nothing is written', async () => {
    const a = await stocked(3);
    const b = await stocked(10);
    const c = await createItem(t, { salePrice: 1 });
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 5 }, { sku: b.sku, qty: 2 }, { sku: c.sku, qty: 1.5 }] });
    const before = await salesOrderTables(t);
    const res = await action(draft.id, 'approve');

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'stock.insufficient', detail: 'Not enough stock to reserve 2 line(s); nothing was approved.' });
    expect(res.body.errors).toEqual([
      { path: 'lines[0].qty', row: 0, message: `${a.sku}: ordered 5, only 3 available (unexpired, not reserved): short by 2`, code: 'stock.insufficient' },
      { path: 'lines[2].qty', row: 2, message: `${c.sku}: ordered 1.5, only 0 available (unexpired, not reserved): short by 1.5`, code: 'stock.insufficient' },
    ]);
    expect(await salesOrderTables(t)).toEqual(before);
    expect((await t.get(`/sales-orders/${draft.id}`, admin)).body).toMatchObject({ status: 'draft', version: 1 });
  });

  test('When two lines of one item together want more than there is, then both are named with what they take together', async () => {
    const a = await stocked(5);
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ sku: a.sku, qty: 3 }, { sku: a.sku, qty: 4 }] });
    const res = await action(draft.id, 'approve');

    expect(res.status).toBe(409);
    const message = `${a.sku}: this order takes 7 on its lines of it, only 5 available (unexpired, not reserved): short by 2`;
    expect(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([['lines[0].qty', message], ['lines[1].qty', message]]);
  });

  test('When a batch has expired, then approval reserves only unexpired batches, earliest expiry first, and counts the expired as unavailable', async () => {
    const a = await createItem(t, { salePrice: 10, batchTracked: true });
    await receive(t, wh.id, a.id, 5, 2, { batchNo: 'OLD', expiryDate: daysFromToday(30) });
    await receive(t, wh.id, a.id, 2, 2, { batchNo: 'LATE', expiryDate: daysFromToday(90) });
    await receive(t, wh.id, a.id, 2, 2, { batchNo: 'SOON', expiryDate: daysFromToday(60) });
    await setExpiry(t, wh.id, a.id, 'OLD', daysFromToday(-1));
    const fits = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 3 }] });
    const short = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 2 }] });
    const res = await action(short.id, 'approve');

    expect(await held(fits.id)).toEqual([{ line: 0, batch_no: 'LATE', qty: 1000 }, { line: 0, batch_no: 'SOON', qty: 2000 }]);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toBe(`${a.sku}: ordered 2, only 1 available (unexpired, not reserved): short by 1`);
    // The open line's free stock leaves the expired batch out too: 2 + 2 − 3 reserved.
    expect((await t.get(`/sales-orders/open-lines?salesOrderId=${fits.id}`, admin)).body.data).toEqual([expect.objectContaining({ batchTracked: true, remaining: 3, reserved: 3, available: 1 })]);
  });

  test('When an order is approved twice, by someone beyond their limit or without the permission, then 409, 403 and 403', async () => {
    const a = await stocked(10);
    const small = await t.createUser(['sales'], null, { approvalLimit: 10 });
    const viewer = await t.createUser(['viewer']);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 2 }] });
    const before = await salesOrderTables(t);

    const twice = await action(order.id, 'approve');
    const beyond = await action(draft.id, 'approve', small.token);
    const denied = await action(draft.id, 'approve', viewer.token);

    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/approved/);
    expect(beyond.status).toBe(403);
    expect(beyond.body.detail).toBe("Your approval limit is 10.00; this document's base total is 20.00.");
    expect(denied.status).toBe(403);
    expect(await salesOrderTables(t)).toEqual(before);
  });
});

describe('Sales orders: reopen, cancel and close give the stock back', () => {
  test('When an approved order is reopened, then it is a draft again holding nothing; changed and approved again, it holds the new quantity', async () => {
    const a = await stocked(10);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 4 }] });
    const reopened = await action(order.id, 'reopen');

    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null, version: 3, lines: [expect.objectContaining({ reserved: 0 })] });
    expect(await held(order.id)).toEqual([]);
    await t.patch(`/sales-orders/${order.id}`, { lines: [{ itemId: a.id, qty: 6 }] }, admin);
    const again = await approveOrder(t, admin, order.id);
    expect(again.lines.map((l) => l.reserved)).toEqual([6]);
    expect((await action(order.id, 'reopen', (await t.createUser(['viewer'])).token)).status).toBe(403);
  });

  test('When a draft or an approved order is cancelled, then it is cancelled holding nothing; cancelling again is 409', async () => {
    const a = await stocked(10);
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 4 }] });

    expect((await action(draft.id, 'cancel')).body).toMatchObject({ status: 'cancelled' });
    expect((await action(order.id, 'cancel')).body).toMatchObject({ status: 'cancelled', lines: [expect.objectContaining({ reserved: 0 })] });
    expect(await held(order.id)).toEqual([]);
    expect((await action(order.id, 'cancel')).status).toBe(409);
    expect((await action(order.id, 'approve')).status).toBe(409);
  });

  test('When part of an order has shipped, then cancel and reopen are 409 and a short close gives back the rest', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 4 }, { itemId: b.id, qty: 2 }] });
    await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty: 1 }]);

    const cancel = await action(order.id, 'cancel');
    const reopen = await action(order.id, 'reopen');
    expect([cancel.status, reopen.status]).toEqual([409, 409]);
    expect(cancel.body.detail).toBe('Goods were shipped against this order: return them first, or close the order.');
    expect(await held(order.id)).toEqual([{ line: 0, batch_no: '', qty: 3000 }, { line: 1, batch_no: '', qty: 2000 }]);
    const closed = await action(order.id, 'close');
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(closed.body.lines.map((l: { shipped: number; reserved: number }) => [l.shipped, l.reserved])).toEqual([[1, 0], [0, 0]]);
    expect(await held(order.id)).toEqual([]);
    expect((await action(order.id, 'close')).status).toBe(409);
  });

  test('When a draft is closed, or a user without sales:cancel cancels, then 409 and 403', async () => {
    const a = await createItem(t, { salePrice: 1 });
    const approver = await t.createUser([await (async () => (await t.createRole(['sales:read', 'sales:approve'])).name)()]);
    const draft = await createOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });

    expect((await action(draft.id, 'close')).status).toBe(409);
    expect((await action(draft.id, 'cancel', approver.token)).status).toBe(403);
    expect((await action(draft.id, 'close', approver.token)).status).toBe(403);
  });
});

describe('Sales orders: open lines', () => {
  test('When lines are still to ship, then each answers what remains, what it holds and what the warehouse has free', async () => {
    const buyer = await createCustomer(t);
    const a = await stocked(10);
    const b = await stocked(5);
    const first = await createApprovedOrder(t, admin, { customerId: buyer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 4 }, { itemId: b.id, qty: 2 }] });
    const second = await createApprovedOrder(t, admin, { customerId: buyer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });
    await ship(t, admin, first.id, [{ lineId: first.lines[1]!.id, qty: 2 }, { lineId: first.lines[0]!.id, qty: 1 }]);
    await createOrder(t, admin, { customerId: buyer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 1 }] });
    const closed = await createApprovedOrder(t, admin, { customerId: buyer.id, warehouseId: wh.id, lines: [{ itemId: b.id, qty: 1 }] });
    await action(closed.id, 'close');

    const res = await t.get(`/sales-orders/open-lines?customerId=${buyer.id}`, admin);
    // a: 10 − 1 shipped = 9 on hand, 3 + 1 reserved → 5 free; b: 3 on hand, none reserved.
    expect(res.body).toEqual({
      total: 2,
      data: [
        { salesOrderId: first.id, orderNumber: first.number, lineId: first.lines[0]!.id, line: 0, customerId: buyer.id, customerCode: buyer.code, warehouseId: wh.id, warehouseCode: wh.code, itemId: a.id, sku: a.sku, name: `Item ${a.sku}`, batchTracked: false, ordered: 4, shipped: 1, remaining: 3, reserved: 3, available: 5 },
        { salesOrderId: second.id, orderNumber: second.number, lineId: second.lines[0]!.id, line: 0, customerId: buyer.id, customerCode: buyer.code, warehouseId: wh.id, warehouseCode: wh.code, itemId: a.id, sku: a.sku, name: `Item ${a.sku}`, batchTracked: false, ordered: 1, shipped: 0, remaining: 1, reserved: 1, available: 5 },
      ],
    });
    const one = await t.get(`/sales-orders/open-lines?salesOrderId=${second.id}`, admin);
    expect(one.body.data.map((l: { lineId: number }) => l.lineId)).toEqual([second.lines[0]!.id]);
    const elsewhere = await t.createWarehouse();
    const clerk = await t.createUser(['sales'], [elsewhere.id]);
    expect((await t.get(`/sales-orders/open-lines?customerId=${buyer.id}`, clerk.token)).body).toEqual({ total: 0, data: [] });
    expect((await t.get(`/sales-orders/open-lines?warehouseId=${wh.id}`, clerk.token)).status).toBe(403);
  });
});

describe('Sales orders: tracking', () => {
  test('When an order is approved and part shipped, then tracking shows each quantity, its shipments and nothing invoiced or paid', async () => {
    const a = await stocked(10);
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 4, unitPrice: 5 }] });
    const empty = await t.get(`/sales-orders/${order.id}/tracking`, admin);
    expect(empty.body).toEqual({
      id: order.id, number: order.number, status: 'approved', customerId: customer.id, date: order.date,
      ordered: 4, reserved: 4, shipped: 0, returned: 0, invoiced: 0, invoicedAmount: 0, paidAmount: 0, openAmount: 0,
      shipments: [], invoices: [], lines: [{ lineId: order.lines[0]!.id, sku: a.sku, ordered: 4, reserved: 4, shipped: 0, returned: 0, invoiced: 0 }],
    });

    const shipment = await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty: 3 }]);
    const res = await t.get(`/sales-orders/${order.id}/tracking`, admin);
    expect(res.body).toMatchObject({ status: 'partial', ordered: 4, reserved: 1, shipped: 3, shipments: [{ id: shipment.id, number: shipment.number, date: shipment.date, status: 'posted' }] });
  });

  test('When shipped goods are invoiced, part returned with a credit note and part paid, then tracking shows what was invoiced, paid and is open in base', async () => {
    const c = await createCustomer(t);
    const bank = (await t.post('/cash-accounts', { code: 'TRACK-BANK', name: 'Tracking bank', type: 'bank' }, admin)).body;
    const a = await stocked(10, { taxRate: 0.13 });
    const order = await createApprovedOrder(t, admin, { customerId: c.id, warehouseId: wh.id, lines: [{ itemId: a.id, qty: 10, unitPrice: 10 }] });
    const shipment = await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty: 6 }]);
    // 6 × 10.00 + 13 % = 67.80; 2 back: a credit note of 22.60; 50.00 paid against the invoice.
    const invoice = await invoiceShipments(t, admin, { customerId: c.id, shipmentIds: [shipment.id] });
    const back = await returnGoods(t, admin, { customerId: c.id, shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 2 }] });
    await receiveMoney(t, admin, { customerId: c.id, cashAccountId: bank.id, amount: 50, allocations: [{ invoiceId: invoice.id, amount: 50 }] });

    const res = await t.get(`/sales-orders/${order.id}/tracking`, admin);
    // Invoiced 67.80 − 22.60 = 45.20; open: the invoice's 17.80 less the credit note's 22.60 = −4.80; paid 45.20 + 4.80 = 50.00.
    expect(res.body).toMatchObject({
      status: 'partial', ordered: 10, reserved: 6, shipped: 6, returned: 2, invoiced: 4,
      invoicedAmount: 45.2, paidAmount: 50, openAmount: -4.8,
      invoices: [
        { id: invoice.id, number: invoice.number, date: invoice.date, kind: 'invoice', total: 67.8, openAmount: 17.8, status: 'open' },
        { id: back.creditNoteId, number: back.creditNoteNumber, date: expect.any(String), kind: 'credit-note', total: -22.6, openAmount: -22.6, status: 'open' },
      ],
    });
  });
});
