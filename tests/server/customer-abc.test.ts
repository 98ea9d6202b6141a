import { createItem, createPartner } from '../support/inventory';
import { expectProblem } from '../support/problems';
import { insertSalesInvoice } from '../support/sales-customers';
import { TestApp } from '../support/test-app';

/**
 * ABC classes by cumulative revenue share (A to 80 %, B to 95 %, C after),
 * from invoices and credit notes written straight into their tables (the
 * posting path is customer-sales-flow.test.ts). The share of the customers
 * ranked before one decides its class, so the customer whose revenue reaches
 * or crosses 80 % is still A.
 */
describe('Customer ABC classes', () => {
  let t: TestApp;
  let admin: string;
  const c: Record<string, { id: number; code: string }> = {};
  let item: { id: number };

  const sale = (k: string, date: string, amount: number, kind: 'invoice' | 'credit-note' = 'invoice', status?: string) =>
    insertSalesInvoice(t, { customerId: c[k]!.id, date, kind, status, lines: [{ itemId: item.id, qty: kind === 'invoice' ? 1 : -1, amount }] });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    item = await createItem(t, { sku: 'ABC-I' });
    for (const k of ['P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z']) c[k] = await createPartner(t, 'customers', { code: `ABC-${k}`, name: `Customer ${k}` });

    // 2022, total 10,000.00: P 5,000 (0 → 50 %), Q 3,500 − 500 = 3,000 (50 → 80 %: lands on 80, still A), R 1,000 (80 → 90: B),
    // S 500 (90 → 95: lands on 95, still B), T 300 (95 → 98: C), U 200 in two invoices (98 → 100: C).
    await sale('P', '2022-01-01', 5000);
    await sale('Q', '2022-03-01', 3500);
    await sale('Q', '2022-03-05', -500, 'credit-note');
    await sale('R', '2022-06-30', 1000);
    await sale('S', '2022-07-01', 500);
    await sale('T', '2022-09-09', 300);
    await sale('U', '2022-10-01', 150);
    await sale('U', '2022-12-31', 50);
    // Left out: V nets to zero, W has only a credit note, X's invoice is cancelled, Y's are outside the year.
    await sale('V', '2022-04-01', 100);
    await sale('V', '2022-04-02', -100, 'credit-note');
    await sale('W', '2022-05-01', -50, 'credit-note');
    await sale('X', '2022-05-01', 9000, 'invoice', 'cancelled');
    await sale('Y', '2021-12-31', 7000);
    await sale('Y', '2023-01-01', 7000);
    await insertSalesInvoice(t, { customerId: c.Z!.id, date: '2022-02-01', kind: 'opening', amount: 8000 });
  });
  afterAll(() => t.stop());
  // Measuring fixtures written into their tables (no journals): the ledgers' invariants are kept by customer-sales-flow.test.ts.

  test('When the year is classed, then the customers landing exactly on 80 % and 95 % keep the class they started in', async () => {
    const res = await t.get('/customers/abc?from=2022-01-01&to=2022-12-31', admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2022-01-01', to: '2022-12-31', total: 6,
      data: [
        { customerId: c.P!.id, customerCode: 'ABC-P', name: 'Customer P', revenue: 5000, share: 0.5, cumulativeShare: 0.5, abc: 'A' },
        { customerId: c.Q!.id, customerCode: 'ABC-Q', name: 'Customer Q', revenue: 3000, share: 0.3, cumulativeShare: 0.8, abc: 'A' },
        { customerId: c.R!.id, customerCode: 'ABC-R', name: 'Customer R', revenue: 1000, share: 0.1, cumulativeShare: 0.9, abc: 'B' },
        { customerId: c.S!.id, customerCode: 'ABC-S', name: 'Customer S', revenue: 500, share: 0.05, cumulativeShare: 0.95, abc: 'B' },
        { customerId: c.T!.id, customerCode: 'ABC-T', name: 'Customer T', revenue: 300, share: 0.03, cumulativeShare: 0.98, abc: 'C' },
        { customerId: c.U!.id, customerCode: 'ABC-U', name: 'Customer U', revenue: 200, share: 0.02, cumulativeShare: 1, abc: 'C' },
      ],
    });
  });

  test('When the window leaves P out, then the others are re-ranked over their own total: the one landing on 80 % is A, the one crossing 95 % B', async () => {
    // From 2022-01-02, total 5,000.00: Q 3,000 (0 → 60 %), R 1,000 (60 → 80 %), S 500 (80 → 90: B), T 300 (90 → 96: crosses 95, B), U 200 (96 → 100: C).
    const res = await t.get('/customers/abc?from=2022-01-02&to=2022-12-31', admin);

    expect(res.body.data.map((r: { customerCode: string; cumulativeShare: number; abc: string }) => [r.customerCode, r.cumulativeShare, r.abc])).toEqual([
      ['ABC-Q', 0.6, 'A'], ['ABC-R', 0.8, 'A'], ['ABC-S', 0.9, 'B'], ['ABC-T', 0.96, 'B'], ['ABC-U', 1, 'C'],
    ]);
  });

  test('When the window ends on a document\'s date, then it counts; a day before, it does not', async () => {
    const toJune30 = await t.get('/customers/abc?from=2022-06-30&to=2022-06-30', admin);
    const toJune29 = await t.get('/customers/abc?from=2022-03-02&to=2022-06-29', admin);

    expect(toJune30.body.data).toEqual([expect.objectContaining({ customerCode: 'ABC-R', revenue: 1000, share: 1, abc: 'A' })]);
    // Only Q's credit note and V's and W's: nothing positive is left to class.
    expect(toJune29.body).toMatchObject({ data: [], total: 0 });
  });

  test('When revenues tie, then the customer code decides the order, and so the class at a boundary', async () => {
    // 2024: K1 80.00 (A), then K2 and K3 10.00 each: K2 starts at 80 % (B), K3 at 90 % (B).
    for (const k of ['K1', 'K3', 'K2']) c[k] = await createPartner(t, 'customers', { code: `ABC-${k}` });
    await sale('K1', '2024-05-01', 80);
    await sale('K3', '2024-05-01', 10);
    await sale('K2', '2024-05-01', 10);

    const res = await t.get('/customers/abc?from=2024-01-01&to=2024-12-31', admin);

    expect(res.body.data.map((r: { customerCode: string; abc: string }) => [r.customerCode, r.abc])).toEqual([['ABC-K1', 'A'], ['ABC-K2', 'B'], ['ABC-K3', 'B']]);
  });

  test('When a class or a page is asked for, then only those rows come back, with the total of the class', async () => {
    const b = await t.get('/customers/abc?from=2022-01-01&to=2022-12-31&abc=B', admin);
    const page = await t.get('/customers/abc?from=2022-01-01&to=2022-12-31&limit=2&offset=4', admin);

    expect(b.body).toMatchObject({ total: 2, data: [expect.objectContaining({ customerCode: 'ABC-R' }), expect.objectContaining({ customerCode: 'ABC-S' })] });
    expect(page.body).toMatchObject({ total: 6, data: [expect.objectContaining({ customerCode: 'ABC-T' }), expect.objectContaining({ customerCode: 'ABC-U' })] });
  });

  test('When the class is unknown, the window backwards, or the user may not read customers, then 422 or 403', async () => {
    const clerk = await t.createUser([(await t.createRole(['item:read'])).name]);

    expectProblem(await t.get('/customers/abc?abc=D', admin), 422, ['abc']);
    expectProblem(await t.get('/customers/abc?from=2022-02-01&to=2022-01-31', admin), 422, ['from']);
    expectProblem(await t.get('/customers/abc?limit=0', admin), 422, ['limit']);
    expectProblem(await t.get('/customers/abc', clerk.token), 403);
  });
});
