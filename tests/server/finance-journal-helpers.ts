import { QueryTypes } from 'sequelize';
import type { TestApp } from '../support/test-app';

/** Shared by the journal-entry suites: arrangements straight in the database for parts whose APIs live elsewhere, and ledger checks. */

const sql = <T extends object = Record<string, unknown>>(t: TestApp, query: string, replacements: Record<string, unknown> = {}) =>
  t.services.db.sequelize.query<T>(query, { replacements, type: QueryTypes.SELECT });

export async function closePeriod(t: TestApp, month: string): Promise<void> {
  await t.services.db.sequelize.query("INSERT INTO periods (month, status) VALUES (:month, 'closed') ON CONFLICT (month) DO UPDATE SET status = excluded.status", { replacements: { month } });
}

/** A rate as the rates API stores it (×1,000,000); rows of one day are told apart by their id. */
export async function addRate(t: TestApp, currency: string, date: string, rate: number): Promise<void> {
  await t.services.db.sequelize.query('INSERT INTO exchange_rates (currency, date, rate, created_at) VALUES (:currency, :date, :rate, :now)', {
    replacements: { currency, date, rate: Math.round(rate * 1_000_000), now: new Date() },
  });
}

/** A cash or bank account with its ledger leaf under 1001/1002, as the cash module creates one. */
export async function addCashAccount(t: TestApp, code: string, accountCode: string, options: { currency?: string; allowOverdraft?: boolean } = {}): Promise<void> {
  const now = new Date();
  const parent = accountCode.slice(0, 4);
  await t.services.db.sequelize.query(
    "INSERT INTO accounts (code, name, name_en, type, parent_code, active, version, created_at, updated_at) VALUES (:accountCode, :code, :code, 'asset', :parent, true, 1, :now, :now)",
    { replacements: { accountCode, code, parent, now } },
  );
  await t.services.db.sequelize.query(
    `INSERT INTO cash_accounts (code, name, type, currency, allow_overdraft, account_code, balance, active, version, created_at, updated_at)
     VALUES (:code, :code, :type, :currency, :allowOverdraft, :accountCode, 0, true, 1, :now, :now)`,
    { replacements: { code, type: parent === '1001' ? 'cash' : 'bank', currency: options.currency ?? 'CNY', allowOverdraft: options.allowOverdraft ?? false, accountCode, now } },
  );
}

export async function cashBalance(t: TestApp, code: string): Promise<number> {
  const [row] = await sql<{ balance: number | string }>(t, 'SELECT balance FROM cash_accounts WHERE code = :code', { code });
  return Number(row!.balance) / 100;
}

/** Everything the money gate writes, to show a refused entry wrote none of it. */
export async function ledgerState(t: TestApp): Promise<unknown> {
  return {
    entries: await sql(t, 'SELECT id, number, source_type, source_id, reversed_by FROM journal_entries ORDER BY id'),
    lines: await sql(t, 'SELECT COUNT(*) AS n, SUM(debit) AS debit, SUM(credit) AS credit FROM journal_lines'),
    balances: await sql(t, 'SELECT account_code, period, debit, credit FROM account_balances ORDER BY account_code, period'),
    cash: await sql(t, 'SELECT code, balance FROM cash_accounts ORDER BY code'),
    numbers: await sql(t, "SELECT year, last FROM doc_sequences WHERE doc_type = 'JE' ORDER BY year"),
  };
}

/**
 * The ledger's invariants (DESIGN §5, 1, 2 and 7): every entry balances,
 * account balances per period are the sums of their lines, and each base-currency
 * cash account holds what its leaf does.
 */
export async function expectLedgerInvariants(t: TestApp): Promise<void> {
  expect(await sql(t, 'SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING SUM(debit) <> SUM(credit)')).toEqual([]);
  const summed = await sql(t, 'SELECT account_code, period, SUM(debit) AS debit, SUM(credit) AS credit FROM journal_lines GROUP BY account_code, period ORDER BY account_code, period');
  const kept = await sql(t, 'SELECT account_code, period, debit, credit FROM account_balances WHERE debit <> 0 OR credit <> 0 ORDER BY account_code, period');
  const numbers = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r, debit: Number(r.debit), credit: Number(r.credit) }));
  expect(numbers(kept)).toEqual(numbers(summed));
  const cash = await sql(
    t,
    `SELECT c.code, c.balance, COALESCE(SUM(l.debit - l.credit), 0) AS leaf FROM cash_accounts c LEFT JOIN journal_lines l ON l.account_code = c.account_code
      WHERE c.currency = :base GROUP BY c.code, c.balance`,
    { base: t.services.config.baseCurrency },
  );
  for (const c of cash) expect(Number(c.balance)).toBe(Number(c.leaf));
}
