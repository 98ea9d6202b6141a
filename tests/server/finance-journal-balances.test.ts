import { QueryTypes } from 'sequelize';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';
import { expectLedgerInvariants } from './finance-journal-helpers';

type Line = [account: string, debit: number, credit: number];

/** Account balances (API.md "Finance": GET /finance/account-balances) over a small journal computed by hand. */
describe('Account balances', () => {
  let t: TestApp;
  let admin: string;
  /** What was posted, by date: the reversal of E9 is its mirror. */
  const posted: Array<{ date: string; lines: Line[] }> = [];
  const E: Array<{ date: string; lines: Line[] }> = [
    { date: '2026-01-05', lines: [['6602', 100, 0], ['4001', 0, 100]] },
    { date: '2026-01-20', lines: [['2221.01', 13, 0], ['4001', 0, 13]] },
    { date: '2026-01-31', lines: [['6602', 7, 0], ['2221.02', 0, 7]] },
    { date: '2026-02-10', lines: [['6602', 50, 0], ['2221.02', 0, 20], ['4001', 0, 30]] },
    { date: '2026-02-20', lines: [['2221.01', 5, 0], ['6602', 0, 5]] },
    { date: '2026-03-01', lines: [['6603.02', 2.5, 0], ['4001', 0, 2.5]] },
    { date: '2026-03-16', lines: [['6602', 10, 0], ['2221.01', 0, 10]] },
    { date: '2026-03-31', lines: [['6603.01', 1, 0], ['6602', 0, 1]] },
  ];
  const E9 = { date: '2026-02-15', lines: [['6602', 1000, 0], ['4001', 0, 1000]] as Line[] };

  const balances = async (query = '') => {
    const res = await t.get(`/finance/account-balances${query}`, admin);
    if (res.status !== 200) throw new Error(`balances failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as Array<{ accountCode: string; name: string; leaf: boolean; opening: number; debit: number; credit: number; closing: number }>;
  };
  const figures = (rows: Awaited<ReturnType<typeof balances>>, codes: string[]) =>
    Object.fromEntries(rows.filter((r) => codes.includes(r.accountCode)).map((r) => [r.accountCode, [r.opening, r.debit, r.credit, r.closing]]));
  const SHOWN = ['2221', '2221.01', '2221.02', '4001', '6602', '6603', '6603.01', '6603.02'];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    for (const e of [...E.slice(0, 4), E9, ...E.slice(4)]) {
      const lines = e.lines.map(([accountCode, debit, credit]) => (debit ? { accountCode, debit } : { accountCode, credit }));
      const res = await t.post('/journal-entries', { date: e.date, memo: `on ${e.date}`, lines }, admin);
      if (res.status !== 201) throw new Error(`entry failed: ${res.status} ${JSON.stringify(res.body)}`);
      posted.push(e);
      if (e === E9) {
        const reversal = await t.post(`/journal-entries/${res.body.id}/reverse`, { date: '2026-02-25' }, admin);
        if (reversal.status !== 201) throw new Error(`reversal failed: ${reversal.status} ${JSON.stringify(reversal.body)}`);
        posted.push({ date: '2026-02-25', lines: E9.lines.map(([a, d, c]) => [a, c, d]) });
      }
    }
  });
  afterAll(() => t.stop());
  afterEach(() => expectLedgerInvariants(t));

  test('When nothing bounds the range, then it runs from the first posting to today, parents the sum of their children', async () => {
    const rows = await balances();

    // [opening, debit, credit, closing]
    expect(figures(rows, SHOWN)).toEqual({
      '2221': [0, 18, 37, -19],
      '2221.01': [0, 18, 10, 8],
      '2221.02': [0, 0, 27, -27],
      '4001': [0, 1000, 1145.5, -145.5],
      '6602': [0, 1167, 1006, 161],
      '6603': [0, 3.5, 0, 3.5],
      '6603.01': [0, 1, 0, 1],
      '6603.02': [0, 2.5, 0, 2.5],
    });
  });

  test('When the range is whole months, then the opening is what came before and the movement that month', async () => {
    expect(figures(await balances('?from=2026-02-01&to=2026-02-28'), SHOWN)).toEqual({
      '2221': [6, 5, 20, -9],
      '2221.01': [13, 5, 0, 18],
      '2221.02': [-7, 0, 20, -27],
      '4001': [-113, 1000, 1030, -143],
      '6602': [107, 1050, 1005, 152],
      '6603': [0, 0, 0, 0],
      '6603.01': [0, 0, 0, 0],
      '6603.02': [0, 0, 0, 0],
    });
  });

  test('When the range starts and ends inside months (late in both), then those days are counted exactly', async () => {
    expect(figures(await balances('?from=2026-01-20&to=2026-03-16'), SHOWN)).toEqual({
      '2221': [0, 18, 37, -19],
      '2221.01': [0, 18, 10, 8],
      '2221.02': [0, 0, 27, -27],
      '4001': [-100, 1000, 1045.5, -145.5],
      '6602': [100, 1067, 1005, 162],
      '6603': [0, 2.5, 0, 2.5],
      '6603.01': [0, 0, 0, 0],
      '6603.02': [0, 2.5, 0, 2.5],
    });
  });

  test('When the range starts and ends early inside months, then those days are counted exactly', async () => {
    expect(figures(await balances('?from=2026-02-11&to=2026-03-15'), SHOWN)).toEqual({
      '2221': [-14, 5, 0, -9],
      '2221.01': [13, 5, 0, 18],
      '2221.02': [-27, 0, 0, -27],
      '4001': [-143, 1000, 1002.5, -145.5],
      '6602': [157, 1000, 1005, 152],
      '6603': [0, 2.5, 0, 2.5],
      '6603.01': [0, 0, 0, 0],
      '6603.02': [0, 2.5, 0, 2.5],
    });
  });

  test('When the range lies inside one month, then only its days move', async () => {
    expect(figures(await balances('?from=2026-03-02&to=2026-03-30'), ['2221.01', '4001', '6602', '6603.01', '6603.02'])).toEqual({
      '2221.01': [18, 0, 10, 8],
      '4001': [-145.5, 0, 0, -145.5],
      '6602': [152, 10, 0, 162],
      '6603.01': [0, 0, 0, 0],
      '6603.02': [2.5, 0, 0, 2.5],
    });
  });

  test('When any range is asked, then every account matches the journal summed line by line', async () => {
    const days = [undefined, '2025-12-31', '2026-01-01', '2026-01-05', '2026-01-15', '2026-01-16', '2026-01-31', '2026-02-01', '2026-02-14', '2026-02-15', '2026-02-28', '2026-03-01', '2026-03-17', '2026-03-31'];
    const codes = (await t.services.db.sequelize.query<{ code: string }>('SELECT code FROM accounts ORDER BY code', { type: QueryTypes.SELECT })).map((r) => r.code);
    // The model: an account's figures are those of its own lines and of every code below it.
    const model = (from: string | undefined, to: string) =>
      Object.fromEntries(
        codes.map((code) => {
          const mine = posted.flatMap((e) => e.lines.filter(([a]) => a === code || a.startsWith(`${code}.`)).map(([, d, c]) => ({ date: e.date, d: Math.round(d * 100), c: Math.round(c * 100) })));
          const before = mine.filter((l) => from !== undefined && l.date < from);
          const within = mine.filter((l) => (from === undefined || l.date >= from) && l.date <= to);
          const sum = (ls: typeof mine, k: 'd' | 'c') => ls.reduce((s, l) => s + l[k], 0);
          const opening = sum(before, 'd') - sum(before, 'c');
          return [code, [opening, sum(within, 'd'), sum(within, 'c'), opening + sum(within, 'd') - sum(within, 'c')].map((n) => n / 100)];
        }),
      );
    for (const from of days) {
      for (const to of days.filter((d): d is string => d !== undefined && (from === undefined || d >= from))) {
        const rows = await balances(`?to=${to}${from ? `&from=${from}` : ''}`);
        expect(rows.map((r) => r.accountCode)).toEqual(codes);
        expect([from, to, figures(rows, codes)]).toEqual([from, to, model(from, to)]);
      }
    }
  });

  test('When balances are asked, then every account is listed in code order, zero rows and names included', async () => {
    const res = await t.get('/finance/account-balances?to=2026-03-31', admin);

    expect(res.body.total).toBe(res.body.data.length);
    expect(res.body.data.find((r: { accountCode: string }) => r.accountCode === '1001')).toEqual({
      accountCode: '1001', name: '库存现金', nameEn: 'Cash on hand', type: 'asset', leaf: true, opening: 0, debit: 0, credit: 0, closing: 0,
    });
    expect(res.body.data.find((r: { accountCode: string }) => r.accountCode === '2221')).toMatchObject({ type: 'liability', leaf: false });
  });

  test('When one account is asked, then it comes with the accounts below it', async () => {
    const rows = await balances('?accountCode=2221&from=2026-02-01');

    expect(rows.map((r) => [r.accountCode, r.closing])).toEqual([['2221', -19], ['2221.01', 8], ['2221.02', -27]]);
  });

  test('When the range is wrong or the account unknown, then 422 names the parameter', async () => {
    expectProblem(await t.get('/finance/account-balances?from=2026-03-02&to=2026-03-01', admin), 422, ['from']);
    expectProblem(await t.get('/finance/account-balances?accountCode=9999', admin), 422, ['accountCode']);
    expectProblem(await t.get('/finance/account-balances?to=2026-02-30x', admin), 422, ['to']);
  });
});
