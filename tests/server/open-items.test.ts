import { expectInvariants } from '../support/invariants';
import fc from 'fast-check';
import type { Transaction } from 'sequelize';
import { execute, selectRows } from '../../server/db/sql';
import { baseValue } from '../../server/ledgers/allocation-math';
import type { AllocationInput, OpenItemKind, PartnerType } from '../../server/ledgers/open-items';
import { AppError } from '../../server/platform/errors';
import { TestApp } from '../support/test-app';

/**
 * Open items through the database and the money gate: each document's own
 * journal is posted here as sales and purchasing will post it, the open item
 * registered beside it, and allocations checked entry by entry against
 * hand-computed journals, with the control accounts equal to the open items
 * on them after every step.
 */

const BANK = '1002.90';
const USD = (r: string) => Math.round(Number(r) * 1e6);

let t: TestApp;
let docIds = 0;

interface Doc {
  type: string;
  id: number;
  number: string;
}

const tx = <T>(work: (tx: Transaction) => Promise<T>) => t.services.db.transaction(work);
const rows = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) => selectRows<T>(t.services.db, sql, replacements);

async function partner(type: PartnerType, code: string): Promise<number> {
  const res = await t.post(type === 'customer' ? '/customers' : '/suppliers', { code, name: `${type} ${code}` }, await t.adminToken());
  expect(res.status).toBe(201);
  return res.body.id;
}

/**
 * A posted document: its journal (sales invoice Dr 1122 / Cr 6001 + 2221.02; receipt Dr bank / Cr 2203 as an
 * advance; purchase invoice Dr 6602 + 2221.01 / Cr 2202.01; payment Dr 1123 / Cr bank; notes the other way
 * round of their invoices) and its open item.
 */
async function post(
  partnerType: PartnerType,
  partnerId: number,
  kind: OpenItemKind,
  doc: { date: string; currency?: string; rate?: number; amount: number; tax?: number; dueDate?: string },
): Promise<Doc> {
  const type = { invoice: partnerType === 'customer' ? 'SI' : 'PI', 'credit-note': 'SI', 'debit-note': 'PI', receipt: 'CR', payment: 'SP' }[kind];
  const id = ++docIds;
  const number = `${type}-2026-${String(id).padStart(6, '0')}`;
  const currency = doc.currency ?? 'CNY';
  const rate = doc.rate ?? 1_000_000;
  const base = baseValue(doc.amount, rate);
  const taxBase = baseValue(doc.tax ?? 0, rate);
  const gl = t.services.generalLedger;
  const own = (accountCode: string, side: 'debit' | 'credit', value: number, amount: number) => ({ accountCode, [side]: value, currency, amount, rate });
  const lines = {
    customer: {
      invoice: [own('1122', 'debit', base, doc.amount), own('6001', 'credit', base - taxBase, doc.amount - (doc.tax ?? 0)), own('2221.02', 'credit', taxBase, doc.tax ?? 0)],
      'credit-note': [own('6001', 'debit', base - taxBase, doc.amount - (doc.tax ?? 0)), own('2221.02', 'debit', taxBase, doc.tax ?? 0), own('1122', 'credit', base, doc.amount)],
      receipt: [own(BANK, 'debit', base, doc.amount), own('2203', 'credit', base, doc.amount)],
    },
    supplier: {
      invoice: [own('6602', 'debit', base - taxBase, doc.amount - (doc.tax ?? 0)), own('2221.01', 'debit', taxBase, doc.tax ?? 0), own('2202.01', 'credit', base, doc.amount)],
      'debit-note': [own('2202.01', 'debit', base, doc.amount), own('6602', 'credit', base - taxBase, doc.amount - (doc.tax ?? 0)), own('2221.01', 'credit', taxBase, doc.tax ?? 0)],
      payment: [own('1123', 'debit', base, doc.amount), own(BANK, 'credit', base, doc.amount)],
    },
  }[partnerType][kind as never] as Array<ReturnType<typeof own>>;
  await tx(async (transaction) => {
    await gl.postJournal({ date: doc.date, source: { type, id, number }, lines, userId: null }, transaction);
    await t.services.openItems.openItem(
      { partnerType, partnerId, kind, document: { type, id, number }, date: doc.date, dueDate: doc.dueDate, currency, rate, amount: doc.amount, baseAmount: base },
      transaction,
    );
  });
  return { type, id, number };
}

