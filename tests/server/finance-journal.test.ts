import { createItem, daysFromToday, receive } from '../support/inventory';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';
import { addCashAccount, addRate, cashBalance, closePeriod, expectLedgerInvariants, ledgerState } from './finance-journal-helpers';

/** Manual journal entries (API.md "Finance": /journal-entries). */
describe('Journal entries', () => {
  let t: TestApp;
  let admin: string;
  const post = (body: unknown, token = admin) => t.post('/journal-entries', body, token);
  const entry = (lines: unknown[], extra: Record<string, unknown> = {}) => ({ memo: 'test', date: '2026-04-10', lines, ...extra });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    await addCashAccount(t, 'BANK-1', '1002.01');
    await addRate(t, 'USD', '2026-03-01', 7.1);
    await addRate(t, 'USD', '2026-03-10', 7.25);
    await addRate(t, 'USD', '2026-03-10', 7.3); // the same day again: replaces the first
    await addRate(t, 'USD', '2026-03-20', 7.4);
  });
  afterAll(() => t.stop());
  afterEach(() => expectLedgerInvariants(t));

  test('When a balanced entry is posted, then it is numbered JE-YYYY-NNNNNN, is its own source and reads back the same', async () => {
    const res = await post(entry([
      { accountCode: '6602', debit: 100.5, memo: 'office' },
      { accountCode: '4001', credit: 100.5 },
    ], { memo: 'Office supplies' }));

    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^JE-2026-\d{6}$/);
    expect(res.body).toMatchObject({
      date: '2026-04-10',
      memo: 'Office supplies',
      source: { type: 'JE', id: res.body.id, number: res.body.number },
      reversalOf: null,
      reversedBy: null,
      lines: [
        { line: 0, accountCode: '6602', accountName: '管理费用', debit: 100.5, credit: 0, currency: 'CNY', amount: 100.5, rate: 1, memo: 'office' },
        { line: 1, accountCode: '4001', debit: 0, credit: 100.5, currency: 'CNY', amount: 100.5, rate: 1, memo: null },
      ],
    });
    const read = await t.get(`/journal-entries/${res.body.id}`, admin);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  test('When no date is given, then the entry is dated today', async () => {
    const res = await post({ memo: 'today', lines: [{ accountCode: '6602', debit: 1 }, { accountCode: '4001', credit: 1 }] });

    expect(res.status).toBe(201);
    expect(res.body.date).toBe(daysFromToday(0));
  });

  test('When a line is in a foreign currency with its rate, then its base value is round(amount × rate)', async () => {
    const res = await post(entry([
      // 12.34 USD × 7.123456 = 87.903447… → 87.90
      { accountCode: '6603.02', side: 'debit', currency: 'USD', amount: 12.34, rate: 7.123456 },
      { accountCode: '4001', credit: 87.9 },
    ]));

    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ accountCode: '6603.02', debit: 87.9, credit: 0, currency: 'USD', amount: 12.34, rate: 7.123456 });
  });

  test('When a foreign line gives no rate, then the latest rate on or before the date is taken, the later of one day', async () => {
    const res = await post(entry([
      // 2026-03-15: the rates of 03-10 are 7.25 then 7.30 → 7.30; 100.01 USD × 7.3 = 730.073 → 730.07
      { accountCode: '6603.01', side: 'credit', currency: 'USD', amount: 100.01 },
      // base given explicitly: kept as given, the rate recorded
      { accountCode: '6603.02', debit: 700, currency: 'USD', amount: 96 },
      { accountCode: '6602', debit: 30.07 },
    ], { date: '2026-03-15' }));

    expect(res.status).toBe(201);
    expect(res.body.lines).toEqual([
      expect.objectContaining({ accountCode: '6603.01', debit: 0, credit: 730.07, currency: 'USD', amount: 100.01, rate: 7.3 }),
      expect.objectContaining({ accountCode: '6603.02', debit: 700, credit: 0, currency: 'USD', amount: 96, rate: 7.3 }),
      expect.objectContaining({ accountCode: '6602', debit: 30.07, currency: 'CNY', rate: 1 }),
    ]);
    const early = await post(entry([{ accountCode: '6603.01', side: 'debit', currency: 'USD', amount: 1 }, { accountCode: '4001', credit: 7.1 }], { date: '2026-03-09' }));
    expect(early.status).toBe(201);
    expect(early.body.lines[0]).toMatchObject({ debit: 7.1, rate: 7.1 });
  });

  describe('refusals name the field and the line and write nothing', () => {
    const cases: Array<[string, () => unknown, number, string[], string?]> = [
      ['unbalanced, saying by how much', () => entry([{ accountCode: '6602', debit: 100 }, { accountCode: '4001', credit: 89.99 }]), 422, ['lines'], 'journal.unbalanced'],
      ['an unknown account', () => entry([{ accountCode: '6602', debit: 1 }, { accountCode: '9999', credit: 1 }]), 422, ['lines[1].accountCode'], 'account.unknown'],
      ['a parent account', () => entry([{ accountCode: '2221', debit: 1 }, { accountCode: '4001', credit: 1 }]), 422, ['lines[0].accountCode'], 'account.invalid'],
      ['a control account', () => entry([{ accountCode: '4001', debit: 1 }, { accountCode: '1405', credit: 1 }]), 422, ['lines[1].accountCode'], 'account.invalid'],
      ['an inactive account', () => entry([{ accountCode: '6051', credit: 1 }, { accountCode: '6602', debit: 1 }]), 422, ['lines[0].accountCode'], 'account.invalid'],
      ['money with 3 decimals', () => entry([{ accountCode: '6602', debit: 1.005 }, { accountCode: '4001', credit: 1.005 }]), 422, ['lines[0].debit', 'lines[1].credit']],
      ['a rate with 7 decimals', () => entry([{ accountCode: '6602', side: 'debit', currency: 'USD', amount: 1, rate: 7.1234567 }, { accountCode: '4001', credit: 7.12 }]), 422, ['lines[0].rate']],
      ['a foreign line without a rate to be found', () => entry([{ accountCode: '6602', side: 'debit', currency: 'EUR', amount: 10 }, { accountCode: '4001', credit: 78 }]), 422, ['lines[0].rate'], 'journal.lines-invalid'],
      ['a foreign line dated before any rate', () => entry([{ accountCode: '4001', credit: 7 }, { accountCode: '6602', side: 'debit', currency: 'USD', amount: 1 }], { date: '2026-02-28' }), 422, ['lines[1].rate']],
      ['a foreign line without its amount', () => entry([{ accountCode: '6602', debit: 7, currency: 'USD', rate: 7 }, { accountCode: '4001', credit: 7 }]), 422, ['lines[0].amount']],
      ['a foreign line without a side', () => entry([{ accountCode: '4001', credit: 7 }, { accountCode: '6602', currency: 'USD', amount: 1, rate: 7 }]), 422, ['lines[1].side']],
      ['a side against the given debit', () => entry([{ accountCode: '6602', debit: 7, side: 'credit' }, { accountCode: '4001', credit: 7 }]), 422, ['lines[0].side']],
      ['an absurd rate', () => entry([{ accountCode: '6602', side: 'debit', currency: 'USD', amount: 1, rate: 10_000_000 }, { accountCode: '4001', credit: 1 }]), 422, ['lines[0].rate']],
      ['a base value beyond what money holds', () => entry([{ accountCode: '6602', side: 'debit', currency: 'USD', amount: 999_999_999_999, rate: 7.3 }, { accountCode: '4001', credit: 1 }]), 422, ['lines[0].amount']],
      ['an unknown currency', () => entry([{ accountCode: '6602', side: 'debit', currency: 'XYZ', amount: 1, rate: 1 }, { accountCode: '4001', credit: 1 }]), 422, ['lines[0].currency']],
      ['yen with cents', () => entry([{ accountCode: '6602', side: 'debit', currency: 'JPY', amount: 100.5, rate: 0.05 }, { accountCode: '4001', credit: 5.03 }]), 422, ['lines[0].amount']],
      ['a base line at another rate', () => entry([{ accountCode: '6602', debit: 7, rate: 1.1 }, { accountCode: '4001', credit: 7 }]), 422, ['lines[0].rate']],
      ['a base amount other than its debit', () => entry([{ accountCode: '6602', debit: 7, amount: 8 }, { accountCode: '4001', credit: 7 }]), 422, ['lines[0].amount']],
      ['a line with both sides', () => entry([{ accountCode: '6602', debit: 7, credit: 7 }, { accountCode: '4001', credit: 0 }]), 422, ['lines[0].debit']],
      ['every line zero', () => entry([{ accountCode: '6602', debit: 0 }, { accountCode: '4001', credit: 0 }]), 422, ['lines'], 'journal.empty'],
      ['no lines', () => entry([]), 422, ['lines']],
      ['no memo', () => ({ lines: [{ accountCode: '6602', debit: 1 }, { accountCode: '4001', credit: 1 }] }), 422, ['memo']],
      ['a date after today', () => entry([{ accountCode: '6602', debit: 1 }, { accountCode: '4001', credit: 1 }], { date: daysFromToday(1) }), 422, ['date'], 'date.future'],
      ['a date in a closed period', () => entry([{ accountCode: '6602', debit: 1 }, { accountCode: '4001', credit: 1 }], { date: '2026-01-20' }), 409, ['date'], 'period.closed'],
      ['an overdraft of a bank account', () => entry([{ accountCode: '6603.02', debit: 5 }, { accountCode: '1002.01', credit: 5 }]), 409, ['lines[1].accountCode'], 'cash.overdraft'],
    ];
    beforeAll(async () => {
      await closePeriod(t, '2026-01');
      await t.services.db.sequelize.query("UPDATE accounts SET active = false WHERE code = '6051'");
    });

    const rows = cases.map(([name, body, status, paths, code]) => ({ name, body, status, paths, code }));
    test.each(rows)('When the entry has $name, then it is refused', async ({ body, status, paths, code }) => {
      const before = await ledgerState(t);

      const res = await post(body());

      expectProblem(res, status, paths);
      if (code) expect(res.body.code).toBe(code);
      for (const e of res.body.errors ?? []) if (/^lines\[\d+\]/.test(e.path)) expect(e.row).toBe(Number(/\[(\d+)\]/.exec(e.path)![1]));
      expect(await ledgerState(t)).toEqual(before);
    });

    test('When an entry does not balance, then the problem says by how much', async () => {
      const res = await post(entry([{ accountCode: '6602', debit: 100 }, { accountCode: '4001', credit: 89.99 }]));

      expect(res.body.detail).toContain('10.01');
      expect(res.body.errors[0].message).toContain('10.01');
    });
  });

  test('When a bank leaf is debited and then credited, then it is allowed and its balance follows; beyond it 409', async () => {
    const deposit = await post(entry([{ accountCode: '1002.01', debit: 1000 }, { accountCode: '4001', credit: 1000 }]));
    const fee = await post(entry([{ accountCode: '6603.02', debit: 12.5 }, { accountCode: '1002.01', credit: 12.5 }]));
    const before = await ledgerState(t);
    const tooMuch = await post(entry([{ accountCode: '6602', debit: 987.51 }, { accountCode: '1002.01', credit: 987.51 }]));

    expect([deposit.status, fee.status]).toEqual([201, 201]);
    expect(await cashBalance(t, 'BANK-1')).toBe(987.5);
    expectProblem(tooMuch, 409, ['lines[1].accountCode']);
    expect(await ledgerState(t)).toEqual(before);
  });

  describe('reversal', () => {
    test('When an entry is reversed, then the reversal is its exact opposite, dated today, and both name each other', async () => {
      const original = (await post(entry([{ accountCode: '6602', debit: 42.42 }, { accountCode: '6603.02', debit: 0.58 }, { accountCode: '4001', credit: 43 }]))).body;

      const res = await t.post(`/journal-entries/${original.id}/reverse`, {}, admin);

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        date: daysFromToday(0),
        reversalOf: original.id,
        reversedBy: null,
        source: { type: 'JE', id: res.body.id, number: res.body.number },
        lines: [
          { line: 0, accountCode: '6602', debit: 0, credit: 42.42 },
          { line: 1, accountCode: '6603.02', debit: 0, credit: 0.58 },
          { line: 2, accountCode: '4001', debit: 43, credit: 0 },
        ],
      });
      expect((await t.get(`/journal-entries/${original.id}`, admin)).body.reversedBy).toBe(res.body.id);
    });

    test('When a reversal is dated, then it takes that date; before the original it is refused', async () => {
      const original = (await post(entry([{ accountCode: '6602', debit: 5 }, { accountCode: '4001', credit: 5 }]))).body;
      const before = await ledgerState(t);

      const early = await t.post(`/journal-entries/${original.id}/reverse`, { date: '2026-04-09' }, admin);
      expectProblem(early, 422, ['date']);
      expect(await ledgerState(t)).toEqual(before);

      const res = await t.post(`/journal-entries/${original.id}/reverse`, { date: '2026-04-30' }, admin);
      expect(res.status).toBe(201);
      expect(res.body.date).toBe('2026-04-30');
    });

    test('When an entry is reversed twice, or a reversal is reversed, then 409 and nothing more is posted', async () => {
      const original = (await post(entry([{ accountCode: '6602', debit: 9 }, { accountCode: '4001', credit: 9 }]))).body;
      const reversal = (await t.post(`/journal-entries/${original.id}/reverse`, {}, admin)).body;
      const before = await ledgerState(t);

      const again = await t.post(`/journal-entries/${original.id}/reverse`, {}, admin);
      const ofReversal = await t.post(`/journal-entries/${reversal.id}/reverse`, {}, admin);

      expectProblem(again, 409);
      expect(again.body.code).toBe('journal.already-reversed');
      expectProblem(ofReversal, 409);
      expect(ofReversal.body.code).toBe('journal.is-reversal');
      expect(await ledgerState(t)).toEqual(before);
    });

    test('When a reversal would overdraw a bank account, then 409 and nothing is posted', async () => {
      await addCashAccount(t, 'BANK-2', '1002.02');
      const deposit = (await post(entry([{ accountCode: '1002.02', debit: 50 }, { accountCode: '4001', credit: 50 }]))).body;
      await post(entry([{ accountCode: '6602', debit: 30 }, { accountCode: '1002.02', credit: 30 }]));
      const before = await ledgerState(t);

      // 20.00 left: taking the 50.00 deposit back would leave -30.00
      const res = await t.post(`/journal-entries/${deposit.id}/reverse`, {}, admin);

      expectProblem(res, 409, ['lines[0].accountCode']);
      expect(res.body.code).toBe('cash.overdraft');
      expect(await ledgerState(t)).toEqual(before);
      expect(await cashBalance(t, 'BANK-2')).toBe(20);
    });

    test('When the entry of a stock adjustment is reversed here, then 409: the document is cancelled instead', async () => {
      const wh = await t.createWarehouse();
      const item = await createItem(t);
      const adjustment = await receive(t, wh.id, item.id, 4, 2.5);
      const [journal] = (await t.get(`/journal-entries?sourceType=ADJ&sourceId=${adjustment.id}`, admin)).body.data;
      const before = await ledgerState(t);

      const res = await t.post(`/journal-entries/${journal.id}/reverse`, {}, admin);

      expectProblem(res, 409);
      expect(res.body.code).toBe('journal.document-entry');
      expect(res.body.detail).toContain(adjustment.number);
      expect(await ledgerState(t)).toEqual(before);
    });

    test('When an unknown entry is reversed, then 404', async () => {
      expectProblem(await t.post('/journal-entries/999999/reverse', {}, admin), 404);
      expectProblem(await t.get('/journal-entries/999999', admin), 404);
    });
  });

  describe('list', () => {
    test('When stock adjustments are listed by sourceType=ADJ, then each shows its journal with the document as source', async () => {
      const wh = await t.createWarehouse();
      const item = await createItem(t);
      const opening = await receive(t, wh.id, item.id, 10, 3); // 30.00: Dr 1405 / Cr 4199
      const damage = (await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'damage', lines: [{ itemId: item.id, qty: -2 }] }, admin)).body; // 6.00: Dr 1901 / Cr 1405

      const res = await t.get(`/journal-entries?sourceType=ADJ&limit=10000`, admin);

      expect(res.status).toBe(200);
      const mine = res.body.data.filter((e: { source: { id: number } }) => [opening.id, damage.id].includes(e.source.id));
      expect(mine.map((e: { source: unknown; lines: Array<{ accountCode: string; debit: number; credit: number }> }) => ({ source: e.source, lines: e.lines.map((l) => [l.accountCode, l.debit, l.credit]) }))).toEqual([
        { source: { type: 'ADJ', id: opening.id, number: opening.number }, lines: [['1405', 30, 0], ['4199', 0, 30]] },
        { source: { type: 'ADJ', id: damage.id, number: damage.number }, lines: [['1901', 6, 0], ['1405', 0, 6]] },
      ]);
      expect(res.body.total).toBe(res.body.data.length);
    });

    test('When entries are filtered by dates, account (with its sub-accounts) and source, then exactly those come back, in date order', async () => {
      const a = (await post(entry([{ accountCode: '2221.01', debit: 3 }, { accountCode: '4001', credit: 3 }], { date: '2026-05-02', memo: 'a' }))).body;
      const b = (await post(entry([{ accountCode: '6602', debit: 4 }, { accountCode: '2221.02', credit: 4 }], { date: '2026-05-01', memo: 'b' }))).body;
      const c = (await post(entry([{ accountCode: '6602', debit: 5 }, { accountCode: '4001', credit: 5 }], { date: '2026-05-03', memo: 'c' }))).body;
      const ids = (res: { body: { data: Array<{ id: number }> } }) => res.body.data.map((e) => e.id);

      const may = await t.get('/journal-entries?from=2026-05-01&to=2026-05-31', admin);
      expect(ids(may)).toEqual([b.id, a.id, c.id]);
      expect(may.body.total).toBe(3);
      expect(may.body.data[0].lines).toHaveLength(2);
      expect(ids(await t.get('/journal-entries?from=2026-05-02&to=2026-05-02', admin))).toEqual([a.id]);
      expect(ids(await t.get('/journal-entries?from=2026-05-01&to=2026-05-31&accountCode=2221', admin))).toEqual([b.id, a.id]);
      expect(ids(await t.get('/journal-entries?from=2026-05-01&to=2026-05-31&accountCode=2221.02', admin))).toEqual([b.id]);
      expect(ids(await t.get(`/journal-entries?sourceType=JE&sourceId=${c.id}`, admin))).toEqual([c.id]);
      const page = await t.get('/journal-entries?from=2026-05-01&to=2026-05-31&limit=1&offset=1', admin);
      expect([ids(page), page.body.total]).toEqual([[a.id], 3]);
    });

    test('When a list is asked with a bad filter, then 422 names it', async () => {
      expectProblem(await t.get('/journal-entries?from=2026-13-01', admin), 422, ['from']);
      expectProblem(await t.get('/journal-entries?accountCode=12', admin), 422, ['accountCode']);
      expectProblem(await t.get('/journal-entries?limit=0', admin), 422, ['limit']);
    });
  });

  test('When entries are posted as a batch, then each posts on its own, and a second send replays the first results', async () => {
    const documents = [
      { ref: 'je-batch-1', document: entry([{ accountCode: '6602', debit: 11 }, { accountCode: '4001', credit: 11 }]) },
      { ref: 'je-batch-2', document: entry([{ accountCode: '6602', debit: 11 }, { accountCode: '4001', credit: 10 }]) },
      { ref: 'je-batch-3', document: entry([{ accountCode: '6602', debit: 13 }, { accountCode: '4001', credit: 13 }]) },
    ];

    const first = await t.post('/journal-entries/batch', { documents }, admin);
    const state = await ledgerState(t);
    const second = await t.post('/journal-entries/batch', { documents }, admin);

    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['je-batch-1', 201], ['je-batch-2', 422], ['je-batch-3', 201]]);
    expect(first.body.results[1].problem).toMatchObject({ code: 'journal.unbalanced', errors: [{ path: 'lines' }] });
    expect(first.body.results[2].document.lines[0]).toMatchObject({ accountCode: '6602', debit: 13 });
    expect(second.body.results.filter((r: { status: number }) => r.status === 201)).toEqual(first.body.results.filter((r: { status: number }) => r.status === 201));
    expect(await ledgerState(t)).toEqual(state);
  });

  test('When someone without finance:journal posts or reverses, or without finance:read reads, then 403', async () => {
    const viewer = await t.createUser(['viewer']);
    const outsider = (await t.createUser([])).token;
    const original = (await post(entry([{ accountCode: '6602', debit: 1 }, { accountCode: '4001', credit: 1 }]))).body;

    expectProblem(await post(entry([{ accountCode: '6602', debit: 1 }, { accountCode: '4001', credit: 1 }]), viewer.token), 403);
    expectProblem(await t.post(`/journal-entries/${original.id}/reverse`, {}, viewer.token), 403);
    expectProblem(await t.post('/journal-entries/batch', { documents: [] }, viewer.token), 403);
    expect((await t.get('/journal-entries', viewer.token)).status).toBe(200);
    expectProblem(await t.get('/journal-entries', outsider), 403);
    expectProblem(await t.get(`/journal-entries/${original.id}`, outsider), 403);
    expectProblem(await t.get('/finance/account-balances', outsider), 403);
  });

  test('When an entry is posted, then the audit log records it', async () => {
    const res = await post(entry([{ accountCode: '6602', debit: 2 }, { accountCode: '4001', credit: 2 }]));

    const audit = await t.get('/audit-log?entity=journal-entry&limit=10000', admin);
    expect(audit.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'post', entity: 'journal-entry', entityId: String(res.body.id), ok: true })]));
  });
});
