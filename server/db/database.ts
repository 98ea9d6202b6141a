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
  close(callback?: (err: Error | null) => void): void;
}

interface SqliteConnectionManager {
  getConnection(options?: { uuid?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): void;
  destroyConnection(connection: SqliteConnection): Promise<void>;
  connections: Record<string, SqliteConnection>;
}

/**
 * Two changes to how Sequelize's SQLite driver handles connections:
 *
 * - every connection it opens gets the PRAGMAs above before its first use;
 * - transactions reuse one long-lived writer connection instead of opening
 *   (and closing) a file handle per transaction. Writes are queued one at a
 *   time (WriteQueue), so the writer is free whenever a transaction starts; if
 *   it is not, the driver's own behaviour (a fresh connection) applies.
 */
function tuneSqliteConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const destroyConnection = manager.destroyConnection.bind(manager);
  const prepared = new WeakMap<SqliteConnection, Promise<void>>();
  let writer: SqliteConnection | null = null;
  let writerBusy = false;

  const prepare = async (connection: SqliteConnection) => {
    let ready = prepared.get(connection);
    if (!ready) {
      ready = new Promise<void>((resolve, reject) => connection.exec(SQLITE_PRAGMAS, (err) => (err ? reject(err) : resolve())));
      prepared.set(connection, ready);
    }
    await ready;
    return connection;
  };

  manager.getConnection = async (options) => {
    const forTransaction = options?.uuid !== undefined && options.uuid !== 'default';
    if (!forTransaction || writerBusy) return prepare(await getConnection(options));
    writerBusy = true;
    try {
      writer ??= await prepare(await getConnection({ uuid: 'jxc-writer' }));
      return writer;
    } catch (err) {
      writerBusy = false;
      throw err;
    }
  };
  manager.releaseConnection = (connection, force) => {
    if (connection === writer) writerBusy = false;
    else releaseConnection(connection, force);
  };
  manager.destroyConnection = async (connection) => {
    if (connection === writer) {
      writer = null;
      writerBusy = false;
      delete manager.connections['jxc-writer'];
      await new Promise<void>((resolve) => connection.close(() => resolve()));
      return;
    }
    await destroyConnection(connection);
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
    tuneSqliteConnections(sequelize);
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