const allocate = (invoice: Doc, payment: Doc, amount: number, extra: Partial<AllocationInput> = {}) =>
  tx((transaction) => t.services.openItems.allocate({ invoice, payment, amount, userId: null, ...extra }, transaction));

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Debit − credit of an account over every period, from the balances the gate keeps. */
async function balance(account: string): Promise<number> {
  const [row] = await rows<{ net: number | string | null }>('SELECT SUM(debit) - SUM(credit) AS net FROM account_balances WHERE account_code = :account', { account });
  return Number(row?.net ?? 0);
}

/** The lines of an entry as `[account, debit, credit]`, plus its date and source. */
async function entry(id: number | null) {
  const [head] = await rows<{ date: string; source_type: string }>('SELECT date, source_type FROM journal_entries WHERE id = :id', { id });
  const lines = await rows<{ account_code: string; debit: number | string; credit: number | string }>('SELECT account_code, debit, credit FROM journal_lines WHERE entry_id = :id ORDER BY line', { id });
  return { date: head?.date, source: head?.source_type, lines: lines.map((l) => [l.account_code, Number(l.debit), Number(l.credit)]) };
}

async function open(doc: Doc) {
  const item = await t.services.openItems.itemOf(doc);
  return { openAmount: item?.openAmount, openBase: item?.openBase };
}

/** Every control account equals the open base of the items on it: receivables, customer advances, payables, supplier advances. */
async function expectControlAccountsMatchOpenItems(): Promise<void> {
  const expected = await t.services.openItems.expectedBalances();
  const [receivables] = await rows<{ base: number | string | null }>("SELECT SUM(open_base) AS base FROM open_items WHERE partner_type = 'customer' AND account_code = '1122'");
  expect(await balance('1122')).toBe(Number(receivables?.base ?? 0));
  for (const account of ['1122', '2203', '2202.01', '1123']) expect({ account, ledger: await balance(account) }).toEqual({ account, ledger: expected.get(account) ?? 0 });
}

async function counts() {
  const [row] = await rows<{ allocations: number | string; entries: number | string; items: number | string }>(
    `SELECT (SELECT COUNT(*) FROM open_item_allocations) AS allocations, (SELECT COUNT(*) FROM journal_entries) AS entries,
            (SELECT SUM(open_amount) FROM open_items) AS items`,
  );
  return { allocations: Number(row!.allocations), entries: Number(row!.entries), items: Number(row!.items) };
}

beforeAll(async () => {
  t = await TestApp.start();
  const now = new Date();
  // A bank leaf of the test's own, so the receipts' journals have somewhere to put the money.
  await tx((transaction) =>
    execute(
      t.services.db,
      "INSERT INTO accounts (code, name, name_en, type, parent_code, active, version, created_at, updated_at) VALUES (:code, '测试银行', 'Test bank', 'asset', '1002', :yes, 1, :now, :now)",
      { code: BANK, yes: true, now },
      transaction,
    ),
  );
});
afterAll(async () => t.stop());
afterEach(async () => {
  await expectControlAccountsMatchOpenItems();
  await expectInvariants(t);
});

