import { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { execute, selectOne } from '../../db/sql';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { keyedDigest } from '../server-keys';

/** How sign-in looks a username up; the limiter counts by the same key, so spellings of one name count together. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export interface LoginLimits {
  perUsername: number;
  perIp: number;
  windowSeconds: number;
}

interface Counter {
  points: number;
  expiresAt: number;
}

/** One attempt more in the key's window, or the first of a new window once the old one has passed. */
const COUNT_ATTEMPT = `
  INSERT INTO login_limits (key, points, expires_at) VALUES (:key, 1, :expiresAt)
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN login_limits.expires_at <= :now THEN 1 ELSE login_limits.points + 1 END,
    expires_at = CASE WHEN login_limits.expires_at <= :now THEN :expiresAt ELSE login_limits.expires_at END
  RETURNING points, expires_at`;

/**
 * Counts sign-in attempts per username (known or not, so the limit reveals
 * nothing about which usernames exist) and per client address, in the database
 * so that every server on it shares the counts. An attempt is counted before its
 * password is checked, so guesses sent in parallel cannot outrun the count; a
 * sign-in that succeeds is forgiven.
 */
export class LoginLimiter {
  constructor(
    private readonly db: Database,
    private readonly secret: Buffer,
    private readonly limits: LoginLimits,
  ) {}

  private userKey(username: string): string {
    return keyedDigest(this.secret, 'user', normalizeUsername(username));
  }

  private ipKey(ip: string): string {
    return keyedDigest(this.secret, 'ip', ip);
  }

  private async count(key: string, now: number, tx: Transaction): Promise<Counter> {
    const row = await selectOne<{ points: number; expires_at: number }>(this.db, COUNT_ATTEMPT, { key, now, expiresAt: now + this.limits.windowSeconds * 1000 }, tx);
    return { points: Number(row!.points), expiresAt: Number(row!.expires_at) };
  }

  /** Counts one attempt, committed before the caller checks the password; 429 when it is over either limit. */
  async consume(ip: string, username: string, now = Date.now()): Promise<void> {
    const counted = await this.db.transaction(async (tx) => {
      // Always the username first, then the address: transactions on PostgreSQL lock them in one order.
      const user = await this.count(this.userKey(username), now, tx);
      const client = await this.count(this.ipKey(ip), now, tx);
      return [
        { ...user, limit: this.limits.perUsername },
        { ...client, limit: this.limits.perIp },
      ];
    });
    const over = counted.filter((c) => c.points > c.limit);
    if (over.length > 0) {
      const waitMs = Math.max(...over.map((c) => c.expiresAt - now));
      const error = new AppError(429, msg('rate.limited:login'));
      (error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw error;
    }
  }

  /** In the successful sign-in's transaction: the username starts over and the address gets its attempt back. */
  async forgive(ip: string, username: string, tx: Transaction): Promise<void> {
    await execute(this.db, 'DELETE FROM login_limits WHERE key = :key', { key: this.userKey(username) }, tx);
    await execute(this.db, 'UPDATE login_limits SET points = points - 1 WHERE key = :key AND points > 0', { key: this.ipKey(ip) }, tx);
  }

  async purgeExpired(tx: Transaction, now = Date.now()): Promise<void> {
    await execute(this.db, 'DELETE FROM login_limits WHERE expires_at <= :now', { now }, tx);
  }
}
