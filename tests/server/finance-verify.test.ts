import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import type { VerifyCheck, VerifyResult } from '../../contract/finance';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import { projectRoot } from '../../server/version';
import { insertCashAccount, postEntry } from '../support/gate-postings';
import { adjust, createItem, receive, setReserved, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

const CHECKS = [
  'journal-entries-balance',
  'journal-total-balances',
  'account-balances',
  'stock-balances',
  'inventory-account',
  'stock-reserved',
  'sales-order-reservations',
  'receivable-open-items',
  'payable-open-items',
  'customer-advances',
  'supplier-advances',
  'goods-received-not-invoiced',
  'cash-accounts',
  'customer-sales-summary',
  'audit-chain',
];

const failing = (result: VerifyResult) => result.checks.filter((c) => !c.ok).map((c) => c.name);
const check = (result: VerifyResult, name: string) => result.checks.find((c) => c.name === name) as VerifyCheck;

/** GET /finance/verify (DESIGN §5): every invariant that exists so far, each naming what it expected and what it found. */
describe('Verification', () => {
  let t: TestApp;
  let admin: string;
  let a: { id: number };
  let b: { id: number };
  let item: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    a = await t.createWarehouse('VER-A');
    b = await t.createWarehouse('VER-B');
  });
  afterAll(() => t.stop());

  const verify = async (): Promise<VerifyResult> => {
    const res = await t.get('/finance/verify', admin);
    expect(res.status).toBe(200);
    return res.body;
  };
  const sql = (query: string, replacements: Record<string, unknown> = {}) => t.services.db.sequelize.query(query, { replacements });
  const one = async <T>(query: string, replacements: Record<string, unknown> = {}) =>
    ((await t.services.db.sequelize.query(query, { replacements, type: QueryTypes.SELECT })) as T[])[0]!;

  /** Corrupts one thing straight in the database, verifies, and puts it back; the checks hold again afterwards. */
  async function corrupted(damage: () => Promise<unknown>, repair: () => Promise<unknown>): Promise<VerifyResult> {
    await damage();
    try {
      return await verify();
    } finally {
      await repair();
      expect(failing(await verify())).toEqual([]);
    }
  }

  test('When the database is fresh, then every check holds and says what it compared', async () => {
    const result = await verify();

    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual(CHECKS);
    for (const c of result.checks.filter((c) => c.name !== 'audit-chain')) expect(c.actual).toEqual(c.expected);
    expect(check(result, 'account-balances').expected).toEqual({ rows: 0, debit: 0, credit: 0 });
    expect(check(result, 'inventory-account').expected).toEqual({ account: '1405', balance: 0 });
    expect(check(result, 'receivable-open-items')).toEqual({ name: 'receivable-open-items', ok: true, expected: { account: '1122', balance: 0 }, actual: { account: '1122', balance: 0 } });
    expect(check(result, 'audit-chain')).toMatchObject({ ok: true, expected: 'unbroken', actual: expect.stringMatching(/^unbroken \(\d+ records\)$/) });
  });

  test('When stock is received, adjusted, transferred, counted, reserved and cancelled, then every check holds and the inventory account is the stock value', async () => {
    item = await createItem(t);
    await receive(t, a.id, item.id, 10, 2.5); // A 10 / 25.00
    const loss = await adjust(t, a.id, [{ itemId: item.id, qty: -4 }], 'loss'); // A 6 / 15.00
    expect((await transfer(t, a.id, b.id, [{ itemId: item.id, qty: 2 }])).status).toBe(201); // A 4 / 10.00, B 2 / 5.00
    const count = await t.post('/stocktakes', { warehouseId: b.id }, admin);
    await t.put(`/stocktakes/${count.body.id}/counts`, { lines: [{ itemId: item.id, countedQty: 3 }] }, admin);
    expect((await t.post(`/stocktakes/${count.body.id}/post`, {}, admin)).status).toBe(200); // B 3 / 7.50
    expect((await t.post(`/stock/adjustments/${loss.body.id}/cancel`, {}, admin)).status).toBe(201); // A 8 / 20.00
    await setReserved(t, a.id, item.id, 1);

    const result = await verify();

    expect(failing(result)).toEqual([]);
    // 25.00 + 2.50 + 10.00 on the debit side of 1405, 10.00 on its credit side: 27.50, the value of A's 8 and B's 3.
    expect(check(result, 'inventory-account')).toMatchObject({ expected: { account: '1405', balance: 27.5 }, actual: { account: '1405', balance: 27.5 } });
    expect(check(result, 'stock-balances').expected).toEqual({ rows: 2, qty: 11, value: 27.5 });
    expect(check(result, 'stock-reserved').expected).toEqual({ rows: 2, reserved: 1 });
    // Four entries of 25.00, 10.00, 2.50 and 10.00.
    expect(check(result, 'journal-total-balances')).toMatchObject({ expected: { debit: 47.5, credit: 47.5 }, actual: { debit: 47.5, credit: 47.5 } });
    await expectInvariants(t);
    await expectStockInvariants(t);
  });

  test('When an account balance is edited, then only the account-balances check fails, naming the account, the period and both sums', async () => {
    const period = (await one<{ period: string }>("SELECT period FROM account_balances WHERE account_code = '1405'")).period;
    const edit = (cents: number) => sql('UPDATE account_balances SET debit = debit + :cents WHERE account_code = :code AND period = :period', { cents, code: '1405', period });

    const result = await corrupted(() => edit(123), () => edit(-123));

    expect(failing(result)).toEqual(['account-balances']);
    expect(check(result, 'account-balances')).toEqual({
      name: 'account-balances',
      ok: false,
      mismatches: 1,
      expected: [{ accountCode: '1405', period, debit: 37.5, credit: 10 }],
      actual: [{ accountCode: '1405', period, debit: 38.73, credit: 10 }],
    });
  });

  test('When a journal line is edited, then the entry, the journal totals and the account balances fail, each naming what it expected', async () => {
    const line = await one<{ id: number; number: string }>(
      "SELECT l.id, e.number FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.account_code = '4199' ORDER BY l.id",
    );
    const edit = (cents: number) => sql('UPDATE journal_lines SET credit = credit + :cents WHERE id = :id', { cents, id: line.id });

    const result = await corrupted(() => edit(50), () => edit(-50));

    expect(failing(result)).toEqual(['journal-entries-balance', 'journal-total-balances', 'account-balances']);
    expect(check(result, 'journal-entries-balance')).toMatchObject({
      mismatches: 1,
      expected: [{ number: line.number, debit: 25, credit: 25 }],
      actual: [{ number: line.number, debit: 25, credit: 25.5 }],
    });
    expect(check(result, 'journal-total-balances')).toMatchObject({ expected: { debit: 47.5, credit: 47.5 }, actual: { debit: 47.5, credit: 48 } });
    expect(check(result, 'account-balances')).toMatchObject({ expected: [expect.objectContaining({ accountCode: '4199', credit: 25.5 })], actual: [expect.objectContaining({ accountCode: '4199', credit: 25 })] });
  });

  test('When a stock balance is edited, then the stock-balances and inventory-account checks fail, naming the balance and both values', async () => {
    const edit = (cents: number) => sql('UPDATE stock_balances SET value = value + :cents WHERE warehouse_id = :wh', { cents, wh: b.id });

    const result = await corrupted(() => edit(7), () => edit(-7));

    expect(failing(result)).toEqual(['stock-balances', 'inventory-account']);
    expect(check(result, 'stock-balances')).toMatchObject({
      mismatches: 1,
      expected: [{ itemId: item.id, warehouseId: b.id, batchNo: '', qty: 3, value: 7.5 }],
      actual: [{ itemId: item.id, warehouseId: b.id, batchNo: '', qty: 3, value: 7.57 }],
    });
    expect(check(result, 'inventory-account')).toMatchObject({ expected: { account: '1405', balance: 27.57 }, actual: { account: '1405', balance: 27.5 } });
  });

  test('When what a balance has reserved is edited, then the stock-reserved check fails, naming the balance', async () => {
    const edit = (qty: number) => sql('UPDATE stock_balances SET reserved = reserved + :qty WHERE warehouse_id = :wh', { qty, wh: a.id });

    const result = await corrupted(() => edit(500), () => edit(-500));

    expect(failing(result)).toEqual(['stock-reserved']);
    expect(check(result, 'stock-reserved')).toMatchObject({ expected: [{ itemId: item.id, warehouseId: a.id, batchNo: '', reserved: 1 }], actual: [{ itemId: item.id, warehouseId: a.id, batchNo: '', reserved: 1.5 }] });
  });

  test('When cash accounts move through the gate, then each balance matches its leaf in its own currency, and an edited balance or line amount fails the check', async () => {
    await insertCashAccount(t, 'VER-CNY', '1002.01', 'CNY');
    await insertCashAccount(t, 'VER-USD', '1002.02', 'USD');
    await postEntry(t, (await t.get('/health')).body.businessDate, [
      { accountCode: '1002.01', debit: 10000 },
      { accountCode: '1002.02', debit: 71000, currency: 'USD', amount: 10000, rate: 7_100_000 },
      { accountCode: '4001', credit: 81000 },
    ]);
    expect(check(await verify(), 'cash-accounts')).toEqual({ name: 'cash-accounts', ok: true, expected: { rows: 2 }, actual: { rows: 2 } });

    const balance = (cents: number) => sql("UPDATE cash_accounts SET balance = balance + :cents WHERE code = 'VER-CNY'", { cents });
    const edited = await corrupted(() => balance(-1), () => balance(1));
    expect(failing(edited)).toEqual(['cash-accounts']);
    expect(check(edited, 'cash-accounts')).toMatchObject({ expected: [{ code: 'VER-CNY', currency: 'CNY', balance: 100 }], actual: [{ code: 'VER-CNY', currency: 'CNY', balance: 99.99 }] });

    // A foreign account moves by the lines' own amounts, not by their base value.
    const amount = (cents: number) => sql("UPDATE journal_lines SET amount = amount + :cents WHERE account_code = '1002.02'", { cents });
    const foreign = await corrupted(() => amount(100), () => amount(-100));
    expect(failing(foreign)).toEqual(['cash-accounts']);
    expect(check(foreign, 'cash-accounts')).toMatchObject({ expected: [{ code: 'VER-USD', currency: 'USD', balance: 101 }], actual: [{ code: 'VER-USD', currency: 'USD', balance: 100 }] });
  });

  test('When an audit record is edited, then the audit-chain check fails naming the record', async () => {
    const first = await one<{ id: number; detail: string }>('SELECT id, detail FROM audit_log ORDER BY id');
    const edit = (detail: string) => sql('UPDATE audit_log SET detail = :detail WHERE id = :id', { detail, id: first.id });

    const result = await corrupted(() => edit('{"edited":true}'), () => edit(first.detail));

    expect(failing(result)).toEqual(['audit-chain']);
    expect(check(result, 'audit-chain')).toMatchObject({ expected: 'unbroken', actual: expect.stringMatching(new RegExp(`^broken at record ${first.id}: `)) });
  });

  test('When someone without finance:read asks, then it is refused with 403', async () => {
    const role = await t.createRole(['stock:read']);
    const user = await t.createUser([role.name]);

    expectProblem(await t.get('/finance/verify', user.token), 403);
  });
});