describe('Open items and allocations through the money gate', () => {
  test('When a USD invoice is paid 400 at 7.2 and 600 at 7.0, then a 40.00 gain and a 60.00 loss are booked on the receipts’ dates and nothing is left open', async () => {
    const customer = await partner('customer', 'OI-C1');
    const invoice = await post('customer', customer, 'invoice', { date: '2026-03-10', currency: 'USD', rate: USD('7.1'), amount: 1000_00, tax: 115_04 });
    expect(await open(invoice)).toEqual({ openAmount: 1000_00, openBase: 7100_00 });

    const first = await post('customer', customer, 'receipt', { date: '2026-03-20', currency: 'USD', rate: USD('7.2'), amount: 400_00 });
    await expectControlAccountsMatchOpenItems();
    const gain = await allocate(invoice, first, 400_00);
    expect(gain).toMatchObject({ date: '2026-03-20', currency: 'USD', amount: 400_00, invoiceBase: 2840_00, paymentBase: 2880_00, fxDifference: 40_00 });
    expect(await entry(gain.journalEntryId)).toEqual({
      date: '2026-03-20',
      source: 'ALLOC',
      lines: [
        ['2203', 2880_00, 0],
        ['1122', 0, 2840_00],
        ['6603.01', 0, 40_00],
      ],
    });
    expect(await open(invoice)).toEqual({ openAmount: 600_00, openBase: 4260_00 });
    expect(await open(first)).toEqual({ openAmount: 0, openBase: 0 });
    await expectControlAccountsMatchOpenItems();

    const second = await post('customer', customer, 'receipt', { date: '2026-04-05', currency: 'USD', rate: USD('7'), amount: 600_00 });
    const loss = await allocate(invoice, second, 600_00);
    expect(loss).toMatchObject({ date: '2026-04-05', invoiceBase: 4260_00, paymentBase: 4200_00, fxDifference: -60_00 });
    expect(await entry(loss.journalEntryId)).toEqual({
      date: '2026-04-05',
      source: 'ALLOC',
      lines: [
        ['2203', 4200_00, 0],
        ['1122', 0, 4260_00],
        ['6603.01', 60_00, 0],
      ],
    });
    expect(await open(invoice)).toEqual({ openAmount: 0, openBase: 0 });
    expect(await t.services.openItems.itemsOf('customer', customer)).toEqual([]);
    expect((await t.services.openItems.itemsOf('customer', customer, { status: 'all' })).map((i) => i.docNumber)).toEqual([invoice.number, first.number, second.number]);
    expect((await t.services.openItems.allocationsOf(invoice)).map((a) => [a.payment.number, a.fxDifference])).toEqual([
      [first.number, 40_00],
      [second.number, -60_00],
    ]);
  });

  test('When an advance received before the invoice is allocated to it, then the allocation is dated the invoice’s day', async () => {
    const customer = await partner('customer', 'OI-C2');
    const advance = await post('customer', customer, 'receipt', { date: '2026-05-02', currency: 'USD', rate: USD('7.25'), amount: 300_00 });
    const invoice = await post('customer', customer, 'invoice', { date: '2026-05-18', currency: 'USD', rate: USD('7.2'), amount: 500_00 });
    const allocation = await allocate(invoice, advance, 300_00);
    expect(allocation).toMatchObject({ date: '2026-05-18', invoiceBase: 2160_00, paymentBase: 2175_00, fxDifference: 15_00 });
    expect((await entry(allocation.journalEntryId)).date).toBe('2026-05-18');
    expect(await open(invoice)).toEqual({ openAmount: 200_00, openBase: 1440_00 });
  });

  test('When a supplier is paid at a higher rate than the invoice, then the difference is a loss: Dr payable, Cr prepayment, Dr FX', async () => {
    const supplier = await partner('supplier', 'OI-S1');
    const invoice = await post('supplier', supplier, 'invoice', { date: '2026-06-01', currency: 'USD', rate: USD('7.1'), amount: 1000_00, tax: 115_04 });
    const payment = await post('supplier', supplier, 'payment', { date: '2026-06-11', currency: 'USD', rate: USD('7.2'), amount: 400_00 });
    const allocation = await allocate(invoice, payment, 400_00);
    expect(allocation).toMatchObject({ invoiceBase: 2840_00, paymentBase: 2880_00, fxDifference: 40_00 });
    expect(await entry(allocation.journalEntryId)).toEqual({
      date: '2026-06-11',
      source: 'ALLOC',
      lines: [
        ['1123', 0, 2880_00],
        ['2202.01', 2840_00, 0],
        ['6603.01', 40_00, 0],
      ],
    });
    const rest = await post('supplier', supplier, 'payment', { date: '2026-06-20', currency: 'USD', rate: USD('7'), amount: 600_00 });
    const gain = await allocate(invoice, rest, 600_00);
    expect((await entry(gain.journalEntryId)).lines).toEqual([
      ['1123', 0, 4200_00],
      ['2202.01', 4260_00, 0],
      ['6603.01', 0, 60_00],
    ]);
    expect(await open(invoice)).toEqual({ openAmount: 0, openBase: 0 });
  });

  test('When the last of three thirds of 100.00 at an odd rate is allocated, then it takes the invoice’s remaining base and the residue cent is booked as FX', async () => {
    const customer = await partner('customer', 'OI-C3');
    const r = USD('7.123457');
    const invoice = await post('customer', customer, 'invoice', { date: '2026-07-01', currency: 'USD', rate: r, amount: 100_00 });
    const results = [];
    for (const amount of [33_33, 33_33, 33_34]) {
      const receipt = await post('customer', customer, 'receipt', { date: '2026-07-02', currency: 'USD', rate: r, amount });
      results.push(await allocate(invoice, receipt, amount));
    }
    expect(results.map((a) => [a.invoiceBase, a.paymentBase, a.fxDifference, a.journalEntryId === null])).toEqual([
      [237_42, 237_42, 0, false],
      [237_42, 237_42, 0, false],
      [237_51, 237_50, -1, false],
    ]);
    expect((await entry(results[2]!.journalEntryId)).lines).toEqual([
      ['2203', 237_50, 0],
      ['1122', 0, 237_51],
      ['6603.01', 1, 0],
    ]);
    expect(await open(invoice)).toEqual({ openAmount: 0, openBase: 0 });
  });

  test('When base-currency documents are allocated, then the advance moves to the receivable and no FX is booked', async () => {
    const customer = await partner('customer', 'OI-C4');
    const invoice = await post('customer', customer, 'invoice', { date: '2026-08-03', amount: 1130_00, tax: 130_00 });
    const receipt = await post('customer', customer, 'receipt', { date: '2026-08-04', amount: 2000_00 });
    const allocation = await allocate(invoice, receipt, 1130_00);
    expect(allocation).toMatchObject({ currency: 'CNY', invoiceBase: 1130_00, paymentBase: 1130_00, fxDifference: 0 });
    expect((await entry(allocation.journalEntryId)).lines).toEqual([
      ['2203', 1130_00, 0],
      ['1122', 0, 1130_00],
    ]);
    expect(await open(receipt)).toEqual({ openAmount: -870_00, openBase: -870_00 });
  });

  test('When a credit note is set against its invoice on the same account, then only the FX is journaled, against the receivable', async () => {
    const customer = await partner('customer', 'OI-C5');
    const invoice = await post('customer', customer, 'invoice', { date: '2026-09-01', currency: 'USD', rate: USD('7.1'), amount: 500_00 });
    const note = await post('customer', customer, 'credit-note', { date: '2026-09-08', currency: 'USD', rate: USD('7.3'), amount: 100_00 });
    const allocation = await allocate(invoice, note, 100_00);
    expect(allocation).toMatchObject({ invoiceBase: 710_00, paymentBase: 730_00, fxDifference: 20_00 });
    expect((await entry(allocation.journalEntryId)).lines).toEqual([
      ['1122', 20_00, 0],
      ['6603.01', 0, 20_00],
    ]);

    const cny = await post('customer', customer, 'invoice', { date: '2026-09-01', amount: 500_00 });
    const cnyNote = await post('customer', customer, 'credit-note', { date: '2026-09-02', amount: 50_00 });
    const nothingToJournal = await allocate(cny, cnyNote, 50_00);
    expect(nothingToJournal).toMatchObject({ journalEntryId: null, fxDifference: 0 });
    expect(await open(cny)).toEqual({ openAmount: 450_00, openBase: 450_00 });
  });

  test('When an allocation is refused — another partner, another currency, more than is open, two invoices, a date before a document, a closed month — then it names why and writes nothing', async () => {
    const customer = await partner('customer', 'OI-C6');
    const other = await partner('customer', 'OI-C7');
    const supplier = await partner('supplier', 'OI-S2');
    const invoice = await post('customer', customer, 'invoice', { date: '2026-10-05', currency: 'USD', rate: USD('7.1'), amount: 100_00 });
    const receipt = await post('customer', customer, 'receipt', { date: '2026-10-06', currency: 'USD', rate: USD('7.2'), amount: 150_00 });
    const othersReceipt = await post('customer', other, 'receipt', { date: '2026-10-06', currency: 'USD', rate: USD('7.2'), amount: 50_00 });
    const suppliersPayment = await post('supplier', supplier, 'payment', { date: '2026-10-06', currency: 'USD', rate: USD('7.2'), amount: 50_00 });
    const cnyReceipt = await post('customer', customer, 'receipt', { date: '2026-10-06', amount: 50_00 });
    const secondInvoice = await post('customer', customer, 'invoice', { date: '2026-10-05', currency: 'USD', rate: USD('7.1'), amount: 100_00 });
    const before = await counts();

    const cases: Array<[Promise<unknown>, number, string, string]> = [
      [allocate(invoice, othersReceipt, 10_00, { path: ['allocations', 0] }), 422, 'allocation.partner', 'allocations[0].invoiceId'],
      [allocate(invoice, suppliersPayment, 10_00), 422, 'allocation.partner', 'invoiceId'],
      [allocate(invoice, cnyReceipt, 10_00), 422, 'allocation.currency', 'invoiceId'],
      [allocate(invoice, receipt, 100_01), 422, 'allocation.exceeds-open', 'amount'],
      [allocate(secondInvoice, invoice, 10_00), 422, 'allocation.not-payment', 'paymentId'],
      [allocate(receipt, invoice, 10_00), 422, 'allocation.not-invoice', 'invoiceId'],
      [allocate(invoice, { type: 'CR', id: 999_999, number: '?' }, 10_00), 422, 'allocation.no-item', 'paymentId'],
      [allocate(invoice, receipt, 0), 422, 'allocation.amount', 'amount'],
      [allocate(invoice, receipt, 10_00, { date: '2026-10-05' }), 422, 'allocation.date-before', 'date'],
    ];
    for (const [work, status, code, path] of cases) {
      const error = await refusal(work);
      expect({ code, status: error.status, code_: error.code, paths: error.errors.map((e) => e.path) }).toEqual({ code, status, code_: code, paths: [path] });
    }
    expect(await refusal(allocate(invoice, receipt, 100_01))).toMatchObject({ detail: expect.stringContaining('100.01 USD is more than the 100.00 USD still open on') });

    await tx((transaction) => execute(t.services.db, "INSERT INTO periods (month, status) VALUES ('2026-10', 'closed')", {}, transaction));
    const closed = await refusal(allocate(invoice, receipt, 10_00));
    expect([closed.status, closed.code]).toEqual([409, 'period.closed']);
    await tx((transaction) => execute(t.services.db, "DELETE FROM periods WHERE month = '2026-10'", {}, transaction));

    expect(await counts()).toEqual(before);
    expect(await open(invoice)).toEqual({ openAmount: 100_00, openBase: 710_00 });
  });

  test('When an allocation is undone, then both documents are open again, its journal is reversed, and undoing it twice is refused', async () => {
    const customer = await partner('customer', 'OI-C8');
    const invoice = await post('customer', customer, 'invoice', { date: '2026-11-02', currency: 'USD', rate: USD('7.1'), amount: 200_00 });
    const receipt = await post('customer', customer, 'receipt', { date: '2026-11-03', currency: 'USD', rate: USD('7.2'), amount: 200_00 });
    const allocation = await allocate(invoice, receipt, 120_00);
    expect(allocation.fxDifference).toBe(12_00);
    await expectControlAccountsMatchOpenItems();

    const undone = await tx((transaction) => t.services.openItems.unallocate(allocation.id, { date: '2026-11-10', userId: null }, transaction));
    expect(undone).toMatchObject({ reversedOn: '2026-11-10', reversalEntryId: expect.any(Number) });
    expect(await entry(undone.reversalEntryId)).toEqual({
      date: '2026-11-10',
      source: 'ALLOC',
      lines: [
        ['2203', 0, 864_00],
        ['1122', 852_00, 0],
        ['6603.01', 12_00, 0],
      ],
    });
    expect(await open(invoice)).toEqual({ openAmount: 200_00, openBase: 1420_00 });
    expect(await open(receipt)).toEqual({ openAmount: -200_00, openBase: -1440_00 });
    await expectControlAccountsMatchOpenItems();

    const twice = await refusal(tx((transaction) => t.services.openItems.unallocate(allocation.id, { userId: null }, transaction)));
    expect([twice.status, twice.code]).toEqual([409, 'allocation.reversed']);
    const again = await allocate(invoice, receipt, 10_00);
    const early = await refusal(tx((transaction) => t.services.openItems.unallocate(again.id, { date: '2026-11-01', userId: null }, transaction)));
    expect([early.status, early.code]).toEqual([422, 'allocation.undo-before']);
  });

  test('When two allocations of one receipt race for more than it holds, then exactly one is made', async () => {
    const customer = await partner('customer', 'OI-C9');
    const receipt = await post('customer', customer, 'receipt', { date: '2026-11-05', currency: 'USD', rate: USD('7.2'), amount: 1000_00 });
    const invoices = [];
    for (let i = 0; i < 2; i++) invoices.push(await post('customer', customer, 'invoice', { date: '2026-11-05', currency: 'USD', rate: USD('7.1'), amount: 800_00 }));
    const outcomes = await Promise.allSettled(invoices.map((invoice) => allocate(invoice, receipt, 800_00)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as AppError).code).toBe('allocation.exceeds-open');
    expect(await open(receipt)).toEqual({ openAmount: -200_00, openBase: -(7200_00 - 5760_00) });
  });
});

