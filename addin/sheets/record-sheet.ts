/**
 * Master-data sheets published like Dynamics' "publish" (items, suppliers):
 * pulled rows carry a fingerprint of what was pulled in their hidden key, so
 * only rows the clerk changed are sent (PATCH), rows without a key are
 * created (POST, under a reference kept in the key so a retry creates nothing
 * twice), and each row gets its own result. Each row also keeps the version
 * it was pulled at, so an edit made to a stale row is refused by the server
 * (412) and flagged on the row rather than written over a newer change.
 */
import type { z } from 'zod';
import { toValidationKey } from '../../contract/validation-issues';
import type { ApiProblem } from '../api/api-client';
import { isKeyReusedProblem, locateErrors, problemSummary } from '../api/problem-rows';
import type { MessageKey } from '../i18n';
import { Cell, isBlank } from './cells';
import { SheetLayout, SheetRows } from './layout';
import { decodeItemKey, encodeItemKey, fingerprint, ItemKey, newRef } from './row-key';
import { errorStatus, issueMessage, okStatus, RowMessage, RowStatus } from './row-status';

/** A record as the server answers it: its id and the version it was read at. */
export interface VersionedRecord {
  id: number;
  version?: number;
}

export interface RecordSheet<V extends VersionedRecord, R extends object> {
  layout: SheetLayout;
  /** Field order of a record, so a row read back fingerprints exactly as it did when pulled. */
  fields: ReadonlyArray<keyof R & string>;
  /** The field no two rows may share (SKU, code), and what a repeat says. */
  identity: keyof R & string;
  duplicate: MessageKey;
  /** Prefix of the idempotency reference a created row is sent under. */
  refPrefix: string;
  recordOf(view: V): R;
  /** The row's fields (columns missing from the sheet left out), and what is wrong with its cells. */
  parseRow(rows: SheetRows, row: number, messages: RowMessage[]): Record<string, unknown>;
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
}

export function orderedRecord<R extends object>(fields: ReadonlyArray<keyof R & string>, record: Partial<R>): Partial<R> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (record[f] !== undefined) out[f] = record[f];
  return out as Partial<R>;
}

export function recordRows<V extends VersionedRecord, R extends object>(sheet: RecordSheet<V, R>, views: V[]): Cell[][] {
  return views.map((view) => {
    const record = orderedRecord(sheet.fields, sheet.recordOf(view));
    const cells = sheet.fields.map((f) => (record[f] === null || record[f] === undefined ? '' : (record[f] as Cell)));
    return [...cells, '', view.version ?? '', encodeItemKey({ kind: 'existing', id: view.id, hash: fingerprint(record) })];
  });
}

