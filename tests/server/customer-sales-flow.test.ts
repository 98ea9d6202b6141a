import { createItem, createPartner, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { openTicket } from '../support/sales-customers';
import { approveOrder, createApprovedOrder, createOrder } from '../support/sales-orders';
import { invoiceShipments } from '../support/sales-invoices';
import { returnGoods, ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';

/**
 * Behaviour, RFM and ABC of customers whose sales went the whole way through
 * the posting APIs: order → approve → ship → invoice → receipt, a return
 * with its credit note, and a ticket about one of the orders. Every figure by hand.
 */
describe('Customer analysis of sales posted through the APIs', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const ok = (res: { status: number; body: any }, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const day = daysFromToday;

  test('When two customers order, are shipped, invoiced, pay and return goods, then behaviour, RFM and ABC are as worked out by hand', async () => {
    const item = await createItem(t, { sku: 'FLOW-PUMP', name: 'Pump', salePrice: 10, taxRate: 0.13 });
    const wh = await t.createWarehouse('FLOW-W');
    ok(await t.post('/cash-accounts', { code: 'FLOW-BANK', name: 'Flow bank', type: 'bank' }, admin), 201);
    await receive(t, wh.id, item.id, 100, 6);
    const big = await createPartner(t, 'customers', { code: 'FLOW-1' });
    const small = await createPartner(t, 'customers', { code: 'FLOW-2' });
    const sell = async (customerId: number, orderDate: string, qty: number, unitPrice: number, shipDate: string, invoiceDate: string) => {
      const draft = await createOrder(t, admin, { customerId, warehouseId: wh.id, date: orderDate, lines: [{ itemId: item.id, qty, unitPrice }] });
      const order = await approveOrder(t, admin, draft.id);
      const shipment = await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty }], shipDate);
      const invoice = await invoiceShipments(t, admin, { customerId, shipmentIds: [shipment.id], date: invoiceDate });
      return { order, shipment, invoice };
    };
    const receipt = async (customerId: number, date: string, amount: number, invoiceId: number) =>
      ok(await t.post('/customer-receipts', { customerId, cashAccountCode: 'FLOW-BANK', date, amount, allocations: [{ invoiceId, amount }] }, admin), 201);

    // FLOW-1: 10 × 10.00 = 100.00 + 13.00, paid in full 15 days after the invoice; 4 × 12.50 = 50.00 + 6.50, 30.00 paid after 6 days;
    // one of the first 10 comes back: a credit note of −10.00 − 1.30. A draft order does not count.
    const first = await sell(big.id, day(-30), 10, 10, day(-25), day(-20));
    const second = await sell(big.id, day(-10), 4, 12.5, day(-9), day(-8));
    expect([first.invoice.total, second.invoice.total]).toEqual([113, 56.5]);
    await receipt(big.id, day(-5), 113, first.invoice.id);
    await receipt(big.id, day(-2), 30, second.invoice.id);
    const ret = await returnGoods(t, admin, { customerId: big.id, shipmentId: first.shipment.id, date: day(-3), lines: [{ shipmentLineId: first.shipment.lines[0]!.id, qty: 1 }] });
    expect(ret.creditNoteId).toEqual(expect.any(Number));
    await createOrder(t, admin, { customerId: big.id, warehouseId: wh.id, date: day(-1), lines: [{ itemId: item.id, qty: 50 }] });
    // FLOW-2: one order 5 days ago, 2 × 10.00 = 20.00, unpaid.
    await sell(small.id, day(-5), 2, 10, day(-4), day(-4));
    const ticket = await openTicket(t, admin, { customerCode: big.code, kind: 'return', subject: 'One pump arrived cracked', salesOrderId: first.order.id, sku: item.sku });

    const behaviour = ok(await t.get(`/customers/${big.id}/behaviour`, admin), 200);
    const rfm = ok(await t.get('/customers/rfm', admin), 200);
    const abc = ok(await t.get('/customers/abc', admin), 200);

    // Revenue 100.00 + 50.00 − 10.00 = 140.00 over 2 orders; days to pay (113.00 × 15 + 30.00 × 6) / 143.00 = 13.11.
    // Among the two: R (days 10 vs 5) 1 and 3, F (2 vs 1) 3 and 1, M (140 vs 20) 3 and 1 → FLOW-1 at-risk (R ≤ 2, F ≥ 3), FLOW-2 others.
    expect(behaviour).toEqual({
      customerId: big.id, from: null, to: t.services.calendar.today(),
      orders: 2, revenue: 140, averageOrderValue: 70, firstOrderDate: day(-30), lastOrderDate: day(-10), recencyDays: 10,
      frequency: 2, monetary: 140, rfm: { r: 1, f: 3, m: 3 }, segment: 'at-risk',
      topItems: [{ itemId: item.id, sku: 'FLOW-PUMP', name: 'Pump', qty: 13, revenue: 140 }],
      averageDaysToPay: 13.11,
    });
    expect(rfm.data.map((r: { customerCode: string; r: number; f: number; m: number; segment: string }) => [r.customerCode, r.r, r.f, r.m, r.segment])).toEqual([
      ['FLOW-1', 1, 3, 3, 'at-risk'],
      ['FLOW-2', 3, 1, 1, 'others'],
    ]);
    // 140 of 160 = 87.5 %: FLOW-1 starts at 0 (A), FLOW-2 at 87.5 % (B).
    expect(abc.data.map((r: { customerCode: string; revenue: number; share: number; abc: string }) => [r.customerCode, r.revenue, r.share, r.abc])).toEqual([
      ['FLOW-1', 140, 0.875, 'A'],
      ['FLOW-2', 20, 0.125, 'B'],
    ]);
    expect(ticket).toMatchObject({ salesOrderNumber: first.order.number, sku: 'FLOW-PUMP', status: 'open' });
  });

  test('When an invoice is cancelled, then it no longer counts as revenue or among the top items', async () => {
    const item = await createItem(t, { sku: 'FLOW-VALVE', salePrice: 8, taxRate: 0 });
    const wh = await t.createWarehouse('FLOW-W2');
    await receive(t, wh.id, item.id, 10, 3);
    const customer = await createPartner(t, 'customers', { code: 'FLOW-3' });
    const order = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: item.id, qty: 5 }] });
    const shipment = await ship(t, admin, order.id, [{ lineId: order.lines[0]!.id, qty: 5 }]);
    const invoice = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipment.id] });
    const invoiced = ok(await t.get(`/customers/${customer.id}/behaviour`, admin), 200);

    ok(await t.post(`/sales-invoices/${invoice.id}/cancel`, {}, admin), 200);
    const cancelled = ok(await t.get(`/customers/${customer.id}/behaviour`, admin), 200);

    expect(invoiced).toMatchObject({ orders: 1, revenue: 40, topItems: [expect.objectContaining({ qty: 5, revenue: 40 })] });
    expect(cancelled).toMatchObject({ orders: 1, revenue: 0, topItems: [], averageDaysToPay: null });
  });
});
