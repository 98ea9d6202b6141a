import { balance, createItem, daysFromToday, ledgerOf, receive } from '../support/inventory';
import { journalOf } from '../support/purchasing-receipts';
import { createApprovedOrder, createCustomer } from '../support/sales-orders';
import { reservationsOf, returnGoods, salesScene, salesState, ship } from '../support/sales-shipments';
import type { TestApp } from '../support/test-app';

/**
 * Sales returns against shipments (API.md "Sales and customers", DESIGN §4
 * "Returns"): the goods come back into the batch they left from at exactly
 * the cost they left with, Dr 1405 / Cr 6401; the order line reopens and,
 * while the order holds stock, is reserved again for a replacement.
 */
const scene = salesScene('SRTWH', 'CUS-SRT');
let t: TestApp;
let admin: string;
let wh: { id: number; code: string };
let customer: { id: number; code: string };
beforeAll(() => ({ t, admin, wh, customer } = scene));

const order = (lines: Array<{ itemId: number; qty: number }>, customerId = customer.id) =>
  createApprovedOrder(t, admin, { customerId, warehouseId: wh.id, lines: lines.map((l) => ({ ...l, unitPrice: 10 })) });
const post = (body: Record<string, unknown>, token = admin) => t.post('/sales-returns', body, token);
const orderView = async (id: number) => (await t.get(`/sales-orders/${id}`, admin)).body;
const everything = () => salesState(t);

describe('Sales returns: value and batch', () => {
  test('When a shipped line comes back one unit at a time, each return is worth its share of the value it left with and the last takes exactly the rest, into its batch', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 3, 3.3333, { batchNo: 'A', expiryDate: daysFromToday(30) }); // 9.9999 → 10.00
    await receive(t, wh.id, item.id, 4, 5, { batchNo: 'Z', expiryDate: daysFromToday(60) });
    const so = await order([{ itemId: item.id, qty: 3 }]);
    const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 3 }]);
    expect(shipment.lines).toEqual([expect.objectContaining({ batchNo: 'A', qty: 3, unitCost: 3.3333, value: 10 })]);
    expect(await orderView(so.id)).toMatchObject({ status: 'done' });

    const first = await returnGoods(t, admin, { customerId: customer.id, shipmentId: shipment.id, reason: 'damaged', lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 1 }] });

    // 1 × 10.00 / 3 = 3.333… → 3.33
    expect(first).toMatchObject({
      number: expect.stringMatching(/^SRT-\d{4}-\d{6}$/), customerId: customer.id, shipmentId: shipment.id, shipmentNumber: shipment.number, salesOrderId: so.id, warehouseId: wh.id,
      date: daysFromToday(0), reason: 'damaged', baseValue: 3.33, creditNoteId: null, creditNoteNumber: null,
    });
    expect(first.lines).toEqual([{ id: expect.any(Number), line: 1, shipmentLineId: shipment.lines[0]!.id, lineId: so.lines[0]!.id, itemId: item.id, sku: item.sku, batchNo: 'A', qty: 1, unitCost: 3.3333, value: 3.33 }]);
    expect(await journalOf(t, 'SRT', first.id)).toEqual([[['1405', 333, 0], ['6401', 0, 333]]]);
    expect(await ledgerOf(t, first.number)).toEqual([expect.objectContaining({ itemId: item.id, batchNo: 'A', qty: 1, unitCost: 3.3333, value: 3.33, docType: 'SRT' })]);
    expect((await balance(t, wh.id, item.id, 'A')).rows).toEqual([expect.objectContaining({ onHand: 1, value: 3.33, expiryDate: daysFromToday(30) })]);
    // The line reopens by 1 and holds it again (FEFO: the unit just back in A).
    expect(await orderView(so.id)).toMatchObject({ status: 'partial', lines: [expect.objectContaining({ shipped: 3, returned: 1, toShip: 1, reserved: 1 })] });
    expect(await reservationsOf(t, so.id)).toEqual([{ line: 0, batchNo: 'A', qty: 1 }]);
    expect((await t.get(`/shipments/${shipment.id}`, admin)).body.lines[0]).toMatchObject({ returned: 1, invoiced: 0 });

    // 2 × 10.00 / 3 = 6.67, less the 3.33 back already: 3.34; then the rest, 10.00 − 6.67.
    const second = await returnGoods(t, admin, { customerCode: customer.code, shipmentNumber: shipment.number, lines: [{ itemId: item.id, batchNo: 'A', qty: 1 }] });
    const third = await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ sku: item.sku, qty: 1 }] });

    expect([second.lines[0]!.value, third.lines[0]!.value]).toEqual([3.34, 3.33]);
    expect(await journalOf(t, 'SRT', third.id)).toEqual([[['1405', 333, 0], ['6401', 0, 333]]]);
    expect((await balance(t, wh.id, item.id, 'A')).rows).toEqual([expect.objectContaining({ onHand: 3, value: 10 })]);
    expect(await orderView(so.id)).toMatchObject({ status: 'partial', lines: [expect.objectContaining({ returned: 3, toShip: 3, reserved: 3 })] });
  });

  test('When a whole line comes back after the average moved, it copies the value it left with exactly', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 3, 1);
    await receive(t, wh.id, item.id, 4, 2.3333); // 7 worth 12.33
    const so = await order([{ itemId: item.id, qty: 7 }]);
    await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]); // 3.52
    const rest = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 5 }]); // 8.81
    await receive(t, wh.id, item.id, 1, 9.99);

    const back = await returnGoods(t, admin, { shipmentId: rest.id, lines: [{ shipmentLineId: rest.lines[0]!.id, qty: 5 }] });

    expect(back.lines).toEqual([expect.objectContaining({ qty: 5, unitCost: 1.762, value: 8.81 })]);
    expect(back.baseValue).toBe(8.81);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 6, value: 18.8 });
    expect(await orderView(so.id)).toMatchObject({ status: 'partial', lines: [expect.objectContaining({ shipped: 7, returned: 5, reserved: 5 })] });
  });

  test('When rows name two batches of one item, each comes back into its own; a closed order takes the return but reserves nothing', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 2, 1, { batchNo: 'P', expiryDate: daysFromToday(10) });
    await receive(t, wh.id, item.id, 5, 2, { batchNo: 'Q', expiryDate: daysFromToday(20) });
    const so = await order([{ itemId: item.id, qty: 6 }]);
    const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 4 }]); // P 2, Q 2
    expect((await t.post(`/sales-orders/${so.id}/close`, {}, admin)).status).toBe(200);

    const back = await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ itemId: item.id, batchNo: 'Q', qty: 1.5 }, { shipmentLineId: shipment.lines[0]!.id, batchNo: 'P', qty: 2 }] });

    expect(back.lines.map((l) => [l.line, l.batchNo, l.qty, l.value])).toEqual([[1, 'Q', 1.5, 3], [2, 'P', 2, 2]]);
    expect(await journalOf(t, 'SRT', back.id)).toEqual([[['1405', 500, 0], ['6401', 0, 500]]]);
    expect((await balance(t, wh.id, item.id)).rows.map((b) => [b.batchNo, b.onHand, b.value, b.reserved])).toEqual([['P', 2, 2, 0], ['Q', 4.5, 9, 0]]);
    expect(await orderView(so.id)).toMatchObject({ status: 'closed', lines: [expect.objectContaining({ shipped: 4, returned: 3.5, reserved: 0 })] });
    expect(await reservationsOf(t, so.id)).toEqual([]);
  });
});

