import { openingReceivable } from '../support/sales-invoices';
import { createCustomer } from '../support/sales-orders';
import { allocateReceipt, expectAllInvariants, invoicedThenReturned, receive, startWithBanks, stockedItem } from '../support/sales-receipts';
import type { TestApp } from '../support/test-app';

/**
 * GET /receivables/ageing over HTTP as of 2026-06-30: invoices aged 0, 30,
 * 31, 60, 61, 90 and 91 days by date, and due 15 days ahead, today, 1, 30,
 * 31, 60, 61, 90 and 91 days ago; a credit note and an unallocated receipt
 * as negative items aged by their own date; documents and allocations after
 * asOf left out. Every bucket is hand-computed (amounts are powers of two, so
 * a wrong bucket shows), in base, and cross-checked against the open-items
 * ledger's own ageing (a second, independent implementation).
 */

let t: TestApp;
let admin: string;
const ids: Record<string, number> = {};
const ASOF = '2026-06-30';

beforeAll(async () => {
  ({ t, admin } = await startWithBanks());
  for (const code of ['AG', 'AD', 'AZ']) ids[code] = (await createCustomer(t, { code, paymentTermsDays: 0 })).id;
  const stock = await stockedItem(t, 'AG-W', 10, 1);

  // AG, by date: ages 30, 31, 60, 61, 90, 91 and 0; due the same day.
  const byDate: Array<[string, number]> = [['2026-05-31', 1], ['2026-05-30', 2], ['2026-05-01', 4], ['2026-04-30', 8], ['2026-04-01', 16], ['2026-03-31', 32], ['2026-06-30', 64]];
  for (const [date, amount] of byDate) await openingReceivable(t, admin, { customerId: ids.AG!, date, amount });
  // 10 × 5.00 on 02-01 (over 90), 2 of them back on 06-10: a credit note of 10.00 aged 20 days, though its invoice is older.
  const flow = await invoicedThenReturned(t, admin, { customerId: ids.AG!, ...stock, qty: 10, unitPrice: 5, returnQty: 2, date: '2026-02-01', returnDate: '2026-06-10' });
  expect(flow.creditNote.total).toBe(-10);
  // An advance of 100.00 on 06-20; 2.00 of it goes to the 05-30 invoice only on 07-10.
  const advance = await receive(t, admin, { customerCode: 'AG', cashAccountCode: 'ICBC', date: '2026-06-20', amount: 100 });
  const invoices = (await t.get(`/receivables?customerId=${ids.AG}`, admin)).body.data as Array<{ id: number; date: string }>;
  await allocateReceipt(t, admin, advance.id, [{ invoiceId: invoices.find((i) => i.date === '2026-05-30')!.id, amount: 2 }], '2026-07-10');
  await openingReceivable(t, admin, { customerId: ids.AG!, date: '2026-07-05', amount: 1000 }); // after asOf

  // AD, all dated 01-01 (over 90 by date), due 07-15, 06-30 (both not yet due), 06-29, 05-31, 05-30, 05-01, 04-30, 04-01, 03-31.
  const byDue: Array<[string, number]> = [['2026-07-15', 1], ['2026-06-30', 2], ['2026-06-29', 4], ['2026-05-31', 8], ['2026-05-30', 16], ['2026-05-01', 32], ['2026-04-30', 64], ['2026-04-01', 128], ['2026-03-31', 256]];
  for (const [dueDate, amount] of byDue) await openingReceivable(t, admin, { customerId: ids.AD!, date: '2026-01-01', dueDate, amount });
  // USD 10.00 at 7.10: aged in base, 71.00.
  await openingReceivable(t, admin, { customerId: ids.AD!, date: '2026-01-01', dueDate: '2026-07-15', currency: 'USD', rate: 7.1, amount: 10 });

  // AZ: paid in full before asOf, so it has no row.
  const paid = await openingReceivable(t, admin, { customerId: ids.AZ!, date: '2026-06-01', amount: 9 });
  await receive(t, admin, { customerCode: 'AZ', cashAccountCode: 'ICBC', date: '2026-06-02', amount: 9, allocations: [{ invoiceId: paid.id, amount: 9 }] });
});
afterAll(async () => t.stop());
afterEach(async () => expectAllInvariants(t));

