import type { Transaction } from 'sequelize';
import type { Services } from './services';

const EVERY_MS = 60 * 60_000;

/**
 * Deletes what has outlived its use: Idempotency-Key records past their TTL,
 * expired tokens and passed sign-in windows. Runs on start and then hourly on
 * a timer that never keeps the process alive.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly services: Services) {}

  async purge(): Promise<void> {
    const { db, idempotency, tokens, loginLimiter } = this.services;
    const purges: Array<(tx: Transaction) => Promise<void>> = [
      (tx) => idempotency.purgeExpired(tx),
      (tx) => tokens.purgeExpired(tx),
      (tx) => loginLimiter.purgeExpired(tx),
    ];
    // One short transaction each, so a large purge never holds SQLite's write lock for long.
    for (const purge of purges) await db.transaction(purge);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.purge().catch((err) => this.services.log.error({ err }, 'housekeeping: purging expired records failed'));
    }, EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
