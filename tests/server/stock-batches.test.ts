import { adjust, balance, createItem, daysFromToday, ledgerOf, receive, setExpiry, setReserved, stockState } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Batch-tracked stock', () => {
  let t: TestApp;
  let wh: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    wh = await t.createWarehouse('BAT-A');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const tracked = () => createItem(t, { batchTracked: true });

  test('When a batch-tracked item is received without a batch, then 422 names lines[i].batchNo and nothing is written', async () => {
    const item = await tracked();
    const before = await stockState(t);

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: 5, unitCost: 1, batchNo: 'OK-1' }, { itemId: item.id, qty: 5, unitCost: 1 }]);

    expectProblem(res, 422, ['lines[1].batchNo']);
    expect(res.body.errors[0].row).toBe(1);
    expect(await stockState(t)).toEqual(before);
  });

  test('When a batch is given for an item that is not batch-tracked, then 422 names lines[i].batchNo', async () => {
    const item = await createItem(t);
    const before = await stockState(t);

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: 5, unitCost: 1, batchNo: 'B-1' }]);

    expectProblem(res, 422, ['lines[0].batchNo']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When an expiry date is given for an item that is not batch-tracked, then 422 names lines[i].expiryDate', async () => {
    const item = await createItem(t);
    const before = await stockState(t);

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: 5, unitCost: 1, expiryDate: daysFromToday(10) }]);

    expectProblem(res, 422, ['lines[0].expiryDate']);
    expect(await stockState(t)).toEqual(before);
  });

  test('When an issue names no batch, then it takes the earliest expiry first, then the earliest received, one move per batch', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 10, 1, { batchNo: 'L1', expiryDate: daysFromToday(90) }); // 10.00
    await receive(t, wh.id, item.id, 3, 3, { batchNo: 'L3', expiryDate: daysFromToday(30) }); //   9.00
    await receive(t, wh.id, item.id, 4, 2, { batchNo: 'L2', expiryDate: daysFromToday(30) }); //   8.00

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -9 }], 'sample');

    expect(res.status).toBe(201);
    expect(res.body.lines).toEqual([
      // L3 and L2 expire together; L3 came in first (DESIGN §4: earliest expiry, then earliest receipt).
      expect.objectContaining({ line: 0, batchNo: 'L3', expiryDate: daysFromToday(30), qty: -3, value: -9 }),
      expect.objectContaining({ line: 0, batchNo: 'L2', expiryDate: daysFromToday(30), qty: -4, value: -8 }),
      expect.objectContaining({ line: 0, batchNo: 'L1', expiryDate: daysFromToday(90), qty: -2, value: -2 }),
    ]);
    expect((await ledgerOf(t, res.body.number)).map((m) => [m.batchNo, m.qty, m.value])).toEqual([['L3', -3, -9], ['L2', -4, -8], ['L1', -2, -2]]);
    expect(await balance(t, wh.id, item.id, 'L1')).toMatchObject({ onHand: 8, value: 8 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 8, value: 8 });
  });

  test('When a batch has no expiry date, then it is taken after every dated batch', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 5, 1, { batchNo: 'A-NODATE' });
    await receive(t, wh.id, item.id, 5, 1, { batchNo: 'Z-DATED', expiryDate: daysFromToday(400) });

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -6 }]);

    expect(res.body.lines.map((l: { batchNo: string; qty: number }) => [l.batchNo, l.qty])).toEqual([['Z-DATED', -5], ['A-NODATE', -1]]);
  });

  test('When a batch has expired, then an issue without a batch does not take it', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 5, 1, { batchNo: 'E-OLD', expiryDate: daysFromToday(5) });
    await setExpiry(t, wh.id, item.id, 'E-OLD', daysFromToday(-1));
    await receive(t, wh.id, item.id, 3, 2, { batchNo: 'E-NEW', expiryDate: daysFromToday(10) });
    const before = await stockState(t);

    const refused = await adjust(t, wh.id, [{ itemId: item.id, qty: -4 }]);
    expectProblem(refused, 409, ['lines[0].qty']);
    expect(refused.body.errors[0].message).toMatch(/short by 1/);
    expect(await stockState(t)).toEqual(before);

    const taken = await adjust(t, wh.id, [{ itemId: item.id, qty: -3 }]);
    expect(taken.body.lines).toEqual([expect.objectContaining({ batchNo: 'E-NEW', qty: -3, value: -6 })]);
    expect(await balance(t, wh.id, item.id, 'E-OLD')).toMatchObject({ onHand: 5 });
  });

  test('When part of the earliest batch is reserved, then FEFO takes only what is free there and moves on', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 5, 1, { batchNo: 'R-1', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 5, 2, { batchNo: 'R-2', expiryDate: daysFromToday(20) });
    await setReserved(t, wh.id, item.id, 3, 'R-1');

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -4 }]);

    expect(res.body.lines.map((l: { batchNo: string; qty: number; value: number }) => [l.batchNo, l.qty, l.value])).toEqual([['R-1', -2, -2], ['R-2', -2, -4]]);
    expect((await balance(t, wh.id, item.id, 'R-1')).rows[0]).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
  });

  test('When an expired batch is named, then it can be written off', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 5, 1.2, { batchNo: 'W-OFF', expiryDate: daysFromToday(5) });
    await setExpiry(t, wh.id, item.id, 'W-OFF', daysFromToday(-30));

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -5, batchNo: 'W-OFF' }], 'damage');

    expect(res.status).toBe(201);
    expect(res.body.lines).toEqual([expect.objectContaining({ batchNo: 'W-OFF', qty: -5, value: -6 })]);
  });

  test('When an issue names a batch, then it takes from that batch only, even if another expires sooner', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 4, 1, { batchNo: 'N-SOON', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 4, 2, { batchNo: 'N-LATE', expiryDate: daysFromToday(100) });

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -3, batchNo: 'N-LATE' }]);
    const beyond = await adjust(t, wh.id, [{ itemId: item.id, qty: -2, batchNo: 'N-LATE' }]);

    expect(res.body.lines).toEqual([expect.objectContaining({ batchNo: 'N-LATE', qty: -3, value: -6 })]);
    expect(await balance(t, wh.id, item.id, 'N-SOON')).toMatchObject({ onHand: 4 });
    expectProblem(beyond, 409, ['lines[0].qty']);
  });

  test('When one line names a batch and another takes FEFO, then the demand is summed per batch', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 4, 1, { batchNo: 'S-1', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'S-2', expiryDate: daysFromToday(20) });

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: -3, batchNo: 'S-1' }, { itemId: item.id, qty: -2 }]);
    const before = await stockState(t);
    // S-1 is empty now and S-2 holds 1: the named line takes that 1, so the FEFO line finds nothing.
    const short = await adjust(t, wh.id, [{ itemId: item.id, qty: -1, batchNo: 'S-2' }, { itemId: item.id, qty: -1 }]);

    // Line 1 gets what line 0 left of S-1 (1), then S-2 (1).
    expect(res.body.lines.map((l: { line: number; batchNo: string; qty: number }) => [l.line, l.batchNo, l.qty])).toEqual([[0, 'S-1', -3], [1, 'S-1', -1], [1, 'S-2', -1]]);
    expectProblem(short, 409, ['lines[1].qty']);
    expect(await stockState(t)).toEqual(before);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 1, value: 1 });
  });

  test('When a batch is received in the same document a FEFO issue draws on, then the receipt covers the issue', async () => {
    const item = await tracked();

    const res = await adjust(t, wh.id, [{ itemId: item.id, qty: 5, unitCost: 2, batchNo: 'SAME-DOC', expiryDate: daysFromToday(50) }, { itemId: item.id, qty: -3 }]);

    expect(res.status).toBe(201);
    // 5 @ 10.00, then 3 × 10.00 / 5 = 6.00
    expect(res.body.lines).toEqual([
      expect.objectContaining({ line: 0, batchNo: 'SAME-DOC', qty: 5, value: 10 }),
      expect.objectContaining({ line: 1, batchNo: 'SAME-DOC', qty: -3, value: -6 }),
    ]);
    expect(await balance(t, wh.id, item.id, 'SAME-DOC')).toMatchObject({ onHand: 2, value: 4 });
  });

  test('When a receipt names another expiry for an existing batch, then 422 names lines[i].expiryDate; the same or no date is fine', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'X-1', expiryDate: '2030-01-31' });
    const before = await stockState(t);

    const other = await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1, batchNo: 'X-1', expiryDate: '2030-02-28' }]);
    expectProblem(other, 422, ['lines[0].expiryDate']);
    expect(await stockState(t)).toEqual(before);

    const same = await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1, batchNo: 'X-1', expiryDate: '2030-01-31' }, { itemId: item.id, qty: 1, unitCost: 1, batchNo: 'X-1' }]);
    expect(same.status).toBe(201);
    expect((await balance(t, wh.id, item.id, 'X-1')).rows).toEqual([expect.objectContaining({ batchNo: 'X-1', expiryDate: '2030-01-31', onHand: 4 })]);
  });

  test('When a batch already lies in another warehouse, then a receipt here must keep its expiry, and one naming none takes it', async () => {
    const item = await tracked();
    const other = await t.createWarehouse();
    await receive(t, other.id, item.id, 1, 1, { batchNo: 'LOT-1', expiryDate: '2030-03-31' });

    const differs = await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1, batchNo: 'LOT-1', expiryDate: '2030-04-30' }]);
    const inherits = await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1, batchNo: 'LOT-1' }]);

    expectProblem(differs, 422, ['lines[0].expiryDate']);
    expect(inherits.body.lines[0]).toMatchObject({ batchNo: 'LOT-1', expiryDate: '2030-03-31' });
    expect((await balance(t, wh.id, item.id, 'LOT-1')).rows[0]).toMatchObject({ expiryDate: '2030-03-31' });
  });

  test('When a batch emptied in one warehouse is transferred in again from another, then it arrives (one lot, one expiry)', async () => {
    const item = await tracked();
    const other = await t.createWarehouse();
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'LOT-2', expiryDate: '2030-01-01' });
    await t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: other.id, lines: [{ itemId: item.id, qty: 1 }] }, await t.adminToken());
    await adjust(t, other.id, [{ itemId: item.id, qty: -1, batchNo: 'LOT-2' }]);

    const res = await t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: other.id, lines: [{ itemId: item.id, qty: 1 }] }, await t.adminToken());

    expect(res.status).toBe(201);
    expect((await balance(t, other.id, item.id, 'LOT-2')).rows[0]).toMatchObject({ onHand: 1, expiryDate: '2030-01-01' });
  });

  test('When the first line of a new batch names no expiry and a later one does, then the batch keeps the date', async () => {
    const item = await tracked();

    const res = await adjust(t, wh.id, [
      { itemId: item.id, qty: 1, unitCost: 1, batchNo: 'LATE-DATE' },
      { itemId: item.id, qty: 1, unitCost: 1, batchNo: 'LATE-DATE', expiryDate: '2031-05-01' },
    ]);

    expect(res.status).toBe(201);
    expect((await balance(t, wh.id, item.id, 'LATE-DATE')).rows[0]).toMatchObject({ onHand: 2, expiryDate: '2031-05-01' });
  });

  test('When two lines of one document give a new batch two expiry dates, then 422 names the second', async () => {
    const item = await tracked();

    const res = await adjust(t, wh.id, [
      { itemId: item.id, qty: 1, unitCost: 1, batchNo: 'Y-1', expiryDate: '2031-01-01' },
      { itemId: item.id, qty: 1, unitCost: 1, batchNo: 'Y-1', expiryDate: '2031-06-01' },
    ]);

    expectProblem(res, 422, ['lines[1].expiryDate']);
  });

  test('When batch numbers hold quotes, colons or Chinese, then they are stored and found exactly', async () => {
    const item = await tracked();
    const odd = ["L'1; DROP TABLE stock_moves;--", ':batches', '批次-一 🔩'];

    const res = await adjust(t, wh.id, odd.map((batchNo, i) => ({ itemId: item.id, qty: i + 1, unitCost: 1, batchNo, expiryDate: '2032-01-0' + (i + 1) })));
    const again = await adjust(t, wh.id, odd.map((batchNo) => ({ itemId: item.id, qty: 1, unitCost: 1, batchNo })));
    const issue = await adjust(t, wh.id, [{ itemId: item.id, qty: -2, batchNo: odd[0] }]);

    expect(res.status).toBe(201);
    expect(again.body.lines.map((l: { expiryDate: string }) => l.expiryDate)).toEqual(['2032-01-01', '2032-01-02', '2032-01-03']);
    expect(issue.status).toBe(201);
    for (const [i, batchNo] of odd.entries()) {
      expect((await balance(t, wh.id, item.id, batchNo)).rows).toEqual([expect.objectContaining({ batchNo, onHand: i === 0 ? 0 : i + 2 })]);
    }
  });

  test('When a batch that does not exist is named in an issue, then 409 and nothing is written', async () => {
    const item = await tracked();
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'REAL' });
    const before = await stockState(t);

    expectProblem(await adjust(t, wh.id, [{ itemId: item.id, qty: -1, batchNo: 'GHOST' }]), 409, ['lines[0].qty']);
    expect(await stockState(t)).toEqual(before);
  });
});
