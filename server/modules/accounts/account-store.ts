import type { Transaction } from 'sequelize';
import type { AccountType, AccountView, MappingRole } from '../../../contract/finance';
import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';
import { msg } from '../../platform/i18n/message';

/*
 * The chart of accounts as the accounts module reads it. `leaf` is derived,
 * never stored: an account is a leaf while it has no sub-accounts, and only
 * leaves take postings. So 1001 and 1002, the parents DESIGN names for cash
 * and bank leaves, are leaves until their first cash or bank account is opened.
 */

interface AccountRow {
  code: string;
  name: string;
  name_en: string | null;
  type: AccountType;
  parent_code: string | null;
  active: unknown;
  version: number | string;
  leaf: number | string;
}

const ACCOUNT_COLUMNS = `a.code, a.name, a.name_en, a.type, a.parent_code, a.active, a.version,
  CASE WHEN EXISTS (SELECT 1 FROM accounts c WHERE c.parent_code = a.code) THEN 0 ELSE 1 END AS leaf`;

function accountView(r: AccountRow): AccountView {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en ?? null,
    type: r.type,
    parentCode: r.parent_code ?? null,
    leaf: Number(r.leaf) === 1,
    active: Boolean(r.active),
    version: Number(r.version),
  };
}

export async function selectAccounts(db: Database, where: string, replacements: Record<string, unknown>, tail = '', tx?: Transaction): Promise<AccountView[]> {
  const rows = await selectRows<AccountRow>(db, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a${where ? ` WHERE ${where}` : ''} ORDER BY a.code${tail}`, replacements, tx);
  return rows.map(accountView);
}

export async function findAccount(db: Database, code: string, tx?: Transaction): Promise<AccountView | null> {
  return (await selectAccounts(db, 'a.code = :code', { code }, '', tx))[0] ?? null;
}

export const accountEntity = (code: string) => msg('entity.account', { id: code });

/** The account a code names minus its last segment: `6602.01` → `6602`; a top-level code has none. */
export function parentCodeOf(code: string): string | null {
  const dot = code.lastIndexOf('.');
  return dot < 0 ? null : code.slice(0, dot);
}

export async function hasPostings(db: Database, code: string, tx: Transaction): Promise<boolean> {
  return (await selectOne(db, 'SELECT 1 AS x FROM journal_lines WHERE account_code = :code LIMIT 1', { code }, tx)) !== null;
}

/** The mapping roles that post to the account. */
export async function rolesUsing(db: Database, code: string, tx: Transaction): Promise<MappingRole[]> {
  const rows = await selectRows<{ role: MappingRole }>(db, 'SELECT role FROM account_mapping WHERE account_code = :code ORDER BY role', { code }, tx);
  return rows.map((r) => r.role);
}

/** The cash or bank account whose ledger leaf this is, if any. */
export async function cashAccountKeeping(db: Database, code: string, tx: Transaction): Promise<string | null> {
  const row = await selectOne<{ code: string }>(db, 'SELECT code FROM cash_accounts WHERE account_code = :code', { code }, tx);
  return row?.code ?? null;
}

/** Debit-positive balance in base cents of the account and everything under it, over all periods. */
export async function balanceOfTree(db: Database, code: string, tx: Transaction): Promise<number> {
  const row = await selectOne<{ balance: number | string | null }>(
    db,
    'SELECT SUM(debit - credit) AS balance FROM account_balances WHERE account_code = :code OR account_code LIKE :below',
    { code, below: `${code}.%` },
    tx,
  );
  return Number(row?.balance ?? 0);
}
