import { createHash } from 'node:crypto';
import { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { execute, selectOne } from '../db/sql';
import { fieldError, invalid } from './errors';
import { msg } from './i18n/message';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(JSON.stringify(body ?? null)).digest('hex');
}

/** Idempotency-Key records, kept in the database so a retry finds them after a restart or on another instance. */
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  /** The response of the first request with this key, or null if this is the first. */
  async find(userId: number, key: string, fingerprint: string, tx?: Transaction): Promise<StoredResponse | null> {
    const row = await selectOne<{ request_hash: string; status: number; response: string }>(
      this.db,
      'SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = :userId AND key = :key',
      { userId, key },
      tx,
    );
    if (!row) return null;
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
}