describe('Sales returns: refusals write nothing', () => {
  test('When the rows of one shipment line together return more than is still out, each is refused with 409 naming the most that can come back', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 1);
    const so = await order([{ itemId: item.id, qty: 3 }]);
    const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 3 }]);
    await returnGoods(t, admin, { shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 1 }] });
    const before = await everything();

    const res = await post({ shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 1.5 }, { itemId: item.id, qty: 0.501 }] });

    expect(res.status).toBe(409);
    const message = 'shipped 3, returned 1: at most 2 can be returned';
    expect(res.body).toMatchObject({ code: 'sales-return.too-much', errors: [{ path: 'lines[0].qty', row: 0, message }, { path: 'lines[1].qty', row: 1, message }] });
    expect(await everything()).toEqual(before);
    expect((await post({ shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 1.5 }, { itemId: item.id, qty: 0.5 }] })).status).toBe(201);
  });

  test('When rows do not name one line of the shipment, every such row is named (422) and nothing is written', async () => {
    const item = await createItem(t, { batchTracked: true });
    const stranger = await createItem(t);
    await receive(t, wh.id, item.id, 1, 1, { batchNo: 'M', expiryDate: daysFromToday(5) });
    await receive(t, wh.id, item.id, 1, 1, { batchNo: 'N', expiryDate: daysFromToday(9) });
    const so = await order([{ itemId: item.id, qty: 2 }]);
    const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]);
    const before = await everything();

    const res = await post({
      shipmentId: shipment.id,
      lines: [
        { itemId: item.id, qty: 1 },
        { shipmentLineId: 99999999, qty: 1 },
        { sku: stranger.sku, qty: 1 },
        { shipmentLineId: shipment.lines[0]!.id, batchNo: 'N', qty: 1 },
        { shipmentLineId: shipment.lines[0]!.id, itemId: stranger.id, qty: 1 },
        { qty: 1 },
        { itemId: item.id, batchNo: 'N', qty: 1 },
      ],
    });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe('sales-return.lines-invalid');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines[0].shipmentLineId', 'lines[1].shipmentLineId', 'lines[2].sku', 'lines[3].batchNo', 'lines[4].itemId', 'lines[5].shipmentLineId']);
    expect(await everything()).toEqual(before);
  });

  test('When the customer is not the shipment’s, the shipment is cancelled or a reversal, unknown or not named, the return is refused and nothing is written', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 1);
    const someoneElse = await createCustomer(t, { code: 'CUS-SRT-2' });
    const so = await order([{ itemId: item.id, qty: 2 }]);
    const kept = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1 }]);
    const cancelled = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 1 }]);
    const reversal = (await t.post(`/shipments/${cancelled.id}/cancel`, {}, admin)).body;
    const line = (s: { lines: Array<{ id: number }> }) => [{ shipmentLineId: s.lines[0]!.id, qty: 1 }];
    const before = await everything();

    const refusals = [
      await post({ customerId: someoneElse.id, shipmentId: kept.id, lines: line(kept) }),
      await post({ customerCode: someoneElse.code, shipmentId: kept.id, lines: line(kept) }),
      await post({ shipmentId: cancelled.id, lines: line(cancelled) }),
      await post({ shipmentId: reversal.id, lines: [{ itemId: item.id, qty: 1 }] }),
      await post({ shipmentId: 99999999, lines: [{ itemId: item.id, qty: 1 }] }),
      await post({ shipmentNumber: 'SH-1999-000001', lines: [{ itemId: item.id, qty: 1 }] }),
      await post({ lines: [{ itemId: item.id, qty: 1 }] }),
      await post({ shipmentId: kept.id, date: daysFromToday(1), lines: line(kept) }),
    ];

    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [422, 'sales-return.customer-mismatch'],
      [422, 'sales-return.customer-mismatch'],
      [409, 'sales-return.shipment-cancelled'],
      [409, 'sales-return.shipment-cancelled'],
      [404, expect.any(String)],
      [404, expect.any(String)],
      [422, 'sales-return.shipment-required'],
      [422, expect.any(String)],
    ]);
    expect(refusals[0]!.body.errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
    expect(refusals[1]!.body.errors).toEqual([expect.objectContaining({ path: 'customerCode' })]);
    expect(refusals[6]!.body.errors).toEqual([expect.objectContaining({ path: 'shipmentId' })]);
    expect(await everything()).toEqual(before);
  });
});

