/**
 * The accounts sheet: the chart of accounts with each account's balance as
 * of a date (debit-positive, parents rolled up by the server), names in the
 * pane's language. Pulled and replaced in place; read-only for the clerk.
 */
import type { AccountBalanceRow, AccountView } from '../../contract/finance';
import type { Translate } from '../i18n';
import type { Cell } from './cells';
import { accountName } from './finance-lookups';
import type { Language, SheetLayout } from './layout';

export const ACCOUNTS_LAYOUT: SheetLayout = {
  kind: 'accounts',
  names: { zh: '科目余额', en: 'Accounts' },
  tablePrefix: 'JxcAccounts',
  columns: [
    { key: 'code', zh: '科目编码', en: 'Code', kind: 'text', width: 70 },
    { key: 'name', zh: '科目名称', en: 'Name', kind: 'text', width: 150 },
    { key: 'type', zh: '类别', en: 'Type', kind: 'text', width: 60 },
    { key: 'parent', zh: '上级科目', en: 'Parent', kind: 'text', width: 65 },
    { key: 'leaf', zh: '末级', en: 'Leaf', kind: 'bool', width: 45 },
    { key: 'active', zh: '启用', en: 'Active', kind: 'bool', width: 45 },
    { key: 'opening', zh: '期初余额', en: 'Opening', kind: 'money', width: 90 },
    { key: 'debit', zh: '借方发生额', en: 'Debit', kind: 'money', width: 90 },
    { key: 'credit', zh: '贷方发生额', en: 'Credit', kind: 'money', width: 90 },
    { key: 'closing', zh: '期末余额', en: 'Closing', kind: 'money', width: 90 },
    { key: 'asOf', zh: '截至日期', en: 'As of', kind: 'date', width: 75 },
  ],
};

interface Line {
  account: Pick<AccountView, 'code' | 'name' | 'nameEn' | 'type' | 'leaf'> & { parentCode: string | null; active: boolean | null };
  balance: AccountBalanceRow | null;
}

/**
 * One row per account, in code order: every account of the chart, with its
 * balance or zeros; a balance row for an account the chart did not list still shows.
 */
export function accountRows(accounts: AccountView[], balances: AccountBalanceRow[], asOf: string, language: Language, t: Translate): Cell[][] {
  const lines = new Map<string, Line>();
  for (const a of accounts) lines.set(a.code, { account: a, balance: null });
  for (const b of balances) {
    const line = lines.get(b.accountCode);
    if (line) line.balance = b;
    else lines.set(b.accountCode, { account: { code: b.accountCode, name: b.name, nameEn: b.nameEn, type: b.type, leaf: b.leaf, parentCode: null, active: null }, balance: b });
  }
  return [...lines.values()]
    .sort((x, y) => (x.account.code < y.account.code ? -1 : x.account.code > y.account.code ? 1 : 0))
    .map(({ account: a, balance: b }) => [
      a.code,
      accountName(a, language),
      t(`accountType.${a.type}`),
      a.parentCode ?? '',
      a.leaf,
      a.active ?? '',
      b?.opening ?? 0,
      b?.debit ?? 0,
      b?.credit ?? 0,
      b?.closing ?? 0,
      asOf,
    ]);
}
