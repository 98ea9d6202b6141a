import { QueryTypes } from 'sequelize';
import { migrator } from '../../server/db/migrate';
import { createItem, createPartner, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { insertSalesInvoice } from '../support/sales-customers';
import { invoiceShipments } from '../support/sales-invoices';
import { createApprovedOrder } from '../support/sales-orders';
import { returnGoods, ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';

/**
 * The customer sales summary (sales_customer_item_months): kept by posting,
 * crediting and cancelling in their own transactions.
 */
describe('Customer sales summary', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const summaryOf = async (customerId: number) =>
    (
      await t.services.db.sequelize.query<Record<string, unknown>>(
        'SELECT month, item_id, lines, qty, base_amount, base_cost FROM sales_customer_item_months WHERE customer_id = :customerId ORDER BY month, item_id',
        { replacements: { customerId }, type: QueryTypes.SELECT },
      )
    ).map((r) => [r.month, Number(r.item_id), Number(r.lines), Number(r.qty), Number(r.base_amount), Number(r.base_cost)]);

  test('When an invoice is posted, goods come back on a credit note and another invoice is cancelled, then the summary follows each, by hand', async () => {
    const wh = await t.createWarehouse('SUM-W');
    const p = await createItem(t, { sku: 'SUM-P', taxRate: 0.13 });
    const q = await createItem(t, { sku: 'SUM-Q', taxRate: 0.13 });
    await receive(t, wh.id, p.id, 20, 6);
    await receive(t, wh.id, q.id, 10, 7.5);
    const customer = await createPartner(t, 'customers', { code: 'SUM-1' });
    // 35 days apart, so always in two months.
    const [early, late] = [daysFromToday(-45), daysFromToday(-10)];
    const [m1, m2] = [early.slice(0, 7), late.slice(0, 7)];

    // Invoice 1: P 10 × 10.00 (cost 10 × 6.00), Q 4 × 12.50 (cost 4 × 7.50), excluding tax.
    const a = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, date: daysFromToday(-50), lines: [{ itemId: p.id, qty: 10, unitPrice: 10 }, { itemId: q.id, qty: 4, unitPrice: 12.5 }] });
    const shipped = await ship(t, admin, a.id, a.lines.map((l) => ({ lineId: l.id, qty: l.qty })), daysFromToday(-46));
    await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [shipped.id], date: early });
    expect(await summaryOf(customer.id)).toEqual([
      [m1, p.id, 1, 10_000, 10_000, 6_000],
      [m1, q.id, 1, 4_000, 5_000, 3_000],
    ]);

    // Three P come back: a credit note line of −3, −30.00, cost −18.00, in the month of the return.
    await returnGoods(t, admin, { customerId: customer.id, shipmentId: shipped.id, date: late, lines: [{ shipmentLineId: shipped.lines[0]!.id, qty: 3 }] });
    const credited = [
      [m1, p.id, 1, 10_000, 10_000, 6_000],
      [m1, q.id, 1, 4_000, 5_000, 3_000],
      [m2, p.id, 1, -3_000, -3_000, -1_800],
    ];
    expect(await summaryOf(customer.id)).toEqual(credited);

    // Invoice 2 in that month: P 2 × 10.00 (cost 12.00) nets against the credit, Q 1 × 12.50 (cost 7.50) is a new row.
    const b = await createApprovedOrder(t, admin, { customerId: customer.id, warehouseId: wh.id, date: daysFromToday(-12), lines: [{ itemId: p.id, qty: 2, unitPrice: 10 }, { itemId: q.id, qty: 1, unitPrice: 12.5 }] });
    const second = await ship(t, admin, b.id, b.lines.map((l) => ({ lineId: l.id, qty: l.qty })), daysFromToday(-11));
    const invoice2 = await invoiceShipments(t, admin, { customerId: customer.id, shipmentIds: [second.id], date: late });
    expect(await summaryOf(customer.id)).toEqual([
      [m1, p.id, 1, 10_000, 10_000, 6_000],
      [m1, q.id, 1, 4_000, 5_000, 3_000],
      [m2, p.id, 2, -1_000, -1_000, -600],
      [m2, q.id, 1, 1_000, 1_250, 750],
    ]);
    await expectInvariants(t);

    // Cancelled, it is taken out again: the Q row it alone made is gone.
    expect((await t.post(`/sales-invoices/${invoice2.id}/cancel`, {}, admin)).status).toBe(200);
    expect(await summaryOf(customer.id)).toEqual(credited);
    const behaviour = await t.get(`/customers/${customer.id}/behaviour`, admin);
    expect(behaviour.body.topItems.map((i: { sku: string; qty: number; revenue: number }) => [i.sku, i.qty, i.revenue])).toEqual([['SUM-P', 7, 70], ['SUM-Q', 4, 50]]);
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  test('When 0016 runs on a database that already holds sales, then the summary starts as the lines of the invoices that stand sum', async () => {
    const everything = () => t.services.db.sequelize.query('SELECT * FROM sales_customer_item_months ORDER BY customer_id, month, item_id', { type: QueryTypes.SELECT });
    const customer = await createPartner(t, 'customers', { code: 'SUM-3' });
    const [x, y] = [await createItem(t, { sku: 'SUM-X' }), await createItem(t, { sku: 'SUM-Y' })];
    await insertSalesInvoice(t, { customerId: customer.id, date: '2024-06-03', openItem: false, lines: [{ itemId: x.id, qty: 2, amount: 30 }, { itemId: y.id, qty: 1, amount: 10 }] });
    await insertSalesInvoice(t, { customerId: customer.id, date: '2024-06-20', kind: 'credit-note', lines: [{ itemId: x.id, qty: -1, amount: -15 }] });
    await insertSalesInvoice(t, { customerId: customer.id, date: '2024-07-01', status: 'cancelled', openItem: false, lines: [{ itemId: y.id, qty: 4, amount: 40 }] });
    const kept = await everything();


    await migrator(t.services.db).down({ to: '0016-customer-sales' });
    await migrator(t.services.db).up();

    expect(await everything()).toEqual(kept);
    expect(await summaryOf(customer.id)).toEqual([
      ['2024-06', x.id, 2, 1_000, 1_500, 0],
      ['2024-06', y.id, 1, 1_000, 1_000, 0],
    ]);
    await expectInvariants(t);
  });
});
