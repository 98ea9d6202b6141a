import { createHash, createHmac } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import type { Logger } from 'pino';
import type { Database } from '../../db/database';
import type { AuditRow, PlatformModels } from '../../db/models';
import { execute, executeAll, inlined, selectOne } from '../../db/sql';

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  ok: boolean;
  detail?: unknown;
  ip?: string | null;
}

const GENESIS = '0'.repeat(64);

type Chained = Pick<AuditRow, 'at' | 'userId' | 'username' | 'action' | 'entity' | 'entityId' | 'ok' | 'detail' | 'ip'>;

function canonical(r: Chained): string {
  return JSON.stringify([
    new Date(r.at).toISOString(),
    r.userId ?? null,
    r.username ?? null,
    r.action,
    r.entity,
    r.entityId ?? null,
    Boolean(r.ok),
    r.detail,
    r.ip ?? null,
  ]);
}

/** How records were chained before the chain was keyed; anyone could recompute it, so it is only read, never written. */
function unkeyedDigest(prevHash: string, r: Chained): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(r)).digest('hex');
}

function keyedDigest(key: Buffer, prevHash: string, r: Chained): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonical(r)).digest('hex');
}

/** Binds the id where the keyed chain starts to the key, so moving the boundary breaks verification. */
function keyCheck(key: Buffer, hmacFrom: number): string {
  return createHmac('sha256', key).update(`jxc audit chain keyed from ${hmacFrom}`).digest('hex');
}

/** Keeps a stored detail short: the admin page shows it in one cell. */
function serializeDetail(detail: unknown): string {
  const text = JSON.stringify(detail ?? {});
  return text.length <= 4000 ? text : JSON.stringify({ truncated: text.slice(0, 3900) });
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

interface ChainHead {
  last_id: number;
  last_hash: string;
}

interface ChainKey {
  hmac_from: number;
  key_check: string | null;
}

export class AuditLog {
  constructor(
    private readonly models: PlatformModels,
    private readonly db: Database,
    private readonly key: Buffer,
  ) {}

  /**
   * Run on every start, before anything is appended: a database that has no key recorded yet
   * (a new one, or one whose older records were chained unkeyed) gets this key's check; a key
   * other than the one the chain was started with is refused, since every record it wrote
   * would break the chain.
   */
  async adoptKey(log: Logger): Promise<void> {
    await this.db.transaction(async (tx) => {
      const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const head = await selectOne<ChainKey>(this.db, `SELECT hmac_from, key_check FROM audit_head WHERE id = 1${lock}`, {}, tx);
      if (!head) throw new Error('audit_head row is missing');
      const expected = keyCheck(this.key, Number(head.hmac_from));
      if (head.key_check === expected) return;
      if (head.key_check !== null) {
        throw new Error(
          'The audit key is not the one this database\'s audit chain was started with. Every server on one database needs the same key: set AUDIT_KEY to it, or restore the audit.key file.',
        );
      }
      await execute(this.db, 'UPDATE audit_head SET key_check = :expected WHERE id = 1', { expected }, tx);
      if (Number(head.hmac_from) > 1) {
        log.warn({ unkeyedUpToId: Number(head.hmac_from) - 1 }, 'audit chain: the older records keep their unkeyed digest; new records carry an HMAC');
      }
    });
  }

  private async readHead(tx: Transaction): Promise<ChainHead> {
    // Locking the head row serializes appends across connections (PostgreSQL); SQLite's write lock already does.
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const head = await selectOne<ChainHead>(this.db, `SELECT last_id, last_hash FROM audit_head WHERE id = 1${lock}`, {}, tx);
    if (!head) throw new Error('audit_head row is missing');
    return head;
  }

  /** Appends within the caller's transaction, so the record commits with the change it describes. */
  async append(entry: AuditEntry, tx: Transaction): Promise<void> {
    const head = await this.readHead(tx);
    const record = {
      at: new Date(),
      userId: entry.userId,
      username: entry.username,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      ok: entry.ok,
      detail: serializeDetail(entry.detail),
      ip: entry.ip ?? null,
    };
    const hash = keyedDigest(this.key, head.last_hash, record);
    // Ids are handed out here, under the head's lock, so the chain is numbered without gaps
    // and the record and the new head can be written together.
    const id = Number(head.last_id) + 1;
    const insert = `INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, ok, detail, ip, prev_hash, hash)
       VALUES (:id, :at, :userId, :username, :action, :entity, :entityId, :ok, :detail, :ip, :prevHash, :hash)`;
    const moveHead = 'UPDATE audit_head SET last_id = :id, last_hash = :hash WHERE id = 1';
    const values = { ...record, id, prevHash: head.last_hash, hash };
    // One round trip while the head is held: one statement on PostgreSQL, one script on SQLite.
    await executeAll(this.db, [inlined(this.db, insert, values), inlined(this.db, moveHead, values)], tx);
  }

  /**
   * Walks the chain in order and reports the first record whose links or content do not match.
   * The head is read first and the walk stops at it: records appended while the walk runs are
   * left for the next verification instead of being mistaken for a mismatched head.
   */
  /** `tx`: read inside a transaction already held (a period close), rather than on a connection of its own. */
  async verify(tx?: Transaction): Promise<ChainVerification> {
    const head = await selectOne<ChainHead & ChainKey>(this.db, 'SELECT last_id, last_hash, hmac_from, key_check FROM audit_head WHERE id = 1', {}, tx);
    if (!head) return broken(0, null, 'the head of the chain is missing');
    const hmacFrom = Number(head.hmac_from);
    if (head.key_check !== keyCheck(this.key, hmacFrom)) {
      return broken(0, null, 'the chain was not written with this server\'s audit key, or where its keyed part starts was changed');
    }
    const digestOf = (prev: string, row: AuditRow) => (Number(row.id) < hmacFrom ? unkeyedDigest(prev, row) : keyedDigest(this.key, prev, row));
    const headId = Number(head.last_id);
    let prev = GENESIS;
    let checked = 0;
    let lastId = 0;
    const pageSize = 2000;
    for (;;) {
      const rows = await this.models.AuditLog.findAll({ where: { id: { [Op.gt]: lastId, [Op.lte]: headId } }, order: [['id', 'ASC']], limit: pageSize, raw: true, transaction: tx });
      for (const row of rows) {
        if (row.prevHash !== prev) return broken(checked, row.id, 'does not link to the record before it (a record was removed or reordered)');
        if (digestOf(prev, row) !== row.hash) return broken(checked, row.id, 'its content does not match its hash (the record was edited)');
        prev = row.hash;
        lastId = Number(row.id);
        checked++;
      }
      if (rows.length < pageSize) break;
    }
    if (head.last_hash !== prev) return broken(checked, lastId || null, 'the newest records were removed');
    return { ok: true, checked, firstBrokenId: null, reason: null };
  }
}

function broken(checked: number, id: number | null, reason: string): ChainVerification {
  return { ok: false, checked, firstBrokenId: id == null ? null : Number(id), reason };
}
