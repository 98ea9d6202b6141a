import { QueryTypes } from 'sequelize';
import { cr, dr, journalLines } from '../support/finance-cash';
import { createPartner, daysFromToday } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { openingReceivable, invoicingFootprint, openItemOf } from '../support/sales-invoices';
import { TestApp } from '../support/test-app';
import { addRate } from './finance-journal-helpers';

/*
 * Opening receivables (POST /sales-invoices with opening: true) over HTTP on
 * SQLite and (DATABASE_URL) PostgreSQL: what a customer owed when the books
 * started, Dr 1122 / Cr 4199 to the cent, an open item a receipt can take,
 * and its cancellation; every invariant after each test.
 */

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
});
afterAll(() => t.stop());
afterEach(async () => {
  await expectInvariants(t);
  await expectStockInvariants(t);
});

const rows = <T extends object = Record<string, unknown>>(sql: string, replacements: Record<string, unknown> = {}) => t.services.db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });

test('an opening receivable in base currency: Dr 1122 / Cr 4199, an open item due after the terms, listed and read back', async () => {
  const customer = await createPartner(t, 'customers', { paymentTermsDays: 30 });
  const date = daysFromToday(-40);
  const opening = await openingReceivable(t, admin, { customerId: customer.id, amount: 1234.56, date });
  expect(opening).toMatchObject({
    kind: 'opening',
    status: 'open',
    customerId: customer.id,
    customerCode: customer.code,
    date,
    dueDate: daysFromToday(-10),
    currency: 'CNY',
    rate: 1,
    subtotal: 1234.56,
    tax: 0,
    total: 1234.56,
    baseSubtotal: 1234.56,
    baseTax: 0,
    baseTotal: 1234.56,
    baseCost: 0,
    openAmount: 1234.56,
    returnId: null,
    lines: [],
  });
  expect(opening.number).toMatch(/^SI-\d{4}-\d{6}$/);
  expect(await journalLines(t, opening.journalEntryId!)).toEqual([dr('1122', 123456), cr('4199', 123456)]);
  expect(await openItemOf(t, opening.id)).toEqual({
    partner_type: 'customer',
    partner_id: customer.id,
    kind: 'invoice',
    doc_number: opening.number,
    date,
    due_date: daysFromToday(-10),
    currency: 'CNY',
    rate: 1_000_000,
    amount: 123456,
    base_amount: 123456,
    open_amount: 123456,
    open_base: 123456,
    account_code: '1122',
  });

  const got = await t.get(`/sales-invoices/${opening.id}`, admin);
  expect(got.status).toBe(200);
  expect(got.body).toEqual(opening);
  const list = await t.get(`/sales-invoices?customerId=${customer.id}&kind=opening&status=open`, admin);
  expect(list.body.total).toBe(1);
  expect(list.body.data[0]).toMatchObject({ id: opening.id, number: opening.number, total: 1234.56, openAmount: 1234.56 });
  expect((await t.get(`/sales-invoices?customerId=${customer.id}&kind=invoice`, admin)).body.total).toBe(0);
  expect((await t.get(`/sales-invoices?q=${opening.number}`, admin)).body.data.map((i: { id: number }) => i.id)).toEqual([opening.id]);
});

test('in a foreign currency: at the rate given, else the latest rate on or before the date; 1122 carries the USD amount', async () => {
  const customer = await createPartner(t, 'customers', { currency: 'USD', paymentTermsDays: null });
  const byCode = await t.post('/sales-invoices', { customerCode: customer.code, opening: true, amount: 100.01, rate: 7.123456, date: daysFromToday(-5) }, admin);
  expect(byCode.status).toBe(201);
  const given = byCode.body;
  // 100.01 × 7.123456 = 712.416834… → 712.42
  expect(given).toMatchObject({ currency: 'USD', rate: 7.123456, total: 100.01, baseTotal: 712.42, openAmount: 100.01, dueDate: daysFromToday(-5) });
  expect(await journalLines(t, given.journalEntryId!)).toEqual([dr('1122', 71242, 'USD', 10001), cr('4199', 71242)]);
  expect(await openItemOf(t, given.id)).toMatchObject({ currency: 'USD', rate: 7_123_456, amount: 10001, base_amount: 71242, open_base: 71242 });

  await addRate(t, 'USD', daysFromToday(-20), 7.2);
  await addRate(t, 'USD', daysFromToday(-3), 7.3);
  const defaulted = await openingReceivable(t, admin, { customerId: customer.id, amount: 50, date: daysFromToday(-4) });
  expect(defaulted).toMatchObject({ currency: 'USD', rate: 7.2, baseTotal: 360 });
  expect(await journalLines(t, defaulted.journalEntryId!)).toEqual([dr('1122', 36000, 'USD', 5000), cr('4199', 36000)]);
});

test('refusals name the field and write nothing: no customer, an unknown one, no amount, lines, a due date before the date, no rate', async () => {
  const customer = await createPartner(t, 'customers', { currency: 'EUR' });
  const before = await invoicingFootprint(t);
  const post = (body: Record<string, unknown>) => t.post('/sales-invoices', { opening: true, ...body }, admin);
  expectProblem(await post({ amount: 10 }), 422, ['customerId']);
  expectProblem(await post({ customerId: 999999, amount: 10 }), 422, ['customerId']);
  expectProblem(await post({ customerCode: 'NO-SUCH', amount: 10 }), 422, ['customerCode']);
  expectProblem(await post({ customerId: customer.id, currency: 'CNY' }), 422, ['amount']);
  expectProblem(await post({ customerId: customer.id, currency: 'CNY', amount: 10, lines: [{ salesOrderLineId: 1, qty: 1 }] }), 422, ['lines']);
  expectProblem(await post({ customerId: customer.id, currency: 'CNY', amount: 10, date: daysFromToday(-1), dueDate: daysFromToday(-2) }), 422, ['dueDate']);
  expectProblem(await post({ customerId: customer.id, amount: 10.001, currency: 'CNY' }), 422, ['amount']);
  // EUR has no rate on file: the rate must be given.
  expectProblem(await post({ customerId: customer.id, amount: 10 }), 422, ['rate']);
  expectProblem(await post({ customerId: customer.id, amount: 10, currency: 'CNY', date: daysFromToday(1) }), 422);
  expect(await invoicingFootprint(t)).toEqual(before);
});