describe('Random settlements through the database', () => {
  let runs = 0;

  test('When an invoice is settled by any receipts at any rates, then it is left at exactly 0, and the FX booked is what the receipts gave up less what the invoice carried', async () => {
    const receipts = fc.array(fc.record({ amount: fc.integer({ min: 1, max: 5_000_00 }), rate: fc.integer({ min: 5_000_000, max: 9_000_000 }), day: fc.integer({ min: 1, max: 28 }) }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000_00 }), fc.integer({ min: 5_000_000, max: 9_000_000 }), receipts, async (amount, rate, paid) => {
        const customer = await partner('customer', `RND-${++runs}`);
        const invoice = await post('customer', customer, 'invoice', { date: '2026-02-01', currency: 'USD', rate, amount });
        const fxBefore = await balance('6603.01');
        let gaveUp = 0;
        let left = amount;
        for (const [i, r] of paid.entries()) {
          const last = i === paid.length - 1;
          const receipt = await post('customer', customer, 'receipt', { date: `2026-02-${String(r.day).padStart(2, '0')}`, currency: 'USD', rate: r.rate, amount: last ? left + r.amount : r.amount });
          const allocation = await allocate(invoice, receipt, Math.min(left, last ? left : r.amount));
          gaveUp += allocation.paymentBase;
          left -= allocation.amount;
          if (left === 0) break;
        }
        expect(await open(invoice)).toEqual({ openAmount: 0, openBase: 0 });
        // A gain is a credit to FX: debit − credit moves by minus the differences.
        expect(await balance('6603.01')).toBe(fxBefore - (gaveUp - baseValue(amount, rate)));
        await expectControlAccountsMatchOpenItems();
      }),
      { numRuns: 8 },
    );
  });
});

