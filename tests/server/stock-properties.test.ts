import fc from 'fast-check';
import { createItem } from '../support/inventory';
import { expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

type Op =
  | { kind: 'receipt'; item: number; wh: number; qty: number; cost: number }
  | { kind: 'issue'; item: number; wh: number; qty: number }
  | { kind: 'transfer'; item: number; from: number; qty: number };

const qty = fc.integer({ min: 1, max: 9999 }).map((n) => n / 1000);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('receipt' as const), item: fc.nat(1), wh: fc.nat(1), qty, cost: fc.integer({ min: 0, max: 999999 }).map((n) => n / 10000) }),
  fc.record({ kind: fc.constant('issue' as const), item: fc.nat(1), wh: fc.nat(1), qty }),
  fc.record({ kind: fc.constant('transfer' as const), item: fc.nat(1), from: fc.nat(1), qty }),
);

/**
 * Random receipts, issues and transfers against a model of on-hand
 * quantities: the server accepts exactly what the model can supply, refuses
 * the rest with 409, never goes negative, and keeps ledger = balances.
 */
describe('Stock ledger properties', () => {
  let t: TestApp;
  let token: string;
  let warehouses: number[];
  beforeAll(async () => {
    t = await TestApp.start();
    token = await t.adminToken();
    warehouses = [(await t.createWarehouse('P-A')).id, (await t.createWarehouse('P-B')).id];
  });
  afterAll(() => t.stop());

  test('When random sequences of receipts, issues and transfers run, then the invariants hold and nothing goes negative', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const items = [(await createItem(t)).id, (await createItem(t)).id];
        const onHand = new Map<string, number>(); // thousandths
        const key = (i: number, w: number) => `${i}|${w}`;
        const get = (i: number, w: number) => onHand.get(key(i, w)) ?? 0;
        for (const o of ops) {
          const milli = Math.round(o.qty * 1000);
          const item = items[o.item]!;
          if (o.kind === 'receipt') {
            const res = await t.post('/stock/adjustments', { warehouseId: warehouses[o.wh], reason: 'found', lines: [{ itemId: item, qty: o.qty, unitCost: o.cost }] }, token);
            expect(res.status).toBe(201);
            onHand.set(key(item, o.wh), get(item, o.wh) + milli);
          } else if (o.kind === 'issue') {
            const res = await t.post('/stock/adjustments', { warehouseId: warehouses[o.wh], reason: 'loss', lines: [{ itemId: item, qty: -o.qty }] }, token);
            const enough = get(item, o.wh) >= milli;
            expect(res.status).toBe(enough ? 201 : 409);
            if (enough) onHand.set(key(item, o.wh), get(item, o.wh) - milli);
          } else {
            const to = 1 - o.from;
            const res = await t.post('/stock/transfers', { fromWarehouseId: warehouses[o.from], toWarehouseId: warehouses[to], lines: [{ itemId: item, qty: o.qty }] }, token);
            const enough = get(item, o.from) >= milli;
            expect(res.status).toBe(enough ? 201 : 409);
            if (enough) {
              onHand.set(key(item, o.from), get(item, o.from) - milli);
              onHand.set(key(item, to), get(item, to) + milli);
            }
          }
        }
        for (const item of items) {
          const res = await t.get(`/stock/balances?itemId=${item}&includeZero=true`, token);
          for (const row of res.body.data as Array<{ warehouseId: number; onHand: number; value: number }>) {
            const w = warehouses.indexOf(row.warehouseId);
            expect(Math.round(row.onHand * 1000)).toBe(get(item, w));
            expect(row.value).toBeGreaterThanOrEqual(0);
            if (row.onHand === 0) expect(row.value).toBe(0);
          }
        }
        await expectStockInvariants(t);
      }),
      { numRuns: 25 },
    );
  });
});
