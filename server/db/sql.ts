import { ForeignKeyConstraintError, QueryTypes, Transaction, UniqueConstraintError } from 'sequelize';
import type { Database } from './database';

/*
 * Plain SQL for the hot paths (posting documents, the audit chain, idempotency).
 * A model query costs about a millisecond of Sequelize's own work on this
 * hardware, a raw one through Sequelize about a fifth of that; inside a
 * transaction, statements go straight to the driver on the transaction's own
 * connection, one after another (each is awaited before the next is sent),
 * because the transaction's locks are held while each one runs.
 * Named placeholders (`:name`) either way.
 */

export type Replacements = Record<string, unknown>;

interface SqliteHandle {
  exec(sql: string, callback: (err: Error | null) => void): void;
  all(sql: string, params: unknown, callback: (err: Error | null, rows: unknown[]) => void): void;
  run(sql: string, params: unknown, callback: (this: { lastID: number }, err: Error | null) => void): void;
}

interface PgClient {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/** One statement on a transaction's own connection, straight to the driver. */
interface Direct {
  rows(sql: string, replacements: Replacements): Promise<unknown[]>;
  /** Runs a statement; on SQLite resolves with the last inserted rowid. */
  run(sql: string, replacements: Replacements): Promise<number>;
  /** A statement with its values already inlined: sent as it is, never scanned for placeholders (a value may hold `:x`). */
  literal(sql: string): Promise<unknown[]>;
  /** Statements with their values inlined, whose results nobody reads: on SQLite all of them in one call to the driver. */
  script(statements: string[]): Promise<void>;
}

function direct(db: Database, tx?: Transaction): Direct | null {
  if (!tx) return null;
  const connection = (tx as unknown as { connection: unknown }).connection;
  if (db.dialect === 'sqlite') {
    const conn = connection as SqliteHandle;
    return {
      rows: (sql, r) => {
        const bound = bindSqlite(db, sql, r);
        return new Promise((resolve, reject) => conn.all(bound.sql, bound.params, (err, rows) => (err ? reject(translate(err)) : resolve(rows))));
      },
      run: (sql, r) => {
        const bound = bindSqlite(db, sql, r);
        return new Promise((resolve, reject) =>
          conn.run(bound.sql, bound.params, function (this: { lastID: number }, err) {
            if (err) reject(translate(err));
            else resolve(this.lastID);
          }),
        );
      },
      literal: (sql) => new Promise((resolve, reject) => conn.all(sql, [], (err, rows) => (err ? reject(translate(err)) : resolve(rows)))),
      // node-sqlite3 prepares and steps a statement in two trips to its worker thread; `exec` runs a whole script in one.
      script: (statements) => new Promise((resolve, reject) => conn.exec(statements.join(';\n'), (err) => (err ? reject(translate(err)) : resolve()))),
    };
  }
  const client = connection as PgClient;
  const send = async (sql: string, params: unknown[]) => {
    try {
      return (await client.query(sql, params)).rows;
    } catch (err) {
      throw translate(err as Error & { code?: string });
    }
  };
  const bound = (sql: string, r: Replacements) => {
    const b = bindPostgres(db, sql, r);
    return send(b.sql, b.params);
  };
  return {
    rows: bound,
    run: async (sql, r) => (await bound(sql, r), 0),
    literal: (sql) => send(sql, []),
    // Data-modifying CTEs of one statement: one round trip, each seeing the database as it was before the statement.
    script: async (statements) => {
      if (statements.length === 1) return void (await send(statements[0]!, []));
      const last = statements[statements.length - 1]!;
      const rest = statements.slice(0, -1).map((sql, i) => `w_${i} AS (${sql})`);
      await send(`WITH ${rest.join(', ')} ${last}`, []);
    },
  };
}

const PLACEHOLDER = /(?<![:\w]):(\w+)/g;

/** Dates as Sequelize writes them, so rows written here and by models read back alike. */
function plain(db: Database, value: unknown): unknown {
  if (value instanceof Date) return db.sequelize.escape(value).slice(1, -1);
  return value === undefined ? null : value;
}

/**
 * `:name` → the value, escaped as the driver would have bound it (dates as Sequelize writes them): a statement
 * for `executeAll`, which sends statements with their values inlined.
 */
export function inlined(db: Database, sql: string, replacements: Replacements): string {
  const literal = (v: unknown) => (v === null || v === undefined ? 'NULL' : db.sequelize.escape(v as string));
  return sql.replace(PLACEHOLDER, (_m, name: string) => {
    const value = replacements[name];
    return Array.isArray(value) ? value.map(literal).join(', ') : literal(value);
  });
}

/** `:name` → `$name` (node-sqlite3 binds by name); arrays become lists. */
function bindSqlite(db: Database, sql: string, replacements: Replacements): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const text = sql.replace(PLACEHOLDER, (_m, name: string) => {
    const value = replacements[name];
    if (Array.isArray(value)) return value.map((v, i) => ((params[`$${name}_${i}`] = plain(db, v)), `$${name}_${i}`)).join(', ');
    params[`$${name}`] = plain(db, value);
    return `$${name}`;
  });
  return { sql: text, params };
}

