import { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { execute, selectOne } from '../db/sql';
import { fieldError, invalid } from './errors';
import { msg } from './i18n/message';
import { keyedDigest } from './server-keys';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Idempotency-Key records, kept in the database so a retry finds them after a
 * restart or on another instance, for `ttlHours`. A request is remembered by an
 * HMAC of who sent it, its key, method, path and body: a plain hash of a body
 * holding a password could be brute-forced back to it.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: Database,
    private readonly secret: Buffer,
    private readonly ttlHours: number,
  ) {}

  fingerprint(userId: number, key: string, method: string, path: string, body: unknown): string {
    return keyedDigest(this.secret, String(userId), key, method, path, JSON.stringify(body ?? null));
  }

  private cutoff(now = Date.now()): Date {
    return new Date(now - this.ttlHours * 3_600_000);
  }

  /**
   * The response of the first request with this key, or null if this is the first.
   * A record past its time is not replayed; within a transaction it is removed, so
   * the request that follows can record its own.
   */
  async find(userId: number, key: string, fingerprint: string, tx?: Transaction): Promise<StoredResponse | null> {
    const row = await selectOne<{ request_hash: string; status: number; response: string; expired: number | boolean }>(
      this.db,
      'SELECT request_hash, status, response, CASE WHEN created_at < :cutoff THEN 1 ELSE 0 END AS expired FROM idempotency_keys WHERE user_id = :userId AND key = :key',
      { userId, key, cutoff: this.cutoff() },
      tx,
    );
    if (!row) return null;
    if (Number(row.expired) === 1) {
      if (tx) await execute(this.db, 'DELETE FROM idempotency_keys WHERE user_id = :userId AND key = :key', { userId, key }, tx);
      return null;
    }
    if (row.request_hash !== fingerprint) {
      throw invalid(msg('idempotency.key-reused'), [fieldError(['Idempotency-Key'], msg('idempotency.key-reused:field'))]);
    }
    return { status: Number(row.status), body: JSON.parse(row.response) };
  }

  /** Records the response in the use case's transaction; a concurrent twin fails on the primary key. */
  async record(userId: number, key: string, fingerprint: string, response: StoredResponse, tx: Transaction): Promise<void> {
    await execute(
      this.db,
      'INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at) VALUES (:userId, :key, :fingerprint, :status, :response, :createdAt)',
      { userId, key, fingerprint, status: response.status, response: JSON.stringify(response.body ?? null), createdAt: new Date() },
      tx,
    );
  }

  async purgeExpired(tx: Transaction, now = Date.now()): Promise<void> {
    await execute(this.db, 'DELETE FROM idempotency_keys WHERE created_at < :cutoff', { cutoff: this.cutoff(now) }, tx);
  }
}
