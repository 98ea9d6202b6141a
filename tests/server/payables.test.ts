import { cents } from '../support/finance-cash';
import { expectInvariants } from '../support/invariants';
import { createSupplierInvoice } from '../support/purchasing-payments';
import { TestApp } from '../support/test-app';

/**
 * Payables ageing and the supplier statement (对账单) over HTTP: buckets
 * hand-computed for both bases and a past `asOf`, cross-checked against the
 * open-items ledger's own ageing (a second, independent implementation), and
 * a statement's running balance against the hand-kept one.
 */

let t: TestApp;
let admin: string;
const suppliers: Record<string, number> = {};

async function supplier(code: string): Promise<number> {
  const res = await t.post('/suppliers', { code, name: `Supplier ${code}` }, admin);
  expect(res.status).toBe(201);
  return (suppliers[code] = res.body.id);
}

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  expect((await t.post('/cash-accounts', { code: 'ICBC', name: 'ICBC', type: 'bank' }, admin)).status).toBe(201);
  expect((await t.post('/cash-entries', { kind: 'income', cashAccountCode: 'ICBC', date: '2026-01-02', lines: [{ accountCode: '6001', amount: 100000 }] }, admin)).status).toBe(201);
  for (const code of ['AG', 'AH', 'ST']) await supplier(code);
});
afterAll(async () => t.stop());
afterEach(async () => expectInvariants(t));

/** The ledger's ageing as the endpoint answers it: money in yuan. */
async function ledgerAgeing(asOf: string, basis: 'invoice' | 'due') {
  const { data, totals } = await t.services.openItems.ageing('supplier', { asOf, basis });
  const yuan = <T extends object>(r: T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ['partnerId', 'code', 'name'].includes(k) ? v : v / 100]));
  return {
    data: data.map((r) => {
      const { partnerId, code, name: _name, ...buckets } = yuan(r) as Record<string, number | string>;
      return { supplierId: partnerId, supplierCode: code, ...buckets };
    }),
    totals: yuan(totals),
  };
}

describe('Payables ageing', () => {
  test('When invoices, a debit note and an advance of various ages are open, then each lands in its hand-computed bucket on either basis', async () => {
    const AG = suppliers.AG!;
    await createSupplierInvoice(t, { supplierId: AG, date: '2026-06-15', dueDate: '2026-07-15', amount: 100_00 }); // age 15; due in 15 days
    const b = await createSupplierInvoice(t, { supplierId: AG, date: '2026-05-01', dueDate: '2026-05-31', amount: 200_00 }); // age 60; 30 past due
    await createSupplierInvoice(t, { supplierId: AG, date: '2026-03-01', dueDate: '2026-04-30', amount: 300_00 }); // age 121; 61 past due
    await createSupplierInvoice(t, { supplierId: AG, date: '2026-04-01', amount: 400_00 }); // age 90 either way
    await createSupplierInvoice(t, { supplierId: AG, date: '2026-02-01', amount: 30_00, kind: 'debit-note' }); // age 149
    await createSupplierInvoice(t, { supplierId: AG, date: '2026-07-05', amount: 1000_00 }); // after asOf: left out
    await createSupplierInvoice(t, { supplierId: suppliers.AH!, date: '2026-06-30', dueDate: '2026-06-30', amount: 5_00 }); // age 0: not yet due
    const advance = await t.post('/supplier-payments', { supplierCode: 'AG', cashAccountCode: 'ICBC', date: '2026-06-20', amount: 50 }, admin); // age 10
    expect(advance.status).toBe(201);
    // Allocated after asOf: as of 2026-06-30 the advance and invoice b are still whole.
    const later = await t.post(`/supplier-payments/${advance.body.id}/allocations`, { date: '2026-07-10', allocations: [{ invoiceId: b.id, amount: 20 }] }, admin);
    expect(later.status).toBe(200);

    const byInvoice = await t.get('/payables/ageing?asOf=2026-06-30', admin);
    expect(byInvoice.status).toBe(200);
    expect(byInvoice.body.data).toEqual([
      { supplierId: suppliers.AG, supplierCode: 'AG', name: 'Supplier AG', notDue: 0, days0to30: 50, days31to60: 200, days61to90: 400, over90: 270, total: 920 },
      { supplierId: suppliers.AH, supplierCode: 'AH', name: 'Supplier AH', notDue: 0, days0to30: 5, days31to60: 0, days61to90: 0, over90: 0, total: 5 },
    ]);
    expect(byInvoice.body.totals).toEqual({ notDue: 0, days0to30: 55, days31to60: 200, days61to90: 400, over90: 270, total: 925 });

    const byDue = await t.get('/payables/ageing?asOf=2026-06-30&basis=due', admin);
    expect(byDue.body.data).toEqual([
      { supplierId: suppliers.AG, supplierCode: 'AG', name: 'Supplier AG', notDue: 100, days0to30: 150, days31to60: 0, days61to90: 700, over90: -30, total: 920 },
      { supplierId: suppliers.AH, supplierCode: 'AH', name: 'Supplier AH', notDue: 5, days0to30: 0, days31to60: 0, days61to90: 0, over90: 0, total: 5 },
    ]);
    expect(byDue.body.totals).toEqual({ notDue: 105, days0to30: 150, days31to60: 0, days61to90: 700, over90: -30, total: 925 });

    const one = await t.get(`/payables/ageing?asOf=2026-06-30&supplierId=${suppliers.AH}`, admin);
    expect(one.body.data.map((r: { supplierCode: string }) => r.supplierCode)).toEqual(['AH']);

    // Today: the 1,000.00 invoice is in and 20.00 of the advance is set against invoice b.
    const today = t.services.calendar.today();
    const now = await t.get('/payables/ageing?basis=due', admin);
    expect(now.body.totals.total).toBe(925 + 1000);
    for (const [asOf, basis] of [['2026-06-30', 'invoice'], ['2026-06-30', 'due'], ['2026-07-10', 'due'], ['2026-07-09', 'invoice'], [today, 'invoice'], [today, 'due']] as const) {
      const res = await t.get(`/payables/ageing?asOf=${asOf}&basis=${basis}`, admin);
      expect({ data: res.body.data.map(({ name: _n, ...r }: { name: string }) => r), totals: res.body.totals }).toEqual(await ledgerAgeing(asOf, basis));
    }

    const payables = await t.get(`/payables?supplierId=${suppliers.AG}&asOf=2026-06-30`, admin);
    expect(payables.body.data.map((r: { number: string; openAmount: number; daysOverdue: number }) => [r.openAmount, r.daysOverdue])).toEqual([
      [-30, 0], [300, 61], [400, 90], [200, 30], [100, 0], [-50, 0],
    ]);
    const current = await t.get(`/payables?supplierId=${suppliers.AG}`, admin);
    expect(current.body.data.map((r: { openAmount: number }) => r.openAmount)).toEqual([-30, 300, 400, 180, 100, -30, 1000]);
  });

  test('When the query is bad, then 422 names the parameter', async () => {
    const res = await t.get('/payables/ageing?basis=month&asOf=30-06-2026', admin);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['asOf', 'basis']);
  });
});

