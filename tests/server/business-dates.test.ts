import { adjust, balance, createItem, daysFromToday, receive, setExpiry, stockState, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

/** Business dates, periods, expired batches and inactive items (API.md "Platform and stock: additions"). */
describe('Business dates and periods', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number };
  let other: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('BD-A');
    other = await t.createWarehouse('BD-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const closePeriod = (month: string, status = 'closed') =>
    t.services.db.sequelize.query(
      t.database.dialect === 'postgres'
        ? 'INSERT INTO periods (month, status) VALUES (:month, :status) ON CONFLICT (month) DO UPDATE SET status = excluded.status'
        : 'INSERT INTO periods (month, status) VALUES (:month, :status) ON CONFLICT (month) DO UPDATE SET status = excluded.status',
      { replacements: { month, status } },
    );

  test('When a document is dated after today in the business time zone, then it is refused with 422 naming the date', async () => {
    const item = await createItem(t);

    const tomorrow = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', date: daysFromToday(1), lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] }, admin);
    const today = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', date: daysFromToday(0), lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] }, admin);

    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.errors).toEqual([expect.objectContaining({ path: 'date' })]);
    expect(today.status).toBe(201);
    expect(today.body.date).toBe((await t.get('/health')).body.businessDate);
  });

  test('When a period is closed, then documents dated in it are refused with 409, and accepted again once it reopens', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 1);
    const lastMonth = daysFromToday(-40).slice(0, 7);
    await closePeriod(lastMonth);
    const before = await stockState(t);

    const dated = `${lastMonth}-15`;
    const adjustment = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'loss', date: dated, lines: [{ itemId: item.id, qty: -1 }] }, admin);
    const moved = await t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: other.id, date: dated, lines: [{ itemId: item.id, qty: 1 }] }, admin);

    expect(adjustment.status).toBe(409);
    expect(adjustment.body.errors).toEqual([expect.objectContaining({ path: 'date' })]);
    expect(moved.status).toBe(409);
    expect(await stockState(t)).toEqual(before);

    await closePeriod(lastMonth, 'open');
    expect((await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'loss', date: dated, lines: [{ itemId: item.id, qty: -1 }] }, admin)).status).toBe(201);
  });

  test('When today falls in a closed period, then cancelling a document is refused too', async () => {
    const item = await createItem(t);
    const doc = await receive(t, wh.id, item.id, 1, 1);
    const thisMonth = daysFromToday(0).slice(0, 7);
    await closePeriod(thisMonth);
    try {
      expect((await t.post(`/stock/adjustments/${doc.id}/cancel`, {}, admin)).status).toBe(409);
    } finally {
      await closePeriod(thisMonth, 'open');
    }
  });

  test('When a batch has expired, then it is never allocated, not available, and only an adjustment may name it', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 4, 1, { batchNo: 'OLD', expiryDate: daysFromToday(30) });
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'NEW', expiryDate: daysFromToday(60) });
    await setExpiry(t, wh.id, item.id, 'OLD', daysFromToday(-1));

    // FEFO would take OLD first; expired, it is skipped, and 3 cannot be met from NEW's 2.
    const fefo = await transfer(t, wh.id, other.id, [{ itemId: item.id, qty: 3 }]);
    const named = await transfer(t, wh.id, other.id, [{ itemId: item.id, qty: 1, batchNo: 'OLD' }]);
    const rows = (await balance(t, wh.id, item.id)).rows;
    const writeOff = await adjust(t, wh.id, [{ itemId: item.id, qty: -4, batchNo: 'OLD' }], 'damage');
    const fromNew = await transfer(t, wh.id, other.id, [{ itemId: item.id, qty: 2 }]);

    expect(fefo.status).toBe(409);
    expect(named.status).toBe(409);
    expect(named.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].batchNo' })]);
    expect(rows.find((r) => r.batchNo === 'OLD')).toMatchObject({ onHand: 4, available: 0 });
    expect(rows.find((r) => r.batchNo === 'NEW')).toMatchObject({ onHand: 2, available: 2 });
    expect(writeOff.status).toBe(201);
    expect(fromNew.status).toBe(201);
    expect(fromNew.body.lines.map((l: { batchNo: string; qty: number }) => [l.batchNo, l.qty])).toEqual([
      ['NEW', -2],
      ['NEW', 2],
    ]);
  });

  test('When an item is inactive, then postings naming it are refused with 422 naming the line', async () => {
    const item = await createItem(t);
    const active = await createItem(t);
    await receive(t, wh.id, item.id, 3, 1);
    expect((await t.patch(`/items/${item.id}`, { active: false }, admin)).status).toBe(200);
    const before = await stockState(t);

    const res = await adjust(t, wh.id, [
      { itemId: active.id, qty: 1, unitCost: 1 },
      { itemId: item.id, qty: -1 },
    ]);
    const moved = await transfer(t, wh.id, other.id, [{ itemId: item.id, qty: 1 }]);

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].sku', row: 1 })]);
    expect(moved.status).toBe(422);
    expect(await stockState(t)).toEqual(before);
  });

  test('When low-stock alerts are listed, then expired lots do not count as available, and the list is paged', async () => {
    const item = await createItem(t, { batchTracked: true, safetyStock: 5 });
    const place = await t.createWarehouse();
    await receive(t, place.id, item.id, 10, 1, { batchNo: 'X1', expiryDate: daysFromToday(10) });
    await receive(t, place.id, item.id, 2, 1, { batchNo: 'X2', expiryDate: daysFromToday(90) });
    const ok = await t.get(`/stock/alerts?warehouseId=${place.id}`, admin);
    expect(ok.body.data.filter((a: { kind: string }) => a.kind === 'low')).toEqual([]);

    await setExpiry(t, place.id, item.id, 'X1', daysFromToday(-2));
    const res = await t.get(`/stock/alerts?warehouseId=${place.id}`, admin);
    const page = await t.get(`/stock/alerts?warehouseId=${place.id}&limit=1&offset=1`, admin);

    // 12 on hand but only X2's 2 usable: low against a safety stock of 5.
    expect(res.body.data).toEqual([
      expect.objectContaining({ kind: 'low', itemId: item.id, available: 2, threshold: 5 }),
      expect.objectContaining({ kind: 'expired', batchNo: 'X1' }),
    ]);
    expect(res.body.total).toBe(2);
    expect(page.body).toEqual({ data: [expect.objectContaining({ kind: 'expired', batchNo: 'X1' })], total: 2 });
  });
});
