import type { Transaction } from 'sequelize';
import type { JournalEntryRequest, JournalEntryView } from '../../../contract/finance';
import type { Actor } from '../../platform/actor';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { journalLinesOf } from './journal-lines';
import { journalEntry } from './journal-queries';
import { PENDING_SOURCE, sourcedByItself } from './self-source';

/**
 * An accountant's entry (手工凭证): posted through the money gate as a manual
 * entry (control accounts refused; cash and bank leaves keep the overdraft
 * rule), and its own source document.
 */
export async function postJournalEntry(services: Services, actor: Actor, input: JournalEntryRequest, tx: Transaction): Promise<JournalEntryView> {
  const date = services.calendar.documentDate(input.date);
  const lines = await journalLinesOf(services, input.lines, date, tx);
  const posted = await services.generalLedger.postJournal({ date, memo: input.memo, source: PENDING_SOURCE, lines, userId: actor.id, manual: true }, tx);
  if (!posted) throw invalid(msg('journal.empty'), [fieldError(['lines'], msg('journal.empty:field'))]);
  await sourcedByItself(services.db, posted, tx);
  return journalEntry(services, posted.id, tx);
}
