import { cents } from '../support/finance-cash';
import { openingReceivable } from '../support/sales-invoices';
import { createCustomer } from '../support/sales-orders';
import { expectAllInvariants, invoicedThenReturned, receive, startWithBanks, stockedItem } from '../support/sales-receipts';
import type { TestApp } from '../support/test-app';

/**
 * The customer statement (对账单) over HTTP, in base currency: invoices are
 * debits, receipts and credit notes credits, the realized FX of an
 * allocation its own line (a gain on what the customer owed is a debit: their
 * receipt took away more base than the invoice gave up), and `balance` what
 * the customer owes after each line — opening and closing as of the window,
 * the closing the same as the receivables say on that day.
 */

let t: TestApp;
let admin: string;
let customerId: number;
const docs: Record<string, { id: number; number: string }> = {};

beforeAll(async () => {
  ({ t, admin } = await startWithBanks());
  customerId = (await createCustomer(t, { code: 'ST', paymentTermsDays: 30 })).id;
  const stock = await stockedItem(t, 'ST-W', 10, 2);

  docs.opening = await openingReceivable(t, admin, { customerId, date: '2026-04-01', amount: 1000 });
  docs.receipt = await receive(t, admin, { customerId, cashAccountCode: 'ICBC', date: '2026-04-10', amount: 400, allocations: [{ invoiceId: docs.opening.id, amount: 400 }] });
  // 10 × 25.00 invoiced on 04-12, 4 back on 04-15: a credit note of 100.00, left unallocated.
  const flow = await invoicedThenReturned(t, admin, { customerId, ...stock, qty: 10, unitPrice: 25, returnQty: 4, date: '2026-04-12', returnDate: '2026-04-15' });
  docs.invoice = flow.invoice;
  docs.note = flow.creditNote;
  // USD 100.00 at 7.10 = 710.00 owed; received at 7.20 = 720.00: a gain of 10.00.
  docs.usd = await openingReceivable(t, admin, { customerId, date: '2026-04-20', currency: 'USD', rate: 7.1, amount: 100 });
  docs.usdReceipt = await receive(t, admin, { customerId, cashAccountCode: 'USD', date: '2026-04-25', rate: 7.2, amount: 100, allocations: [{ invoiceId: docs.usd.id, amount: 100 }] });
  docs.late = await openingReceivable(t, admin, { customerId, date: '2026-06-01', amount: 7 }); // after `to`
});
afterAll(async () => t.stop());
afterEach(async () => expectAllInvariants(t));

describe('Customer statement (对账单)', () => {
  test('When asked for a window, then what came before is the opening and each line runs the balance the customer owes to the closing', async () => {
    const res = await t.get(`/customers/${customerId}/statement?from=2026-04-11&to=2026-05-31`, admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      customerId, customerCode: 'ST', name: 'Partner ST', from: '2026-04-11', to: '2026-05-31', currency: 'CNY',
      // 1,000.00 invoiced less 400.00 received.
      opening: 600,
      lines: [
        { date: '2026-04-12', docType: 'SI', number: docs.invoice!.number, debit: 250, credit: 0, balance: 850 },
        { date: '2026-04-15', docType: 'SI', number: docs.note!.number, debit: 0, credit: 100, balance: 750 },
        { date: '2026-04-20', docType: 'SI', number: docs.usd!.number, debit: 710, credit: 0, balance: 1460 },
        { date: '2026-04-25', docType: 'CR', number: docs.usdReceipt!.number, debit: 0, credit: 720, balance: 740 },
        { date: '2026-04-25', docType: 'FX', number: docs.usdReceipt!.number, debit: 10, credit: 0, balance: 750 },
      ],
      closing: 750,
    });
    // The closing is what the receivables say the customer owes that day, and the opening what they said the day before the window.
    const owed = async (asOf: string) => {
      const rows = (await t.get(`/receivables?customerId=${customerId}&asOf=${asOf}`, admin)).body.data as Array<{ baseOpenAmount: number }>;
      return rows.reduce((s, r) => s + cents(r.baseOpenAmount), 0);
    };
    expect(await owed('2026-05-31')).toBe(750_00);
    expect(await owed('2026-04-10')).toBe(600_00);
  });

  test('When asked without a window, then it starts from nothing and runs to today, a cancelled invoice and its reversal netting out', async () => {
    const cancelled = await openingReceivable(t, admin, { customerId, date: '2026-05-05', amount: 30 });
    expect((await t.post(`/sales-invoices/${cancelled.id}/cancel`, {}, admin)).status).toBe(200);

    const res = await t.get(`/customers/${customerId}/statement`, admin);

    expect(res.body).toMatchObject({ from: null, to: t.services.calendar.today(), opening: 0, closing: 757 });
    expect(res.body.lines.map((l: { docType: string; number: string; debit: number; credit: number; balance: number }) => [l.docType, l.debit, l.credit, l.balance])).toEqual([
      ['SI', 1000, 0, 1000],
      ['CR', 0, 400, 600],
      ['SI', 250, 0, 850],
      ['SI', 0, 100, 750],
      ['SI', 710, 0, 1460],
      ['CR', 0, 720, 740],
      ['FX', 10, 0, 750],
      ['SI', 30, 0, 780],
      ['SI', 7, 0, 787],
      // The cancellation's reversing entry (dated today) takes the 30.00 off again.
      ['JE', 0, 30, 757],
    ]);
    expect(res.body.lines[7].number).toBe(cancelled.number);
  });

  test('When the customer is unknown or the window bad, then 404 or 422', async () => {
    expect((await t.get('/customers/999999/statement', admin)).status).toBe(404);
    const bad = await t.get(`/customers/${customerId}/statement?from=2026-13-01`, admin);
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'from' })]);
  });
});
