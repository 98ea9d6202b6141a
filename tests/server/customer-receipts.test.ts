import { selectRows } from '../../server/db/sql';
import { cr, dr, journalLines } from '../support/finance-cash';
import { postgresUrl } from '../support/databases';
import { openingReceivable } from '../support/sales-invoices';
import { createCustomer } from '../support/sales-orders';
import { allocateReceipt, expectAllInvariants, invoicedThenReturned, receive, startWithBanks, stockedItem } from '../support/sales-receipts';
import type { TestApp } from '../support/test-app';

/**
 * Customer receipts over HTTP on a real database: each receipt's own journal
 * (Dr the cash leaf / Cr 2203) and every allocation's (Dr 2203 / Cr 1122 ±
 * FX to 6603.01, a gain on receivables a credit) compared entry by entry
 * with hand-computed cents; advances allocated later; refusals name their
 * field and row and write nothing; racing receipts never take more of an
 * invoice than is open.
 */

let t: TestApp;
let admin: string;
const customers: Record<string, number> = {};

const rows = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) => selectRows<T>(t.services.db, sql, replacements);
const post = (body: Record<string, unknown>, token = admin) => t.post('/customer-receipts', body, token);
const invoice = (code: string, spec: { amount: number; date: string; dueDate?: string; currency?: string; rate?: number }) =>
  openingReceivable(t, admin, { customerId: customers[code]!, ...spec });

const statusOf = async (id: number) => (await rows<{ status: string }>('SELECT status FROM sales_invoices WHERE id = :id', { id }))[0]!.status;
const itemOf = async (docType: string, id: number) => {
  const [row] = await rows<{ open_amount: number | string; open_base: number | string }>('SELECT open_amount, open_base FROM open_items WHERE doc_type = :docType AND doc_id = :id', { docType, id });
  return { open: Number(row!.open_amount), openBase: Number(row!.open_base) };
};

/** What a refused receipt must leave as it was. */
async function snapshot() {
  return {
    receipts: await rows('SELECT COUNT(*) AS n FROM customer_receipts'),
    items: await rows('SELECT id, open_amount, open_base FROM open_items ORDER BY id'),
    allocations: await rows('SELECT COUNT(*) AS n FROM open_item_allocations'),
    entries: await rows('SELECT COUNT(*) AS n FROM journal_entries'),
    cash: await rows('SELECT id, balance FROM cash_accounts ORDER BY id'),
    invoices: await rows('SELECT id, status FROM sales_invoices ORDER BY id'),
    sequences: await rows("SELECT year, last FROM doc_sequences WHERE doc_type = 'CR' ORDER BY year"),
  };
}

beforeAll(async () => {
  ({ t, admin } = await startWithBanks());
  for (const code of ['C1', 'C2', 'FX', 'RES', 'ADV', 'REF', 'NOTE', 'RACE']) customers[code] = (await createCustomer(t, { code, paymentTermsDays: 0 })).id;
});
afterAll(async () => t.stop());
afterEach(async () => expectAllInvariants(t));

