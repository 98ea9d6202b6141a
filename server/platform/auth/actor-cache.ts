import type { Actor } from '../actor';

interface Entry {
  actor: Actor;
  tokenExpiresAt: number;
  freshUntil: number;
}

/**
 * Signed-in actors by token hash, kept for a few seconds so that a busy clerk's
 * requests do not each reload user, roles and scopes. This process drops
 * entries itself whenever a user, role or token changes through it; another
 * server instance on the same database sees such a change within the TTL.
 */
export class ActorCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number) {}

  get(tokenHash: string, now = Date.now()): Actor | null {
    const entry = this.entries.get(tokenHash);
    if (!entry) return null;
    if (entry.freshUntil <= now || entry.tokenExpiresAt <= now) {
      this.entries.delete(tokenHash);
      return null;
    }
    return entry.actor;
  }

  set(tokenHash: string, actor: Actor, tokenExpiresAt: Date, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(tokenHash, { actor, tokenExpiresAt: tokenExpiresAt.getTime(), freshUntil: now + this.ttlMs });
  }

  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  clear(): void {
    this.entries.clear();
  }
}
