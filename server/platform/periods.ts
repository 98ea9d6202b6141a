import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { selectRows } from '../db/sql';
import { conflict, fieldError } from './errors';
import { msg } from './i18n/message';

/** The accounting month a business date falls in, `YYYY-MM`. */
export const monthOf = (date: string) => date.slice(0, 7);

/**
 * Months are open unless a row in `periods` says closed. Every gate asks here
 * before it writes; on PostgreSQL the period rows are share-locked, so a close
 * (which locks them for update) waits for postings in flight and they for it.
 */
export async function assertPeriodsOpen(db: Database, dates: Iterable<string>, tx: Transaction, path = 'date'): Promise<void> {
  const months = [...new Set([...dates].map(monthOf))].sort();
  if (!months.length) return;
  const lock = db.dialect === 'postgres' ? ' ORDER BY month FOR SHARE' : '';
  const rows = await selectRows<{ month: string; status: string }>(db, `SELECT month, status FROM periods WHERE month IN (:months)${lock}`, { months }, tx);
  const closed = rows.filter((r) => r.status === 'closed').map((r) => r.month);
  if (closed.length) throw conflict(msg('period.closed', { months: closed.join(', ') }), [fieldError([path], msg('period.closed:field', { month: closed[0]! }))]);
}
