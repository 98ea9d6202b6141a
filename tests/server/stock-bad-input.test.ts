import { balance, createItem, receive, stockState } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

/** Each refused post answers problem+json naming the field and the line, and writes nothing. */
describe('Bad input to stock posts', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  let item: { id: number; sku: string };
  let before: Awaited<ReturnType<typeof stockState>>;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('BAD-A');
    item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
  });
  afterAll(() => t.stop());
  beforeEach(async () => {
    before = await stockState(t);
  });
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const post = (body: unknown) => t.post('/stock/adjustments', body, admin);
  const adjustment = (lines: unknown[], extra: Record<string, unknown> = {}) => post({ warehouseId: wh.id, reason: 'correction', lines, ...extra });
  const good = () => ({ itemId: item.id, qty: 1, unitCost: 1 });

  async function expectRefused(res: Awaited<ReturnType<typeof post>>, status: number, paths: string[]) {
    expectProblem(res, status, paths);
    for (const e of res.body.errors as Array<{ path: string; row?: number }>) {
      const line = /^lines\[(\d+)\]/.exec(e.path);
      if (line) expect(e.row).toBe(Number(line[1]));
    }
    expect(await stockState(t)).toEqual(before);
  }

  test('When a line names an unknown sku, then 422 names lines[i].sku', async () => {
    await expectRefused(await adjustment([good(), { sku: 'NO-SUCH-SKU', qty: 1, unitCost: 1 }]), 422, ['lines[1].sku']);
  });

  test('When a line names an unknown itemId, then 422 names lines[i].itemId', async () => {
    await expectRefused(await adjustment([{ itemId: 999999, qty: 1, unitCost: 1 }, good()]), 422, ['lines[0].itemId']);
  });

  test('When several lines name unknown items, then every one of them is named at once', async () => {
    await expectRefused(await adjustment([{ sku: 'NOPE-1', qty: 1, unitCost: 1 }, good(), { itemId: 999998, qty: -1 }]), 422, ['lines[0].sku', 'lines[2].itemId']);
  });

  test('When a line names neither itemId nor sku, then 422 names lines[i].sku', async () => {
    await expectRefused(await adjustment([{ qty: 1, unitCost: 1 }]), 422, ['lines[0].sku']);
  });

  test('When the warehouse is unknown by id or by code, or missing, then 422 names that field', async () => {
    await expectRefused(await post({ warehouseId: 999999, reason: 'correction', lines: [good()] }), 422, ['warehouseId']);
    await expectRefused(await post({ warehouseCode: 'NOWHERE', reason: 'correction', lines: [good()] }), 422, ['warehouseCode']);
    await expectRefused(await post({ reason: 'correction', lines: [good()] }), 422, ['warehouseId']);
  });

  test('When a quantity has 4 decimals, then 422 names lines[i].qty', async () => {
    await expectRefused(await adjustment([good(), { itemId: item.id, qty: 1.0005, unitCost: 1 }]), 422, ['lines[1].qty']);
  });

  test('When a unit cost has 5 decimals, then 422 names lines[i].unitCost', async () => {
    await expectRefused(await adjustment([{ itemId: item.id, qty: 1, unitCost: 1.00001 }]), 422, ['lines[0].unitCost']);
  });

  test('When a quantity is 0, then 422 names lines[i].qty', async () => {
    await expectRefused(await adjustment([{ itemId: item.id, qty: 0, unitCost: 1 }]), 422, ['lines[0].qty']);
  });

  test.each([['"12"', '12'], ['"abc"', 'abc'], ['null', null], ['true', true]])('When a quantity is %s instead of a number, then 422 names lines[i].qty', async (_label, qty) => {
    await expectRefused(await adjustment([good(), { itemId: item.id, qty, unitCost: 1 }]), 422, ['lines[1].qty']);
  });

  test('When a quantity is missing, then 422 names lines[i].qty as required', async () => {
    const res = await adjustment([{ itemId: item.id, unitCost: 1 }]);

    await expectRefused(res, 422, ['lines[0].qty']);
    expect(res.body.errors[0].message).toBe('is required');
  });

  test('When a receipt has no unit cost, then 422 names lines[i].unitCost', async () => {
    await expectRefused(await adjustment([good(), { itemId: item.id, qty: 2 }]), 422, ['lines[1].unitCost']);
  });

  test('When a unit cost is negative, then 422 names lines[i].unitCost', async () => {
    await expectRefused(await adjustment([{ itemId: item.id, qty: 2, unitCost: -1 }]), 422, ['lines[0].unitCost']);
  });

  test('When a quantity is absurdly large, then 422 names lines[i].qty', async () => {
    await expectRefused(await adjustment([{ itemId: item.id, qty: 1e15, unitCost: 1 }]), 422, ['lines[0].qty']);
  });

  test('When a line is worth more than can be kept exactly (2^53 cents), then 422 names lines[i].qty', async () => {
    // 999,999,999.999 × 999,999.9999 ≈ 10^15 CNY = 10^17 cents
    await expectRefused(await adjustment([good(), { itemId: item.id, qty: 999_999_999.999, unitCost: 999_999.9999 }]), 422, ['lines[1].qty']);
  });

  test('When receipts that are each within range would together push a balance out of range, then the one that does is refused', async () => {
    const big = await createItem(t);
    // 500,000,000 × 100,000 = 5 × 10^13 CNY = 5 × 10^15 cents: exact. Twice is 10^16 cents, past 2^53 ≈ 9.007 × 10^15.
    const first = await adjustment([{ itemId: big.id, qty: 500_000_000, unitCost: 100_000 }]);
    expect(first.status).toBe(201);
    before = await stockState(t);

    await expectRefused(await adjustment([{ itemId: big.id, qty: 500_000_000, unitCost: 100_000 }]), 422, ['lines[0].qty']);
    expect(await balance(t, wh.id, big.id)).toMatchObject({ onHand: 500_000_000, value: 50_000_000_000_000 });
  });

  test('When lines are missing, empty or not a list, then 422 names lines', async () => {
    await expectRefused(await post({ warehouseId: wh.id, reason: 'correction' }), 422, ['lines']);
    await expectRefused(await adjustment([]), 422, ['lines']);
    await expectRefused(await post({ warehouseId: wh.id, reason: 'correction', lines: 'all of them' }), 422, ['lines']);
  });

  test('When the body or a line carries an unknown field, then 422 names it', async () => {
    await expectRefused(await adjustment([good()], { approvedBy: 'me' }), 422, ['approvedBy']);
    await expectRefused(await adjustment([good(), { ...good(), colour: 'red' }]), 422, ['lines[1].colour']);
  });

  test('When a date is not YYYY-MM-DD, then 422 names it', async () => {
    await expectRefused(await adjustment([good()], { date: '31/12/2025' }), 422, ['date']);
    await expectRefused(await adjustment([{ ...good(), expiryDate: '2025-02-30' }]), 422, ['lines[0].expiryDate']);
  });

  test('When the body is not JSON, then 400 and nothing is written', async () => {
    const res = await t.http.post('/api/v1/stock/adjustments').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('{"warehouseId": 1, "lines": [');

    expectProblem(res, 400);
    expect(await stockState(t)).toEqual(before);
  });

  test('When a transfer line is bad, then 422 names it the same way', async () => {
    const other = await t.createWarehouse('BAD-B');
    before = await stockState(t);

    const res = await t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: other.id, lines: [{ itemId: item.id, qty: 1 }, { sku: 'NOPE', qty: 1 }, { itemId: item.id, qty: 1.2345 }] }, admin);

    expectProblem(res, 422, ['lines[2].qty']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When a body is about 12 MB, then 413 and nothing is written', async () => {
    const res = await adjustment([good()], { note: 'x'.repeat(12 * 1024 * 1024) });

    expectProblem(res, 413);
    expect(await stockState(t)).toEqual(before);
  });

  test('When an adjustment has 10,000 lines, then it posts in one document and the balances reflect every line', async () => {
    const items = await Promise.all(Array.from({ length: 20 }, () => createItem(t)));
    const lines = Array.from({ length: 10_000 }, (_, i) => ({ itemId: items[i % 20]!.id, qty: 0.5, unitCost: 1.25 + (i % 4) * 0.25 }));

    const res = await adjustment(lines, { reason: 'opening' });

    expect(res.status).toBe(201);
    expect(res.body.lines).toHaveLength(10_000);
    expect((await stockState(t)).moves).toBe(before.moves + 10_000);
    // Item k gets lines k, k+20, …: 500 lines of 0.5 = 250 on hand, all at the cost 1.25 + (k % 4) × 0.25.
    // Each line is valued on its own, half-up: 0.5 × 1.25 = 0.625 → 0.63, × 1.50 = 0.75, × 1.75 = 0.875 → 0.88, × 2.00 = 1.00.
    const valueByCost = [315, 375, 440, 500];
    for (const [k, it] of items.entries()) {
      expect(await balance(t, wh.id, it.id)).toMatchObject({ onHand: 250, value: valueByCost[k % 4] });
    }

    const issue = await adjustment(lines.map((l) => ({ itemId: l.itemId, qty: -0.5 })), { reason: 'loss' });

    // 10,000 issues take it all out again, and the last of each item takes what value is left: nothing remains.
    expect(issue.status).toBe(201);
    for (const it of items) expect(await balance(t, wh.id, it.id)).toMatchObject({ onHand: 0, value: 0 });
  }, 60_000);
});