/** `npm run verify` against DATABASE_URL, as an operator runs it: a child process, its output and its exit code. */
describe('npm run verify', () => {
  const AUDIT_KEY = 'verify-test-audit-key-0123456789abcdef';
  let dir: string;
  let url: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jxc-verify-'));
    url = `sqlite:${path.join(dir, 'jxc.sqlite')}`;
    const db = openDatabase(url);
    const { services, close } = await createApp({ ...loadConfig({}), databaseUrl: url, auditKey: AUDIT_KEY, adminPassword: 'admin-password-1', passwordHashCost: 4, logLevel: 'silent' }, db);
    await db.transaction((tx) =>
      services.generalLedger.postJournal({ date: services.calendar.today(), memo: 'capital', source: { type: 'TEST', id: 1, number: 'TEST-1' }, lines: [{ accountCode: '6602', debit: 1500 }, { accountCode: '4001', credit: 1500 }], userId: null }, tx),
    );
    close();
    await db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string | undefined>, ...args: string[]) => {
    const { DATABASE_URL: _ignored, AUDIT_KEY: _key, ...rest } = process.env;
    return spawnSync('npm', ['run', '--silent', 'verify', '--', ...args], { cwd: projectRoot, env: { ...rest, ...env } as NodeJS.ProcessEnv, encoding: 'utf8' });
  };
  const edit = async (statement: string) => {
    const db = openDatabase(url);
    await db.sequelize.query(statement);
    await db.close();
  };

  test('When every check holds, then it prints each of them and exits 0', () => {
    const r = run({ DATABASE_URL: url, AUDIT_KEY });

    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    for (const name of CHECKS) expect(r.stdout).toMatch(new RegExp(`^ok +${name} +expected .* actual `, 'm'));
    expect(r.stdout).toContain(`all ${CHECKS.length} checks hold`);
  }, 180_000);

  test('When a check fails, then it names it with what it expected and found and exits 1; --json prints the API answer', async () => {
    await edit("UPDATE account_balances SET debit = debit + 1 WHERE account_code = '6602'");
    try {
      const r = run({ DATABASE_URL: url, AUDIT_KEY });
      const json = run({ DATABASE_URL: url, AUDIT_KEY }, '--json');

      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^FAIL +account-balances +expected \[\{"accountCode":"6602","period":"\d{4}-\d{2}","debit":15,"credit":0\}\] +actual \[\{"accountCode":"6602","period":"\d{4}-\d{2}","debit":15.01,"credit":0\}\] +\(1 differ\)$/m);
      expect(r.stdout).toContain(`1 of ${CHECKS.length} checks FAILED`);
      expect(json.status).toBe(1);
      const result = JSON.parse(json.stdout) as VerifyResult;
      expect(result.ok).toBe(false);
      expect(failing(result)).toEqual(['account-balances']);
    } finally {
      await edit("UPDATE account_balances SET debit = debit - 1 WHERE account_code = '6602'");
    }
  }, 180_000);

  test('When no audit key can be found, then the audit check fails saying so', () => {
    const r = run({ DATABASE_URL: url });

    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL +audit-chain +expected "unbroken" +actual "broken: no audit key: set AUDIT_KEY/m);
  }, 180_000);

  test('When there is no database at DATABASE_URL, then it says so, creates nothing and exits 2', () => {
    const missing = path.join(dir, 'missing.sqlite');

    const r = run({ DATABASE_URL: `sqlite:${missing}`, AUDIT_KEY });

    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`there is no database at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
  }, 180_000);
});
