import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { Database } from './database';

/** Any fixed number, the same in every JXC process: the advisory lock key of "a server is preparing this database". */
const POSTGRES_STARTUP_LOCK = 7_301_185_211;

/** How long a starting process waits for another one's migrations on the same SQLite file. */
const SQLITE_WAIT_MS = 10 * 60_000;

interface PgConnection {
  query(sql: string, values: unknown[]): Promise<unknown>;
}

/**
 * Runs `work` (migrations and first-start seeding) while no other server process
 * does the same on this database, so that two instances started at once do not
 * both create the same tables or the same first admin. The lock is held by the
 * operating system or the database session, so a process killed meanwhile
 * leaves nothing held behind.
 */
export async function whileStartingAlone<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return db.dialect === 'postgres' ? withAdvisoryLock(db, work) : withSqliteLockFile(db, work);
}

/** A session-level advisory lock on a connection of its own, closed afterwards (which releases the lock). */
async function withAdvisoryLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const manager = db.sequelize.connectionManager;
  const connection = (await manager.getConnection({ type: 'write' })) as PgConnection;
  try {
    await connection.query('SELECT pg_advisory_lock($1)', [POSTGRES_STARTUP_LOCK]);
    return await work();
  } finally {
    await manager.destroyConnection(connection);
  }
}

/**
 * SQLite: an exclusive transaction on a small file beside the database. Not on
 * the database itself, whose write lock the migrations need for their own
 * connections.
 */
async function withSqliteLockFile<T>(db: Database, work: () => Promise<T>): Promise<T> {
  // Sequelize keeps the file it opened in its options, which its typings do not list.
  const storage = (db.sequelize as unknown as { options: { storage?: string } }).options.storage ?? '';
  if (storage === '' || storage === ':memory:') return work();
  // On a first start the data folder may not exist yet; Sequelize would create it only later, on connecting.
  fs.mkdirSync(path.dirname(storage), { recursive: true });
  const lock = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(`${storage}-lock`, (err) => (err ? reject(err) : resolve(opened)));
  });
  const exec = (sql: string) => new Promise<void>((resolve, reject) => lock.exec(sql, (err) => (err ? reject(err) : resolve())));
  try {
    lock.configure('busyTimeout', SQLITE_WAIT_MS);
    await exec('BEGIN EXCLUSIVE');
    return await work();
  } finally {
    await new Promise<void>((resolve) => lock.close(() => resolve()));
  }
}
