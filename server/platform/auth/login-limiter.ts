import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors';
import { msg } from '../i18n/message';

/** How sign-in looks a username up; the limiter counts by the same key, so spellings of one name count together. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Counts failed sign-ins per client address and per username (known or not,
 * so the limit reveals nothing about which usernames exist).
 */
export class LoginLimiter {
  private readonly byUsername: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(options: { perUsername: number; perIp: number; windowSeconds: number }) {
    this.byUsername = new RateLimiterMemory({ keyPrefix: 'login-user', points: options.perUsername, duration: options.windowSeconds });
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: options.perIp, duration: options.windowSeconds });
  }

  /** Throws 429 when either counter is used up. */
  async assertAllowed(ip: string, username: string): Promise<void> {
    const [user, client] = await Promise.all([this.byUsername.get(normalizeUsername(username)), this.byIp.get(ip)]);
    const blocked = [
      [user, this.byUsername.points],
      [client, this.byIp.points],
    ].filter(([res, points]) => res && (res as RateLimiterRes).consumedPoints >= (points as number));
    if (blocked.length > 0) {
      const waitMs = Math.max(...blocked.map(([res]) => (res as RateLimiterRes).msBeforeNext));
      const error = new AppError(429, msg('rate.limited:login'));
      (error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw error;
    }
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    await Promise.all([
      this.byUsername.penalty(normalizeUsername(username), 1),
      this.byIp.penalty(ip, 1),
    ]);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.byUsername.delete(normalizeUsername(username));
  }
}