const buckets = (notDue: number, days0to30: number, days31to60: number, days61to90: number, over90: number) => ({
  notDue, days0to30, days31to60, days61to90, over90, total: notDue + days0to30 + days31to60 + days61to90 + over90,
});

/** The ledger's ageing as the endpoint answers it: money in yuan, partners named as customers. */
async function ledgerAgeing(asOf: string, basis: 'invoice' | 'due') {
  const { data, totals } = await t.services.openItems.ageing('customer', { asOf, basis });
  const yuan = (r: Record<string, number>) => buckets(r.notDue! / 100, r.days0to30! / 100, r.days31to60! / 100, r.days61to90! / 100, r.over90! / 100);
  return {
    data: [...data].sort((a, b) => a.code.localeCompare(b.code)).map(({ partnerId, code, name, ...r }) => ({ customerId: partnerId, customerCode: code, name, ...yuan(r) })),
    totals: yuan(totals),
  };
}

describe('Receivables ageing', () => {
  test('When aged by invoice date, then ages 30 | 31, 60 | 61 and 90 | 91 fall either side of each boundary and credits count against their own bucket', async () => {
    const res = await t.get(`/receivables/ageing?asOf=${ASOF}`, admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      asOf: ASOF,
      basis: 'invoice',
      data: [
        { customerId: ids.AD, customerCode: 'AD', name: 'Partner AD', ...buckets(0, 0, 0, 0, 511 + 71) },
        // 0–30: 1 + 64 − 10 (the note) − 100 (the advance); over 90: 32 + 50.
        { customerId: ids.AG, customerCode: 'AG', name: 'Partner AG', ...buckets(0, -45, 2 + 4, 8 + 16, 82) },
      ],
      totals: buckets(0, -45, 6, 24, 82 + 582),
    });
  });

  test('When aged by due date, then what falls due today or later is not due and the rest is aged from its due date; credits still by their own date', async () => {
    const res = await t.get(`/receivables/ageing?asOf=${ASOF}&basis=due`, admin);

    expect(res.body).toEqual({
      asOf: ASOF,
      basis: 'due',
      data: [
        { customerId: ids.AD, customerCode: 'AD', name: 'Partner AD', ...buckets(1 + 2 + 71, 4 + 8, 16 + 32, 64 + 128, 256) },
        { customerId: ids.AG, customerCode: 'AG', name: 'Partner AG', ...buckets(64, 1 - 10 - 100, 6, 24, 82) },
      ],
      totals: buckets(138, -97, 54, 216, 338),
    });
    const one = await t.get(`/receivables/ageing?asOf=${ASOF}&basis=due&customerId=${ids.AD}`, admin);
    expect(one.body.data.map((r: { customerCode: string }) => r.customerCode)).toEqual(['AD']);
    expect(one.body.totals).toEqual(buckets(74, 12, 48, 192, 256));
  });

  test('When asked as of other days, then later documents and allocations come in, and the open-items ledger ages every day the same', async () => {
    // Today the 07-05 invoice is in and 2.00 of the advance is set against the 05-30 invoice: AG owes 67 + 1,000.
    const now = await t.get('/receivables/ageing', admin);
    expect(now.body.data.find((r: { customerCode: string }) => r.customerCode === 'AG').total).toBe(67 + 1000);
    const today = t.services.calendar.today();
    for (const [asOf, basis] of [[ASOF, 'invoice'], [ASOF, 'due'], ['2026-07-10', 'due'], ['2026-07-09', 'invoice'], ['2026-06-01', 'due'], [today, 'invoice'], [today, 'due']] as const) {
      const res = await t.get(`/receivables/ageing?asOf=${asOf}&basis=${basis}`, admin);
      expect([asOf, basis, { data: res.body.data, totals: res.body.totals }]).toEqual([asOf, basis, await ledgerAgeing(asOf, basis)]);
    }
  });

  test('When the query is bad, then 422 names the parameter', async () => {
    const res = await t.get('/receivables/ageing?basis=month&asOf=30-06-2026', admin);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['asOf', 'basis']);
  });
});
