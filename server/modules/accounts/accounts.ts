import type { Transaction } from 'sequelize';
import { scaledText } from '../../../contract/decimals';
import type { AccountsQuery, AccountType, AccountView, CreateAccountRequest as CreateAccount, UpdateAccountRequest as UpdateAccount } from '../../../contract/finance';
import { execute, selectOne, selectRows } from '../../db/sql';
import { typeOfCode } from '../../ledgers/chart-of-accounts';
import { conflict, fieldError, invalid, notFound, preconditionFailed } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import type { ExpectedVersions } from '../../platform/versions';
import {
  accountEntity,
  balanceOfTree,
  cashAccountKeeping,
  findAccount,
  hasPostings,
  parentCodeOf,
  rolesUsing,
  selectAccounts,
} from './account-store';

/** Top-level codes by class (DESIGN §4): 1 assets, 2 liabilities, 4 equity, 6 income and expenses. */
const CLASSES = new Set(['1', '2', '4', '6']);

export const typeName = (type: AccountType) => msg(`account.type:${type}`);

export async function listAccounts(services: Services, query: AccountsQuery): Promise<{ data: AccountView[]; total: number }> {
  const { db } = services;
  const conditions: string[] = [];
  if (query.type) conditions.push('a.type = :type');
  if (query.q) {
    const contains = db.dialect === 'postgres' ? 'strpos' : 'instr';
    conditions.push(['a.code', 'a.name', 'a.name_en'].map((c) => `${contains}(lower(${c}), :q) > 0`).join(' OR '));
  }
  const where = conditions.map((c) => `(${c})`).join(' AND ');
  const replacements = { type: query.type, q: query.q?.toLowerCase(), limit: query.limit, offset: query.offset };
  const data = await selectAccounts(db, where, replacements, ' LIMIT :limit OFFSET :offset');
  const count = await selectOne<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM accounts a${where ? ` WHERE ${where}` : ''}`, replacements);
  return { data, total: Number(count?.n ?? 0) };
}

export async function getAccount(services: Services, code: string, tx?: Transaction): Promise<AccountView> {
  const account = await findAccount(services.db, code, tx);
  if (!account) throw notFound(accountEntity(code));
  return account;
}

/**
 * A top-level account takes its type from its code's class; a sub-account
 * (`NNNN.NN`, `NNNN.NN.NN`) sits directly under the account its code names
 * and takes that account's type. A given type must agree either way. An
 * account that already has postings, that a mapping role posts to, or that is
 * a cash account's leaf cannot get sub-accounts: it would stop being a leaf.
 */
export async function createAccount(services: Services, input: CreateAccount, tx: Transaction): Promise<AccountView> {
  const { db } = services;
  const parentCode = parentCodeOf(input.code);
  if (input.parentCode !== undefined && input.parentCode !== parentCode) throw notUnder(input.code, input.parentCode);
  if (await findAccount(db, input.code, tx)) {
    throw conflict(msg('record.duplicate:account-code', { code: input.code }), [fieldError(['code'], msg('record.duplicate:field'))]);
  }
  const type = parentCode === null ? topLevelType(input) : await assertParentTakesChildren(services, parentCode, input, tx);
  const now = services.calendar.now();
  await execute(
    db,
    `INSERT INTO accounts (code, name, name_en, type, parent_code, active, version, created_at, updated_at)
     VALUES (:code, :name, :nameEn, :type, :parentCode, :active, 1, :now, :now)`,
    { code: input.code, name: input.name, nameEn: input.nameEn || null, type, parentCode, active: input.active ?? true, now },
    tx,
  );
  return (await findAccount(db, input.code, tx))!;
}

function notUnder(code: string, parent: string) {
  const example = `${parent}.01`;
  return invalid(msg('account.not-under-parent', { code, parent, example }), [fieldError(['code'], msg('account.not-under-parent:field', { parent, example }))]);
}

function topLevelType(input: CreateAccount): AccountType {
  if (!CLASSES.has(input.code[0]!)) throw invalid(msg('account.class-unknown', { code: input.code }), [fieldError(['code'], msg('account.class-unknown:field'))]);
  const type = typeOfCode(input.code);
  if (input.type !== undefined && input.type !== type) {
    throw invalid(msg('account.type-mismatch:class', { code: input.code, type: typeName(type) }), [fieldError(['type'], msg('account.type-mismatch:field', { type: typeName(type) }))]);
  }
  return type;
}

/** The parent's type, once it is known to be an active account that may stop being a leaf. */
async function assertParentTakesChildren(services: Services, parentCode: string, input: CreateAccount, tx: Transaction): Promise<AccountType> {
  const { db } = services;
  // The parent is named by parentCode when it was given, else by the code itself.
  const at = [input.parentCode !== undefined ? 'parentCode' : 'code'];
  // Postings key-share-lock the accounts they name (PostgreSQL): holding the parent here waits for those in
  // flight and holds off new ones, so no posting lands on it as it becomes a parent.
  if (db.dialect === 'postgres') await execute(db, 'SELECT code FROM accounts WHERE code = :parentCode FOR UPDATE', { parentCode }, tx);
  const parent = await findAccount(db, parentCode, tx);
  if (!parent) throw invalid(msg('account.parent-unknown', { code: parentCode }), [fieldError(at, msg('account.unknown', { code: parentCode }))]);
  if (!parent.active) throw invalid(msg('account.parent-inactive', { code: parentCode }), [fieldError(at, msg('account.inactive', { code: parentCode }))]);
  if (input.type !== undefined && input.type !== parent.type) {
    const type = typeName(parent.type);
    throw invalid(msg('account.type-mismatch:parent', { code: input.code, parent: parentCode, type }), [fieldError(['type'], msg('account.type-mismatch:field', { type }))]);
  }
  if (await hasPostings(db, parentCode, tx)) {
    throw conflict(msg('account.has-postings', { code: parentCode }), [fieldError(at, msg('account.has-postings:field', { code: parentCode }))]);
  }
  await assertNotMapped(services, parentCode, at, tx);
  const cashAccount = await cashAccountKeeping(db, parentCode, tx);
  if (cashAccount) {
    throw conflict(msg('account.cash-leaf', { code: parentCode, cashAccount }), [fieldError(at, msg('account.cash-leaf:field', { code: parentCode, cashAccount }))]);
  }
  return parent.type;
}

async function assertNotMapped(services: Services, code: string, at: string[], tx: Transaction): Promise<void> {
  const roles = (await rolesUsing(services.db, code, tx)).join(', ');
  if (roles) throw conflict(msg('account.mapped', { code, roles }), [fieldError(at, msg('account.mapped:field', { code, roles }))]);
}

/**
 * Name, English name and active. An account is deactivated only when it and
 * everything under it balance to zero, and while no mapping role posts to it.
 */
export async function updateAccount(
  services: Services,
  code: string,
  input: UpdateAccount,
  expected: ExpectedVersions,
  tx: Transaction,
): Promise<{ before: AccountView; after: AccountView }> {
  const { db } = services;
  const before = await getAccount(services, code, tx);
  await claimNextVersion(services, code, expected, tx);
  if (input.active === false && before.active) {
    const balance = await balanceOfTree(db, code, tx);
    if (balance !== 0) {
      const amount = scaledText(balance, 'money');
      throw conflict(msg('account.balance-not-zero', { code, balance: amount }), [fieldError(['active'], msg('account.balance-not-zero:field', { balance: amount }))]);
    }
    await assertNotMapped(services, code, ['active'], tx);
  }
  const changes: Record<string, unknown> = { name: input.name, name_en: input.nameEn === undefined ? undefined : input.nameEn || null, active: input.active };
  const set = Object.keys(changes).filter((column) => changes[column] !== undefined);
  const assignments = [...set.map((column) => `${column} = :${column}`), 'updated_at = :now'].join(', ');
  await execute(db, `UPDATE accounts SET ${assignments} WHERE code = :code`, { ...changes, now: services.calendar.now(), code }, tx);
  return { before, after: await getAccount(services, code, tx) };
}

/** As platform/versions.ts `claimNextVersion`, for a record keyed by code: one conditional UPDATE, then the refusal. */
async function claimNextVersion(services: Services, code: string, expected: ExpectedVersions, tx: Transaction): Promise<void> {
  const { db } = services;
  if (expected?.length !== 0) {
    const only = expected === undefined ? '' : ' AND version IN (:versions)';
    const claimed = await selectRows(db, `UPDATE accounts SET version = version + 1 WHERE code = :code${only} RETURNING version`, { code, versions: [...(expected ?? [])] }, tx);
    if (claimed.length) return;
  }
  const current = await selectOne<{ version: number | string }>(db, 'SELECT version FROM accounts WHERE code = :code', { code }, tx);
  if (!current) throw notFound(accountEntity(code));
  throw preconditionFailed(msg('version.stale', { what: accountEntity(code), version: Number(current.version) }), Number(current.version));
}
