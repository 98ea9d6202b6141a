/**
 * Versions on master data: each record carries `version`, starting at 1 and
 * growing by one with each change, answered as `ETag: "<version>"`. A PATCH
 * naming the version it was based on (If-Match, or `version` in the body) is
 * refused with 412 once the record has moved on, so a stale sheet cannot
 * overwrite newer data; a PATCH naming none is taken as before (last write wins).
 */
import { literal, Transaction } from 'sequelize';
import type { Database } from '../db/database';
import type { Table } from '../db/models';
import { selectOne, selectRows } from '../db/sql';
import { fieldError, invalid, notFound, preconditionFailed } from './errors';
import { Message, msg } from './i18n/message';

/** The versions a PATCH accepts; undefined = any. */
export type ExpectedVersions = readonly number[] | undefined;

const ENTITY_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;

/** `If-Match: "3"` (also `3`, `W/"3"`, a list `"3", "4"`, or `*` = any) → [3]. */
export function parseIfMatch(header: string | undefined): ExpectedVersions {
  if (header === undefined || header.trim() === '*') return undefined;
  const tags = header.split(',').map((tag) => ENTITY_TAG.exec(tag.trim()));
  if (tags.some((m) => !m)) {
    throw invalid(msg('version.if-match-invalid'), [fieldError(['If-Match'], msg('version.if-match-invalid:field'))]);
  }
  return tags.map((m) => Number(m![1]));
}

/** Both conditions hold when both are given: If-Match and the body's `version`. */
export function expectedVersions(ifMatch: string | undefined, bodyVersion: number | undefined): ExpectedVersions {
  const fromHeader = parseIfMatch(ifMatch);
  if (bodyVersion === undefined) return fromHeader;
  return fromHeader === undefined || fromHeader.includes(bodyVersion) ? [bodyVersion] : [];
}

/**
 * Moves the record to its next version, provided it is still at one the
 * caller expects. One conditional UPDATE, not a read then a write: of two
 * writers based on the same version, exactly one finds it (PostgreSQL holds the
 * row until COMMIT, and the other then sees the new version), and the other is
 * refused. Call it in the use case's transaction before anything is written.
 */
export async function claimNextVersion(
  model: Table<{ id: number; version: number }>,
  id: number,
  expected: ExpectedVersions,
  tx: Transaction,
  /** The record as the refusal names it: `msg('entity.item', { id: sku })`. */
  what: Message,
): Promise<void> {
  if (expected?.length !== 0) {
    const where = expected === undefined ? { id } : { id, version: [...expected] };
    const [changed] = await model.update({ version: literal('version + 1') as unknown as number }, { where, transaction: tx });
    if (changed === 1) return;
  }
  const current = await model.findOne({ where: { id }, attributes: ['version'], transaction: tx, raw: true });
  if (!current) throw notFound(what);
  throw preconditionFailed(msg('version.stale', { what, version: current.version }), current.version);
}

/**
 * As `claimNextVersion`, for a table written with plain SQL rather than a
 * model (documents such as supplier contracts and service tickets): the same
 * one conditional UPDATE, then the same refusal.
 */
export async function claimNextRowVersion(db: Database, table: string, id: number, expected: ExpectedVersions, tx: Transaction, what: (current: { number: string } | null) => Message): Promise<void> {
  if (expected?.length !== 0) {
    const condition = expected === undefined ? '' : ' AND version IN (:versions)';
    const moved = await selectRows(db, `UPDATE ${table} SET version = version + 1 WHERE id = :id${condition} RETURNING version`, { id, versions: expected ? [...expected] : [] }, tx);
    if (moved.length === 1) return;
  }
  const current = await selectOne<{ version: number; number: string }>(db, `SELECT version, number FROM ${table} WHERE id = :id`, { id }, tx);
  if (!current) throw notFound(what(null));
  throw preconditionFailed(msg('version.stale', { what: what(current), version: Number(current.version) }), Number(current.version));
}

/** The ETag of a response that is one versioned record; lists and other answers have none. */
export function versionTag(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { version } = body as { version?: unknown };
  return Number.isSafeInteger(version) ? `"${String(version)}"` : undefined;
}