describe('Supplier statement (对账单)', () => {
  test('When invoices, a payment and a debit note follow each other, then the statement runs the balance owed from the opening to the closing', async () => {
    const ST = suppliers.ST!;
    const invoice = await createSupplierInvoice(t, { supplierId: ST, date: '2026-04-01', amount: 1000_00 });
    const payment = await t.post('/supplier-payments', { supplierCode: 'ST', cashAccountCode: 'ICBC', date: '2026-04-10', amount: 400, allocations: [{ invoiceId: invoice.id, amount: 400 }] }, admin);
    expect(payment.status).toBe(201);
    const note = await createSupplierInvoice(t, { supplierId: ST, date: '2026-04-15', amount: 100_00, kind: 'debit-note' });
    const set = await t.post(`/purchase-invoices/${note.id}/allocations`, { allocations: [{ invoiceNumber: invoice.number, amount: 100 }] }, admin);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id: note.id, number: note.number, amount: 100, allocated: 100, unallocated: 0, fxDifference: 0, allocations: [{ invoiceId: invoice.id, date: '2026-04-15', amount: 100, journalEntryId: null }] });
    const second = await createSupplierInvoice(t, { supplierId: ST, date: '2026-05-01', amount: 250_00 });
    await createSupplierInvoice(t, { supplierId: ST, date: '2026-06-01', amount: 7_00 }); // after `to`

    const res = await t.get(`/suppliers/${ST}/statement?from=2026-04-05&to=2026-05-31`, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      supplierId: ST, supplierCode: 'ST', name: 'Supplier ST', from: '2026-04-05', to: '2026-05-31', currency: 'CNY',
      opening: 1000,
      lines: [
        { date: '2026-04-10', docType: 'SP', number: payment.body.number, debit: 400, credit: 0, balance: 600 },
        { date: '2026-04-15', docType: 'PI', number: note.number, debit: 100, credit: 0, balance: 500 },
        { date: '2026-05-01', docType: 'PI', number: second.number, debit: 0, credit: 250, balance: 750 },
      ],
      closing: 750,
    });
    // The closing is what the payables say is owed on that day.
    const open = await t.get(`/payables?supplierId=${ST}&asOf=2026-05-31`, admin);
    expect(cents(open.body.data.reduce((s: number, r: { baseOpenAmount: number }) => s + r.baseOpenAmount, 0))).toBe(750_00);

    const note2 = await t.post(`/purchase-invoices/${invoice.id}/allocations`, { allocations: [{ invoiceId: second.id, amount: 1 }] }, admin);
    expect(note2.status).toBe(422);
    expect((await t.get('/suppliers/999999/statement', admin)).status).toBe(404);
  });
});
