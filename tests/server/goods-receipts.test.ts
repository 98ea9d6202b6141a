import { adjust, balance, createItem, createPartner, daysFromToday } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { insertOrder, journalOf, orderLine, setTolerance } from '../support/purchasing-receipts';
import { TestApp } from '../support/test-app';

/**
 * Goods receipts against purchase orders (API.md "Purchasing and suppliers"):
 * stock in at the order line's net base cost, Dr 1405 / Cr 2202.99, the
 * cumulative over-receipt tolerance compared exactly, cancel by reversal.
 */
describe('Goods receipts', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number };
  let supplier: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('GR-A');
    supplier = await createPartner(t, 'suppliers');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const receive = (orderId: number, lines: unknown[], token = admin) => t.post(`/purchase-orders/${orderId}/receipts`, { lines }, token);

  test('When part of an order line arrives, then it comes in at the line cost, is journaled Dr 1405 / Cr 2202.99 and the order is partial', async () => {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 10, unitCost: 12.3456 }]);

    const res = await receive(po.id, [{ lineId: po.lineIds[0], qty: 4 }]);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ number: expect.stringMatching(/^GR-\d{4}-\d{6}$/), purchaseOrderId: po.id, status: 'posted' });
    // 4 × 12.3456 = 49.3824 → 49.38
    expect(res.body.lines).toEqual([expect.objectContaining({ lineId: po.lineIds[0], itemId: item.id, qty: 4, unitCost: 12.3456, value: 49.38 })]);
    expect(await journalOf(t, 'GR', res.body.id)).toEqual([[['1405', 4938, 0], ['2202.99', 0, 4938]]]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 4, value: 49.38 });
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 4, status: 'partial' });
    expect((await t.get(`/goods-receipts/${res.body.id}`, admin)).body).toMatchObject({ id: res.body.id, purchaseOrderNumber: po.number, lines: [{ qty: 4, returned: 0, invoiced: 0 }] });
    const list = await t.get(`/goods-receipts?purchaseOrderId=${po.id}`, admin);
    expect(list.body).toMatchObject({ total: 1, data: [{ id: res.body.id }] });
  });

  test('When a line names the item instead of the order line, then it is matched; an item on two lines is refused asking for lineId, and nothing is written', async () => {
    const item = await createItem(t);
    const other = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 5, unitCost: 1 }, { itemId: item.id, qty: 5, unitCost: 2 }, { itemId: other.id, qty: 5, unitCost: 3 }]);

    const ambiguous = await receive(po.id, [{ sku: other.sku, qty: 1 }, { itemId: item.id, qty: 1 }, { lineId: 999999, qty: 1 }]);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines[1].lineId', 'lines[2].lineId']);
    expect(await balance(t, wh.id, other.id)).toMatchObject({ onHand: 0 });

    const bySku = await receive(po.id, [{ sku: other.sku, qty: 2 }]);
    expect(bySku.status).toBe(201);
    expect(bySku.body.lines[0]).toMatchObject({ lineId: po.lineIds[2], value: 6 });
  });

  test('When receipts reach exactly the item tolerance, they are accepted; one unit (0.001) more is refused with 409 naming the line', async () => {
    const item = await createItem(t);
    await setTolerance(t, item.id, 50_000); // 5 %: at most 10.5 of 10
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 10, unitCost: 2 }]);

    expect((await receive(po.id, [{ lineId: po.lineIds[0], qty: 10 }])).status).toBe(201);
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 10, status: 'done' });
    expect((await receive(po.id, [{ lineId: po.lineIds[0], qty: 0.5 }])).status).toBe(201);
    const over = await receive(po.id, [{ lineId: po.lineIds[0], qty: 0.001 }]);

    expect(over.status).toBe(409);
    expect(over.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].qty', row: 0 })]);
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 10.5 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 10.5, value: 21 });
  });

  test('When the item names no tolerance, the global one applies (default 0): two lines of one receipt on one order line are summed', async () => {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 3, unitCost: 1 }]);

    const over = await receive(po.id, [{ lineId: po.lineIds[0], qty: 2 }, { lineId: po.lineIds[0], qty: 1.001 }]);

    expect(over.status).toBe(409);
    expect(over.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines[0].qty', 'lines[1].qty']);
    expect((await receive(po.id, [{ lineId: po.lineIds[0], qty: 2 }, { lineId: po.lineIds[0], qty: 1 }])).status).toBe(201);
  });

  test('When a batch-tracked item arrives, the batch is required; with batch and expiry it lands in its own balance', async () => {
    const item = await createItem(t, { batchTracked: true });
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 10, unitCost: 1.5 }]);

    const missing = await receive(po.id, [{ lineId: po.lineIds[0], qty: 1 }]);
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].batchNo' })]);

    const expiry = daysFromToday(90);
    const res = await receive(po.id, [{ lineId: po.lineIds[0], qty: 6, batchNo: 'L1', expiryDate: expiry }, { lineId: po.lineIds[0], qty: 4, batchNo: 'L2' }]);
    expect(res.status).toBe(201);
    expect(res.body.lines).toEqual([expect.objectContaining({ batchNo: 'L1', expiryDate: expiry, value: 9 }), expect.objectContaining({ batchNo: 'L2', expiryDate: null, value: 6 })]);
    expect((await balance(t, wh.id, item.id, 'L1')).rows).toEqual([expect.objectContaining({ batchNo: 'L1', onHand: 6, value: 9, expiryDate: expiry })]);
  });

  test('When the order is a draft (or unknown), then receiving is refused', async () => {
    const item = await createItem(t);
    const draft = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 1, unitCost: 1 }], 'draft');
    expect((await receive(draft.id, [{ lineId: draft.lineIds[0], qty: 1 }])).status).toBe(409);
    expect((await receive(99999999, [{ lineId: 1, qty: 1 }])).status).toBe(404);
  });

  test('When a receipt is cancelled, its reversal takes the stock out at the same value, reverses the journal and reopens the line; twice is refused', async () => {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 7, unitCost: 3.3333 }]);
    const gr = (await receive(po.id, [{ lineId: po.lineIds[0], qty: 7 }])).body; // 23.3331 → 23.33

    const cancel = await t.post(`/goods-receipts/${gr.id}/cancel`, {}, admin);

    expect(cancel.status).toBe(201);
    expect(cancel.body).toMatchObject({ reversalOf: gr.id, number: expect.stringMatching(/^GR-/) });
    expect(await journalOf(t, 'GR', gr.id)).toEqual([[['1405', 2333, 0], ['2202.99', 0, 2333]]]);
    expect(await journalOf(t, 'GR', cancel.body.id)).toEqual([[['1405', 0, 2333], ['2202.99', 2333, 0]]]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 0, status: 'approved' });
    expect((await t.get(`/goods-receipts/${gr.id}`, admin)).body).toMatchObject({ status: 'cancelled', reversedBy: cancel.body.id });
    expect((await t.post(`/goods-receipts/${gr.id}/cancel`, {}, admin)).status).toBe(409);
    expect((await t.post(`/goods-receipts/${cancel.body.id}/cancel`, {}, admin)).status).toBe(409);
  });

  test('When the received stock has been issued, or part of the receipt returned, then cancelling is refused and nothing changes', async () => {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 5, unitCost: 1 }]);
    const gr = (await receive(po.id, [{ lineId: po.lineIds[0], qty: 5 }])).body;
    expect((await adjust(t, wh.id, [{ itemId: item.id, qty: -1 }], 'damage')).status).toBe(201);

    expect((await t.post(`/goods-receipts/${gr.id}/cancel`, {}, admin)).status).toBe(409);

    const gr2 = (await receive(po.id, [{ lineId: po.lineIds[0], qty: 0.001 }])).status;
    expect(gr2).toBe(409); // 5 of 5 received already
    const returned = await t.post('/purchase-returns', { receiptId: gr.id, lines: [{ receiptLineId: gr.lines[0].id, qty: 1 }] }, admin);
    expect(returned.status).toBe(201);
    const refused = await t.post(`/goods-receipts/${gr.id}/cancel`, {}, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].returned' })]);
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 5, returned: 1 });
  });

  test('When documents are posted through the batch endpoint, each gets its number or its own problem', async () => {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 2, unitCost: 1 }]);

    const res = await t.post(
      '/goods-receipts/batch',
      { documents: [{ ref: `r1-${po.id}`, document: { purchaseOrderId: po.id, lines: [{ lineId: po.lineIds[0], qty: 2 }] } }, { ref: `r2-${po.id}`, document: { purchaseOrderId: po.id, lines: [{ lineId: po.lineIds[0], qty: 1 }] } }] },
      admin,
    );

    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ ref: `r1-${po.id}`, status: 201, document: expect.objectContaining({ number: expect.stringMatching(/^GR-/) }) }),
      expect.objectContaining({ ref: `r2-${po.id}`, status: 409, problem: expect.objectContaining({ errors: [expect.objectContaining({ path: 'lines[0].qty' })] }) }),
    ]);
  });

  test('When a user without purchase:receive posts a receipt, then 403', async () => {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 2, unitCost: 1 }]);
    const role = await t.createRole(['purchase:read']);
    const user = await t.createUser([role.name]);
    expect((await receive(po.id, [{ lineId: po.lineIds[0], qty: 1 }], user.token)).status).toBe(403);
    expect((await t.get('/goods-receipts', user.token)).status).toBe(200);
  });

  test('RACE: concurrent receipts against one order line never exceed its tolerance', async () => {
    const item = await createItem(t);
    await setTolerance(t, item.id, 100_000); // 10 %: at most 11 of 10
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: 10, unitCost: 1 }]);

    const results = await Promise.all(Array.from({ length: 12 }, () => receive(po.id, [{ lineId: po.lineIds[0], qty: 3 }])));

    expect(results.map((r) => r.status).sort()).toEqual([...Array(3).fill(201), ...Array(9).fill(409)]);
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 9 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 9, value: 9 });
  });
});
