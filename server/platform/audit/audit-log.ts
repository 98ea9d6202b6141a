import { createHash } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import type { AuditRow, PlatformModels } from '../../db/models';
import { execute, selectOne } from '../../db/sql';

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

function digest(prevHash: string, r: Pick<AuditRow, 'at' | 'userId' | 'username' | 'action' | 'entity' | 'entityId' | 'ok' | 'detail' | 'ip'>): string {
  const canonical = JSON.stringify([
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
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
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

export class AuditLog {
  constructor(
    private readonly models: PlatformModels,
    private readonly db: Database,
  ) {}

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
    const hash = digest(head.last_hash, record);
    // Ids are handed out here, under the head's lock, so the chain is numbered without gaps
    // and the record and the new head can be written together.
    const id = Number(head.last_id) + 1;
    await execute(
      this.db,
      `INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, ok, detail, ip, prev_hash, hash)
       VALUES (:id, :at, :userId, :username, :action, :entity, :entityId, :ok, :detail, :ip, :prevHash, :hash)`,
      { ...record, id, prevHash: head.last_hash, hash },
      tx,
    );
    await execute(this.db, 'UPDATE audit_head SET last_id = :id, last_hash = :hash WHERE id = 1', { id, hash }, tx);
  }

  /**
   * Walks the chain in order and reports the first record whose links or content do not match.
   * The head is read first and the walk stops at it: records appended while the walk runs are
   * left for the next verification instead of being mistaken for a mismatched head.
   */
  async verify(): Promise<ChainVerification> {
    const { AuditHead, AuditLog: Log } = this.models;
    const head = await AuditHead.findOne({ where: { id: 1 }, raw: true });
    if (!head) return broken(0, null, 'the head of the chain is missing');
    const headId = Number(head.lastId);
    let prev = GENESIS;
    let checked = 0;
    let lastId = 0;
    const pageSize = 2000;
    for (;;) {
      const rows = await Log.findAll({ where: { id: { [Op.gt]: lastId, [Op.lte]: headId } }, order: [['id', 'ASC']], limit: pageSize, raw: true });
      for (const row of rows) {
        if (row.prevHash !== prev) return broken(checked, row.id, 'does not link to the record before it (a record was removed or reordered)');
        if (digest(prev, row) !== row.hash) return broken(checked, row.id, 'its content does not match its hash (the record was edited)');
        prev = row.hash;
        lastId = Number(row.id);
        checked++;
      }
      if (rows.length < pageSize) break;
    }
    if (head.lastHash !== prev) return broken(checked, lastId || null, 'the newest records were removed');
    return { ok: true, checked, firstBrokenId: null, reason: null };
  }
}

function broken(checked: number, id: number | null, reason: string): ChainVerification {
  return { ok: false, checked, firstBrokenId: id == null ? null : Number(id), reason };
}
