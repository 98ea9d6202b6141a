import { QueryTypes } from 'sequelize';
import { lastDayOf } from '../../server/modules/periods/period-rows';
import { monthsAgo, postEntry } from '../support/gate-postings';
import { adjust, createItem } from '../support/inventory';
import { expectInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

interface Line {
  accountCode: string;
  debit: number;
  credit: number;
}

/**
 * Periods (DESIGN §4 "Periods", API.md "Finance"): closing verifies, carries
 * the month's income and expense to 4103 and locks it; reopening reverses the
 * carry. The months are the three before this one, closed in order:
 * M3 holds only opening stock, M2 income and expenses, M1 one expense.
 */
describe('Periods', () => {
  let t: TestApp;
  let admin: string;
  let adminId: number;
  let wh: { id: number };
  let item: { id: number };
  const [M3, M2, M1, M0, next] = [monthsAgo(3), monthsAgo(2), monthsAgo(1), monthsAgo(0), monthsAgo(-1)];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    adminId = (await t.get('/auth/me', admin)).body.user.id;
    wh = await t.createWarehouse('PER-A');
    const other = await t.createWarehouse('PER-B');
    item = await createItem(t);
    // M3: opening stock (1405 / 4199) and a transfer, nothing for the profit and loss.
    expect((await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', date: `${M3}-10`, lines: [{ itemId: item.id, qty: 10, unitCost: 5 }] }, admin)).status).toBe(201);
    expect((await t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: other.id, date: `${M3}-11`, lines: [{ itemId: item.id, qty: 3 }] }, admin)).status).toBe(201);
    // M2: a sale of 1,000.00 + 130.00 VAT, admin expenses 250.50, a bank fee 12.34, a return of 100.00 of the sale, and 2 pcs taken for internal use (10.00).
    await postEntry(t, `${M2}-05`, [{ accountCode: '1001', debit: 113000 }, { accountCode: '6001', credit: 100000 }, { accountCode: '2221.02', credit: 13000 }]);
    await postEntry(t, `${M2}-06`, [{ accountCode: '6602', debit: 25050 }, { accountCode: '1001', credit: 25050 }]);
    await postEntry(t, `${M2}-07`, [{ accountCode: '6603.02', debit: 1234 }, { accountCode: '1001', credit: 1234 }]);
    await postEntry(t, `${M2}-08`, [{ accountCode: '6001', debit: 10000 }, { accountCode: '1001', credit: 10000 }]);
    expect((await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'internal-use', date: `${M2}-12`, lines: [{ itemId: item.id, qty: -2 }] }, admin)).status).toBe(201);
    // M1: a non-operating expense of 40.00.
    await postEntry(t, `${M1}-10`, [{ accountCode: '6711', debit: 4000 }, { accountCode: '1001', credit: 4000 }]);
  });
  afterAll(() => t.stop());

  const close = (month: string, token = admin) => t.post(`/finance/periods/${month}/close`, {}, token);
  const reopen = (month: string, token = admin) => t.post(`/finance/periods/${month}/reopen`, {}, token);
  const select = <T>(sql: string, replacements: Record<string, unknown> = {}) => t.services.db.sequelize.query(sql, { replacements, type: QueryTypes.SELECT }) as Promise<T[]>;
  const linesOf = async (entryId: number): Promise<Line[]> =>
    (await select<Record<string, unknown>>('SELECT account_code, debit, credit FROM journal_lines WHERE entry_id = :entryId ORDER BY line', { entryId })).map((l) => ({
      accountCode: String(l.account_code),
      debit: Number(l.debit),
      credit: Number(l.credit),
    }));
  /** Debit − credit per income and expense account in a month, as the account balances hold it. */
  const profitAndLoss = async (month: string) =>
    Object.fromEntries(
      (await select<{ account_code: string; net: unknown }>(
        "SELECT b.account_code, b.debit - b.credit AS net FROM account_balances b JOIN accounts a ON a.code = b.account_code WHERE b.period = :month AND a.type IN ('income', 'expense') ORDER BY b.account_code",
        { month },
      )).map((r) => [r.account_code, Number(r.net)]),
    );
  const entryCount = async () => Number((await select<{ n: unknown }>('SELECT COUNT(*) AS n FROM journal_entries'))[0]!.n);
  const periods = async () => (await t.get('/finance/periods', admin)).body;
  const open = (period: string) => ({ period, status: 'open', closedAt: null, closedBy: null, closingEntry: null });

  test('When periods are listed, then every month from the first posting to this one is there, open', async () => {
    expect(await periods()).toEqual({ data: [open(M3), open(M2), open(M1), open(M0)], total: 4 });
  });

  test('When a period has not ended yet, then closing it is refused with 409 naming its last day', async () => {
    const res = await close(next);

    expectProblem(res, 409, ['period']);
    expect(res.body.code).toBe('period.not-ended');
    expect(res.body.detail).toContain(lastDayOf(next));
  });

  test('When the period is not a month YYYY-MM, then it is refused with 422 naming it', async () => {
    for (const bad of ['2026-13', '2026-1', 'last']) {
      const res = await close(bad);
      expectProblem(res, 422, ['period']);
      expect(res.body.code).toBe('validation.format');
    }
  });

  test('When someone without finance:close closes or reopens, then it is refused with 403, though they may list the periods', async () => {
    const role = await t.createRole(['finance:read']);
    const user = await t.createUser([role.name]);

    expectProblem(await close(M3, user.token), 403);
    expectProblem(await reopen(M3, user.token), 403);
    expect((await t.get('/finance/periods', user.token)).status).toBe(200);
  });

  test('When an earlier period with postings is still open, then closing a later one is refused with 409 naming it', async () => {
    const res = await close(M2);

    expectProblem(res, 409);
    expect(res.body.code).toBe('period.earlier-open');
    expect(res.body.detail).toContain(M3);
  });

  test('When a period without income or expense is closed, then it is locked without a carry entry, audited, and stock dated in it is refused', async () => {
    const entries = await entryCount();

    const res = await close(M3);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ period: M3, status: 'closed', closedAt: expect.stringMatching(/Z$/), closedBy: adminId, closingEntry: null });
    expect(await entryCount()).toBe(entries);
    const audit = (await t.get('/audit-log?entity=period', admin)).body.data;
    expect(audit[0]).toMatchObject({ action: 'close', entity: 'period', entityId: M3, ok: true, userId: adminId });
    const late = await adjust(t, wh.id, [{ itemId: item.id, qty: 1, unitCost: 5 }], 'found');
    expect(late.status).toBe(201);
    const dated = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'found', date: `${M3}-28`, lines: [{ itemId: item.id, qty: 1, unitCost: 5 }] }, admin);
    expectProblem(dated, 409, ['date']);
    expect(dated.body.code).toBe('period.closed');
    expect((await t.post(`/stock/adjustments/${late.body.id}/cancel`, {}, admin)).status).toBe(201);
  });

  test('When a period with income and expense is closed, then each account’s net is carried to 4103 by one entry dated its last day', async () => {
    expect(await profitAndLoss(M2)).toEqual({ '6001': -90000, '6602': 26050, '6603.02': 1234 });

    const res = await close(M2);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ period: M2, status: 'closed', closedAt: expect.stringMatching(/Z$/), closedBy: adminId, closingEntry: { id: expect.any(Number), number: expect.stringMatching(/^JE-\d{4}-\d{6}$/) } });
    const [entry] = await select<Record<string, unknown>>('SELECT date, period, source_type, source_number FROM journal_entries WHERE id = :id', { id: res.body.closingEntry.id });
    expect(entry).toEqual({ date: lastDayOf(M2), period: M2, source_type: 'PERIOD', source_number: M2 });
    // Income 1,000.00 − 100.00 returned = 900.00; expenses 250.50 + 10.00 + 12.34 = 272.84; profit 627.16.
    expect(await linesOf(res.body.closingEntry.id)).toEqual([
      { accountCode: '6001', debit: 90000, credit: 0 },
      { accountCode: '6602', debit: 0, credit: 26050 },
      { accountCode: '6603.02', debit: 0, credit: 1234 },
      { accountCode: '4103', debit: 0, credit: 62716 },
    ]);
    expect(await profitAndLoss(M2)).toEqual({ '6001': 0, '6602': 0, '6603.02': 0 });
    await expectInvariants(t);
  });

  test('When a period is closed, then nothing can be posted into it: stock documents and journal entries get 409 period.closed and write nothing', async () => {
    const entries = await entryCount();

    const stock = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'loss', date: `${M2}-20`, lines: [{ itemId: item.id, qty: -1 }] }, admin);
    const journal = postEntry(t, `${M2}-20`, [{ accountCode: '6602', debit: 100 }, { accountCode: '1001', credit: 100 }]);

    expectProblem(stock, 409, ['date']);
    expect(stock.body.code).toBe('period.closed');
    await expect(journal).rejects.toMatchObject({ status: 409, code: 'period.closed' });
    expect(await entryCount()).toBe(entries);
  });

  test('When a closed period is closed again, then it is refused with 409', async () => {
    const res = await close(M2);

    expectProblem(res, 409);
    expect(res.body.code).toBe('period.already-closed');
  });

  test('When periods are listed after closing, then the closed ones say when, by whom and with which entry', async () => {
    const { data } = await periods();

    expect(data.map((p: { period: string; status: string }) => [p.period, p.status])).toEqual([[M3, 'closed'], [M2, 'closed'], [M1, 'open'], [M0, 'open']]);
    expect(data[1]).toEqual({ period: M2, status: 'closed', closedAt: expect.any(String), closedBy: adminId, closingEntry: { id: expect.any(Number), number: expect.any(String) } });
  });

  test('When the verification fails, then closing is refused with 409 naming each failed check with expected and actual, and nothing is written', async () => {
    const edit = (cents: number) => t.services.db.sequelize.query('UPDATE stock_balances SET value = value + :cents WHERE warehouse_id = :wh', { replacements: { cents, wh: wh.id } });
    const entries = await entryCount();
    await edit(1);
    try {
      const res = await close(M1);

      expectProblem(res, 409, ['checks.stock-balances', 'checks.inventory-account']);
      expect(res.body.code).toBe('period.verification-failed');
      expect(res.body.detail).toContain('stock-balances, inventory-account');
      expect(res.body.errors[1].message).toMatch(/^expected \{"account":"1405","balance":[\d.]+\}, actual \{"account":"1405","balance":[\d.]+\}$/);
    } finally {
      await edit(-1);
    }
    expect(await entryCount()).toBe(entries);
    expect((await periods()).data[2]).toEqual(open(M1));
  });

  test('When the next period is closed, then its expense is carried too: 4103 takes the loss', async () => {
    const res = await close(M1);

    expect(res.status).toBe(200);
    expect(await linesOf(res.body.closingEntry.id)).toEqual([
      { accountCode: '6711', debit: 0, credit: 4000 },
      { accountCode: '4103', debit: 4000, credit: 0 },
    ]);
  });

  test('When a period is reopened while a later one is closed, then it is refused with 409 naming the later one', async () => {
    const res = await reopen(M2);

    expectProblem(res, 409);
    expect(res.body.code).toBe('period.later-closed');
    expect(res.body.detail).toContain(M1);
  });

  test('When the latest closed period is reopened, then its carry is reversed on its last day, it is open for postings again, and it is audited', async () => {
    const closing = (await periods()).data[2].closingEntry;

    const res = await reopen(M1);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...open(M1), reversal: { id: expect.any(Number), number: expect.any(String) } });
    expect(await linesOf(res.body.reversal.id)).toEqual([
      { accountCode: '6711', debit: 4000, credit: 0 },
      { accountCode: '4103', debit: 0, credit: 4000 },
    ]);
    const [reversal] = await select<Record<string, unknown>>('SELECT date, reversal_of FROM journal_entries WHERE id = :id', { id: res.body.reversal.id });
    expect(reversal).toEqual({ date: lastDayOf(M1), reversal_of: closing.id });
    expect(await profitAndLoss(M1)).toEqual({ '6711': 4000 });
    const audit = (await t.get('/audit-log?entity=period', admin)).body.data;
    expect(audit[0]).toMatchObject({ action: 'reopen', entity: 'period', entityId: M1, ok: true, detail: { period: M1, reversal: res.body.reversal.number } });
    await postEntry(t, `${M1}-20`, [{ accountCode: '6602', debit: 500 }, { accountCode: '1001', credit: 500 }]);
    await expectInvariants(t);
  });

  test('When a period that is not closed is reopened, then it is refused with 409', async () => {
    for (const month of [M1, M0]) {
      const res = await reopen(month);
      expectProblem(res, 409);
      expect(res.body.code).toBe('period.not-closed');
    }
  });

  test('When postings into a period race its close, then each is either refused or carried: the period ends with nothing left on its income and expense accounts', async () => {
    const issue = () => t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'internal-use', date: `${M1}-25`, lines: [{ itemId: item.id, qty: -0.1 }] }, admin);

    const [closed, ...posted] = await Promise.all([close(M1), ...Array.from({ length: 10 }, issue)]);

    expect(closed.status).toBe(200);
    for (const p of posted) {
      if (p.status !== 201) expect({ status: p.status, code: p.body.code }).toEqual({ status: 409, code: 'period.closed' });
    }
    expect(Object.values(await profitAndLoss(M1)).every((net) => net === 0)).toBe(true);
    await expectInvariants(t);
  });
});
