import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { CashAccountView, createCashAccountRequest, updateCashAccountRequest } from '../../../contract/finance';
import type { Database } from '../../db/database';
import { execute, insertRow, selectOne, selectRows } from '../../db/sql';
import { conflict, fieldError, invalid, notFound, preconditionFailed } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { ExpectedVersions, expectedVersions } from '../../platform/versions';
import { cashAccountView, findCashAccount, findCashAccountByCode } from './cash-accounts';

/** The parents of cash and bank leaves in the seeded chart (DESIGN §4). */
const PARENT_OF = { cash: '1001', bank: '1002' } as const;

type CreateCashAccount = z.infer<typeof createCashAccountRequest>;
type UpdateCashAccount = z.infer<typeof updateCashAccountRequest>;

/**
 * Opens a cash or bank account with its own ledger leaf under 1001 or 1002
 * (the first free `1001.NN`), named as the account, in one transaction.
 */
export async function createCashAccount(services: Services, input: CreateCashAccount, tx: Transaction): Promise<CashAccountView> {
  const { db } = services;
  const currency = input.currency ?? services.config.baseCurrency;
  await assertCurrencyKnown(db, currency, tx);
  if (await findCashAccountByCode(db, input.code, tx)) throw conflict(msg('record.duplicate:cash-account-code', { code: input.code }), [fieldError(['code'], msg('record.duplicate:field'))]);
  const now = services.calendar.now();
  const accountCode = await openLeaf(db, PARENT_OF[input.type], input.name, now, tx);
  const id = await insertRow(
    db,
    'cash_accounts',
    {
      code: input.code,
      name: input.name,
      type: input.type,
      currency,
      bank_name: input.bankName ?? null,
      account_no: input.accountNo ?? null,
      allow_overdraft: input.allowOverdraft ?? false,
      account_code: accountCode,
      balance: 0,
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    },
    tx,
  );
  return cashAccountView(await findCashAccount(db, id, tx));
}

/** Name, bank details, overdraft and active; the leaf keeps the account's name and active flag. */
export async function updateCashAccount(services: Services, id: number, input: UpdateCashAccount, ifMatch: string | undefined, tx: Transaction): Promise<{ before: CashAccountView; after: CashAccountView }> {
  const { db } = services;
  const { version, ...changes } = input;
  const before = await findCashAccount(db, id, tx);
  await claimNextVersion(db, id, expectedVersions(ifMatch, version), tx);
  const now = services.calendar.now();
  const columns: Record<string, unknown> = {
    name: changes.name,
    bank_name: changes.bankName,
    account_no: changes.accountNo,
    allow_overdraft: changes.allowOverdraft,
    active: changes.active,
  };
  const set = Object.keys(columns).filter((c) => columns[c] !== undefined);
  await execute(db, `UPDATE cash_accounts SET ${[...set.map((c) => `${c} = :${c}`), 'updated_at = :now'].join(', ')} WHERE id = :id`, { ...columns, now, id }, tx);
  if (changes.name !== undefined || changes.active !== undefined) {
    await execute(
      db,
      `UPDATE accounts SET name = :name, name_en = CASE WHEN name_en = :oldName THEN :name ELSE name_en END, active = :active, version = version + 1, updated_at = :now WHERE code = :code`,
      { name: changes.name ?? before.name, oldName: before.name, active: changes.active ?? before.active, now, code: before.accountCode },
      tx,
    );
  }
  return { before: cashAccountView(before), after: cashAccountView(await findCashAccount(db, id, tx)) };
}

async function assertCurrencyKnown(db: Database, code: string, tx: Transaction): Promise<void> {
  if (await selectOne(db, 'SELECT code FROM currencies WHERE code = :code', { code }, tx)) return;
  throw invalid(msg('cash.currency-unknown', { code }), [fieldError(['currency'], msg('cash.currency-unknown:field', { code }))]);
}

/**
 * The first free `parent.NN` as a new active leaf. The parent's row is locked
 * (PostgreSQL) so that two accounts opened at once do not pick the same code.
 */
async function openLeaf(db: Database, parent: string, name: string, now: Date, tx: Transaction): Promise<string> {
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const parentRow = await selectOne<{ type: string }>(db, `SELECT type FROM accounts WHERE code = :parent${lock}`, { parent }, tx);
  if (!parentRow) throw new Error(`the seeded account ${parent} is missing`);
  if (await selectOne(db, 'SELECT id FROM journal_lines WHERE account_code = :parent LIMIT 1', { parent }, tx)) {
    throw conflict(msg('cash.parent-has-postings', { parent }), [fieldError(['type'], msg('cash.parent-has-postings', { parent }))]);
  }
  const taken = new Set((await selectRows<{ code: string }>(db, 'SELECT code FROM accounts WHERE parent_code = :parent', { parent }, tx)).map((r) => r.code));
  const free = Array.from({ length: 99 }, (_, i) => `${parent}.${String(i + 1).padStart(2, '0')}`).find((code) => !taken.has(code));
  if (!free) throw conflict(msg('cash.no-free-leaf', { parent }), [fieldError(['type'], msg('cash.no-free-leaf', { parent }))]);
  // accounts is keyed by its code: no id to return, so not insertRow.
  await execute(
    db,
    'INSERT INTO accounts (code, name, name_en, type, parent_code, active, version, created_at, updated_at) VALUES (:code, :name, :name, :type, :parent, :active, 1, :now, :now)',
    { code: free, name, type: parentRow.type, parent, active: true, now },
    tx,
  );
  return free;
}

/** As claimNextVersion (server/platform/versions.ts), for a table without a model: one conditional UPDATE. */
async function claimNextVersion(db: Database, id: number, expected: ExpectedVersions, tx: Transaction): Promise<void> {
  if (expected?.length !== 0) {
    const condition = expected === undefined ? '' : ' AND version IN (:versions)';
    const moved = await selectRows(db, `UPDATE cash_accounts SET version = version + 1 WHERE id = :id${condition} RETURNING version`, { id, versions: expected ? [...expected] : [] }, tx);
    if (moved.length === 1) return;
  }
  const current = await selectOne<{ version: number }>(db, 'SELECT version FROM cash_accounts WHERE id = :id', { id }, tx);
  if (!current) throw notFound(msg('entity.cash-account', { id }));
  throw preconditionFailed(msg('version.stale', { what: msg('entity.cash-account', { id }), version: Number(current.version) }), Number(current.version));
}
