import { QueryTypes } from 'sequelize';
import { adjust, balance, createItem, createPartner } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

type Line = [account: string, debit: number, credit: number];

/**
 * The whole purchasing flow through the real endpoints, each document's
 * journal compared line by line with hand-computed cents, and every ledger
 * invariant (1405, 2202.01, 2202.99, 1123 among them) after each step.
 */
describe('Purchasing, order to payment', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  async function journalOf(sourceType: string, sourceId: number): Promise<Line[]> {
    const rows = await t.services.db.sequelize.query<{ account_code: string; debit: number; credit: number }>(
      `SELECT l.account_code, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
        WHERE e.source_type = :sourceType AND e.source_id = :sourceId ORDER BY e.id, l.line`,
      { replacements: { sourceType, sourceId }, type: QueryTypes.SELECT },
    );
    // Lines per account summed, zero lines dropped: the comparison is of what each account got.
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.account_code, (sums.get(r.account_code) ?? 0) + Number(r.debit) - Number(r.credit));
    return [...sums].filter(([, net]) => net !== 0).map(([a, net]): Line => [a, Math.max(net, 0), Math.max(-net, 0)]).sort((x, y) => x[0].localeCompare(y[0]));
  }
  const step = async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  };

  test('When goods are ordered, received, partly used, invoiced dearer, partly returned and paid, then every journal and every ledger agrees', async () => {
    const item = await createItem(t);
    const supplier = await createPartner(t, 'suppliers');
    const wh = await t.createWarehouse('PF-A');

    // 10 × 5.00 at 13 %: 50.00 + 6.50.
    const order = await t.post('/purchase-orders', { supplierId: supplier.id, warehouseId: wh.id, lines: [{ itemId: item.id, qty: 10, unitPrice: 5, taxRate: 0.13 }] }, admin);
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'draft', subtotal: 50, tax: 6.5, total: 56.5 });
    expect((await t.post(`/purchase-orders/${order.body.id}/approve`, {}, admin)).status).toBe(200);

    const receipt = await t.post(`/purchase-orders/${order.body.id}/receipts`, { lines: [{ lineId: order.body.lines[0].id, qty: 10 }] }, admin);
    expect(receipt.status).toBe(201);
    expect(await journalOf('GR', receipt.body.id)).toEqual([['1405', 5000, 0], ['2202.99', 0, 5000]]);
    await step();

    // 4 used: takes 20.00, leaving 6 worth 30.00.
    expect((await adjust(t, wh.id, [{ itemId: item.id, qty: -4 }], 'internal-use')).status).toBe(201);

    // Invoiced at 5.50: 55.00 + 7.15 tax. Variance 5.00: 6/10 revalues what is left (3.00), 4/10 went to cost (2.00).
    const invoice = await t.post('/purchase-invoices', { supplierId: supplier.id, supplierInvoiceNo: 'INV-PF-1', lines: [{ receiptLineId: receipt.body.lines[0].id, qty: 10, unitPrice: 5.5 }] }, admin);
    expect(invoice.status).toBe(201);
    expect(invoice.body).toMatchObject({ status: 'held', subtotal: 55, tax: 7.15, total: 62.15 });
    expect(await journalOf('PI', invoice.body.id)).toEqual([
      ['1405', 300, 0],
      ['2202.01', 0, 6215],
      ['2202.99', 5000, 0],
      ['2221.01', 715, 0],
      ['6401', 200, 0],
    ]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 6, value: 33 });
    await step();

    // A held invoice takes no payment until it is released.
    const bank = await t.post('/cash-accounts', { code: 'PF-BANK', name: 'Flow bank', type: 'bank', allowOverdraft: true }, admin);
    expect(bank.status).toBe(201);
    const early = await t.post('/supplier-payments', { supplierId: supplier.id, cashAccountCode: 'PF-BANK', amount: 10, allocations: [{ invoiceId: invoice.body.id, amount: 10 }] }, admin);
    expect(early.status).toBe(409);
    expect((await t.post(`/purchase-invoices/${invoice.body.id}/release`, {}, admin)).status).toBe(200);

    // 2 returned: stock leaves at the receipt's 5.0000 (10.00); the debit note is 11.00 + 1.43 at the invoice's price.
    const ret = await t.post('/purchase-returns', { supplierId: supplier.id, receiptId: receipt.body.id, lines: [{ receiptLineId: receipt.body.lines[0].id, qty: 2 }] }, admin);
    expect(ret.status).toBe(201);
    expect(ret.body.debitNoteId).toEqual(expect.any(Number));
    expect(await journalOf('PRT', ret.body.id)).toEqual([
      ['1405', 0, 1000],
      ['2202.01', 1243, 0],
      ['2221.01', 0, 143],
      ['6401', 0, 100],
    ]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 4, value: 23 });
    await step();

    // The debit note is set against the invoice; the rest, 49.72, is paid.
    expect((await t.post(`/purchase-invoices/${ret.body.debitNoteId}/allocations`, { allocations: [{ invoiceId: invoice.body.id, amount: 12.43 }] }, admin)).status).toBe(200);
    const paid = await t.post('/supplier-payments', { supplierId: supplier.id, cashAccountCode: 'PF-BANK', amount: 49.72, allocations: [{ invoiceId: invoice.body.id, amount: 49.72 }] }, admin);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ amount: 49.72, allocated: 49.72, unallocated: 0 });
    // The payment books the whole amount to the supplier's advances; its allocation moves it to the payable.
    expect(await journalOf('SP', paid.body.id)).toEqual([['1002.01', 0, 4972], ['1123', 4972, 0]]);
    const payables = await t.get(`/payables?supplierId=${supplier.id}`, admin);
    expect(payables.body.data).toEqual([]);
    const final = await t.get(`/purchase-orders/${order.body.id}`, admin);
    expect(final.body.lines[0]).toMatchObject({ received: 10, returned: 2, invoiced: 8 });
    await step();
  });
});
