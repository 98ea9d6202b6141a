import type { Holder } from '../../server/ledgers/stock-ledger';
import { AppError } from '../../server/platform/errors';
import { balance, createItem, daysFromToday, receive, setExpiry, transfer } from '../support/inventory';
import { expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

/**
 * The gate's operations that have no route of their own yet (reservations for
 * sales orders, revaluation for purchase invoices), driven directly in a
 * use case's transaction; figures worked out by hand.
 */
describe('Stock gate operations', () => {
  let t: TestApp;
  let wh: { id: number };
  let other: { id: number };
  let docs = 0;
  beforeAll(async () => {
    t = await TestApp.start();
    wh = await t.createWarehouse('GATE-A');
    other = await t.createWarehouse('GATE-B');
  });
  afterAll(() => t.stop());
  // The gate alone, without the journals documents post beside it: the stock ledger's own invariants only.
  afterEach(() => expectStockInvariants(t));

  const gate = () => t.services.stockLedger;
  const inTx = <T>(work: Parameters<typeof t.services.db.transaction<T>>[0]) => t.services.db.transaction(work);
  const today = () => t.services.calendar.today();
  const docRef = (docType = 'TEST') => ({ docType, docId: 900000 + ++docs, docNumber: `${docType}-${docs}`, date: today(), userId: null });
  const order = (): Holder => ({ docType: 'SO', docId: 800000 + ++docs, number: `SO-T-${docs}` });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };

  test('When a document posts, then the gate returns its value totals in and out for the journal', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 4, 2.5); // 10.00

    const posted = await inTx((tx) =>
      gate().post(
        [
          { line: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: 2000, unitCost: 40000 }, // +2 at 4.0000 = 8.00 → 6 on hand, 18.00
          { line: 1, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: -3000 }, // −3 × 18.00 / 6 = 9.00
        ],
        docRef(),
        tx,
      ),
    );

    expect(posted.totals).toEqual({ in: 800, out: 900 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 3, value: 9 });
  });

  test('When two rows of one document consume the same reservation, then the reservation is written once, with their sum', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const so = order();
    await inTx((tx) => gate().reserve([{ line: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: 6000 }], so, tx));

    // Rows 0 and 1 both ship the order's line 0 (PostgreSQL refuses an upsert touching one row twice).
    await inTx((tx) =>
      gate().post(
        [
          { line: 0, holderLine: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: -2000 },
          { line: 1, holderLine: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: -3000 },
        ],
        docRef('SH'),
        tx,
        { against: so },
      ),
    );

    const rows = (await t.get(`/stock/balances?warehouseId=${wh.id}&itemId=${item.id}&withReservations=true`, await t.adminToken())).body.data;
    expect(rows).toEqual([expect.objectContaining({ onHand: 5, reserved: 1, reservedBy: [{ docType: 'SO', docId: so.docId, number: so.number, qty: 1 }] })]);
  });

  test('When stock is reserved, then plain issues cannot take it, while an issue against the reservation can', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const so = order();

    await inTx((tx) => gate().reserve([{ line: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: 8000 }], so, tx));
    const plain = await refusal(inTx((tx) => gate().post([{ line: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: -3000 }], docRef(), tx)));
    const shipped = await inTx((tx) => gate().post([{ line: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: -5000 }], docRef('SH'), tx, { against: so }));
    const rows = (await t.get(`/stock/balances?warehouseId=${wh.id}&itemId=${item.id}&withReservations=true`, await t.adminToken())).body.data;

    expect(plain.status).toBe(409);
    expect(shipped.totals).toEqual({ in: 0, out: 500 });
    // 10 − 5 shipped = 5 on hand; 8 − 5 consumed = 3 still reserved for the order; 2 free.
    expect(rows).toEqual([expect.objectContaining({ onHand: 5, reserved: 3, available: 2, reservedBy: [{ docType: 'SO', docId: so.docId, number: so.number, qty: 3 }] })]);

    const released = await inTx((tx) => gate().release(so, tx));
    expect(released.map((r) => r.qty)).toEqual([-3000]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ rows: [expect.objectContaining({ reserved: 0, available: 5 })] });
  });

  test('When a reservation cannot be met from unexpired free stock, then it is refused whole and nothing is reserved', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 5, 1, { batchNo: 'R-OLD', expiryDate: daysFromToday(20) });
    await receive(t, wh.id, item.id, 3, 1, { batchNo: 'R-NEW', expiryDate: daysFromToday(200) });
    await setExpiry(t, wh.id, item.id, 'R-OLD', daysFromToday(-1));
    const so = order();

    const err = await refusal(
      inTx((tx) =>
        gate().reserve(
          [
            { line: 0, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: 2000 },
            { line: 1, itemId: item.id, warehouseId: wh.id, batchNo: null, qty: 2000 },
          ],
          so,
          tx,
        ),
      ),
    );

    expect(err.status).toBe(409);
    expect(err.errors.map((e) => e.path)).toEqual(['lines[1].qty']);
    expect((await balance(t, wh.id, item.id)).rows.map((r) => r.reserved)).toEqual([0, 0]);
  });

  test('When a stocktake counts less than book, then the loss is checked against what is truly free, and the refusal names the line as the stocktake shows it', async () => {
    const item = await createItem(t, { sku: `ZZ-${Date.now()}` });
    const first = await createItem(t, { sku: `AA-${Date.now()}` });
    const place = await t.createWarehouse();
    await receive(t, place.id, item.id, 10, 1);
    await receive(t, place.id, first.id, 2, 1);
    await inTx((tx) => gate().reserve([{ line: 0, itemId: item.id, warehouseId: place.id, batchNo: null, qty: 9000 }], order(), tx));
    const admin = await t.adminToken();
    const st = await t.post('/stocktakes', { warehouseId: place.id }, admin);
    // Counted in the other order than the stocktake lists its lines (by SKU: AA first, ZZ second).
    await t.put(`/stocktakes/${st.body.id}/counts`, { lines: [{ itemId: item.id, countedQty: 7 }, { itemId: first.id, countedQty: 2 }] }, admin);

    // A loss of 3 where only 1 is free would leave 7 on hand under 9 reserved.
    const res = await t.post(`/stocktakes/${st.body.id}/post`, {}, admin);

    expect(st.body.lines.map((l: { itemId: number }) => l.itemId)).toEqual([first.id, item.id]);
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].qty', row: 1 })]);
    expect(await balance(t, place.id, item.id)).toMatchObject({ onHand: 10 });
  });

  test('When stock is revalued, then only its value moves; a balance with nothing on hand cannot be revalued', async () => {
    const item = await createItem(t);
    await receive(t, other.id, item.id, 4, 1); // 4.00
    const empty = await createItem(t);

    const revalued = await inTx(async (tx) => {
      const plan = await gate().prepareRevaluation([{ line: 0, itemId: item.id, warehouseId: other.id, batchNo: '', value: 150 }], today(), tx);
      return gate().apply(plan, docRef('PI'), tx);
    });
    const refused = await refusal(inTx((tx) => gate().prepareRevaluation([{ line: 0, itemId: empty.id, warehouseId: other.id, batchNo: '', value: 100 }], today(), tx)));

    expect(revalued.moves).toEqual([expect.objectContaining({ qty: 0, value: 150 })]);
    expect(revalued.totals).toEqual({ in: 150, out: 0 });
    expect(await balance(t, other.id, item.id)).toMatchObject({ onHand: 4, value: 5.5 });
    expect(refused.status).toBe(409);
  });

  test('When a transfer and a reservation meet, then the transfer cannot move reserved stock away', async () => {
    const item = await createItem(t);
    const place = await t.createWarehouse();
    await receive(t, place.id, item.id, 4, 1);
    await inTx((tx) => gate().reserve([{ line: 0, itemId: item.id, warehouseId: place.id, batchNo: null, qty: 3000 }], order(), tx));

    expect((await transfer(t, place.id, other.id, [{ itemId: item.id, qty: 2 }])).status).toBe(409);
    expect((await transfer(t, place.id, other.id, [{ itemId: item.id, qty: 1 }])).status).toBe(201);
  });
});