/** The version a row was pulled at; none when the sheet has no Version column or the cell was cleared. */
function versionOf(cell: Cell): number | undefined {
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*\d+\s*$/.test(cell) ? Number(cell) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function parseRecordRow<R extends object>(sheet: RecordSheet<VersionedRecord, R>, rows: SheetRows, row: number): { record: Partial<R>; messages: RowMessage[] } {
  const messages: RowMessage[] = [];
  const record = sheet.parseRow(rows, row, messages) as Partial<R>;
  return { record: orderedRecord(sheet.fields, record), messages };
}

export interface RecordChange<B = unknown> {
  row: number;
  kind: 'create' | 'update';
  id?: number;
  /** Idempotency reference of a create. */
  ref?: string;
  body: B;
  /** The version an update was pulled at: the server refuses it (412) once the record has changed since. */
  version?: number;
  /** The key cell the row carries while its request is out; results are matched by it. */
  sentKey: string;
  hash: string;
}

export interface RecordPlan<B = unknown> {
  changes: Array<RecordChange<B>>;
  statuses: Map<number, RowStatus>;
  keys: Map<number, string>;
  unchanged: number;
  invalid: number;
}

function isBlankRow(layout: SheetLayout, rows: SheetRows, row: number): boolean {
  return layout.columns.filter((c) => c.input).every((c) => isBlank(rows.cell(row, c.key)));
}

function schemaCheck(schema: z.ZodType, body: unknown, firstColumn: string): RowMessage[] {
  const result = schema.safeParse(body, { error: toValidationKey });
  if (result.success) return [];
  return result.error.issues.map((i) => issueMessage(i, String(i.path[0] ?? firstColumn)));
}

export function planRecordPublish<V extends VersionedRecord, R extends object, B = unknown>(sheet: RecordSheet<V, R>, rows: SheetRows): RecordPlan<B> {
  const plan: RecordPlan<B> = { changes: [], statuses: new Map(), keys: new Map(), unchanged: 0, invalid: 0 };
  const identityRows = new Map<string, number>();
  for (let row = 0; row < rows.count; row++) {
    if (isBlankRow(sheet.layout, rows, row)) continue;
    const key: ItemKey | null = decodeItemKey(rows.cell(row, 'key'));
    const { record, messages } = parseRecordRow(sheet as RecordSheet<VersionedRecord, R>, rows, row);
    const identity = String(record[sheet.identity] ?? '').toLowerCase();
    if (identity && identityRows.has(identity)) messages.push({ key: sheet.duplicate, params: { row: rows.excelRow(identityRows.get(identity)!) }, column: sheet.identity });
    if (identity && !identityRows.has(identity)) identityRows.set(identity, row);
    const hash = fingerprint(record);
    if (messages.length === 0 && key?.kind === 'existing' && key.hash === hash) {
      plan.unchanged += 1;
      continue;
    }
    const kind = key?.kind === 'existing' ? 'update' : 'create';
    if (messages.length === 0) messages.push(...schemaCheck(kind === 'create' ? sheet.createSchema : sheet.updateSchema, record, sheet.identity));
    if (messages.length) {
      plan.invalid += 1;
      plan.statuses.set(row, errorStatus(...messages));
      continue;
    }
    if (key?.kind === 'existing') {
      const version = versionOf(rows.cell(row, 'version'));
      plan.changes.push({ row, kind, id: key.id, body: record as B, ...(version === undefined ? {} : { version }), sentKey: encodeItemKey(key), hash });
      continue;
    }
    const ref = key?.kind === 'new' && key.state === 'pending' ? key.ref : newRef(sheet.refPrefix);
    const sentKey = encodeItemKey({ kind: 'new', state: 'pending', ref });
    plan.keys.set(row, sentKey);
    plan.changes.push({ row, kind, ref, body: record as B, sentKey, hash });
  }
  return plan;
}

export interface RecordOutcome<V> {
  status: number;
  record?: V;
  problem?: ApiProblem;
}

export interface RecordResult {
  status: RowStatus;
  /** The key cell to write, or null to leave it as it is. */
  key: string | null;
  /** The version cell to write: the record's version after a successful write. */
  version: number | null;
}

/** The server refused the write because the record changed after the row was pulled. */
export function isStaleWrite(problem: ApiProblem | undefined): boolean {
  return problem?.status === 412 || problem?.code === 'version.stale';
}

/** A row's status, key and version once the server answered its request. */
export function recordResult<V extends VersionedRecord, R extends object>(sheet: RecordSheet<V, R>, change: RecordChange, outcome: RecordOutcome<V>): RecordResult {
  if (outcome.status >= 200 && outcome.status < 300 && outcome.record) {
    const key = encodeItemKey({ kind: 'existing', id: outcome.record.id, hash: fingerprint(orderedRecord(sheet.fields, sheet.recordOf(outcome.record))) });
    return { status: okStatus(change.kind === 'create' ? 'row.created' : 'row.updated'), key, version: outcome.record.version ?? null };
  }
  return { ...failedResult(change, outcome), version: null };
}

/**
 * Why the server refused a write, as the row's status: changed since the
 * pull, a reused key, worth trying again, or its own errors by column (the
 * API field, or the column `columns` shows it in). `final` is false when
 * sending the same row again may yet go through.
 */
export function refusalStatus(outcome: RecordOutcome<unknown>, columns: Record<string, string> = {}): { status: RowStatus; final: boolean } {
  const problem: ApiProblem = outcome.problem ?? { type: 'about:blank', title: `HTTP ${outcome.status}`, status: outcome.status };
  if (isStaleWrite(problem)) return { status: errorStatus({ key: 'row.changedOnServer' }), final: false };
  if (isKeyReusedProblem(problem)) return { status: errorStatus({ key: 'row.postedEarlierDifferent' }), final: false };
  if (outcome.status === 0 || outcome.status >= 500 || outcome.status === 429) {
    return { status: errorStatus({ key: 'row.retry', params: { detail: problemSummary(problem) } }), final: false };
  }
  const errors = locateErrors(problem);
  const messages: RowMessage[] = errors.length
    ? errors.map((e) => ({ key: 'row.server', params: { message: e.message }, column: e.field ? (columns[e.field] ?? e.field) : undefined }))
    : [{ key: 'row.server', params: { message: problemSummary(problem) } }];
  return { status: errorStatus(...messages), final: true };
}

function failedResult(change: RecordChange, outcome: RecordOutcome<unknown>): Omit<RecordResult, 'version'> {
  const { status, final } = refusalStatus(outcome);
  // The key keeps the pulled fingerprint: the row stays unpublished until it is pulled again.
  const failedKey = final && change.kind === 'create' ? encodeItemKey({ kind: 'new', state: 'failed', ref: change.ref! }) : null;
  return { status, key: failedKey };
}

/** Rows edited or added since the last pull or publish: pulling again would throw them away. */
export function countUnpublishedRecords<R extends object>(sheet: RecordSheet<VersionedRecord, R>, rows: SheetRows): number {
  let count = 0;
  for (let row = 0; row < rows.count; row++) {
    if (isBlankRow(sheet.layout, rows, row)) continue;
    const key = decodeItemKey(rows.cell(row, 'key'));
    if (key?.kind !== 'existing' || key.hash !== fingerprint(parseRecordRow(sheet, rows, row).record)) count += 1;
  }
  return count;
}
