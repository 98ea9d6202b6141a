import type { Transaction } from 'sequelize';
import type { JournalEntryView, ReverseJournalRequest } from '../../../contract/finance';
import { selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { journalEntry } from './journal-queries';
import { PENDING_SOURCE, sourcedByItself } from './self-source';

/**
 * Reverses a manual entry with the exact opposite one, dated `date` (default
 * today, never before the original). A document's entry is reversed only by
 * cancelling the document, so that the document and its journal agree.
 */
export async function reverseJournalEntry(services: Services, actor: Actor, id: number, input: ReverseJournalRequest, tx: Transaction): Promise<JournalEntryView> {
  const [original] = await selectRows<{ number: string; date: string; source_type: string; source_number: string; reversal_of: unknown; reversed_by: unknown }>(
    services.db,
    'SELECT number, date, source_type, source_number, reversal_of, reversed_by FROM journal_entries WHERE id = :id',
    { id },
    tx,
  );
  if (!original) throw notFound(msg('entity.journal-entry', { id }));
  const untouched = original.reversal_of == null && original.reversed_by == null;
  if (original.source_type !== 'JE' && untouched) throw conflict(msg('journal.document-entry', { number: original.number, source: original.source_number }));
  const date = services.calendar.documentDate(input.date);
  if (date < original.date) throw invalid(msg('journal.reversal-early', { date: original.date }), [fieldError(['date'], msg('journal.reversal-early:field', { date: original.date }))]);
  // The gate refuses an entry already reversed, or itself a reversal (409), holding the original's row lock.
  const posted = (await services.generalLedger.reverseJournal(id, { date, source: PENDING_SOURCE, userId: actor.id }, tx))!;
  await sourcedByItself(services.db, posted, tx);
  return journalEntry(services, posted.id, tx);
}
