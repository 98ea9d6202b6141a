import { createHash } from 'node:crypto';
import { Transaction } from 'sequelize';
import type { PlatformModels } from '../db/models';
import { invalid } from './errors';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(JSON.stringify(body ?? null)).digest('hex');
}

/** Idempotency-Key records, kept in the database so a retry finds them after a restart or on another instance. */
export class IdempotencyStore {
  constructor(private readonly models: PlatformModels) {}

  /** The response of the first request with this key, or null if this is the first. */
  async find(userId: number, key: string, fingerprint: string, tx?: Transaction): Promise<StoredResponse | null> {
    const row = await this.models.IdempotencyKey.findOne({ where: { userId, key }, transaction: tx, raw: true });
    if (!row) return null;
    if (row.requestHash !== fingerprint) {
      throw invalid('This Idempotency-Key was already used with a different request.', [
        { path: 'Idempotency-Key', message: 'already used with a different body' },
      ]);
    }
    return { status: row.status, body: JSON.parse(row.response) };
  }

  /** Records the response in the use case's transaction; a concurrent twin fails on the primary key. */
  async record(userId: number, key: string, fingerprint: string, response: StoredResponse, tx: Transaction): Promise<void> {
    await this.models.IdempotencyKey.create(
      { userId, key, requestHash: fingerprint, status: response.status, response: JSON.stringify(response.body ?? null), createdAt: new Date() },
      { transaction: tx },
    );
  }
}
