import type { Transaction } from 'sequelize';
import type { PeriodView, VerifyCheck } from '../../../contract/finance';
import type { JournalLineInput, PostedJournal } from '../../ledgers/general-ledger';
import { verifyLedgers } from '../../ledgers/verification';
import type { Actor } from '../../platform/actor';
import { conflict, fieldError } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { selectRows } from '../../db/sql';
import { lastDayOf, lockPeriod, openMonthsBefore, periodRow, periodSource, setPeriodStatus, toPeriodView } from './period-rows';

/**
 * Closes a month (DESIGN §4 "Periods"): once it has ended and every earlier
 * month with postings is closed, the invariants are verified, the month's
 * income and expense are carried to current-year profit by an entry dated its
 * last day — posted while the month is still open, through the money gate —
 * and the month is locked. The period's row is locked first, so no posting
 * can slip in between the verification and the close.
 */
export async function closePeriod(services: Services, actor: Actor, month: string, tx: Transaction): Promise<PeriodView> {
  const { db } = services;
  const lastDay = lastDayOf(month);
  if (lastDay > services.calendar.today()) throw conflict(msg('period.not-ended', { month, lastDay }), [fieldError(['period'], msg('period.not-ended:field', { lastDay }))]);
  const period = await lockPeriod(db, month, tx, true);
  if (period?.status === 'closed') throw conflict(msg('period.already-closed', { month }));
  const earlier = await openMonthsBefore(db, month, tx);
  if (earlier.length) throw conflict(msg('period.earlier-open', { month, months: earlier.join(', ') }));
  await assertVerified(services, month, tx);

  const carry = await postCarry(services, actor, month, tx);
  await setPeriodStatus(db, { month, status: 'closed', at: services.calendar.now(), userId: actor.id, closingEntryId: carry?.id ?? null }, tx);
  return toPeriodView((await periodRow(db, month, tx))!);
}

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
};

async function assertVerified(services: Services, month: string, tx: Transaction): Promise<void> {
  const failed = (await verifyLedgers(services, tx)).checks.filter((c) => !c.ok);
  if (!failed.length) return;
  const issue = (c: VerifyCheck) => fieldError(['checks', c.name], msg('period.verification-failed:check', { expected: shown(c.expected), actual: shown(c.actual) }));
  throw conflict(msg('period.verification-failed', { month, checks: failed.map((c) => c.name).join(', ') }), failed.map(issue));
}

/**
 * Every income and expense account's net for the month moved to current-year
 * profit: each account is credited its debit net (or debited its credit
 * net), and the profit account takes the difference. Nothing to carry, no entry.
 */
async function postCarry(services: Services, actor: Actor, month: string, tx: Transaction): Promise<PostedJournal | null> {
  const { db, generalLedger } = services;
  const nets = await selectRows<{ account_code: string; net: number | string }>(
    db,
    `SELECT b.account_code, b.debit - b.credit AS net FROM account_balances b JOIN accounts a ON a.code = b.account_code
      WHERE b.period = :month AND a.type IN ('income', 'expense') AND b.debit <> b.credit
      ORDER BY b.account_code`,
    { month },
    tx,
  );
  if (!nets.length) return null;
  const lines: JournalLineInput[] = nets.map((n) => {
    const net = Number(n.net);
    return net > 0 ? { accountCode: n.account_code, credit: net } : { accountCode: n.account_code, debit: -net };
  });
  const loss = nets.reduce((sum, n) => sum + Number(n.net), 0);
  const profitAccount = await generalLedger.accountFor('currentYearProfit', tx);
  if (loss !== 0) lines.push(loss > 0 ? { accountCode: profitAccount, debit: loss } : { accountCode: profitAccount, credit: -loss });
  return generalLedger.postJournal(
    {
      date: lastDayOf(month),
      memo: `期末结转损益 ${month} / Period close ${month}: income and expense to ${profitAccount}`,
      source: periodSource(month),
      lines,
      userId: actor.id,
    },
    tx,
  );
}
