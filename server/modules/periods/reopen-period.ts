import type { Transaction } from 'sequelize';
import type { PeriodView } from '../../../contract/finance';
import type { Actor } from '../../platform/actor';
import { conflict } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { closedMonthsAfter, lastDayOf, lockPeriod, periodRow, periodSource, setPeriodStatus, toPeriodView } from './period-rows';

/**
 * Reopens the latest closed month: it is opened first, since the reversal of
 * its carry entry is dated its last day and the money gate posts into open
 * periods only; then the carry is reversed, so its income and expense are
 * back on their accounts until it is closed again.
 */
export async function reopenPeriod(services: Services, actor: Actor, month: string, tx: Transaction): Promise<PeriodView & { reversal: { id: number; number: string } | null }> {
  const { db, generalLedger } = services;
  const period = await lockPeriod(db, month, tx, false);
  if (period?.status !== 'closed') throw conflict(msg('period.not-closed', { month }));
  const later = await closedMonthsAfter(db, month, tx);
  if (later.length) throw conflict(msg('period.later-closed', { month, months: later.join(', ') }));

  await setPeriodStatus(db, { month, status: 'open', at: services.calendar.now(), userId: actor.id, closingEntryId: null }, tx);
  const carry = period.closing_entry_id == null ? null : Number(period.closing_entry_id);
  const reversal = carry === null
    ? null
    : await generalLedger.reverseJournal(carry, { date: lastDayOf(month), source: periodSource(month), userId: actor.id, memo: `反结账 ${month} / Period ${month} reopened: carry reversed` }, tx);
  const view = toPeriodView((await periodRow(db, month, tx))!);
  return { ...view, reversal: reversal && { id: reversal.id, number: reversal.number } };
}