/** `:name` → `$1, $2 …` (pg binds by position); arrays become lists. */
function bindPostgres(db: Database, sql: string, replacements: Replacements): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const at = (value: unknown) => `$${params.push(plain(db, value))}`;
  const text = sql.replace(PLACEHOLDER, (_m, name: string) => {
    const value = replacements[name];
    return Array.isArray(value) ? value.map(at).join(', ') : at(value);
  });
  return { sql: text, params };
}

/** Driver errors as the Sequelize errors the rest of the app maps to 409. */
function translate(err: Error & { code?: string }): Error {
  const unique = err.code === '23505' || (err.code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY KEY/.test(err.message));
  const foreign = err.code === '23503' || (err.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/.test(err.message));
  if (unique) return new UniqueConstraintError({ parent: err, message: err.message } as never);
  if (foreign) return new ForeignKeyConstraintError({ parent: err, message: err.message } as never);
  return err;
}

export async function selectRows<T extends object>(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<T[]> {
  const conn = direct(db, tx);
  if (!conn) return db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction: tx });
  return (await conn.rows(sql, replacements)) as T[];
}

export async function selectOne<T extends object>(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<T | null> {
  return (await selectRows<T>(db, sql, replacements, tx))[0] ?? null;
}

export async function execute(db: Database, sql: string, replacements: Replacements = {}, tx?: Transaction): Promise<void> {
  const conn = direct(db, tx);
  if (conn) await conn.run(sql, replacements);
  else await db.sequelize.query(sql, { replacements, transaction: tx });
}

/** Inserts one row (column names as given) and returns its generated id. */
export async function insertRow(db: Database, table: string, row: Record<string, unknown>, tx?: Transaction): Promise<number> {
  const columns = Object.keys(row);
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')})`;
  const conn = direct(db, tx);
  if (db.dialect === 'postgres') {
    if (conn) return Number(((await conn.rows(`${sql} RETURNING id`, row)) as Array<{ id: number }>)[0]!.id);
    const [rows] = (await db.sequelize.query(`${sql} RETURNING id`, { replacements: row, type: QueryTypes.INSERT, transaction: tx })) as unknown as [Array<{ id: number }>];
    return Number(rows[0]!.id);
  }
  if (conn) return conn.run(sql, row);
  const [lastId] = (await db.sequelize.query(sql, { replacements: row, type: QueryTypes.INSERT, transaction: tx })) as unknown as [number];
  return Number(lastId);
}

/** A statement whose values are already inlined and escaped (bulk VALUES lists): sent as it is. */
export async function selectLiteral<T extends object>(db: Database, sql: string, tx?: Transaction): Promise<T[]> {
  const conn = direct(db, tx);
  if (!conn) return db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, transaction: tx });
  return (await conn.literal(sql)) as T[];
}

export async function executeLiteral(db: Database, sql: string, tx?: Transaction): Promise<void> {
  const conn = direct(db, tx);
  if (conn) await conn.script([sql]);
  else await db.sequelize.query(sql, { transaction: tx });
}

/**
 * Statements with their values inlined that do not read one another's
 * effects (a document's lines and the balances they move), in one round
 * trip: on PostgreSQL as data-modifying CTEs of one statement, on SQLite as
 * one script (node-sqlite3's `exec`, a single trip to its worker thread).
 */
export async function executeAll(db: Database, statements: string[], tx: Transaction): Promise<void> {
  if (statements.length) await direct(db, tx)!.script(statements);
}

/**
 * Steps that must run in order, each seeing what the ones before wrote, a
 * step being statements that do not read one another's effects (as for
 * `executeAll`): on SQLite all of them one script, one round trip; on
 * PostgreSQL one statement per step.
 */
export async function executeSteps(db: Database, steps: string[][], tx: Transaction): Promise<void> {
  const nonEmpty = steps.filter((s) => s.length);
  if (db.dialect === 'postgres') for (const step of nonEmpty) await executeAll(db, step, tx);
  else await executeAll(db, nonEmpty.flat(), tx);
}
