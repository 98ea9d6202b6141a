import { Sequelize, Transaction } from 'sequelize';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { WriteQueue } from './write-queue';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  sequelize: Sequelize;
  dialect: Dialect;
  /** Runs one use case in one transaction; everything it wrote is undone if it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Applied to every connection Sequelize opens: on SQLite it opens a fresh
 * connection per transaction, and PRAGMAs other than journal_mode are
 * per-connection. synchronous=NORMAL is safe in WAL mode (a crash can lose the
 * last commits but never corrupts), and FULL would fsync on every document.
 */
const SQLITE_PRAGMAS = [
  'PRAGMA busy_timeout = 15000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
].join(';\n');

/**
 * The sqlite3 module as Sequelize should load it (its `dialectModule` option):
 * every database handle it opens runs the PRAGMAs above before it is handed
 * over. Sequelize's SQLite driver runs no connection hooks of its own.
 */
function tunedSqlite3(): object {
  type Handle = { exec(sql: string, cb: (err: Error | null) => void): void };
  const Database = function (this: unknown, file: string, mode: number, callback: (err: Error | null) => void) {
    const handle: Handle = new sqlite3.Database(file, mode, (err) => {
      if (err) callback(err);
      else handle.exec(SQLITE_PRAGMAS, callback);
    });
    return handle;
  };
  return { ...sqlite3, Database };
}

interface SqliteExec {
  exec(sql: string, callback: (err: Error | null) => void): void;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const RETRIES = 3;

function sqlState(err: unknown): string | undefined {
  const e = err as { parent?: { code?: string }; original?: { code?: string }; code?: string } | null;
  return e?.parent?.code ?? e?.original?.code ?? e?.code;
}

function safeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${text} is beyond exact range`);
  return n;
}

export function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url.split(':')[0]}:)`);
}

export function openDatabase(url: string): Database {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const sequelize = new Sequelize({
      dialect: 'sqlite',
      dialectModule: tunedSqlite3(),
      storage: url.slice('sqlite:'.length),
      logging: false,
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    const queue = new WriteQueue({
      begin: (body) => sequelize.transaction(body),
      // Straight to the group's connection: these need none of Sequelize's query machinery.
      statement: (tx, sql) =>
        new Promise<void>((resolve, reject) =>
          (tx as unknown as { connection: SqliteExec }).connection.exec(sql, (err) => (err ? reject(err) : resolve())),
        ),
    });
    return { sequelize, dialect, transaction: (work) => queue.run(work), close: () => sequelize.close() };
  }
  // BIGINT columns hold scaled integers and ids well within 2^53: read them as numbers.
  pg.types.setTypeParser(pg.types.builtins.INT8, safeInteger);
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    logging: false,
    pool: { max: 10, min: 0, idle: 10_000, acquire: 60_000 },
  });
  return {
    sequelize,
    dialect,
    /** Row locks are taken in one global order, so deadlocks are rare; one that happens anyway reruns the use case whole. */
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await sequelize.transaction(work);
        } catch (err) {
          if (attempt >= RETRIES || !RETRYABLE.has(sqlState(err) ?? '')) throw err;
        }
      }
    },
    close: () => sequelize.close(),
  };
}