test('cancelling one reverses its journal, closes its open item with nothing left and no money moved; twice → 409', async () => {
  const customer = await createPartner(t, 'customers', { currency: 'USD' });
  const opening = await openingReceivable(t, admin, { customerId: customer.id, amount: 300, rate: 7.05 });
  const entriesBefore = await rows<{ id: number }>('SELECT id FROM journal_entries ORDER BY id');

  const res = await t.post(`/sales-invoices/${opening.id}/cancel`, {}, admin);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: opening.id, status: 'cancelled', openAmount: 0, journalEntryId: opening.journalEntryId, total: 300 });
  // The reversal is the one new entry: the allocation closing the item at its own rate moves nothing.
  const entries = await rows<{ id: number; reversal_of: number | null; source_type: string; source_id: number; date: string }>('SELECT id, reversal_of, source_type, source_id, date FROM journal_entries ORDER BY id');
  expect(entries.length).toBe(entriesBefore.length + 1);
  const reversal = entries[entries.length - 1]!;
  expect({ ...reversal, reversal_of: Number(reversal.reversal_of), source_id: Number(reversal.source_id) }).toMatchObject({ reversal_of: opening.journalEntryId, source_type: 'SI', source_id: opening.id, date: daysFromToday(0) });
  expect(await journalLines(t, Number(reversal.id))).toEqual([cr('1122', 211500, 'USD', 30000), dr('4199', 211500)]);
  expect(await openItemOf(t, opening.id)).toMatchObject({ amount: 30000, open_amount: 0, open_base: 0 });
  const balance = await rows<{ n: unknown }>("SELECT COALESCE(SUM(open_base), 0) AS n FROM open_items WHERE partner_type = 'customer' AND partner_id = :id", { id: customer.id });
  expect(Number(balance[0]!.n)).toBe(0);

  // The customer's statement (对账单) shows the receivable and its reversal, and nothing owed.
  const statement = await t.get(`/customers/${customer.id}/statement`, admin);
  expect(statement.status).toBe(200);
  expect(statement.body).toMatchObject({ opening: 0, closing: 0 });
  expect(statement.body.lines.map((l: { number: string; debit: number; credit: number }) => [l.number, l.debit, l.credit])).toEqual([
    [opening.number, 2115, 0],
    [expect.stringMatching(/^JE-/), 0, 2115],
  ]);
  expect((await t.get(`/receivables?customerId=${customer.id}`, admin)).body.data).toEqual([]);
  expect((await t.get(`/sales-invoices?customerId=${customer.id}&status=cancelled`, admin)).body.total).toBe(1);
  const twice = await t.post(`/sales-invoices/${opening.id}/cancel`, {}, admin);
  expectProblem(twice, 409);
  expectProblem(await t.post('/sales-invoices/999999/cancel', {}, admin), 404);
});

test('posting and cancelling need sales:invoice; reading needs sales:read', async () => {
  const customer = await createPartner(t, 'customers');
  const reader = await t.createUser([(await t.createRole(['sales:read'])).name]);
  const clerk = await t.createUser([(await t.createRole(['sales:invoice'])).name]);
  const body = { customerId: customer.id, opening: true, amount: 10 };
  expectProblem(await t.post('/sales-invoices', body, reader.token), 403);
  const posted = await t.post('/sales-invoices', body, clerk.token);
  expect(posted.status).toBe(201);
  expectProblem(await t.get(`/sales-invoices/${posted.body.id}`, clerk.token), 403);
  expect((await t.get(`/sales-invoices/${posted.body.id}`, reader.token)).status).toBe(200);
  expectProblem(await t.post(`/sales-invoices/${posted.body.id}/cancel`, {}, reader.token), 403);
  expect((await t.post(`/sales-invoices/${posted.body.id}/cancel`, {}, clerk.token)).status).toBe(200);
});

test('POST /sales-invoices/batch posts each document on its own and replays on a repeat', async () => {
  const customer = await createPartner(t, 'customers');
  const documents = [
    { ref: 'open-1', document: { customerId: customer.id, opening: true, amount: 10 } },
    { ref: 'open-2', document: { customerId: customer.id, opening: true } },
    { ref: 'open-3', document: { customerId: customer.id, opening: true, amount: 30 } },
  ];
  const first = await t.post('/sales-invoices/batch', { documents }, admin);
  expect(first.status).toBe(200);
  expect(first.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['open-1', 201], ['open-2', 422], ['open-3', 201]]);
  expect(first.body.results[1].problem.errors.map((e: { path: string }) => e.path)).toEqual(['amount']);
  const again = await t.post('/sales-invoices/batch', { documents }, admin);
  expect(again.body.results.map((r: { document?: { id: number } }) => r.document?.id)).toEqual(first.body.results.map((r: { document?: { id: number } }) => r.document?.id));
  expect((await t.get(`/sales-invoices?customerId=${customer.id}`, admin)).body.total).toBe(2);
});
