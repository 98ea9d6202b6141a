import { adjust, balance, createItem, ledgerOf, receive, setReserved, stockState } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Stock adjustments', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('ADJ-A');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When opening stock is posted, then it is numbered ADJ-YYYY-NNNNNN and its lines are the moves made', async () => {
    const item = await createItem(t);

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: 12.5, unitCost: 3.2 }], 'opening');

    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(new RegExp(`^ADJ-${res.body.date.slice(0, 4)}-\\d{6}$`));
    // 12.5 × 3.2 = 40.00
    expect(res.body.lines).toEqual([{ line: 0, itemId: item.id, sku: item.sku, warehouseId: wh.id, batchNo: null, expiryDate: null, qty: 12.5, unitCost: 3.2, value: 40 }]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 12.5, value: 40 });
  });

  test('When an adjustment is dated, then its number carries that year and its moves that date', async () => {
    const item = await createItem(t);

    const res = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', date: '2025-12-31', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] }, admin);

    expect(res.body.number).toMatch(/^ADJ-2025-\d{6}$/);
    expect((await ledgerOf(t, res.body.number))[0]).toMatchObject({ docType: 'ADJ', docNumber: res.body.number });
    expect((await t.get(`/stock/ledger?itemId=${item.id}`, admin)).body.data[0].date).toBe('2025-12-31');
  });

  test('When documents follow each other, then their numbers count up by one', async () => {
    const item = await createItem(t);

    const first = await receive(t, wh.id, item.id, 1, 1);
    const second = await receive(t, wh.id, item.id, 1, 1);

    expect(Number(second.number.slice(-6))).toBe(Number(first.number.slice(-6)) + 1);
  });

  test('When a negative line is posted, then it removes stock at the moving average cost', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 2.5); // 25.00
    await receive(t, wh.id, item.id, 5, 4); //    20.00 → 15 @ 45.00

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -6 }], 'damage');

    expect(res.status).toBe(201);
    // 6 × 45.00 / 15 = 18.00, i.e. 3.0000 a unit
    expect(res.body.lines[0]).toMatchObject({ qty: -6, unitCost: 3, value: -18 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 9, value: 27 });
  });

  test('When one line of a document is short, then 409 names that line and nothing of the document is posted', async () => {
    const a = await createItem(t);
    const b = await createItem(t);
    await receive(t, wh.id, a.id, 10, 1);
    await receive(t, wh.id, b.id, 5, 1);
    const before = await stockState(t);

    const res = await adjust(t, wh.id, [{ itemId: a.id, qty: -3 }, { itemId: b.id, qty: -7 }]);

    expectProblem(res, 409, ['lines[1].qty']);
    expect(res.body.errors[0]).toMatchObject({ row: 1 });
    expect(await stockState(t)).toEqual(before);
    expect(await balance(t, wh.id, a.id)).toMatchObject({ onHand: 10 });
  });

  test('When two lines of one item are each within stock but together beyond it, then 409 names both', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const before = await stockState(t);

    const res = await adjust(t, wh.id, [{ sku: item.sku, qty: -6 }, { itemId: item.id, qty: -6 }]);

    expectProblem(res, 409, ['lines[0].qty', 'lines[1].qty']);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([0, 1]);
    expect(res.body.errors[0].message).toMatch(/12.*10/);
    expect(await stockState(t)).toEqual(before);
  });

  test('When a document brings in what it takes out, then the receipt covers the issue, valued receipt first', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 2, 3); // 6.00

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -6 }, { itemId: item.id, qty: 5, unitCost: 1 }]);

    expect(res.status).toBe(201);
    // 2 @ 6.00 + 5 @ 5.00 = 7 @ 11.00; the issue takes 6 × 11.00 / 7 = 9.428… → 9.43
    expect(res.body.lines).toEqual([
      expect.objectContaining({ line: 0, qty: -6, value: -9.43 }),
      expect.objectContaining({ line: 1, qty: 5, value: 5 }),
    ]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 1, value: 1.57 });
  });

  test('When stock is reserved, then it is not available to an adjustment', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 2); // 20.00
    await setReserved(t, wh.id, item.id, 4);
    const before = await stockState(t);

    const refused = await adjust(t, wh.id, [{ itemId: item.id, qty: -7 }]);
    expectProblem(refused, 409, ['lines[0].qty']);
    expect(refused.body.errors[0].message).toMatch(/only 6 is available/);
    expect(await stockState(t)).toEqual(before);

    const allowed = await adjust(t, wh.id, [{ itemId: item.id, qty: -6 }]);
    expect(allowed.status).toBe(201);
    // 6 × 20.00 / 10 = 12.00
    expect(allowed.body.lines[0].value).toBe(-12);
    expect((await balance(t, wh.id, item.id)).rows).toEqual([expect.objectContaining({ onHand: 4, reserved: 4, available: 0, value: 8 })]);
  });

  test('When the warehouse and item are named by code and sku, then the adjustment posts to them', async () => {
    const item = await createItem(t);

    const res = await t.post('/stock/adjustments', { warehouseCode: wh.code, reason: 'found', lines: [{ sku: item.sku, qty: 2, unitCost: 0.5 }] }, admin);

    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ itemId: item.id, warehouseId: wh.id, value: 1 });
  });

  test('When itemId and sku name different items, or warehouseId and warehouseCode differ, then 422 names the field', async () => {
    const a = await createItem(t);
    const b = await createItem(t);
    const other = await t.createWarehouse('ADJ-OTHER');

    const items = await adjust(t, wh.id, [{ itemId: a.id, sku: b.sku, qty: 1, unitCost: 1 }]);
    const warehouses = await t.post('/stock/adjustments', { warehouseId: wh.id, warehouseCode: other.code, reason: 'found', lines: [{ itemId: a.id, qty: 1, unitCost: 1 }] }, admin);

    expectProblem(items, 422, ['lines[0].sku']);
    expectProblem(warehouses, 422, ['warehouseCode']);
  });

  test('When the reason is not one of the list, then 422 naming reason', async () => {
    const item = await createItem(t);

    expectProblem(await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1 }], 'because'), 422, ['reason']);
  });

  test('When stock is posted into an inactive warehouse, then 422 naming warehouseId', async () => {
    const closed = await t.createWarehouse('ADJ-CLOSED');
    await t.patch(`/warehouses/${closed.id}`, { active: false }, admin);
    const item = await createItem(t);

    expectProblem(await adjust(t, closed.id, [{ itemId: item.id, qty: 1, unitCost: 1 }]), 422, ['warehouseId']);
  });

  test('When an adjustment posts or is refused, then the audit log records it, with its number or its reason', async () => {
    const item = await createItem(t);

    const posted = await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1 }]);
    const refused = await adjust(t, wh.id, [{ itemId: item.id, qty: -5 }]);

    const records = (await t.get('/audit-log?entity=stock-adjustment&limit=2', admin)).body.data;
    expect(refused.status).toBe(409);
    expect(records[1]).toMatchObject({ action: 'post', ok: true, entityId: String(posted.body.id), detail: expect.objectContaining({ number: posted.body.number, lines: 1 }) });
    expect(records[0]).toMatchObject({ action: 'post', ok: false, detail: expect.objectContaining({ status: 409 }) });
  });

  test('When the whole balance is removed after odd-cent receipts, then no value is left behind', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 3, 0.3333); // 0.9999 → 1.00
    await receive(t, wh.id, item.id, 0.5, 0.0101); // 0.00505 → 0.01 → 3.5 @ 1.01

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -3.5 }], 'loss');

    expect(res.body.lines[0].value).toBe(-1.01);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
  });
});
