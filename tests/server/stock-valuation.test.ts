import { adjust, balance, createItem, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

describe('Moving weighted average valuation', () => {
  let t: TestApp;
  let wh: { id: number };
  let wh2: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    wh = await t.createWarehouse('VAL-A');
    wh2 = await t.createWarehouse('VAL-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When receipts come in at different costs and part is issued, then the issue takes the average, in cents', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 3);      // 30.00
    await receive(t, wh.id, item.id, 5, 4.5);     // 22.50 → 15 @ 52.50
    const issue = await adjust(t, wh.id, [{ itemId: item.id, qty: -4 }]);
    expect(issue.status).toBe(201);
    // 4 × 52.50 / 15 = 14.00
    expect(issue.body.lines[0]).toMatchObject({ qty: -4, value: -14 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 11, value: 38.5 });
  });

  test('When a fractional cost like 3.3333 is received, then values round half-up per document', async () => {
    const item = await createItem(t);
    const r = await receive(t, wh.id, item.id, 3, 3.3333); // 9.9999 → 10.00
    expect(r.lines[0].value).toBe(10);
    const issue = await adjust(t, wh.id, [{ itemId: item.id, qty: -1 }]); // 10.00/3 = 3.333 → 3.33
    expect(issue.body.lines[0].value).toBe(-3.33);
    const issue2 = await adjust(t, wh.id, [{ itemId: item.id, qty: -1 }]); // 6.67 × 1/2 = 3.335 → 3.34
    expect(issue2.body.lines[0].value).toBe(-3.34);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 1, value: 3.33 });
  });

  test('When the whole remaining quantity is issued, then the whole remaining value goes with it (no residue)', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 3, 1); // 3.00
    await receive(t, wh.id, item.id, 0.001, 0.0001); // 0.0000001 → 0.00
    await receive(t, wh.id, item.id, 7, 0.3333); // 2.3331 → 2.33 → 10.001 @ 5.33
    await adjust(t, wh.id, [{ itemId: item.id, qty: -3.333 }]);
    const rest = await adjust(t, wh.id, [{ itemId: item.id, qty: -6.668 }]);
    expect(rest.status).toBe(201);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
  });

  test('When stock is transferred, then the issued value arrives at the destination', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 3, 10); // 30.00
    await receive(t, wh.id, item.id, 1, 11); // 41.00 / 4
    const trf = await t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: wh2.id, lines: [{ itemId: item.id, qty: 1 }] }, await t.adminToken());
    expect(trf.status).toBe(201);
    expect(trf.body.number).toMatch(/^TRF-\d{4}-\d{6}$/);
    // 41.00 / 4 = 10.25
    expect(await balance(t, wh2.id, item.id)).toMatchObject({ onHand: 1, value: 10.25 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 3, value: 30.75 });
  });
});