describe('Ageing as of a date', () => {
  test('When a customer has invoices of several ages and an unallocated receipt, then each sits in its bucket, the receipt counts negative, and allocations after the date do not count', async () => {
    const customer = await partner('customer', 'AGE-C1');
    const old = await post('customer', customer, 'invoice', { date: '2026-01-10', amount: 1000_00, dueDate: '2026-02-09' });
    await post('customer', customer, 'invoice', { date: '2026-03-20', amount: 300_00, dueDate: '2026-04-19' });
    const receipt = await post('customer', customer, 'receipt', { date: '2026-03-25', amount: 500_00 });
    await allocate(old, receipt, 400_00, { date: '2026-04-15' });

    const asOf = async (date: string, basis: 'invoice' | 'due' = 'invoice') => (await t.services.openItems.ageing('customer', { asOf: date, basis, partnerId: customer })).data;
    // 31 March: the allocation of 15 April has not happened; the old invoice is 80 days old, the receipt wholly unallocated.
    expect(await asOf('2026-03-31')).toEqual([
      { partnerId: customer, code: 'AGE-C1', name: 'customer AGE-C1', notDue: 0, days0to30: 300_00 - 500_00, days31to60: 0, days61to90: 1000_00, over90: 0, total: 800_00 },
    ]);
    // 30 April: 600.00 of the old invoice (110 days) is left, 100.00 of the receipt unallocated.
    expect(await asOf('2026-04-30')).toEqual([
      { partnerId: customer, code: 'AGE-C1', name: 'customer AGE-C1', notDue: 0, days0to30: 0, days31to60: 300_00 - 100_00, days61to90: 0, over90: 600_00, total: 800_00 },
    ]);
    // By due date on 10 April: the newer invoice is not due yet; the old one is 60 days overdue.
    expect(await asOf('2026-04-10', 'due')).toEqual([
      { partnerId: customer, code: 'AGE-C1', name: 'customer AGE-C1', notDue: 300_00, days0to30: -500_00, days31to60: 1000_00, days61to90: 0, over90: 0, total: 800_00 },
    ]);
    expect(await asOf('2026-01-09')).toEqual([]);
    const all = await t.services.openItems.ageing('customer', { asOf: '2026-04-30' });
    expect(all.data.find((r) => r.partnerId === customer)).toBeDefined();
    expect(all.totals.total).toBe(all.data.reduce((s, r) => s + r.total, 0));
  });
});
