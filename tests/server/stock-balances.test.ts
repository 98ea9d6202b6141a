import type { BalanceRow } from '../../contract/stock';
import { adjust, createItem, receive, setReserved } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

type Row = Omit<BalanceRow, 'name' | 'unit' | 'category'>;

describe('Stock balances', () => {
  let t: TestApp;
  let admin: string;
  let a: { id: number; code: string };
  let b: { id: number; code: string };
  let plain: { id: number; sku: string };
  let batched: { id: number; sku: string };
  let emptied: { id: number; sku: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('BAL-A');
    b = await t.createWarehouse('BAL-B');
    plain = await createItem(t, { sku: 'BAL-PLAIN', category: 'bolts' });
    batched = await createItem(t, { sku: 'BAL-BATCH', batchTracked: true });
    emptied = await createItem(t, { sku: 'BAL-EMPTY' });
    await receive(t, a.id, plain.id, 3, 3.3333); // 9.9999 → 10.00
    await receive(t, b.id, plain.id, 2, 1.5); //    3.00
    await receive(t, a.id, batched.id, 4, 2, { batchNo: 'B-1', expiryDate: '2030-01-01' });
    await receive(t, a.id, batched.id, 1, 5, { batchNo: 'B-2' });
    await receive(t, a.id, emptied.id, 1, 1);
    await adjust(t, a.id, [{ itemId: emptied.id, qty: -1 }]);
    await setReserved(t, a.id, plain.id, 1);
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  async function balances(query: string): Promise<{ data: Row[]; total: number }> {
    const res = await t.get(`/stock/balances?${query}`, admin);
    expect(res.status).toBe(200);
    return res.body;
  }

  test('When a balance is read, then it shows on hand, reserved, available, average unit cost and value', async () => {
    const { data } = await balances(`itemId=${plain.id}&warehouseId=${a.id}`);

    // 10.00 / 3 = 3.3333…, shown to 4 places
    expect(data).toEqual([expect.objectContaining({
      itemId: plain.id, sku: 'BAL-PLAIN', warehouseId: a.id, warehouseCode: 'BAL-A', batchNo: null, expiryDate: null,
      onHand: 3, reserved: 1, available: 2, unitCost: 3.3333, value: 10,
    })]);
  });

  test('When filtered by sku, warehouse code or batch, then only matching rows come back', async () => {
    const bySku = await balances('sku=BAL-PLAIN');
    const byCode = await balances(`warehouseCode=BAL-B`);
    const byBatch = await balances(`itemId=${batched.id}&batchNo=B-1`);

    expect(bySku.data.map((r) => r.warehouseCode).sort()).toEqual(['BAL-A', 'BAL-B']);
    expect(byCode.data).toEqual([expect.objectContaining({ sku: 'BAL-PLAIN', onHand: 2, value: 3 })]);
    expect(byBatch.data).toEqual([expect.objectContaining({ batchNo: 'B-1', expiryDate: '2030-01-01', onHand: 4, value: 8 })]);
  });

  test('When a balance is empty, then it is left out unless includeZero=true', async () => {
    expect((await balances(`itemId=${emptied.id}`)).total).toBe(0);
    expect((await balances(`itemId=${emptied.id}&includeZero=true`)).data).toEqual([expect.objectContaining({ onHand: 0, value: 0, unitCost: 0 })]);
  });

  test('When paged, then limit and offset cut the list and total counts all of it', async () => {
    const all = await balances('limit=100');
    const page = await balances('limit=2&offset=1');

    expect(all.total).toBe(4);
    expect(page.total).toBe(4);
    expect(page.data).toEqual(all.data.slice(1, 3));
  });
});
