import { adjust, balance, createItem, receive } from '../support/inventory';
import { expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

describe('Concurrent stock issues', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  test('When 80 one-unit issues race for 50 units, then exactly 50 succeed, 30 get 409, and the balance ends at 0', async () => {
    const wh = await t.createWarehouse('RACE');
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 50, 2);
    const token = await t.adminToken();

    const results = await Promise.all(Array.from({ length: 80 }, () => adjust(t, wh.id, [{ itemId: item.id, qty: -1 }], 'loss', token)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
    const numbers = results.filter((r) => r.status === 201).map((r) => r.body.number);
    expect(new Set(numbers).size).toBe(50);
    await expectStockInvariants(t);
  });

  test('When transfers both ways and adjustments run at once, then nothing is lost and the audit chain holds', async () => {
    const a = await t.createWarehouse('MIX-A');
    const b = await t.createWarehouse('MIX-B');
    const item = await createItem(t);
    await receive(t, a.id, item.id, 100, 1.5);
    await receive(t, b.id, item.id, 100, 2.5);
    const token = await t.adminToken();
    const work = Array.from({ length: 60 }, (_, i) => {
      if (i % 3 === 0) return t.post('/stock/transfers', { fromWarehouseId: a.id, toWarehouseId: b.id, lines: [{ itemId: item.id, qty: 2 }] }, token);
      if (i % 3 === 1) return t.post('/stock/transfers', { fromWarehouseId: b.id, toWarehouseId: a.id, lines: [{ itemId: item.id, qty: 1 }] }, token);
      return adjust(t, i % 2 ? a.id : b.id, [{ itemId: item.id, qty: 1, unitCost: 2 }], 'found', token);
    });

    const results = await Promise.all(work);

    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const total = (await balance(t, a.id, item.id)).onHand + (await balance(t, b.id, item.id)).onHand;
    expect(total).toBe(200 + 20);
    await expectStockInvariants(t);
    expect((await t.get('/audit-log/verify', token)).body).toMatchObject({ ok: true });
  });
});
