import { balance, createItem, daysFromToday, ledgerOf, receive, stockState, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Stock transfers', () => {
  let t: TestApp;
  let admin: string;
  let a: { id: number; code: string };
  let b: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('TRF-A');
    b = await t.createWarehouse('TRF-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When the source and destination are the same warehouse, then 422 naming toWarehouseId and nothing is written', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 5, 1);
    const before = await stockState(t);

    const res = await transfer(t, a.id, a.id, [{ itemId: item.id, qty: 1 }]);

    expectProblem(res, 422, ['toWarehouseId']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When goods are transferred, then the number is TRF-YYYY-NNNNNN and the value that leaves arrives', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 3, 3.3333); // 9.9999 → 10.00

    const res = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 1 }]);

    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^TRF-\d{4}-\d{6}$/);
    // 1 × 10.00 / 3 = 3.333… → 3.33
    expect(res.body.lines).toEqual([
      expect.objectContaining({ line: 0, warehouseId: a.id, qty: -1, value: -3.33 }),
      expect.objectContaining({ line: 0, warehouseId: b.id, qty: 1, value: 3.33, unitCost: 3.33 }),
    ]);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 2, value: 6.67 });
    expect(await balance(t, b.id, item.id)).toMatchObject({ onHand: 1, value: 3.33 });
    expect((await ledgerOf(t, res.body.number)).every((m) => m.docType === 'TRF')).toBe(true);
  });

  test('When a transfer arrives where the item already has stock, then the destination averages it in', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 4, 5); // A: 20.00
    await receive(t, b.id, item.id, 2, 8); // B: 16.00

    await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 4 }]);

    // All of A (20.00) moves: B holds 6 @ 36.00, A nothing
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
    expect(await balance(t, b.id, item.id)).toMatchObject({ onHand: 6, value: 36 });
    expect((await balance(t, b.id, item.id)).rows[0]).toMatchObject({ unitCost: 6 });
  });

  test('When batch-tracked goods are transferred without a batch, then FEFO picks the batches and each keeps its value and expiry', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, a.id, item.id, 2, 5, { batchNo: 'T1', expiryDate: daysFromToday(20) }); // 10.00
    await receive(t, a.id, item.id, 5, 7, { batchNo: 'T2', expiryDate: daysFromToday(40) }); // 35.00

    const res = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 4 }]);

    expect(res.status).toBe(201);
    expect(res.body.lines.map((l: { warehouseId: number; batchNo: string; qty: number; value: number }) => [l.warehouseId, l.batchNo, l.qty, l.value])).toEqual([
      [a.id, 'T1', -2, -10],
      [a.id, 'T2', -2, -14],
      [b.id, 'T1', 2, 10],
      [b.id, 'T2', 2, 14],
    ]);
    expect((await balance(t, b.id, item.id)).rows).toEqual([
      expect.objectContaining({ batchNo: 'T1', expiryDate: daysFromToday(20), onHand: 2, value: 10 }),
      expect.objectContaining({ batchNo: 'T2', expiryDate: daysFromToday(40), onHand: 2, value: 14 }),
    ]);
    expect(await balance(t, a.id, item.id)).toMatchObject({ onHand: 3, value: 21 });
  });

  test('When a transfer names a batch, then only that batch moves', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, a.id, item.id, 2, 5, { batchNo: 'N1', expiryDate: daysFromToday(20) });
    await receive(t, a.id, item.id, 5, 7, { batchNo: 'N2', expiryDate: daysFromToday(40) });

    const res = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 3, batchNo: 'N2' }]);

    expect(res.body.lines.map((l: { batchNo: string; qty: number; value: number }) => [l.batchNo, l.qty, l.value])).toEqual([['N2', -3, -21], ['N2', 3, 21]]);
    expect(await balance(t, b.id, item.id, 'N1')).toMatchObject({ onHand: 0 });
  });

  test('When the source is short, then 409 names the line and nothing moves', async () => {
    const item = await createItem(t);
    const other = await createItem(t);
    await receive(t, a.id, item.id, 2, 1);
    await receive(t, a.id, other.id, 9, 1);
    const before = await stockState(t);

    const res = await transfer(t, a.id, b.id, [{ itemId: other.id, qty: 1 }, { itemId: item.id, qty: 3 }]);

    expectProblem(res, 409, ['lines[1].qty']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When two lines of one item together exceed the source, then 409 names both', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 5, 1);

    const res = await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 3 }, { itemId: item.id, qty: 3 }]);

    expectProblem(res, 409, ['lines[0].qty', 'lines[1].qty']);
  });

  test('When warehouses are named by code and the item by sku, then the transfer posts to them', async () => {
    const item = await createItem(t);
    await receive(t, a.id, item.id, 5, 2);

    const res = await t.post('/stock/transfers', { fromWarehouseCode: a.code, toWarehouseCode: b.code, lines: [{ sku: item.sku, qty: 2 }] }, admin);

    expect(res.status).toBe(201);
    expect(await balance(t, b.id, item.id)).toMatchObject({ onHand: 2, value: 4 });
  });

  test('When a warehouse code is unknown or missing, then 422 names the field', async () => {
    const item = await createItem(t);
    const before = await stockState(t);

    const unknown = await t.post('/stock/transfers', { fromWarehouseCode: a.code, toWarehouseCode: 'NOWHERE', lines: [{ itemId: item.id, qty: 1 }] }, admin);
    const missing = await t.post('/stock/transfers', { fromWarehouseId: a.id, lines: [{ itemId: item.id, qty: 1 }] }, admin);

    expectProblem(unknown, 422, ['toWarehouseCode']);
    expectProblem(missing, 422, ['toWarehouseId']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When a transfer quantity is zero or negative, then 422 names lines[i].qty', async () => {
    const item = await createItem(t);

    expectProblem(await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 0 }]), 422, ['lines[0].qty']);
    expectProblem(await transfer(t, a.id, b.id, [{ itemId: item.id, qty: -1 }]), 422, ['lines[0].qty']);
  });
});
