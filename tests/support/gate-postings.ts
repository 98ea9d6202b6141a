import type { JournalLineInput } from '../../server/ledgers/general-ledger';
import { daysFromToday } from './inventory';
import type { TestApp } from './test-app';

let sources = 0;

/** A journal entry straight through the money gate, in a transaction of its own, standing in for the documents that will post one. */
export function postEntry(t: TestApp, date: string, lines: JournalLineInput[]) {
  const n = ++sources;
  return t.services.db.transaction((tx) => t.services.generalLedger.postJournal({ date, memo: `test entry ${n}`, source: { type: 'TEST', id: n, number: `TEST-${n}` }, lines, userId: null }, tx));
}

/** `YYYY-MM` of the month `back` months before the current business month. */
export function monthsAgo(back: number): string {
  const [year, month] = daysFromToday(0).split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(year, month - 1 - back, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * A cash or bank account with its ledger leaf, written straight into the
 * tables (the cash-accounts API is built elsewhere); its balance starts at
 * zero and moves only through the gate.
 */
export async function insertCashAccount(t: TestApp, code: string, accountCode: string, currency: string): Promise<void> {
  const { sequelize } = t.services.db;
  const now = new Date();
  await sequelize.query(
    `INSERT INTO accounts (code, name, name_en, type, parent_code, active, version, created_at, updated_at) VALUES (:accountCode, :code, :code, 'asset', :parent, true, 1, :now, :now)`,
    { replacements: { accountCode, code, parent: accountCode.slice(0, 4), now } },
  );
  await sequelize.query(
    `INSERT INTO cash_accounts (code, name, type, currency, allow_overdraft, account_code, balance, active, version, created_at, updated_at)
     VALUES (:code, :code, 'bank', :currency, false, :accountCode, 0, true, 1, :now, :now)`,
    { replacements: { code, currency, accountCode, now } },
  );
}
