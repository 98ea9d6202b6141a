import { Sequelize, Transaction } from 'sequelize';
import pg from 'pg';
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

interface SqliteConnection {
  exec(sql: string, callback: (err: Error | null) => void): void;
}

function prepareEveryConnection(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as {
    getConnection(options?: unknown): Promise<SqliteConnection>;
  };
  const original = manager.getConnection.bind(manager);
  const prepared = new WeakMap<SqliteConnection, Promise<void>>();
  manager.getConnection = async (options?: unknown) => {
    const connection = await original(options);
    let ready = prepared.get(connection);
    if (!ready) {
      ready = new Promise<void>((resolve, reject) =>
        connection.exec(SQLITE_PRAGMAS, (err) => (err ? reject(err) : resolve())),
      );
      prepared.set(connection, ready);
    }
    await ready;
    return connection;
  };
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
  let sequelize: Sequelize;
  const queue = new WriteQueue();
  if (dialect === 'sqlite') {
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage: url.slice('sqlite:'.length),
      logging: false,
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    prepareEveryConnection(sequelize);
  } else {
    // BIGINT columns hold scaled integers and ids well within 2^53: read them as numbers.
    pg.types.setTypeParser(pg.types.builtins.INT8, safeInteger);
    sequelize = new Sequelize(url, {
      dialect: 'postgres',
      logging: false,
      pool: { max: 10, min: 0, idle: 10_000, acquire: 60_000 },
    });
  }
  return {
    sequelize,
    dialect,
    transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      if (dialect === 'sqlite') return queue.run(() => sequelize.transaction(work));
      return sequelize.transaction(work);
    },
    close: () => sequelize.close(),
  };
}
