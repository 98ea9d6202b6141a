import type { Transaction } from 'sequelize';
import type { PeriodView } from '../../../contract/finance';
import type { Database } from '../../db/database';
import { execute, executeLiteral, selectOne, selectRows } from '../../db/sql';
import type { JournalSource } from '../../ledgers/general-ledger';

/*
 * The `periods` table: one row per month that was ever closed (or is being
 * closed); a month without a row is open. Months are `YYYY-MM`.
 */

export interface PeriodRow {
  month: string;
  status: 'open' | 'closed';
  changed_at: string | Date | null;
  changed_by: number | null;
  closing_entry_id: number | null;
  closing_number?: string | null;
}

/** The last calendar day of a month: what a period's carry entry is dated. */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/** Every month from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, m] = first.split('-').map(Number) as [number, number];
  for (let month = first; month <= last; month = `${year}-${String(m).padStart(2, '0')}`) {
    months.push(month);
    if (++m > 12) [year, m] = [year + 1, 1];
  }
  return months;
}

/** The journal entries of a period's close and reopen name the period as their source. */
export const periodSource = (month: string): JournalSource => ({ type: 'PERIOD', id: Number(month.replace('-', '')), number: month });

export function toPeriodView(row: PeriodRow): PeriodView {
  const closed = row.status === 'closed';
  return {
    period: row.month,
    status: closed ? 'closed' : 'open',
    closedAt: closed && row.changed_at ? new Date(row.changed_at).toISOString() : null,
    closedBy: closed && row.changed_by != null ? Number(row.changed_by) : null,
    closingEntry: closed && row.closing_entry_id != null ? { id: Number(row.closing_entry_id), number: row.closing_number ?? '' } : null,
  };
}

const SELECT_PERIOD = `SELECT p.month, p.status, p.changed_at, p.changed_by, p.closing_entry_id, e.number AS closing_number
                         FROM periods p LEFT JOIN journal_entries e ON e.id = p.closing_entry_id`;

export function periodRows(db: Database, tx?: Transaction): Promise<PeriodRow[]> {
  return selectRows<PeriodRow>(db, `${SELECT_PERIOD} ORDER BY p.month`, {}, tx);
}

export function periodRow(db: Database, month: string, tx: Transaction): Promise<PeriodRow | null> {
  return selectOne<PeriodRow>(db, `${SELECT_PERIOD} WHERE p.month = :month`, { month }, tx);
}

/**
 * A period's row, locked for the rest of the transaction. Postings
 * share-lock the rows of their months (server/platform/periods.ts), so once
 * this holds the lock none can be in flight in the month and none can start.
 * A posting that found no row holds nothing to wait for, so on PostgreSQL a
 * missing row is first written in a transaction of its own that takes the
 * table in EXCLUSIVE mode: that waits for every posting past its check (each
 * holds ROW SHARE on the table) and makes every later one see the row.
 * SQLite has one writer at a time, which already is this lock.
 */
export async function lockPeriod(db: Database, month: string, tx: Transaction, create: boolean): Promise<PeriodRow | null> {
  const insert = "INSERT INTO periods (month, status) VALUES (:month, 'open') ON CONFLICT (month) DO NOTHING";
  if (db.dialect === 'sqlite') {
    if (create) await execute(db, insert, { month }, tx);
    return periodRow(db, month, tx);
  }
  // Looked for without a row lock first: FOR UPDATE would hold ROW SHARE on the table, which the EXCLUSIVE lock below waits for.
  if (create && !(await selectOne(db, 'SELECT month FROM periods WHERE month = :month', { month }, tx))) {
    await db.transaction(async (own) => {
      await executeLiteral(db, 'LOCK TABLE periods IN EXCLUSIVE MODE', own);
      await execute(db, insert, { month }, own);
    });
  }
  return selectOne<PeriodRow>(db, 'SELECT month, status, changed_at, changed_by, closing_entry_id FROM periods WHERE month = :month FOR UPDATE', { month }, tx);
}

export async function setPeriodStatus(
  db: Database,
  change: { month: string; status: 'open' | 'closed'; at: Date; userId: number; closingEntryId: number | null },
  tx: Transaction,
): Promise<void> {
  await execute(
    db,
    `INSERT INTO periods (month, status, changed_at, changed_by, closing_entry_id) VALUES (:month, :status, :at, :userId, :closingEntryId)
     ON CONFLICT (month) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at, changed_by = excluded.changed_by, closing_entry_id = excluded.closing_entry_id`,
    change,
    tx,
  );
}

/** The months before `month` that hold postings (journal lines or stock moves) and are not closed. */
export async function openMonthsBefore(db: Database, month: string, tx: Transaction): Promise<string[]> {
  const rows = await selectRows<{ month: string }>(
    db,
    `SELECT k.month FROM (SELECT period AS month FROM account_balances WHERE period < :month
                          UNION SELECT substr(date, 1, 7) AS month FROM stock_moves WHERE date < :first) k
       LEFT JOIN periods p ON p.month = k.month
      WHERE p.status IS NULL OR p.status <> 'closed'
      ORDER BY k.month`,
    { month, first: `${month}-01` },
    tx,
  );
  return rows.map((r) => r.month);
}

export async function closedMonthsAfter(db: Database, month: string, tx: Transaction): Promise<string[]> {
  const rows = await selectRows<{ month: string }>(db, "SELECT month FROM periods WHERE month > :month AND status = 'closed' ORDER BY month", { month }, tx);
  return rows.map((r) => r.month);
}

/** The month of the first posting, journal or stock, if there is any. */
export async function firstPostedMonth(db: Database): Promise<string | null> {
  const [row] = await selectRows<{ journal: string | null; stock: string | null }>(
    db,
    'SELECT (SELECT MIN(period) FROM account_balances) AS journal, (SELECT MIN(date) FROM stock_moves) AS stock',
  );
  const months = [row?.journal, row?.stock?.slice(0, 7)].filter((m): m is string => !!m).sort();
  return months[0] ?? null;
}
