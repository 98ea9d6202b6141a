import { createHash, randomBytes } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import type { PlatformModels } from '../../db/models';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opaque bearer tokens: 256 random bits handed out once, stored only as a hash. */
export class TokenStore {
  constructor(private readonly models: PlatformModels, private readonly ttlMinutes: number) {}

  async issue(userId: number, tx?: Transaction): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlMinutes * 60_000);
    await this.models.AuthToken.create({ userId, tokenHash: hashToken(token), expiresAt, createdAt: new Date() }, { transaction: tx });
    return { token, expiresAt };
  }

  /** Whose a live token is and until when, or null for unknown, expired or revoked tokens. */
  async find(tokenHash: string): Promise<{ userId: number; expiresAt: Date } | null> {
    const row = await this.models.AuthToken.findOne({
      where: { tokenHash, revokedAt: null, expiresAt: { [Op.gt]: new Date() } },
      attributes: ['userId', 'expiresAt'],
      raw: true,
    });
    return row ? { userId: row.userId, expiresAt: new Date(row.expiresAt) } : null;
  }

  async revoke(token: string, tx?: Transaction): Promise<void> {
    await this.models.AuthToken.update({ revokedAt: new Date() }, { where: { tokenHash: hashToken(token), revokedAt: null }, transaction: tx });
  }

  /** An expired token can never be used again: nothing is lost by deleting it. */
  async purgeExpired(tx: Transaction, now = new Date()): Promise<void> {
    await this.models.AuthToken.destroy({ where: { expiresAt: { [Op.lt]: now } }, transaction: tx });
  }

  async revokeAllOf(userId: number, tx?: Transaction): Promise<void> {
    await this.models.AuthToken.update({ revokedAt: new Date() }, { where: { userId, revokedAt: null }, transaction: tx });
  }
}