describe('Customer receipts', () => {
  test('When a receipt in base currency is allocated to two invoices, then the rest is an advance and the settled invoice is paid', async () => {
    const i1 = await invoice('C1', { date: '2026-02-01', amount: 1000 });
    const i2 = await invoice('C1', { date: '2026-02-03', amount: 500 });

    const res = await post({
      customerCode: 'C1', cashAccountCode: 'ICBC', date: '2026-02-10', amount: 1200, reference: 'wire 1',
      allocations: [{ invoiceId: i1.id, amount: 1000 }, { invoiceNumber: i2.number, amount: 150 }],
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number), number: 'CR-2026-000001', customerId: customers.C1, customerCode: 'C1', cashAccountId: expect.any(Number), cashAccountCode: 'ICBC',
      date: '2026-02-10', currency: 'CNY', rate: 1, amount: 1200, baseAmount: 1200, reference: 'wire 1', allocated: 1150, unallocated: 50, fxDifference: 0,
      journalEntryId: expect.any(Number),
      allocations: [
        { id: expect.any(Number), invoiceId: i1.id, invoiceNumber: i1.number, date: '2026-02-10', amount: 1000, fxDifference: 0, journalEntryId: expect.any(Number) },
        { id: expect.any(Number), invoiceId: i2.id, invoiceNumber: i2.number, date: '2026-02-10', amount: 150, fxDifference: 0, journalEntryId: expect.any(Number) },
      ],
    });
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([dr('1002.01', 1200_00), cr('2203', 1200_00)]);
    expect(await journalLines(t, res.body.allocations[0].journalEntryId)).toEqual([dr('2203', 1000_00), cr('1122', 1000_00)]);
    expect(await journalLines(t, res.body.allocations[1].journalEntryId)).toEqual([dr('2203', 150_00), cr('1122', 150_00)]);
    expect([await statusOf(i1.id), await statusOf(i2.id)]).toEqual(['paid', 'open']);
    expect((await t.get('/cash-accounts', admin)).body.data.find((a: { code: string }) => a.code === 'ICBC').balance).toBe(1200);

    expect((await t.get(`/customer-receipts/${res.body.id}`, admin)).body).toEqual(res.body);
    const list = await t.get(`/customer-receipts?customerId=${customers.C1}&from=2026-02-10&to=2026-02-10`, admin);
    expect(list.body).toEqual({ data: [res.body], total: 1 });
    expect((await t.get('/customer-receipts?from=2026-02-11&to=2026-02-28', admin)).body).toEqual({ data: [], total: 0 });
    expect((await t.get('/customer-receipts/999999', admin)).status).toBe(404);
  });

  test('When a dollar invoice booked at 7.10 is received at 7.20 and then at 7.00, then the gain and the loss are realized to the cent', async () => {
    const inv = await invoice('FX', { date: '2026-03-01', currency: 'USD', rate: 7.1, amount: 1000 });
    expect(inv).toMatchObject({ currency: 'USD', rate: 7.1, total: 1000, baseTotal: 7100 });

    // 400.00 USD × 7.20 = 2,880.00 received; the invoice gives up 400.00 × 7.10 = 2,840.00: a gain of 40.00.
    const first = await receive(t, admin, { customerId: customers.FX, cashAccountCode: 'USD', date: '2026-03-10', rate: 7.2, amount: 400, allocations: [{ invoiceId: inv.id, amount: 400 }] });
    expect(first).toMatchObject({ currency: 'USD', rate: 7.2, amount: 400, baseAmount: 2880, allocated: 400, unallocated: 0, fxDifference: 40 });
    expect(await journalLines(t, first.journalEntryId!)).toEqual([dr('1002.02', 2880_00, 'USD', 400_00), cr('2203', 2880_00, 'USD', 400_00)]);
    expect(await journalLines(t, first.allocations[0]!.journalEntryId!)).toEqual([dr('2203', 2880_00, 'USD', 400_00), cr('1122', 2840_00, 'USD', 400_00), cr('6603.01', 40_00)]);

    // 600.00 USD × 7.00 = 4,200.00 received; the invoice gives up the 4,260.00 it has left: a loss of 60.00.
    const second = await receive(t, admin, { customerCode: 'FX', cashAccountCode: 'USD', date: '2026-03-20', rate: 7, amount: 600, allocations: [{ invoiceNumber: inv.number, amount: 600 }] });
    expect(second).toMatchObject({ rate: 7, amount: 600, baseAmount: 4200, allocated: 600, unallocated: 0, fxDifference: -60 });
    expect(await journalLines(t, second.allocations[0]!.journalEntryId!)).toEqual([dr('2203', 4200_00, 'USD', 600_00), cr('1122', 4260_00, 'USD', 600_00), dr('6603.01', 60_00)]);

    expect(await statusOf(inv.id)).toBe('paid');
    expect(await itemOf('SI', inv.id)).toEqual({ open: 0, openBase: 0 });
    expect((await t.get('/cash-accounts', admin)).body.data.find((a: { code: string }) => a.code === 'USD').balance).toBe(1000);
  });

  test('When one receipt is set against an invoice in parts that do not divide its base evenly, then the part that uses it up takes all that is left and no cent stays open', async () => {
    // USD 100.00 at 7.10 = 710.00 owed; USD 100.00 received at 7.20 = 720.00.
    const inv = await invoice('RES', { date: '2026-03-02', currency: 'USD', rate: 7.1, amount: 100 });
    const receipt = await receive(t, admin, { customerCode: 'RES', cashAccountCode: 'USD', date: '2026-03-12', rate: 7.2, amount: 100, allocations: [{ invoiceId: inv.id, amount: 33.33 }] });

    // 33.33 × 7.10 = 236.643 → 236.64 off the receivable; 236.64 + 33.33 × 0.10 (3.333 → 3.33) = 239.97 off the advance.
    expect(receipt).toMatchObject({ allocated: 33.33, unallocated: 66.67, fxDifference: 3.33 });
    expect(await journalLines(t, receipt.allocations[0]!.journalEntryId!)).toEqual([dr('2203', 239_97, 'USD', 33_33), cr('1122', 236_64, 'USD', 33_33), cr('6603.01', 3_33)]);

    const later = await allocateReceipt(t, admin, receipt.id, [{ invoiceId: inv.id, amount: 33.33 }]);
    expect(later).toMatchObject({ allocated: 66.66, unallocated: 33.34, fxDifference: 6.66 });
    expect(await itemOf('SI', inv.id)).toEqual({ open: 33_34, openBase: 710_00 - 2 * 236_64 });
    expect(await itemOf('CR', receipt.id)).toEqual({ open: -33_34, openBase: -(720_00 - 2 * 239_97) });

    // 33.34 × 7.10 would be 236.714 → 236.71, leaving 0.01 on the receivable: the last part takes the 236.72 left, and the advance's 240.06.
    const last = await allocateReceipt(t, admin, receipt.id, [{ invoiceNumber: inv.number, amount: 33.34 }]);
    expect(last).toMatchObject({ allocated: 100, unallocated: 0, fxDifference: 10 });
    expect(last.allocations.map((a) => [a.amount, a.fxDifference])).toEqual([[33.33, 3.33], [33.33, 3.33], [33.34, 3.34]]);
    expect(await journalLines(t, last.allocations[2]!.journalEntryId!)).toEqual([dr('2203', 240_06, 'USD', 33_34), cr('1122', 236_72, 'USD', 33_34), cr('6603.01', 3_34)]);
    expect(await itemOf('SI', inv.id)).toEqual({ open: 0, openBase: 0 });
    expect(await itemOf('CR', receipt.id)).toEqual({ open: 0, openBase: 0 });
    expect(await statusOf(inv.id)).toBe('paid');
  });

  test('When a receipt comes in before the invoice, then it is an advance until allocated, dated the invoice, and what is left stays an advance', async () => {
    const advance = await receive(t, admin, { customerCode: 'ADV', cashAccountCode: 'ICBC', date: '2026-04-01', amount: 300 });
    expect(advance).toMatchObject({ allocated: 0, unallocated: 300, fxDifference: 0, allocations: [] });
    expect(await journalLines(t, advance.journalEntryId!)).toEqual([dr('1002.01', 300_00), cr('2203', 300_00)]);
    expect((await t.get(`/receivables?customerId=${customers.ADV}`, admin)).body.data).toEqual([expect.objectContaining({ kind: 'receipt', number: advance.number, openAmount: -300 })]);

    const inv = await invoice('ADV', { date: '2026-04-05', amount: 200 });
    const later = await allocateReceipt(t, admin, advance.id, [{ invoiceId: inv.id, amount: 200 }]);
    expect(later).toMatchObject({ id: advance.id, allocated: 200, unallocated: 100, allocations: [{ invoiceId: inv.id, date: '2026-04-05', amount: 200, fxDifference: 0 }] });
    expect(await journalLines(t, later.allocations[0]!.journalEntryId!)).toEqual([dr('2203', 200_00), cr('1122', 200_00)]);
    expect(await statusOf(inv.id)).toBe('paid');

    const other = await invoice('ADV', { date: '2026-04-06', amount: 500 });
    const before = await snapshot();
    const paid = await t.post(`/customer-receipts/${advance.id}/allocations`, { allocations: [{ invoiceId: inv.id, amount: 1 }] }, admin);
    expect(paid.status).toBe(422);
    expect(paid.body).toMatchObject({ code: 'allocation.exceeds-open', errors: [{ path: 'allocations[0].amount' }] });
    const beyond = await t.post(`/customer-receipts/${advance.id}/allocations`, { allocations: [{ invoiceId: other.id, amount: 100.01 }] }, admin);
    expect(beyond.status).toBe(422);
    expect(beyond.body).toMatchObject({ code: 'customer-receipt.over-allocated', errors: [{ path: 'allocations' }] });
    expect(await snapshot()).toEqual(before);
    expect((await t.post('/customer-receipts/999999/allocations', { allocations: [{ invoiceId: other.id, amount: 1 }] }, admin)).status).toBe(404);
  });

  test('When a credit note is set against an invoice, then it settles it like a receipt and a receipt pays the rest', async () => {
    const stock = await stockedItem(t, 'CR-NOTE', 10, 4);
    // 10 × 12.00 invoiced, 4 returned: a credit note of 48.00.
    const { invoice: inv, creditNote } = await invoicedThenReturned(t, admin, { customerId: customers.NOTE!, ...stock, qty: 10, unitPrice: 12, returnQty: 4, date: '2026-05-02', returnDate: '2026-05-04' });
    expect([inv.total, creditNote.kind, creditNote.total]).toEqual([120, 'credit-note', -48]);

    // A receipt may not name the credit note as an invoice.
    const before = await snapshot();
    const refused = await post({ customerCode: 'NOTE', cashAccountCode: 'ICBC', amount: 10, allocations: [{ invoiceId: creditNote.id, amount: 10 }] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'customer-receipt.not-invoice', errors: [{ path: 'allocations[0].invoiceId' }] });
    const notANote = await t.post(`/sales-invoices/${inv.id}/allocations`, { allocations: [{ invoiceId: inv.id, amount: 1 }] }, admin);
    expect(notANote.status).toBe(422);
    expect(notANote.body).toMatchObject({ code: 'customer-receipt.not-credit-note', errors: [{ path: 'id' }] });
    expect(await snapshot()).toEqual(before);

    const set = await t.post(`/sales-invoices/${creditNote.id}/allocations`, { allocations: [{ invoiceNumber: inv.number, amount: 48 }] }, admin);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      id: creditNote.id, number: creditNote.number, customerId: customers.NOTE, cashAccountId: null, amount: 48, allocated: 48, unallocated: 0, fxDifference: 0,
      allocations: [{ invoiceId: inv.id, date: '2026-05-04', amount: 48, fxDifference: 0, journalEntryId: null }],
    });
    // Both sit on 1122 at one rate: the allocation moves no money.
    expect(await itemOf('SI', inv.id)).toEqual({ open: 72_00, openBase: 72_00 });
    expect(await statusOf(creditNote.id)).toBe('paid');

    const rest = await receive(t, admin, { customerCode: 'NOTE', cashAccountCode: 'ICBC', date: '2026-05-10', amount: 72, allocations: [{ invoiceId: inv.id, amount: 72 }] });
    expect(rest).toMatchObject({ allocated: 72, unallocated: 0 });
    expect(await statusOf(inv.id)).toBe('paid');
    expect((await t.get(`/receivables?customerId=${customers.NOTE}`, admin)).body).toMatchObject({ data: [], total: 0 });
  });

  describe('refusals write nothing', () => {
    const refused = async (body: Record<string, unknown>, status: number, code: string, path: string) => {
      const before = await snapshot();
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
      expect(await snapshot()).toEqual(before);
      return res.body;
    };

    test('When an allocation is more than the invoice has open, then 422 names its amount and how much is open', async () => {
      const inv = await invoice('REF', { date: '2026-05-01', amount: 100 });
      const problem = await refused({ customerCode: 'REF', cashAccountCode: 'ICBC', amount: 200, allocations: [{ invoiceId: inv.id, amount: 150 }] }, 422, 'allocation.exceeds-open', 'allocations[0].amount');
      expect(problem.errors[0].message).toContain('100.00');
    });

    test('When the allocations add up to more than the receipt, then 422 names the allocations', async () => {
      const a = await invoice('REF', { date: '2026-05-01', amount: 100 });
      const b = await invoice('REF', { date: '2026-05-01', amount: 100 });
      await refused({ customerCode: 'REF', cashAccountCode: 'ICBC', amount: 100, allocations: [{ invoiceId: a.id, amount: 60 }, { invoiceId: b.id, amount: 60 }] }, 422, 'customer-receipt.over-allocated', 'allocations');
    });

    test('When the invoice is in another currency, of another customer, cancelled, or unknown, then it is refused naming the row', async () => {
      const usd = await invoice('REF', { date: '2026-05-01', currency: 'USD', rate: 7.1, amount: 100 });
      const others = await invoice('C2', { date: '2026-05-01', amount: 100 });
      const fine = await invoice('REF', { date: '2026-05-01', amount: 100 });
      const cancelled = await invoice('REF', { date: '2026-05-01', amount: 100 });
      expect((await t.post(`/sales-invoices/${cancelled.id}/cancel`, {}, admin)).status).toBe(200);
      const base = { customerCode: 'REF', cashAccountCode: 'ICBC', amount: 50 };
      await refused({ ...base, allocations: [{ invoiceId: usd.id, amount: 50 }] }, 422, 'customer-receipt.currency', 'allocations[0].invoiceId');
      await refused({ ...base, allocations: [{ invoiceNumber: others.number, amount: 50 }] }, 422, 'customer-receipt.other-customer', 'allocations[0].invoiceNumber');
      await refused({ ...base, allocations: [{ invoiceId: fine.id, amount: 1 }, { invoiceId: cancelled.id, amount: 49 }] }, 409, 'customer-receipt.invoice-cancelled', 'allocations[1].invoiceId');
      await refused({ ...base, allocations: [{ invoiceNumber: 'SI-1999-000001', amount: 50 }] }, 422, 'customer-receipt.unknown-invoice', 'allocations[0].invoiceNumber');
    });

    test('When the receipt is in another currency than its cash account, the customer is unknown, or the amount too precise, then it is refused', async () => {
      await refused({ customerCode: 'REF', cashAccountCode: 'ICBC', currency: 'USD', amount: 10 }, 422, 'customer-receipt.cash-currency', 'currency');
      await refused({ customerCode: 'NOPE', cashAccountCode: 'ICBC', amount: 10 }, 422, 'sales-order.customer-unknown', 'customerCode');
      await refused({ customerCode: 'REF', cashAccountCode: 'NOPE', amount: 10 }, 422, 'reference.unknown', 'cashAccountCode');
      await refused({ customerCode: 'REF', cashAccountCode: 'ICBC', amount: 10.001 }, 422, 'validation.too-precise', 'amount');
      await refused({ customerCode: 'REF', amount: 10 }, 422, 'validation.required', 'cashAccountId');
    });

    test('When a user without customer:receive posts or allocates, then 403 and nothing is written; sales:read still reads receipts and receivables', async () => {
      const clerk = await t.createUser([(await t.createRole(['sales:read'])).name]);
      const stranger = await t.createUser([(await t.createRole(['purchase:read'])).name]);
      const advance = await receive(t, admin, { customerCode: 'REF', cashAccountCode: 'ICBC', amount: 5 });
      const before = await snapshot();
      expect((await post({ customerCode: 'REF', cashAccountCode: 'ICBC', amount: 10 }, clerk.token)).status).toBe(403);
      expect((await t.post(`/customer-receipts/${advance.id}/allocations`, { allocations: [{ invoiceNumber: 'X', amount: 1 }] }, clerk.token)).status).toBe(403);
      expect(await snapshot()).toEqual(before);
      for (const path of ['/customer-receipts', `/customer-receipts/${advance.id}`, '/receivables', '/receivables/ageing', `/customers/${customers.REF}/statement`]) {
        expect([path, (await t.get(path, clerk.token)).status]).toEqual([path, 200]);
        expect([path, (await t.get(path, stranger.token)).status]).toEqual([path, 403]);
      }
    });
  });

  test('When a sheet posts receipts as a batch, then each row gets its number or its own error and the rest posts; sent again it creates nothing', async () => {
    const inv = await invoice('C2', { date: '2026-05-02', amount: 80 });
    const before = (await t.get(`/customer-receipts?customerId=${customers.C2}`, admin)).body.total;
    const batch = {
      documents: [
        { ref: 'sheet-row-2', document: { customerCode: 'C2', cashAccountCode: 'ICBC', amount: 80, allocations: [{ invoiceNumber: inv.number, amount: 80 }] } },
        { ref: 'sheet-row-3', document: { customerCode: 'C2', cashAccountCode: 'ICBC', amount: 'lots' } },
        { ref: 'sheet-row-4', document: { customerCode: 'C2', cashAccountCode: 'ICBC', amount: 90, allocations: [{ invoiceNumber: inv.number, amount: 90 }] } },
      ],
    };

    const res = await t.post('/customer-receipts/batch', batch, admin);

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['sheet-row-2', 201], ['sheet-row-3', 422], ['sheet-row-4', 422]]);
    expect(res.body.results[0].document).toMatchObject({ customerCode: 'C2', allocated: 80, unallocated: 0 });
    expect(res.body.results[1].problem.errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    expect(res.body.results[2].problem.errors).toEqual([expect.objectContaining({ path: 'allocations[0].amount' })]);
    expect((await t.get(`/customer-receipts?customerId=${customers.C2}`, admin)).body.total).toBe(before + 1);
    expect(await statusOf(inv.id)).toBe('paid');

    const again = await t.post('/customer-receipts/batch', batch, admin);
    expect(again.body.results[0]).toEqual(res.body.results[0]);
    expect((await t.get(`/customer-receipts?customerId=${customers.C2}`, admin)).body.total).toBe(before + 1);
  });
});

