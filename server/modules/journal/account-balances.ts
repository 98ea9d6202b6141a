import { fromScaled } from '../../../contract/decimals';
import type { AccountBalanceRow, AccountBalancesQuery } from '../../../contract/finance';
import { selectRows } from '../../db/sql';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { monthOf } from '../../platform/periods';
import type { Services } from '../../platform/services';
import { AccountNode, accountTree, subtree } from './account-tree';

/** Debits and credits of one account: `opening…` up to the day before `from`, `through…` up to `to`. */
interface Sums {
  openingDebit: number;
  openingCredit: number;
  throughDebit: number;
  throughCredit: number;
}

const DAY = 86_400_000;
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/**
 * Trial balance (科目余额表) from `from` (default: the first posting) to `to`
 * (default: today), debit-positive, every account in code order, parents the
 * sum of their children.
 */
export async function accountBalances(services: Services, q: AccountBalancesQuery): Promise<{ data: AccountBalanceRow[]; total: number }> {
  const to = q.to ?? services.calendar.today();
  if (q.from !== undefined && q.from > to) throw invalid(msg('balances.range', { from: q.from, to }), [fieldError(['from'], msg('balances.range:field', { to }))]);
  const tree = await accountTree(services.db);
  let accounts = tree;
  if (q.accountCode !== undefined) {
    const root = tree.find((a) => a.code === q.accountCode);
    if (!root) throw invalid(msg('balances.account-unknown', { code: q.accountCode }), [fieldError(['accountCode'], msg('account.unknown', { code: q.accountCode }))]);
    accounts = subtree(root);
  }
  const sums = await sumsByAccount(services, q.from === undefined ? null : dayBefore(q.from), to, q.accountCode === undefined ? null : accounts.map((a) => a.code));
  const totals = rolledUp(accounts, sums);
  const data = accounts.map((a): AccountBalanceRow => {
    const s = totals.get(a.code)!;
    const money = (cents: number) => fromScaled(cents, 'money');
    return {
      accountCode: a.code,
      name: a.name,
      nameEn: a.nameEn,
      type: a.type,
      leaf: a.children.length === 0,
      opening: money(s.openingDebit - s.openingCredit),
      debit: money(s.throughDebit - s.openingDebit),
      credit: money(s.throughCredit - s.openingCredit),
      closing: money(s.throughDebit - s.throughCredit),
    };
  });
  return { data, total: data.length };
}

/**
 * One query. What was posted through a day is read from account_balances
 * (per account × period) for whole months; a day inside a month adds that
 * month's lines up to the day, or takes away those after it — whichever is
 * the shorter part of the month — reading journal_lines of that month only,
 * account by account through its (account_code, period) index.
 */
async function sumsByAccount(services: Services, openingThrough: string | null, through: string, codes: string[] | null): Promise<Map<string, Sums>> {
  const parts: string[] = [];
  const replacements: Record<string, unknown> = { codes };
  const onlyBalances = codes ? ' AND account_code IN (:codes)' : '';
  const onlyLines = codes ? ' AND a.code IN (:codes)' : '';
  const add = (tag: 'o' | 't', day: string) => {
    const columns = (debit: string, credit: string) => (tag === 'o' ? `${debit} AS od, ${credit} AS oc, 0 AS td, 0 AS tc` : `0 AS od, 0 AS oc, ${debit} AS td, ${credit} AS tc`);
    const month = monthOf(day);
    Object.assign(replacements, { [`${tag}Month`]: month, [`${tag}Day`]: day });
    const balances = (op: string) => `SELECT account_code AS code, ${columns('debit', 'credit')} FROM account_balances WHERE period ${op} :${tag}Month${onlyBalances}`;
    // CROSS JOIN keeps SQLite's join order: the accounts outside, each one's lines of the month by index.
    const lines = (sign: '' | '-', op: string) =>
      `SELECT l.account_code AS code, ${columns(`${sign}SUM(l.debit)`, `${sign}SUM(l.credit)`)} FROM accounts a CROSS JOIN journal_lines l
        WHERE l.account_code = a.code AND l.period = :${tag}Month AND l.date ${op} :${tag}Day${onlyLines} GROUP BY l.account_code`;
    if (day === lastDayOf(month)) parts.push(balances('<='));
    else if (Number(day.slice(8, 10)) <= 15) parts.push(balances('<'), lines('', '<='));
    else parts.push(balances('<='), lines('-', '>'));
  };
  if (openingThrough !== null) add('o', openingThrough);
  add('t', through);
  const rows = await selectRows<{ code: string; od: unknown; oc: unknown; td: unknown; tc: unknown }>(
    services.db,
    `SELECT code, SUM(od) AS od, SUM(oc) AS oc, SUM(td) AS td, SUM(tc) AS tc FROM (${parts.join(' UNION ALL ')}) x GROUP BY code`,
    replacements,
  );
  return new Map(rows.map((r) => [r.code, { openingDebit: Number(r.od), openingCredit: Number(r.oc), throughDebit: Number(r.td), throughCredit: Number(r.tc) }]));
}

/** Each account's own sums plus those of everything below it. */
function rolledUp(accounts: AccountNode[], own: Map<string, Sums>): Map<string, Sums> {
  const totals = new Map<string, Sums>();
  const total = (a: AccountNode): Sums => {
    const known = totals.get(a.code);
    if (known) return known;
    const s = { ...(own.get(a.code) ?? { openingDebit: 0, openingCredit: 0, throughDebit: 0, throughCredit: 0 }) };
    for (const child of a.children) {
      const c = total(child);
      s.openingDebit += c.openingDebit;
      s.openingCredit += c.openingCredit;
      s.throughDebit += c.throughDebit;
      s.throughCredit += c.throughCredit;
    }
    totals.set(a.code, s);
    return s;
  };
  accounts.forEach(total);
  return totals;
}
