import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { execute } from '../../db/sql';
import type { JournalSource, PostedJournal } from '../../ledgers/general-ledger';

/** Manual entries are their own source documents; their id and number are known only once the gate has posted them. */
export const PENDING_SOURCE: JournalSource = { type: 'JE', id: 0, number: '' };

export async function sourcedByItself(db: Database, posted: PostedJournal, tx: Transaction): Promise<void> {
  await execute(db, 'UPDATE journal_entries SET source_id = :id, source_number = :number WHERE id = :id', { id: posted.id, number: posted.number }, tx);
}
