import type { Transaction } from 'sequelize';
import { z } from 'zod';
import { fromScaled } from '../../../contract/decimals';
import { CASH_ACCOUNT_TYPES, CashAccountView } from '../../../contract/finance';
import { msgKey } from '../../../contract/validation-issues';
import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export interface CashAccount {
  id: number;
  code: string;
  name: string;
  type: CashAccountView['type'];
  currency: string;
  bankName: string | null;
  accountNo: string | null;
  allowOverdraft: boolean;
  accountCode: string;
  /** Cents in the account's own currency. */
  balance: number;
  active: boolean;
  version: number;
}

const COLUMNS = 'id, code, name, type, currency, bank_name, account_no, allow_overdraft, account_code, balance, active, version';

function fromRow(r: Record<string, unknown>): CashAccount {
  return {
    id: Number(r.id),
    code: String(r.code),
    name: String(r.name),
    type: r.type as CashAccount['type'],
    currency: String(r.currency),
    bankName: (r.bank_name as string | null) ?? null,
    accountNo: (r.account_no as string | null) ?? null,
    allowOverdraft: Boolean(r.allow_overdraft),
    accountCode: String(r.account_code),
    balance: Number(r.balance),
    active: Boolean(r.active),
    version: Number(r.version),
  };
}

export function cashAccountView(a: CashAccount): CashAccountView {
  return { ...a, balance: fromScaled(a.balance, 'money') };
}

export async function findCashAccount(db: Database, id: number, tx?: Transaction): Promise<CashAccount> {
  const row = await selectOne<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM cash_accounts WHERE id = :id`, { id }, tx);
  if (!row) throw notFound(msg('entity.cash-account', { id }));
  return fromRow(row);
}

export async function findCashAccountByCode(db: Database, code: string, tx?: Transaction): Promise<CashAccount | null> {
  const row = await selectOne<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM cash_accounts WHERE code = :code`, { code }, tx);
  return row && fromRow(row);
}

/**
 * An active cash account named by id or code (API.md "References"), for a
 * document to post against: `field` is the id field the request uses
 * (`cashAccountId`, `fromCashAccountId` …).
 */
export async function resolveCashAccount(db: Database, ref: { id?: number; code?: string }, field: string, tx: Transaction): Promise<CashAccount> {
  const codeField = field.replace(/Id$/, 'Code');
  if (ref.id === undefined && ref.code === undefined) throw invalid(msg('validation.required:either', { field, codeField }), [fieldError([field], msg('validation.required'))]);
  const row = await selectOne<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM cash_accounts WHERE ${ref.id !== undefined ? 'id = :id' : 'code = :code'}`, ref, tx);
  if (!row) {
    const named = { ref: (ref.id ?? ref.code)! };
    throw invalid(msg('reference.unknown:cash-account-ref', named), [fieldError([ref.id !== undefined ? field : codeField], msg('reference.unknown:field-cash-account', named))]);
  }
  const account = fromRow(row);
  if (ref.id !== undefined && ref.code !== undefined && account.code !== ref.code) {
    throw invalid(msg('reference.mismatch:cash-account', { field, codeField }), [fieldError([codeField], msg('reference.mismatch:field-cash-account', { field, id: ref.id }))]);
  }
  if (!account.active) throw invalid(msg('cash.account-inactive', { code: account.code }), [fieldError([field], msg('cash.account-inactive:field'))]);
  return account;
}

/**
 * Takes the cash accounts' row locks (PostgreSQL) in the money gate's order,
 * before the document that names them is stored. Storing it takes a key-share
 * lock on each (the foreign key), and two documents holding those while each
 * waits for the gate's lock on the same account would deadlock.
 */
export async function lockCashAccounts(db: Database, accounts: CashAccount[], tx: Transaction): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await selectRows(db, 'SELECT id FROM cash_accounts WHERE id IN (:ids) ORDER BY account_code FOR UPDATE', { ids: accounts.map((a) => a.id) }, tx);
}

export const cashAccountsQuery = z.object({
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
  q: z.string().max(100).optional(),
  type: z.enum(CASH_ACCOUNT_TYPES, { error: msgKey('validation.choice') }).optional(),
  currency: z.string().max(3).optional(),
  active: z.enum(['true', 'false']).optional(),
});
export type CashAccountsQuery = z.infer<typeof cashAccountsQuery>;

export async function listCashAccounts(db: Database, query: CashAccountsQuery): Promise<{ data: CashAccountView[]; total: number }> {
  const clauses: string[] = [];
  const replacements: Record<string, unknown> = { limit: query.limit, offset: query.offset };
  if (query.q) {
    // As containsText (server/platform/search.ts): case-insensitive on both dialects, % and _ taken literally.
    const position = db.dialect === 'postgres' ? 'strpos' : 'instr';
    clauses.push(`(${position}(LOWER(code), :q) > 0 OR ${position}(LOWER(name), :q) > 0)`);
    replacements.q = query.q.toLowerCase();
  }
  if (query.type) clauses.push('type = :type');
  if (query.currency) clauses.push('currency = :currency');
  if (query.active) clauses.push(query.active === 'true' ? 'active = :yes' : 'active = :no');
  Object.assign(replacements, { type: query.type, currency: query.currency, yes: true, no: false });
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = await selectRows<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM cash_accounts ${where} ORDER BY code LIMIT :limit OFFSET :offset`, replacements);
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM cash_accounts ${where}`, replacements);
  return { data: rows.map((r) => cashAccountView(fromRow(r))), total: Number(count!.n) };
}
