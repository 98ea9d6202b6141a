import type { Transaction } from 'sequelize';
import { scaledText } from '../../../contract/decimals';
import { AccountMapping, AccountMappingRequest, AccountType, CONTROL_ROLES, MAPPING_ROLES, MappingRole } from '../../../contract/finance';
import { execute } from '../../db/sql';
import { conflict, fieldError, FieldIssue, invalid } from '../../platform/errors';
import { Message, msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { balanceOfTree, cashAccountKeeping, findAccount } from './account-store';
import { typeName } from './accounts';

/**
 * The types of account each role may post to. Input VAT is a sub-account of
 * taxes payable in the seeded chart (2221.01), though some charts keep it as
 * an asset; stock losses and gains wait in 1901 (an asset) unless a small
 * business books them straight to income or expense.
 */
const ROLE_TYPES: Record<MappingRole, readonly AccountType[]> = {
  inventory: ['asset'],
  receivable: ['asset'],
  supplierAdvance: ['asset'],
  payable: ['liability'],
  grni: ['liability'],
  customerAdvance: ['liability'],
  outputVat: ['liability'],
  inputVat: ['liability', 'asset'],
  stockLossGain: ['asset', 'income', 'expense'],
  revenue: ['income'],
  cogs: ['expense'],
  priceVariance: ['expense'],
  internalUse: ['expense'],
  samples: ['expense'],
  fxDifference: ['income', 'expense'],
  roundingDifference: ['income', 'expense'],
  openingOffset: ['equity'],
  currentYearProfit: ['equity'],
};

function typesName(types: readonly AccountType[]): Message {
  const [a, b, c] = types.map(typeName);
  if (c) return msg('account.types:one-of-three', { a: a!, b: b!, c });
  return b ? msg('account.types:either', { a: a!, b }) : a!;
}

/** Every role and its account, in the order of MAPPING_ROLES. */
export async function getMapping(services: Services, tx?: Transaction): Promise<AccountMapping> {
  const mapping = await services.generalLedger.mapping(tx);
  return Object.fromEntries(MAPPING_ROLES.map((role) => [role, mapping[role]])) as AccountMapping;
}

/**
 * Remaps the roles given. Each must name an active leaf of a type the role
 * may post to, and not a cash or bank account's leaf; a control role moves
 * only while its account is at zero. Otherwise nothing changes.
 */
export async function updateMapping(services: Services, input: AccountMappingRequest, tx: Transaction): Promise<{ before: AccountMapping; after: AccountMapping }> {
  const { db } = services;
  const before = await getMapping(services, tx);
  const changes = MAPPING_ROLES.flatMap((role) => (input[role] === undefined || input[role] === before[role] ? [] : [[role, input[role]] as const]));
  const errors: FieldIssue[] = [];
  for (const [role, code] of changes) {
    const problem = await whyRoleCannotUse(services, role, code, tx);
    if (problem) errors.push(fieldError([role], problem));
  }
  if (errors.length) throw invalid(msg('mapping.invalid'), errors);
  await assertControlAccountsClear(services, changes.map(([role]) => role), before, tx);
  for (const [role, code] of changes) await execute(db, 'UPDATE account_mapping SET account_code = :code WHERE role = :role', { code, role }, tx);
  return { before, after: await getMapping(services, tx) };
}

/**
 * A control account's balance is its subledger's (stock value, open items):
 * moving the role away from an account that holds one would leave both
 * accounts wrong, and manual entries may not touch control accounts to mend it.
 */
async function assertControlAccountsClear(services: Services, roles: MappingRole[], before: AccountMapping, tx: Transaction): Promise<void> {
  for (const role of roles.filter((r) => CONTROL_ROLES.includes(r))) {
    const code = before[role];
    const balance = await balanceOfTree(services.db, code, tx);
    if (balance === 0) continue;
    const amount = scaledText(balance, 'money');
    throw conflict(msg('mapping.control-in-use', { role, code, balance: amount }), [fieldError([role], msg('mapping.control-in-use:field', { code, balance: amount }))]);
  }
}

async function whyRoleCannotUse(services: Services, role: MappingRole, code: string, tx: Transaction): Promise<Message | null> {
  const account = await findAccount(services.db, code, tx);
  if (!account) return msg('account.unknown', { code });
  if (!account.leaf) return msg('account.parent', { code });
  if (!account.active) return msg('account.inactive', { code });
  if (!ROLE_TYPES[role].includes(account.type)) return msg('mapping.wrong-type', { role, code, expected: typesName(ROLE_TYPES[role]), type: typeName(account.type) });
  const cashAccount = await cashAccountKeeping(services.db, code, tx);
  return cashAccount ? msg('mapping.cash-leaf', { code, cashAccount }) : null;
}
