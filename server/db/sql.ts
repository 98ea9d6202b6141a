import { ForeignKeyConstraintError, QueryTypes, Transaction, UniqueConstraintError } from 'sequelize';
import type { Database } from './database';

/*
 * Plain SQL for the hot paths (posting documents, the audit chain, idempotency).
 * A model query costs about a millisecond of Sequelize's own work on this
 * hardware, a raw one through Sequelize about a fifth of that; on SQLite,
 * inside a transaction, statements go straight to the transaction's own
 * connection, because the write lock is held while each one runs.
 * Named placeholders (`:name`) either way.
 */

export type Replacements = Record<string, unknown>;

interface SqliteHandle {
  all(sql: string, params: Record<string, unknown>, callback: (err: Error | null, rows: unknown[]) => void): void;
  run(sql: string, params: Record<string, unknown>, callback: (this: { lastID: number }, err: Error | null) => void): void;
}

function direct(db: Database, tx?: Transaction): SqliteHandle | null {
  if (db.dialect !== 'sqlite' || !tx) return null;
  return (tx as unknown as { connection: SqliteHandle }).connection;
}

/** Binds `:name` placeholders as `$name`, with dates written the way Sequelize writes them. */
function bind(db: Database, sql: string, replacements: Replacements): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const text = sql.replace(/(?<![:\w]):(\w+)/g, (_m, name: string) => {
    const value = replacements[name];
    if (Array.isArray(value)) {
      return value.map((v, i) => ((params[`$${name}_${i}`] = v), `$${name}_${i}`)).join(', ');
    }
    params[`$${name}`] = value instanceof Date ? db.sequelize.escape(value).slice(1, -1) : value === undefined ? null : value;
    return `$${name}`;
  });
  return { sql: text, params };
}

/** Driver errors as the Sequelize errors the rest of the app maps to 409. */
function translate(err: Error & { code?: string }): Error {
  if (err.code !== 'SQLITE_CONSTRAINT') return err;
  if (/UNIQUE|PRIMARY KEY/.test(err.message)) return new UniqueConstraintError({ parent: err, message: err.message } as never);
  if (/FOREIGN KEY/.test(err.message)) return new ForeignKeyConstraintError({ parent: err, message: err.message } as never);
  return err;
}

export function selectRows<T extends object>(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<T[]> {
  const conn = direct(db, tx);
  if (!conn) return db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction: tx });
  const bound = bind(db, sql, replacements);
  return new Promise((resolve, reject) => conn.all(bound.sql, bound.params, (err, rows) => (err ? reject(translate(err)) : resolve(rows as T[]))));
}

export async function selectOne<T extends object>(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<T | null> {
  return (await selectRows<T>(db, sql, replacements, tx))[0] ?? null;
}

function run(conn: SqliteHandle, db: Database, sql: string, replacements: Replacements): Promise<number> {
  const bound = bind(db, sql, replacements);
  return new Promise((resolve, reject) =>
    conn.run(bound.sql, bound.params, function (this: { lastID: number }, err) {
      if (err) reject(translate(err));
      else resolve(this.lastID);
    }),
  );
}

export async function execute(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<void> {
  const conn = direct(db, tx);
  if (conn) await run(conn, db, sql, replacements);
  else await db.sequelize.query(sql, { replacements, transaction: tx });
}

/** Inserts one row (column names as given) and returns its generated id. */
export async function insertRow(db: Database, table: string, row: Record<string, unknown>, tx?: Transaction): Promise<number> {
  const columns = Object.keys(row);
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')})`;
  const conn = direct(db, tx);
  if (conn) return run(conn, db, sql, row);
  if (db.dialect === 'postgres') {
    const [rows] = (await db.sequelize.query(`${sql} RETURNING id`, { replacements: row, type: QueryTypes.INSERT, transaction: tx })) as unknown as [Array<{ id: number }>];
    return Number(rows[0]!.id);
  }
  const [lastId] = (await db.sequelize.query(sql, { replacements: row, type: QueryTypes.INSERT, transaction: tx })) as unknown as [number];
  return Number(lastId);
}

/** A statement whose values are already inlined and escaped (bulk VALUES lists): sent as it is. */
export function selectLiteral<T extends object>(db: Database, sql: string, tx?: Transaction): Promise<T[]> {
  const conn = direct(db, tx);
  if (!conn) return db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, transaction: tx });
  return new Promise((resolve, reject) => conn.all(sql, {}, (err, rows) => (err ? reject(translate(err)) : resolve(rows as T[]))));
}

export async function executeLiteral(db: Database, sql: string, tx?: Transaction): Promise<void> {
  const conn = direct(db, tx);
  if (!conn) {
    await db.sequelize.query(sql, { transaction: tx });
    return;
  }
  await new Promise<void>((resolve, reject) => conn.run(sql, {}, (err) => (err ? reject(translate(err)) : resolve())));
}
