import { openingReceivable } from '../support/sales-invoices';
import { createCustomer } from '../support/sales-orders';
import { allocateReceipt, expectAllInvariants, invoicedThenReturned, receive, startWithBanks, stockedItem } from '../support/sales-receipts';
import type { TestApp } from '../support/test-app';

/**
 * GET /receivables over HTTP: one row per invoice, credit note and receipt of
 * a customer, invoices positive and credit notes and unallocated receipts
 * negative, each with what it had open on `asOf` (allocations made later
 * taken back out), in its currency and in base, and how many days an invoice
 * is past due — every row written out by hand.
 */

let t: TestApp;
let admin: string;
let customerId: number;
const docs: Record<string, { id: number; number: string }> = {};

beforeAll(async () => {
  ({ t, admin } = await startWithBanks());
  customerId = (await createCustomer(t, { code: 'RV', paymentTermsDays: 30 })).id;
  const stock = await stockedItem(t, 'RV-W', 10, 4);

  docs.A = await openingReceivable(t, admin, { customerId, date: '2026-03-01', amount: 300 }); // due 03-31
  docs.D = await openingReceivable(t, admin, { customerId, date: '2026-03-02', currency: 'USD', rate: 7.1, amount: 10 }); // 71.00, due 04-01
  // 10 × 10.00 invoiced on 03-05 (due 04-04); 3 returned on 03-08: a credit note of 30.00.
  const flow = await invoicedThenReturned(t, admin, { customerId, ...stock, qty: 10, unitPrice: 10, returnQty: 3, date: '2026-03-05', returnDate: '2026-03-08' });
  docs.B = flow.invoice;
  docs.CN = flow.creditNote;
  docs.R = await receive(t, admin, { customerId, cashAccountCode: 'ICBC', date: '2026-03-10', amount: 150, allocations: [{ invoiceId: docs.A.id, amount: 100 }] });
  // 4.00 USD at 7.20: the invoice gives up 28.40 of its 71.00.
  docs.RD = await receive(t, admin, { customerId, cashAccountCode: 'USD', date: '2026-03-12', rate: 7.2, amount: 4, allocations: [{ invoiceId: docs.D.id, amount: 4 }] });
  // After the day asked about below: 20.00 of the receipt and the whole credit note go to B.
  await allocateReceipt(t, admin, docs.R.id, [{ invoiceId: docs.B.id, amount: 20 }], '2026-04-20');
  expect((await t.post(`/sales-invoices/${docs.CN.id}/allocations`, { date: '2026-04-20', allocations: [{ invoiceId: docs.B.id, amount: 30 }] }, admin)).status).toBe(200);
  docs.C = await openingReceivable(t, admin, { customerId, date: '2026-05-01', amount: 50 });
});
afterAll(async () => t.stop());
afterEach(async () => expectAllInvariants(t));

const row = (doc: string, fields: Record<string, unknown>) => ({ id: docs[doc]!.id, number: docs[doc]!.number, customerId, customerCode: 'RV', daysOverdue: 0, ...fields });

describe('Receivables', () => {
  test('When asked as of a past day, then each document shows what it had open that day and invoices their days past due', async () => {
    const res = await t.get(`/receivables?customerId=${customerId}&asOf=2026-04-15`, admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      asOf: '2026-04-15',
      total: 5,
      data: [
        row('A', { docType: 'SI', kind: 'invoice', date: '2026-03-01', dueDate: '2026-03-31', currency: 'CNY', total: 300, openAmount: 200, baseOpenAmount: 200, daysOverdue: 15 }),
        row('D', { docType: 'SI', kind: 'invoice', date: '2026-03-02', dueDate: '2026-04-01', currency: 'USD', total: 10, openAmount: 6, baseOpenAmount: 42.6, daysOverdue: 14 }),
        row('B', { docType: 'SI', kind: 'invoice', date: '2026-03-05', dueDate: '2026-04-04', currency: 'CNY', total: 100, openAmount: 100, baseOpenAmount: 100, daysOverdue: 11 }),
        row('CN', { docType: 'SI', kind: 'credit-note', date: '2026-03-08', dueDate: '2026-03-08', currency: 'CNY', total: -30, openAmount: -30, baseOpenAmount: -30 }),
        row('R', { docType: 'CR', kind: 'receipt', date: '2026-03-10', dueDate: '2026-03-10', currency: 'CNY', total: -150, openAmount: -50, baseOpenAmount: -50 }),
      ],
    });
  });

  test('When asked today, then the later allocations are in; status=all also shows what is settled; pages keep the total', async () => {
    const open = await t.get(`/receivables?customerId=${customerId}`, admin);
    expect(open.body.data.map((r: { number: string; openAmount: number }) => [r.number, r.openAmount])).toEqual([
      [docs.A!.number, 200], [docs.D!.number, 6], [docs.B!.number, 50], [docs.R!.number, -30], [docs.C!.number, 50],
    ]);
    expect(open.body.total).toBe(5);

    const all = await t.get(`/receivables?customerId=${customerId}&status=all`, admin);
    expect(all.body.data.map((r: { number: string; openAmount: number; baseOpenAmount: number }) => [r.number, r.openAmount, r.baseOpenAmount])).toEqual([
      [docs.A!.number, 200, 200], [docs.D!.number, 6, 42.6], [docs.B!.number, 50, 50], [docs.CN!.number, 0, 0], [docs.R!.number, -30, -30], [docs.RD!.number, 0, 0], [docs.C!.number, 50, 50],
    ]);
    const page = await t.get(`/receivables?customerId=${customerId}&status=all&limit=2&offset=2`, admin);
    expect(page.body).toMatchObject({ total: 7, data: [{ number: docs.B!.number }, { number: docs.CN!.number }] });

    // Documents dated after asOf are left out.
    const early = await t.get(`/receivables?asOf=2026-03-04`, admin);
    expect(early.body.data.map((r: { number: string; openAmount: number }) => [r.number, r.openAmount])).toEqual([[docs.A!.number, 300], [docs.D!.number, 10]]);
    expect((await t.get('/receivables?customerId=999999', admin)).body).toEqual({ asOf: expect.any(String), data: [], total: 0 });
  });

  test('When the query is bad, then 422 names each parameter', async () => {
    const res = await t.get('/receivables?status=paid&asOf=15-04-2026&customerId=x', admin);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['asOf', 'customerId', 'status']);
  });
});
