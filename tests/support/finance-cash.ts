import { QueryTypes, Sequelize } from 'sequelize';
import type { TestApp } from './test-app';

/** An API amount as cents, exactly (the test's own conversion, not the server's). */
export const cents = (n: number) => Math.round(n * 100);

export interface JournalLineCents {
  accountCode: string;
  debit: number;
  credit: number;
  currency: string;
  amount: number;
}

const sequelizeOf = (t: TestApp | Sequelize) => (t instanceof Sequelize ? t : t.services.db.sequelize);
const select = <T extends object>(t: TestApp | Sequelize, sql: string, replacements: Record<string, unknown> = {}) =>
  sequelizeOf(t).query<T>(sql, { replacements, type: QueryTypes.SELECT });

/** An entry's lines as stored, in their order, money in cents; straight from the database. */
export async function journalLines(t: TestApp, entryId: number): Promise<JournalLineCents[]> {
  const rows = await select<Record<string, unknown>>(t, 'SELECT account_code, debit, credit, currency, amount FROM journal_lines WHERE entry_id = :entryId ORDER BY line', { entryId });
  return rows.map((r) => ({ accountCode: String(r.account_code), debit: Number(r.debit), credit: Number(r.credit), currency: String(r.currency), amount: Number(r.amount) }));
}

/** A line as a test writes it down: `dr('6602', 10000)`; currency and amount default to CNY and the base cents. */
export const dr = (accountCode: string, debit: number, currency = 'CNY', amount = debit): JournalLineCents => ({ accountCode, debit, credit: 0, currency, amount });
export const cr = (accountCode: string, credit: number, currency = 'CNY', amount = credit): JournalLineCents => ({ accountCode, debit: 0, credit, currency, amount });

export async function count(t: TestApp | Sequelize, table: string): Promise<number> {
  const [row] = await select<{ n: number | string }>(t, `SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row!.n);
}

/** What a refused document must leave unchanged. */
export async function moneySnapshot(t: TestApp | Sequelize): Promise<Record<string, unknown>> {
  return {
    documents: await count(t, 'cash_documents'),
    lines: await count(t, 'cash_entry_lines'),
    entries: await count(t, 'journal_entries'),
    journalLines: await count(t, 'journal_lines'),
    balances: await select(t, 'SELECT account_code, period, debit, credit FROM account_balances ORDER BY account_code, period'),
    cash: await select(t, 'SELECT id, balance FROM cash_accounts ORDER BY id'),
    sequences: await select(t, "SELECT doc_type, year, last FROM doc_sequences WHERE doc_type IN ('CE', 'CT', 'JE') ORDER BY doc_type, year"),
  };
}

/**
 * The money invariants this part can break, checked straight in the
 * database: every entry balances; account balances per period = Σ their
 * lines; each cash account's balance = its leaf's lines in the account's
 * currency; every cash document has its journal entry.
 */
export async function expectCashInvariants(t: TestApp | Sequelize): Promise<void> {
  const unbalanced = await select(t, 'SELECT entry_id, SUM(debit) AS debit, SUM(credit) AS credit FROM journal_lines GROUP BY entry_id HAVING SUM(debit) <> SUM(credit)');
  expect(unbalanced).toEqual([]);
  const drifted = await select(
    t,
    `SELECT b.account_code, b.period, b.debit, b.credit, l.debit AS line_debit, l.credit AS line_credit
       FROM account_balances b
       FULL OUTER JOIN (SELECT account_code, period, SUM(debit) AS debit, SUM(credit) AS credit FROM journal_lines GROUP BY account_code, period) l
         ON l.account_code = b.account_code AND l.period = b.period
      WHERE b.account_code IS NULL OR l.account_code IS NULL OR b.debit <> l.debit OR b.credit <> l.credit`,
  );
  expect(drifted).toEqual([]);
  const cashDrift = await select(
    t,
    `SELECT c.code, c.balance, COALESCE(SUM(CASE WHEN l.debit > 0 THEN l.amount ELSE -l.amount END), 0) AS ledger
       FROM cash_accounts c LEFT JOIN journal_lines l ON l.account_code = c.account_code
      GROUP BY c.code, c.balance HAVING c.balance <> COALESCE(SUM(CASE WHEN l.debit > 0 THEN l.amount ELSE -l.amount END), 0)`,
  );
  expect(cashDrift).toEqual([]);
  const unjournaled = await select(
    t,
    `SELECT d.number FROM cash_documents d LEFT JOIN journal_entries e ON e.id = d.journal_entry_id
      WHERE e.id IS NULL OR e.source_type <> d.doc_type OR e.source_id <> d.id OR e.source_number <> d.number`,
  );
  expect(unjournaled).toEqual([]);
}

/** A rate as the exchange-rates endpoint would store it (rate ×1,000,000). */
export async function addRate(t: TestApp, currency: string, date: string, rate: number): Promise<void> {
  await t.services.db.sequelize.query('INSERT INTO exchange_rates (currency, date, rate, created_at) VALUES (:currency, :date, :rate, :now)', {
    replacements: { currency, date, rate: Math.round(rate * 1_000_000), now: new Date() },
  });
}