(postgresUrl() ? describe : describe.skip)('Customer receipts racing on PostgreSQL', () => {
  test('When two receipts allocate the last 60.00 open on one invoice at once, then exactly one is posted and nothing is over-allocated', async () => {
    for (let round = 0; round < 3; round++) {
      const inv = await invoice('RACE', { date: '2026-06-01', amount: 100 });
      await receive(t, admin, { customerCode: 'RACE', cashAccountCode: 'ICBC', amount: 40, allocations: [{ invoiceId: inv.id, amount: 40 }] });
      const receiptsBefore = (await t.get(`/customer-receipts?customerId=${customers.RACE}`, admin)).body.total;

      const results = await Promise.all([0, 1].map(() => post({ customerCode: 'RACE', cashAccountCode: 'ICBC', amount: 60, allocations: [{ invoiceId: inv.id, amount: 60 }] })));

      expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(results.find((r) => r.status === 422)!.body.code).toBe('allocation.exceeds-open');
      expect(await itemOf('SI', inv.id)).toEqual({ open: 0, openBase: 0 });
      expect(await statusOf(inv.id)).toBe('paid');
      expect((await t.get(`/customer-receipts?customerId=${customers.RACE}`, admin)).body.total).toBe(receiptsBefore + 1);
    }
  });
});
