import { balance, createItem, receive, stockState } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Posting many stock documents in one request', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  let wh2: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('BCH-A');
    wh2 = await t.createWarehouse('BCH-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const postBatch = (documents: unknown[], path = '/stock/adjustments/batch') => t.post(path, { documents }, admin);

  test('When a good and a bad document are posted together, then the good one posts and the bad one gets its own problem naming the line', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 2);
    const before = await stockState(t);

    const res = await postBatch([
      { ref: 'mix-good', document: { warehouseId: wh.id, reason: 'found', lines: [{ itemId: item.id, qty: 3, unitCost: 2 }] } },
      { ref: 'mix-short', document: { warehouseId: wh.id, reason: 'loss', lines: [{ itemId: item.id, qty: -1 }, { itemId: item.id, qty: -100 }] } },
      { ref: 'mix-invalid', document: { warehouseId: wh.id, reason: 'found', lines: [{ itemId: item.id, qty: 1.0001, unitCost: 2 }] } },
    ]);

    expect(res.status).toBe(200);
    const [good, short, invalid] = res.body.results;
    expect(good).toEqual({ ref: 'mix-good', status: 201, document: expect.objectContaining({ id: expect.any(Number), number: expect.stringMatching(/^ADJ-\d{4}-\d{6}$/) }) });
    expect(short).toMatchObject({ ref: 'mix-short', status: 409, problem: { status: 409, errors: [{ path: 'lines[0].qty', row: 0 }, { path: 'lines[1].qty', row: 1 }] } });
    expect(invalid).toMatchObject({ ref: 'mix-invalid', status: 422, problem: { status: 422, errors: [{ path: 'lines[0].qty', row: 0 }] } });
    expect(good.problem).toBeUndefined();
    expect(short.document).toBeUndefined();
    // Only the good document's 3 @ 2.00 arrived: 8 @ 16.00
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 8, value: 16 });
    expect((await stockState(t)).moves).toBe(before.moves + 1);
    const refused = (await t.get('/audit-log?entity=stock-adjustment&limit=10', admin)).body.data.filter((r: { ok: boolean }) => !r.ok);
    expect(refused.map((r: { detail: { ref: string; status: number } }) => [r.detail.ref, r.detail.status]).sort()).toEqual([['mix-invalid', 422], ['mix-short', 409]]);
  });

  test('When the same batch is posted again, then every document answers as before and nothing is posted twice', async () => {
    const item = await createItem(t);
    const documents = [
      { ref: 'again-1', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 2, unitCost: 1.5 }] } },
      { ref: 'again-2', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 4, unitCost: 1 }] } },
      { ref: 'again-bad', document: { warehouseId: wh.id, reason: 'opening', lines: [{ sku: 'NO-SUCH', qty: 1, unitCost: 1 }] } },
    ];
    const first = await postBatch(documents);
    const afterFirst = await stockState(t);

    const second = await postBatch(documents);

    expect(second.body).toEqual(first.body);
    expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 422]);
    expect(first.body.results[2].problem.errors).toEqual([expect.objectContaining({ path: 'lines[0].sku', row: 0 })]);
    expect(await stockState(t)).toEqual(afterFirst);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 6, value: 7 });
  });

  test('When a document of a batch is posted alone with Idempotency-Key: <ref> and the same body, then it replays the same document', async () => {
    const item = await createItem(t);
    const document = { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 1, unitCost: 9 }] };
    const batch = await postBatch([{ ref: 'sheet-row-7', document }]);
    const afterBatch = await stockState(t);

    const single = await t.post('/stock/adjustments', document, admin, { 'Idempotency-Key': 'sheet-row-7' });

    expect(single.status).toBe(201);
    expect(single.body).toEqual(batch.body.results[0].document);
    expect(await stockState(t)).toEqual(afterBatch);
  });

  test('When a single POST came first with Idempotency-Key, then a batch with that ref replays it', async () => {
    const item = await createItem(t);
    const document = { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 1, unitCost: 9 }] };
    const single = await t.post('/stock/adjustments', document, admin, { 'Idempotency-Key': 'sheet-row-8' });
    const afterSingle = await stockState(t);

    const batch = await postBatch([{ ref: 'sheet-row-8', document }]);

    expect(batch.body.results[0]).toEqual({ ref: 'sheet-row-8', status: 201, document: single.body });
    expect(await stockState(t)).toEqual(afterSingle);
  });

  test('When a ref is reused with a different document, then that document gets a 422 naming the key and nothing is posted', async () => {
    const item = await createItem(t);
    await postBatch([{ ref: 'reused', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] } }]);
    const before = await stockState(t);

    const res = await postBatch([{ ref: 'reused', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 2, unitCost: 1 }] } }]);

    expect(res.body.results[0]).toMatchObject({ ref: 'reused', status: 422, problem: { errors: [{ path: 'Idempotency-Key' }] } });
    expect(await stockState(t)).toEqual(before);
  });

  test('When a failed document is fixed and the batch posted again, then the fixed one posts and the others replay', async () => {
    const item = await createItem(t);
    const ok = { ref: 'fix-ok', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] } };
    const first = await postBatch([ok, { ref: 'fix-me', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 1 }] } }]);

    const second = await postBatch([ok, { ref: 'fix-me', document: { warehouseId: wh.id, reason: 'opening', lines: [{ itemId: item.id, qty: 1, unitCost: 3 }] } }]);

    expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([201, 422]);
    expect(second.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
    expect(second.body.results[0]).toEqual(first.body.results[0]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 2, value: 4 });
  });

  test('When transfers are posted in a batch, then each posts or fails on its own', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 2);

    const res = await postBatch([
      { ref: 'trf-ok', document: { fromWarehouseId: wh.id, toWarehouseId: wh2.id, lines: [{ itemId: item.id, qty: 2 }] } },
      { ref: 'trf-short', document: { fromWarehouseId: wh.id, toWarehouseId: wh2.id, lines: [{ itemId: item.id, qty: 4 }] } },
    ], '/stock/transfers/batch');

    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 409]);
    expect(res.body.results[0].document.number).toMatch(/^TRF-/);
    expect(await balance(t, wh2.id, item.id)).toMatchObject({ onHand: 2, value: 4 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 3, value: 6 });
  });

  test('When the envelope is wrong, then 422 naming documents or the ref, and nothing is posted', async () => {
    const before = await stockState(t);

    expectProblem(await t.post('/stock/adjustments/batch', {}, admin), 422, ['documents']);
    expectProblem(await t.post('/stock/adjustments/batch', { documents: [] }, admin), 422, ['documents']);
    expectProblem(await t.post('/stock/adjustments/batch', { documents: [{ document: {} }] }, admin), 422, ['documents[0].ref']);
    expect(await stockState(t)).toEqual(before);
  });
});
