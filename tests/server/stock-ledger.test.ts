import type { LedgerRow } from '../../contract/stock';
import { adjust, createItem, receive, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp, TestUser } from '../support/test-app';

type Row = LedgerRow;

describe('The stock ledger', () => {
  let t: TestApp;
  let admin: string;
  let clerk: TestUser;
  let a: { id: number; code: string };
  let b: { id: number; code: string };
  let item: { id: number; sku: string };
  let other: { id: number; sku: string };
  const docs: Record<string, string> = {};
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('LED-A');
    b = await t.createWarehouse('LED-B');
    clerk = await t.createUser(['warehouse']);
    item = await createItem(t);
    other = await createItem(t);
    const post = (body: Record<string, unknown>, token = admin) => t.post('/stock/adjustments', body, token);
    docs.old = (await post({ warehouseId: a.id, reason: 'opening', date: '2025-01-15', lines: [{ itemId: item.id, qty: 10, unitCost: 2 }, { itemId: other.id, qty: 5, unitCost: 1 }] })).body.number;
    docs.mid = (await post({ warehouseId: a.id, reason: 'damage', date: '2025-02-10', lines: [{ itemId: item.id, qty: -1 }] }, clerk.token)).body.number;
    docs.trf = (await t.post('/stock/transfers', { fromWarehouseId: a.id, toWarehouseId: b.id, date: '2025-03-01', lines: [{ itemId: item.id, qty: 3 }] }, admin)).body.number;
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  async function ledger(query: string): Promise<{ data: Row[]; total: number }> {
    const res = await t.get(`/stock/ledger?${query}`, admin);
    expect(res.status).toBe(200);
    return res.body;
  }

  test('When the ledger is read, then each row carries its document type, number and the user who posted it', async () => {
    const { data } = await ledger(`itemId=${item.id}`);

    expect(data.map((r) => [r.docType, r.docNumber, r.warehouseId, r.qty, r.value, r.userId, r.date])).toEqual([
      ['ADJ', docs.old, a.id, 10, 20, expect.any(Number), '2025-01-15'],
      ['ADJ', docs.mid, a.id, -1, -2, clerk.id, '2025-02-10'],
      ['TRF', docs.trf, a.id, -3, -6, expect.any(Number), '2025-03-01'],
      ['TRF', docs.trf, b.id, 3, 6, expect.any(Number), '2025-03-01'],
    ]);
    expect(data[0]).toMatchObject({ sku: item.sku, batchNo: null, unitCost: 2, docId: expect.any(Number), id: expect.any(Number) });
  });

  test('When filtered by warehouse, then only its moves are listed', async () => {
    const { data, total } = await ledger(`warehouseId=${b.id}`);

    expect(total).toBe(1);
    expect(data).toEqual([expect.objectContaining({ itemId: item.id, warehouseId: b.id, qty: 3 })]);
  });

  test('When filtered by date range, then from and to are both inclusive', async () => {
    const { data } = await ledger(`from=2025-02-10&to=2025-03-01&itemId=${item.id}`);
    const onlyJanuary = await ledger('from=2025-01-01&to=2025-01-31');

    expect(data.map((r) => r.docNumber)).toEqual([docs.mid, docs.trf, docs.trf]);
    expect(onlyJanuary.data.map((r) => r.itemId)).toEqual([item.id, other.id]);
  });

  test('When filtered by document type, then only those documents are listed', async () => {
    const { data } = await ledger('docType=TRF');

    expect(data.map((r) => r.docNumber)).toEqual([docs.trf, docs.trf]);
  });

  test('When paged, then limit and offset cut the list and total counts all of it', async () => {
    const all = await ledger('limit=100');
    const page = await ledger('limit=2&offset=1');

    expect(all.total).toBe(5);
    expect(page.total).toBe(5);
    expect(page.data.map((r) => r.id)).toEqual(all.data.slice(1, 3).map((r) => r.id));
  });

  test('When later moves are posted, then the earlier rows are unchanged: the ledger only grows', async () => {
    const wh = await t.createWarehouse();
    const it = await createItem(t);
    await receive(t, wh.id, it.id, 2, 1);
    const before = (await ledger(`warehouseId=${wh.id}`)).data;

    await adjust(t, wh.id, [{ itemId: it.id, qty: -2 }]);
    await transfer(t, a.id, wh.id, [{ itemId: other.id, qty: 1 }]);

    const after = (await ledger(`warehouseId=${wh.id}`)).data;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 2);
  });

  test('When a filter is malformed, then 422 names it', async () => {
    expectProblem(await t.get('/stock/ledger?from=01-02-2025', admin), 422, ['from']);
    expectProblem(await t.get('/stock/ledger?itemId=abc', admin), 422, ['itemId']);
    expectProblem(await t.get('/stock/ledger?limit=0', admin), 422, ['limit']);
  });
});