describe('Sales returns: batch endpoint, lists, permissions', () => {
  test('When returns are posted through /sales-returns/batch, each gets its number or its own problem; lists filter by shipment, customer and date', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 5, 2);
    const so = await order([{ itemId: item.id, qty: 2 }]);
    const shipment = await ship(t, admin, so.id, [{ lineId: so.lines[0]!.id, qty: 2 }]);
    const line = (qty: number) => [{ shipmentLineId: shipment.lines[0]!.id, qty }];

    const res = await t.post(
      '/sales-returns/batch',
      { documents: [{ ref: `r1-${shipment.id}`, document: { shipmentId: shipment.id, date: daysFromToday(-1), lines: line(1) } }, { ref: `r2-${shipment.id}`, document: { shipmentId: shipment.id, lines: line(1.5) } }] },
      admin,
    );

    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ ref: `r1-${shipment.id}`, status: 201, document: expect.objectContaining({ number: expect.stringMatching(/^SRT-/), date: daysFromToday(-1) }) }),
      expect.objectContaining({ ref: `r2-${shipment.id}`, status: 409, problem: expect.objectContaining({ code: 'sales-return.too-much' }) }),
    ]);
    const made = res.body.results[0].document;
    const today = await returnGoods(t, admin, { shipmentId: shipment.id, lines: line(0.5) });
    const ids = async (query: string, token = admin) => ((await t.get(`/sales-returns?${query}`, token)).body.data as Array<{ id: number }>).map((r) => r.id);
    expect(await ids(`shipmentId=${shipment.id}`)).toEqual([today.id, made.id]);
    expect(await ids(`shipmentId=${shipment.id}&to=${daysFromToday(-1)}`)).toEqual([made.id]);
    expect(await ids(`customerId=${customer.id}&from=${daysFromToday(0)}&shipmentId=${shipment.id}`)).toEqual([today.id]);
    expect((await t.get(`/sales-returns/${made.id}`, admin)).body).toEqual(made);

    const reader = await t.createUser([(await t.createRole(['sales:read'])).name]);
    const elsewhere = await t.createUser([(await t.createRole(['sales:read', 'sales:return'])).name], [(await t.createWarehouse('SRTWH2')).id]);
    const before = await everything();
    expect((await post({ shipmentId: shipment.id, lines: line(0.1) }, reader.token)).status).toBe(403);
    expect((await post({ shipmentId: shipment.id, lines: line(0.1) }, elsewhere.token)).status).toBe(403);
    expect(await everything()).toEqual(before);
    expect(await ids(`shipmentId=${shipment.id}`, reader.token)).toEqual([today.id, made.id]);
    expect(await ids('', elsewhere.token)).toEqual([]);
    expect((await t.get(`/sales-returns/${made.id}`, elsewhere.token)).status).toBe(403);
    expect((await t.get('/sales-returns/99999999', admin)).status).toBe(404);
  });
});
