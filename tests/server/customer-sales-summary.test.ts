import { QueryTypes } from 'sequelize';
import { migrator } from '../../server/db/migrate';
import { windowParts } from '../../server/modules/customers-admin/customer-sales-summary';
import { createItem, createPartner, daysFromToday, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { insertSalesInvoice } from '../support/sales-customers';
import { invoiceShipments } from '../support/sales-invoices';
import { createApprovedOrder } from '../support/sales-orders';
import { returnGoods, ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';

/**
 * The customer sales summary (sales_customer_item_months): kept by posting,
 * crediting and cancelling in their own transactions, and read by top items
 * as whole months plus the lines of the part-months at a window's edges.
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

  test('When a window cuts months, then each edge is read from the shorter part of its month: the days inside added, or those outside taken off', () => {
    // From the 5th: take January 1–4 off the whole month; from the 25th: add January 25–31 and start at February.
    expect(windowParts({ from: '2024-01-05', to: '2024-03-28' })).toEqual({
      months: { first: '2024-01', last: '2024-03' },
      lines: [{ from: '2024-01-01', to: '2024-01-04', sign: -1 }, { from: '2024-03-29', to: '2024-03-31', sign: -1 }],
    });
    expect(windowParts({ from: '2024-01-25', to: '2024-03-10' })).toEqual({
      months: { first: '2024-02', last: '2024-02' },
      lines: [{ from: '2024-01-25', to: '2024-01-31', sign: 1 }, { from: '2024-03-01', to: '2024-03-10', sign: 1 }],
    });
    expect(windowParts({ from: '2024-01-25', to: '2024-02-10' })).toEqual({ months: null, lines: [{ from: '2024-01-25', to: '2024-01-31', sign: 1 }, { from: '2024-02-01', to: '2024-02-10', sign: 1 }] });
    expect(windowParts({ from: null, to: '2024-02-29' })).toEqual({ months: { first: null, last: '2024-02' }, lines: [] });
    // Within one month: its few days, or the month less the few outside.
    expect(windowParts({ from: '2024-02-10', to: '2024-02-12' })).toEqual({ months: null, lines: [{ from: '2024-02-10', to: '2024-02-12', sign: 1 }] });
    expect(windowParts({ from: '2024-02-02', to: '2024-02-27' })).toEqual({
      months: { first: '2024-02', last: '2024-02' },
      lines: [{ from: '2024-02-01', to: '2024-02-01', sign: -1 }, { from: '2024-02-28', to: '2024-02-29', sign: -1 }],
    });
  });

  test('When windows start and end anywhere in a month, then top items are the sums of the lines dated in them, as a model of the lines computes them', async () => {
    const customer = await createPartner(t, 'customers', { code: 'SUM-2' });
    const items: Array<{ id: number; sku: string }> = [];
    for (let i = 1; i <= 12; i++) items.push(await createItem(t, { sku: `SUM-I${String(i).padStart(2, '0')}` }));
    // The model: every line written, with its date, item, qty and amount (cents), and whether its invoice stands.
    // Written straight into the tables (no open items, nothing journaled), as the posting APIs cannot date them.
    const written: Array<{ date: string; itemId: number; qty: number; amount: number; stands: boolean }> = [];
    const invoice = async (date: string, lines: Array<[item: number, qty: number, cents: number]>, extra: { kind?: 'credit-note'; status?: string } = {}) => {
      await insertSalesInvoice(t, { customerId: customer.id, date, ...extra, openItem: false, lines: lines.map(([i, qty, cents]) => ({ itemId: items[i]!.id, qty, amount: cents / 100 })) });
      for (const [i, qty, cents] of lines) written.push({ date, itemId: items[i]!.id, qty: qty * 1000, amount: cents, stands: extra.status !== 'cancelled' });
    };
    const days = ['2023-12-30', '2024-01-01', '2024-01-02', '2024-01-04', '2024-01-05', '2024-01-09', '2024-01-16', '2024-01-25', '2024-01-26', '2024-01-31',
      '2024-02-01', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-20', '2024-02-28', '2024-02-29',
      '2024-03-01', '2024-03-02', '2024-03-10', '2024-03-11', '2024-03-28', '2024-03-29', '2024-03-31', '2024-04-15', '2024-05-02'];
    for (const [d, date] of days.entries()) {
      await invoice(date, [0, 1, 2].map((k) => [(d * 5 + k * 7) % 10, 1 + ((d + k) % 4), (1 + ((d + k) % 4)) * (1000 + ((d * 37 + k * 11) % 900))]));
      if (d % 4 === 3) await invoice(date, [[(d * 3) % 10, -1, -(500 + d * 10)]], { kind: 'credit-note' });
    }
    // Item 11 only on a cancelled invoice (never sold); item 12 sold on 02-10 and credited to nothing on 02-12 (sold, for 0).
    await invoice('2024-02-11', [[10, 5, 99_900], [0, 9, 90_000]], { status: 'cancelled' });
    await invoice('2024-02-10', [[11, 2, 3_000]]);
    await invoice('2024-02-12', [[11, -2, -3_000]], { kind: 'credit-note' });

    const expected = (from: string | null, to: string) => {
      const sums = new Map<number, { qty: number; revenue: number }>();
      for (const l of written.filter((l) => l.stands && (from === null || l.date >= from) && l.date <= to)) {
        const s = sums.get(l.itemId) ?? { qty: 0, revenue: 0 };
        sums.set(l.itemId, { qty: s.qty + l.qty, revenue: s.revenue + l.amount });
      }
      return [...sums]
        .sort(([a, x], [b, y]) => y.revenue - x.revenue || a - b)
        .slice(0, 10)
        .map(([itemId, s]) => [itemId, s.qty / 1000, s.revenue / 100]);
    };
    const edges = ['2024-01-01', '2024-01-04', '2024-01-05', '2024-01-16', '2024-01-25', '2024-01-31', '2024-02-01', '2024-02-10', '2024-02-11', '2024-02-12',
      '2024-02-27', '2024-02-29', '2024-03-01', '2024-03-10', '2024-03-28', '2024-03-31', '2024-04-15'];
    let windows = 0;
    for (const from of [null, ...edges]) {
      for (const to of edges.filter((d) => from === null || d >= from)) {
        const res = await t.get(`/customers/${customer.id}/behaviour?${from === null ? '' : `from=${from}&`}to=${to}`, admin);
        expect([from, to, res.body.topItems.map((i: { itemId: number; qty: number; revenue: number }) => [i.itemId, i.qty, i.revenue])]).toEqual([from, to, expected(from, to)]);
        windows++;
      }
    }
    expect(windows).toBe(170);
    // Windows that show it: the item credited to nothing is there when both its lines or only its credit are inside.
    expect(expected('2024-02-10', '2024-02-12')).toContainEqual([items[11]!.id, 0, 0]);
    expect(expected('2024-02-11', '2024-02-27')).toContainEqual([items[11]!.id, -2, -30]);
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
