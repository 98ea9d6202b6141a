import { QueryTypes, Transaction } from 'sequelize';
import type { Database } from './database';

/*
 * Plain SQL through Sequelize for the hot paths (posting documents, the audit
 * chain, idempotency). A model query costs about a millisecond of Sequelize's
 * own work on this hardware; the same statement as a raw query about a fifth
 * of that, and a write transaction holds the (SQLite) write lock for all of it.
 */

export type Replacements = Record<string, unknown>;

export function selectRows<T extends object>(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<T[]> {
  return db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction: tx });
}

export async function selectOne<T extends object>(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<T | null> {
  return (await selectRows<T>(db, sql, replacements, tx))[0] ?? null;
}

export async function execute(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<void> {
  await db.sequelize.query(sql, { replacements, transaction: tx });
}

/** Inserts one row (column names as given) and returns its generated id. */
export async function insertRow(db: Database, table: string, row: Record<string, unknown>, tx?: Transaction): Promise<number> {
  const columns = Object.keys(row);
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')})`;
  if (db.dialect === 'postgres') {
    const [rows] = (await db.sequelize.query(`${sql} RETURNING id`, { replacements: row, type: QueryTypes.INSERT, transaction: tx })) as unknown as [Array<{ id: number }>];
    return Number(rows[0]!.id);
  }
  const [lastId] = (await db.sequelize.query(sql, { replacements: row, type: QueryTypes.INSERT, transaction: tx })) as unknown as [number];
  return Number(lastId);
}
