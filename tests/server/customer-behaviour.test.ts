import { createItem, createPartner } from '../support/inventory';
import { expectProblem } from '../support/problems';
import { insertAllocation, insertSalesInvoice, insertSalesOrder } from '../support/sales-customers';
import { TestApp } from '../support/test-app';

/**
 * Behaviour and RFM over the first half of 2025, from orders, invoices,
 * credit notes and allocations written straight into their tables, every
 * figure worked out by hand below. (The whole path through the posting
 * APIs is customer-sales-flow.test.ts.)
 */
describe('Customer behaviour and RFM', () => {
  let t: TestApp;
  let admin: string;
  const H1 = 'from=2025-01-01&to=2025-06-30';
  const c: Record<string, { id: number; code: string }> = {};
  const items: Record<string, { id: number; sku: string }> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const wh = await t.createWarehouse('CB-W');
    for (const k of ['X', 'Y', 'Z']) items[k] = await createItem(t, { sku: `CB-${k}`, name: `Item ${k}` });
    for (const k of ['A', 'B', 'C', 'D', 'E', 'F', 'N']) c[k] = await createPartner(t, 'customers', { code: `CB-${k}`, name: `Customer ${k}` });
    const orders = async (k: string, dates: string[], status?: string) => {
      for (const date of dates) await insertSalesOrder(t, { customerId: c[k]!.id, warehouseId: wh.id, date, status });
    };
    const invoice = (k: string, date: string, lines: Array<[item: string, qty: number, amount: number]>, extra: { kind?: 'invoice' | 'credit-note'; status?: string } = {}) =>
      insertSalesInvoice(t, { customerId: c[k]!.id, date, ...extra, lines: lines.map(([item, qty, amount]) => ({ itemId: items[item]!.id, qty, amount })) });
    const { X, Y, Z } = { X: 'X', Y: 'Y', Z: 'Z' };

    // A: four standing orders in the window (first 02-01, last 06-20); a draft, a cancelled one and two outside it do not count.
    await orders('A', ['2025-02-01', '2025-03-01', '2025-05-10', '2025-06-20']);
    await orders('A', ['2025-06-25'], 'draft');
    await orders('A', ['2025-06-26'], 'cancelled');
    await orders('A', ['2024-12-31', '2025-07-01'], 'closed');
    // Revenue 1,500.00 + 200.00 − 100.00 = 1,600.00; X: qty 10 + 2 − 1 = 11 for 1,100.00, Y: 5 for 500.00.
    // The cancelled invoice, the one of 2024 and the opening receivable are not revenue.
    const inv1 = await invoice('A', '2025-02-05', [[X, 10, 1000], [Y, 5, 500]]);
    const inv2 = await invoice('A', '2025-05-15', [[X, 2, 200]]);
    await invoice('A', '2025-05-20', [[X, -1, -100]], { kind: 'credit-note' });
    await invoice('A', '2025-03-03', [[Z, 7, 700]], { status: 'cancelled' });
    const old = await invoice('A', '2024-12-31', [[Z, 9, 999]]);
    const opening = await insertSalesInvoice(t, { customerId: c.A!.id, date: '2025-01-02', kind: 'opening', amount: 5000 });
    // Paid: inv1 1,000.00 after 10 days and 300.00 after 31, inv2 100.00 after 20 → (10,000 + 9,300 + 2,000) / 1,400 = 15.2142… → 15.21.
    // Left out: an allocation undone, one after the window's end, a credit note set against inv2, and the allocations of the
    // 2024 invoice and of the opening receivable.
    const pay = (item: { openItemId: number | null }, date: string, amount: number, extra: { reversedOn?: string; kind?: 'credit-note' } = {}) =>
      insertAllocation(t, { customerId: c.A!.id, invoiceOpenItemId: item.openItemId!, date, amount, ...extra });
    await pay(inv1, '2025-02-15', 1000);
    await pay(inv1, '2025-03-08', 300);
    await pay(inv1, '2025-02-06', 200, { reversedOn: '2025-02-07' });
    await pay(inv1, '2025-07-10', 200);
    await pay(inv2, '2025-05-20', 100, { kind: 'credit-note' });
    await pay(inv2, '2025-06-04', 100);
    await pay(old, '2025-01-30', 999);
    await pay(opening, '2025-01-03', 5000);

    // B: one order, 2 days before the end; 50.00.
    await orders('B', ['2025-06-28']);
    await invoice('B', '2025-06-29', [[Y, 1, 50]]);
    // C: three orders, the last 140 days before the end; 3,000.00.
    await orders('C', ['2025-01-05', '2025-01-20', '2025-02-10']);
    await invoice('C', '2025-01-25', [[Z, 30, 3000]]);
    // D: one order on the window's second day (179 days), nothing invoiced.
    await orders('D', ['2025-01-02']);
    // E: six orders, the last 29 days before the end; 800.00.
    await orders('E', ['2025-01-10', '2025-02-10', '2025-03-10', '2025-04-10', '2025-05-10', '2025-06-01']);
    await invoice('E', '2025-04-15', [[X, 8, 800]]);
    // F: invoiced in the window for an order of 2024: revenue, but no sales (orders) in the window to be scored on.
    await orders('F', ['2024-12-20']);
    await invoice('F', '2025-03-01', [[Y, 8, 400]]);
  });
  afterAll(() => t.stop());
  // The documents here are measuring fixtures written into their tables (no stock moves, no journals), so the ledgers'
  // invariants are not theirs to keep; customer-sales-flow.test.ts keeps them for the documents it posts.

  /*
   * The population (an order in the window): A, B, C, D, E.
   * Recency (days to 06-30; fewer is better): 10, 2, 140, 179, 29 → strictly worse 3, 4, 1, 0, 2 → R 4, 5, 2, 1, 3.
   * Frequency: 4, 1, 3, 1, 6 → strictly worse 3, 0, 2, 0, 4 → F 4, 1, 3, 1, 5.
   * Monetary: 1,600, 50, 3,000, 0, 800 → strictly worse 3, 1, 4, 0, 2 → M 4, 2, 5, 1, 3.
   * Segments: A champions (R4 F4), B new (R5 F1), C at-risk (R2 F3), D lost (R1), E loyal (F5).
   */
  test('When a customer is analysed over a window, then every figure is as worked out by hand', async () => {
    const res = await t.get(`/customers/${c.A!.id}/behaviour?${H1}`, admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      customerId: c.A!.id, from: '2025-01-01', to: '2025-06-30',
      orders: 4, revenue: 1600, averageOrderValue: 400, firstOrderDate: '2025-02-01', lastOrderDate: '2025-06-20', recencyDays: 10,
      frequency: 4, monetary: 1600, rfm: { r: 4, f: 4, m: 4 }, segment: 'champions',
      topItems: [
        { itemId: items.X!.id, sku: 'CB-X', name: 'Item X', qty: 11, revenue: 1100 },
        { itemId: items.Y!.id, sku: 'CB-Y', name: 'Item Y', qty: 5, revenue: 500 },
      ],
      averageDaysToPay: 15.21,
    });
  });

  test.each([
    ['B', { orders: 1, revenue: 50, averageOrderValue: 50, recencyDays: 2, rfm: { r: 5, f: 1, m: 2 }, segment: 'new' }],
    ['C', { orders: 3, revenue: 3000, averageOrderValue: 1000, recencyDays: 140, rfm: { r: 2, f: 3, m: 5 }, segment: 'at-risk' }],
    ['D', { orders: 1, revenue: 0, averageOrderValue: 0, recencyDays: 179, rfm: { r: 1, f: 1, m: 1 }, segment: 'lost', topItems: [], averageDaysToPay: null }],
    ['E', { orders: 6, revenue: 800, averageOrderValue: 133.33, recencyDays: 29, rfm: { r: 3, f: 5, m: 3 }, segment: 'loyal' }],
  ])('When customer %s is analysed, then its scores and segment are the hand-computed ones', async (k, expected) => {
    const res = await t.get(`/customers/${c[k]!.id}/behaviour?${H1}`, admin);

    expect(res.body).toMatchObject(expected);
  });

  test('When a customer has no orders in the window, then it is not scored: rfm, segment and recency are null, revenue still counts', async () => {
    const f = await t.get(`/customers/${c.F!.id}/behaviour?${H1}`, admin);
    const n = await t.get(`/customers/${c.N!.id}/behaviour?${H1}`, admin);

    expect(f.body).toMatchObject({ orders: 0, revenue: 400, averageOrderValue: 0, recencyDays: null, firstOrderDate: null, lastOrderDate: null, rfm: null, segment: null });
    expect(f.body.topItems).toEqual([expect.objectContaining({ sku: 'CB-Y', qty: 8, revenue: 400 })]);
    expect(n.body).toEqual({
      customerId: c.N!.id, from: '2025-01-01', to: '2025-06-30', orders: 0, revenue: 0, averageOrderValue: 0, firstOrderDate: null, lastOrderDate: null,
      recencyDays: null, frequency: 0, monetary: 0, rfm: null, segment: null, topItems: [], averageDaysToPay: null,
    });
  });

  test('When the window starts or ends on a document\'s date, then that document counts; a day later or earlier it does not', async () => {
    const on = await t.get(`/customers/${c.A!.id}/behaviour?from=2025-02-01&to=2025-06-20`, admin);
    const inside = await t.get(`/customers/${c.A!.id}/behaviour?from=2025-02-02&to=2025-06-19`, admin);
    const afterInvoice = await t.get(`/customers/${c.A!.id}/behaviour?from=2025-02-06&to=2025-06-30`, admin);

    expect(on.body).toMatchObject({ orders: 4, firstOrderDate: '2025-02-01', lastOrderDate: '2025-06-20', recencyDays: 0, revenue: 1600 });
    expect(inside.body).toMatchObject({ orders: 2, firstOrderDate: '2025-03-01', lastOrderDate: '2025-05-10', recencyDays: 40, revenue: 1600, averageOrderValue: 800 });
    // From 02-06 inv1 is outside: revenue 200 − 100; paid of inv2 only the receipt after 20 days.
    expect(afterInvoice.body).toMatchObject({ orders: 3, revenue: 100, averageDaysToPay: 20 });
    expect(afterInvoice.body.topItems).toEqual([expect.objectContaining({ sku: 'CB-X', qty: 1, revenue: 100 })]);
  });

  test('When no window is given, then it runs from the beginning to today, recency counted to today', async () => {
    const today = t.services.calendar.today();
    const res = await t.get(`/customers/${c.A!.id}/behaviour`, admin);
    const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse('2025-07-01T00:00:00Z')) / 86_400_000);

    // Six standing orders, 2024-12-31 to 2025-07-01; revenue now includes the 2024 invoice: 1,600.00 + 999.00.
    expect(res.body).toMatchObject({ from: null, to: today, orders: 6, firstOrderDate: '2024-12-31', lastOrderDate: '2025-07-01', recencyDays: days, revenue: 2599 });
    // Every allocation to inv1, inv2 and the 2024 invoice that stands: (10,000 + 9,300 + 200 × 155 + 2,000 + 999 × 30) / 2,599.
    expect(res.body.averageDaysToPay).toBe(Math.round(((10_000 + 9_300 + 200 * 155 + 2_000 + 999 * 30) / 2_599) * 100) / 100);
  });

  test('When the RFM table is asked for, then every customer with an order in the window is scored, by code; a segment picks its customers', async () => {
    const res = await t.get(`/customers/rfm?${H1}`, admin);
    const loyal = await t.get(`/customers/rfm?${H1}&segment=loyal`, admin);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, from: '2025-01-01', to: '2025-06-30' });
    expect(res.body.data).toEqual([
      { customerId: c.A!.id, customerCode: 'CB-A', name: 'Customer A', recencyDays: 10, frequency: 4, monetary: 1600, r: 4, f: 4, m: 4, segment: 'champions' },
      { customerId: c.B!.id, customerCode: 'CB-B', name: 'Customer B', recencyDays: 2, frequency: 1, monetary: 50, r: 5, f: 1, m: 2, segment: 'new' },
      { customerId: c.C!.id, customerCode: 'CB-C', name: 'Customer C', recencyDays: 140, frequency: 3, monetary: 3000, r: 2, f: 3, m: 5, segment: 'at-risk' },
      { customerId: c.D!.id, customerCode: 'CB-D', name: 'Customer D', recencyDays: 179, frequency: 1, monetary: 0, r: 1, f: 1, m: 1, segment: 'lost' },
      { customerId: c.E!.id, customerCode: 'CB-E', name: 'Customer E', recencyDays: 29, frequency: 6, monetary: 800, r: 3, f: 5, m: 3, segment: 'loyal' },
    ]);
    expect(loyal.body).toMatchObject({ data: [expect.objectContaining({ customerCode: 'CB-E' })], total: 1 });
    expect((await t.get(`/customers/rfm?${H1}&limit=2&offset=3`, admin)).body.data.map((r: { customerCode: string }) => r.customerCode)).toEqual(['CB-D', 'CB-E']);
  });

  test('When a window has no sales, then the table is empty', async () => {
    expect((await t.get('/customers/rfm?from=2020-01-01&to=2020-12-31', admin)).body).toEqual({ data: [], total: 0, from: '2020-01-01', to: '2020-12-31' });
  });

  test('When the window is malformed or backwards, the customer unknown or the user not permitted, then 422, 404 or 403', async () => {
    const seller = await t.createUser([(await t.createRole(['sales:read'])).name]);

    expectProblem(await t.get(`/customers/${c.A!.id}/behaviour?from=2025-07-01&to=2025-06-30`, admin), 422, ['from']);
    expectProblem(await t.get(`/customers/${c.A!.id}/behaviour?to=2025-13-01`, admin), 422, ['to']);
    expectProblem(await t.get('/customers/rfm?from=2025-07-01&to=2025-06-30', admin), 422, ['from']);
    expectProblem(await t.get(`/customers/rfm?segment=vip`, admin), 422, ['segment']);
    expectProblem(await t.get('/customers/999999/behaviour', admin), 404);
    expectProblem(await t.get(`/customers/${c.A!.id}/behaviour`, seller.token), 403);
    expectProblem(await t.get('/customers/rfm', seller.token), 403);
  });

  test('When a customer bought twelve items, then the ten with the most revenue come back, ties by item, net of credit notes', async () => {
    const customer = await createPartner(t, 'customers', { code: 'TI-1' });
    const made: Array<{ id: number; sku: string }> = [];
    for (let i = 1; i <= 12; i++) made.push(await createItem(t, { sku: `TI-${String(i).padStart(2, '0')}` }));
    // Item i sells for i × 10.00, except items 11 and 12: 25.00 each (tied, so by id) and item 1's 10.00 credited back to 0.
    const lines = made.map((item, i) => ({ itemId: item.id, qty: 1, amount: i >= 10 ? 25 : (i + 1) * 10 }));
    await insertSalesInvoice(t, { customerId: customer.id, date: '2023-03-01', lines });
    await insertSalesInvoice(t, { customerId: customer.id, date: '2023-03-02', kind: 'credit-note', lines: [{ itemId: made[0]!.id, qty: -1, amount: -10 }] });

    const res = await t.get(`/customers/${customer.id}/behaviour?from=2023-01-01&to=2023-12-31`, admin);

    expect(res.body.topItems.map((i: { sku: string; revenue: number }) => [i.sku, i.revenue])).toEqual([
      ['TI-10', 100], ['TI-09', 90], ['TI-08', 80], ['TI-07', 70], ['TI-06', 60], ['TI-05', 50], ['TI-04', 40], ['TI-03', 30], ['TI-11', 25], ['TI-12', 25],
    ]);
    // 10.00 + 20.00 + … + 100.00 + 2 × 25.00 − 10.00.
    expect(res.body).toMatchObject({ revenue: 590, orders: 0 });
  });
});
