import { QueryTypes } from 'sequelize';
import { balance, createItem, createPartner, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

type Line = [account: string, debit: number, credit: number];

/**
 * The whole sales flow through the real endpoints: every document's journal
 * and, at the end, the whole ledger compared with hand-computed cents; stock,
 * reservations, receivables and advances verified after every step.
 */
describe('Sales, order to receipt', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const sql = <T extends object>(query: string, replacements: Record<string, unknown> = {}) => t.services.db.sequelize.query<T>(query, { replacements, type: QueryTypes.SELECT });
  /** Net per account of the rows selected, zero accounts dropped, as [account, debit, credit] in cents. */
  const netted = (rows: Array<{ account_code: string; debit: number | string; credit: number | string }>): Line[] => {
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.account_code, (sums.get(r.account_code) ?? 0) + Number(r.debit) - Number(r.credit));
    return [...sums].filter(([, net]) => net !== 0).map(([a, net]): Line => [a, Math.max(net, 0), Math.max(-net, 0)]).sort((x, y) => x[0].localeCompare(y[0]));
  };
  const journalOf = async (sourceType: string, sourceId: number) =>
    netted(
      await sql(
        `SELECT l.account_code, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_type = :sourceType AND e.source_id = :sourceId`,
        { sourceType, sourceId },
      ),
    );
  const wholeLedger = async () => netted(await sql('SELECT account_code, debit, credit FROM journal_lines'));
  const step = async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  };
  const ok = (res: { status: number; body: any }, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  test('When goods are ordered, shipped in part, invoiced, partly returned, shipped again, invoiced and paid with an advance left, every journal and the whole ledger agree', async () => {
    const item = await createItem(t, { salePrice: 10, taxRate: 0.13 });
    const customer = await createPartner(t, 'customers', { creditLimit: 1000, paymentTermsDays: 30 });
    const wh = await t.createWarehouse('SF-A');
    const bank = ok(await t.post('/cash-accounts', { code: 'SF-BANK', name: 'Flow bank', type: 'bank' }, admin), 201);
    // 10 at 6.00 and 10 at 7.00: 20 worth 130.00, an average of 6.50.
    await receive(t, wh.id, item.id, 10, 6);
    await receive(t, wh.id, item.id, 10, 7);

    // 12 × 10.00 less 10 % at 13 %: 108.00 + 14.04 = 122.04; the price is the item's sale price.
    const order = ok(await t.post('/sales-orders', { customerId: customer.id, warehouseId: wh.id, lines: [{ itemId: item.id, qty: 12, discount: 0.1 }] }, admin), 201);
    expect(order).toMatchObject({ status: 'draft', subtotal: 108, tax: 14.04, total: 122.04 });
    expect(order.lines[0]).toMatchObject({ unitPrice: 10, taxRate: 0.13 });
    const line = order.lines[0].id;
    ok(await t.post(`/sales-orders/${order.id}/approve`, {}, admin), 200);
    expect(ok(await t.get(`/customers/${customer.id}/credit`, admin), 200)).toMatchObject({ creditLimit: 1000, openReceivables: 0, openOrders: 122.04, used: 122.04, available: 877.96 });
    expect((await balance(t, wh.id, item.id)).rows[0]).toMatchObject({ onHand: 20, reserved: 12 });
    await step();

    // 8 leave at the average: 52.00.
    const first = ok(await t.post(`/sales-orders/${order.id}/shipments`, { lines: [{ lineId: line, qty: 8 }] }, admin), 201);
    expect(first.lines).toEqual([expect.objectContaining({ lineId: line, qty: 8, unitCost: 6.5, value: 52 })]);
    expect(await journalOf('SH', first.id)).toEqual([['1405', 0, 5200], ['6401', 5200, 0]]);
    expect((await balance(t, wh.id, item.id)).rows[0]).toMatchObject({ onHand: 12, reserved: 4, value: 78 });
    await step();

    // Invoiced: 8 × 9.00 = 72.00 + 9.36.
    const inv1 = ok(await t.post('/sales-invoices', { customerId: customer.id, shipmentIds: [first.id] }, admin), 201);
    expect(inv1).toMatchObject({ kind: 'invoice', status: 'open', subtotal: 72, tax: 9.36, total: 81.36, openAmount: 81.36, dueDate: expect.any(String) });
    expect(await journalOf('SI', inv1.id)).toEqual([['1122', 8136, 0], ['2221.02', 0, 936], ['6001', 0, 7200]]);
    // Used: 81.36 receivable + the 4 not yet invoiced, 12,204 × 4 / 12 = 40.68.
    expect(ok(await t.get(`/customers/${customer.id}/credit`, admin), 200)).toMatchObject({ openReceivables: 81.36, openOrders: 40.68, used: 122.04 });
    await step();

    // 3 come back at the 6.50 they left with (19.50); they were invoiced, so a credit note of 27.00 + 3.51.
    const ret = ok(await t.post('/sales-returns', { customerId: customer.id, shipmentId: first.id, reason: '破损', lines: [{ shipmentLineId: first.lines[0].id, qty: 3 }] }, admin), 201);
    expect(ret.lines).toEqual([expect.objectContaining({ qty: 3, unitCost: 6.5, value: 19.5 })]);
    expect(ret.creditNoteId).toEqual(expect.any(Number));
    expect(await journalOf('SRT', ret.id)).toEqual([['1405', 1950, 0], ['6401', 0, 1950]]);
    const note = ok(await t.get(`/sales-invoices/${ret.creditNoteId}`, admin), 200);
    expect(note).toMatchObject({ kind: 'credit-note', subtotal: -27, tax: -3.51, total: -30.51 });
    expect(await journalOf('SI', note.id)).toEqual([['1122', 0, 3051], ['2221.02', 351, 0], ['6001', 2700, 0]]);
    // The line reopens for a replacement: 12 − 8 + 3 = 7 to ship, and reserved again.
    expect(ok(await t.get(`/sales-orders/${order.id}`, admin), 200).lines[0]).toMatchObject({ shipped: 8, returned: 3, invoiced: 5, toShip: 7, reserved: 7 });
    await step();

    // 7 more leave: 15 on hand worth 97.50, so 45.50.
    const second = ok(await t.post(`/sales-orders/${order.id}/shipments`, { lines: [{ lineId: line, qty: 7 }] }, admin), 201);
    expect(await journalOf('SH', second.id)).toEqual([['1405', 0, 4550], ['6401', 4550, 0]]);
    const inv2 = ok(await t.post('/sales-invoices', { customerId: customer.id, lines: [{ shipmentLineId: second.lines[0].id, qty: 7 }] }, admin), 201);
    expect(inv2).toMatchObject({ subtotal: 63, tax: 8.19, total: 71.19 });
    expect(ok(await t.get(`/sales-orders/${order.id}`, admin), 200)).toMatchObject({ status: 'closed' });
    await step();

    // The credit note settles part of the first invoice; 130.00 received pays both, 7.96 stays an advance.
    ok(await t.post(`/sales-invoices/${note.id}/allocations`, { allocations: [{ invoiceId: inv1.id, amount: 30.51 }] }, admin), 200);
    const receipt = ok(
      await t.post(
        '/customer-receipts',
        { customerId: customer.id, cashAccountCode: 'SF-BANK', amount: 130, allocations: [{ invoiceId: inv1.id, amount: 50.85 }, { invoiceNumber: inv2.number, amount: 71.19 }] },
        admin,
      ),
      201,
    );
    expect(receipt).toMatchObject({ amount: 130, allocated: 122.04, unallocated: 7.96, fxDifference: 0 });
    expect(await journalOf('CR', receipt.id)).toEqual([[bank.accountCode, 13000, 0], ['2203', 0, 13000]]);
    expect(ok(await t.get(`/sales-invoices/${inv1.id}`, admin), 200)).toMatchObject({ status: 'paid', openAmount: 0 });
    const receivables = ok(await t.get(`/receivables?customerId=${customer.id}`, admin), 200);
    expect(receivables.data).toEqual([expect.objectContaining({ kind: 'receipt', number: receipt.number, openAmount: -7.96 })]);
    expect(ok(await t.get(`/customers/${customer.id}/credit`, admin), 200)).toMatchObject({ openReceivables: -7.96, openOrders: 0, used: -7.96, available: 1007.96 });
    const statement = ok(await t.get(`/customers/${customer.id}/statement`, admin), 200);
    expect(statement).toMatchObject({ opening: 0, closing: -7.96 });
    await step();

    // The whole ledger, by hand: stock 8 left worth 52.00; revenue 12 × 9.00; cost 12 × 6.50; tax 14.04.
    expect(await wholeLedger()).toEqual([
      [bank.accountCode, 13000, 0],
      ['1405', 5200, 0],
      ['2203', 0, 796],
      ['2221.02', 0, 1404],
      ['4199', 0, 13000],
      ['6001', 0, 10800],
      ['6401', 7800, 0],
    ]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 8, value: 52 });
  });

  test('When a dollar invoice at 7.10 is paid at 7.20, the receivable is cleared at its own base and the difference is a gain', async () => {
    const item = await createItem(t);
    const customer = await createPartner(t, 'customers', { currency: 'USD' });
    const wh = await t.createWarehouse('SF-B');
    const bank = ok(await t.post('/cash-accounts', { code: 'SF-USD', name: 'Dollar account', type: 'bank', currency: 'USD' }, admin), 201);
    await receive(t, wh.id, item.id, 10, 20);

    const order = ok(await t.post('/sales-orders', { customerId: customer.id, warehouseId: wh.id, rate: 7.1, lines: [{ itemId: item.id, qty: 10, unitPrice: 5, taxRate: 0 }] }, admin), 201);
    expect(order).toMatchObject({ currency: 'USD', rate: 7.1, total: 50, baseTotal: 355 });
    ok(await t.post(`/sales-orders/${order.id}/approve`, {}, admin), 200);
    const shipment = ok(await t.post(`/sales-orders/${order.id}/shipments`, { lines: [{ lineId: order.lines[0].id, qty: 10 }] }, admin), 201);
    const invoice = ok(await t.post('/sales-invoices', { customerId: customer.id, shipmentIds: [shipment.id], rate: 7.1 }, admin), 201);
    expect(invoice).toMatchObject({ currency: 'USD', total: 50, baseTotal: 355 });
    expect(await journalOf('SI', invoice.id)).toEqual([['1122', 35500, 0], ['6001', 0, 35500]]);

    const receipt = ok(await t.post('/customer-receipts', { customerId: customer.id, cashAccountId: bank.id, rate: 7.2, amount: 50, allocations: [{ invoiceId: invoice.id, amount: 50 }] }, admin), 201);
    expect(receipt).toMatchObject({ currency: 'USD', amount: 50, baseAmount: 360, allocated: 50, unallocated: 0, fxDifference: 5 });
    // Cash in at 360.00, the receivable out at its 355.00, 5.00 gained.
    // The receipt's own entry and its allocation's (numbered after the receipt).
    const moved = netted(
      await sql("SELECT l.account_code, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_type IN ('CR', 'ALLOC') AND e.source_number = :number", {
        number: receipt.number,
      }),
    );
    expect(moved).toEqual([[bank.accountCode, 36000, 0], ['1122', 0, 35500], ['6603.01', 0, 500]]);
    expect(ok(await t.get(`/sales-invoices/${invoice.id}`, admin), 200)).toMatchObject({ status: 'paid', openAmount: 0 });
    await step();
  });
});
