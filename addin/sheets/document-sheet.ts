/**
 * Sheets whose rows become documents (adjustments, transfers): rows are
 * grouped by the Doc ref column (or, when blank, by their document-level
 * cells), checked before anything is sent, and every group is sent under a
 * reference kept in the row's hidden key — so a retry sends the same
 * reference, and the server answers with the first result instead of posting
 * twice. A document is all or nothing: if one of its rows is wrong, none of
 * them is sent, and each says why. A posted row keeps a fingerprint of what
 * was sent in its key: an untouched posted row is skipped quietly, one edited
 * since is flagged on its row — never skipped in silence, never posted again.
 */
import type { ZodType } from 'zod';
import type { Problem } from '../../contract/problem';
import { toValidationKey } from '../../contract/validation-issues';
import { isKeyReusedProblem, locateErrors, problemSummary } from '../api/problem-rows';
import { isBlank } from './cells';
import type { SheetLayout, SheetRows } from './layout';
import type { Lookups } from './lookups';
import { cellsFingerprint, decodeDocKey, DocKey, encodeDocKey, newRef } from './row-key';
import { ERROR_MARK, errorStatus, infoStatus, issueMessage, okStatus, RowMessage, RowStatus } from './row-status';

export interface ParsedRow<H, L> {
  header: H;
  line: L;
  messages: RowMessage[];
}

/** A complaint about a document as a whole: on one of its lines, or (line null) on every row. */
export interface DocumentMessage {
  line: number | null;
  message: RowMessage;
}

/** A sheet kind whose rows become documents; `K` is what rows are checked against (SKUs and warehouses, or accounts). */
export interface DocumentKind<H, L, K = Lookups> {
  layout: SheetLayout;
  refPrefix: string;
  parseRow(rows: SheetRows, index: number, lookups: K): ParsedRow<H, L>;
  /** Rows with a blank Doc ref and equal keys form one document. */
  headerKey(header: H): string;
  /** Columns whose document-level values differ between two rows. */
  headerDifferences(a: H, b: H): string[];
  /**
   * Whether a row not yet posted is meant to be posted now: a pulled row the
   * clerk has not filled in (no quantity received yet) is left alone quietly.
   * Without it, a row is meant when any input cell is filled.
   */
  meantToPost?(rows: SheetRows, index: number): boolean;
  /** The status of a row whose document the server created; without it, the document's number. */
  postedStatus?(outcome: DocumentOutcome, key: DocKey): RowStatus;
  /** Rules over the whole document (a journal entry balances), checked once every row reads. */
  checkDocument?(header: H, lines: L[]): DocumentMessage[];
  buildDocument(header: H, lines: L[]): unknown;
  schema: ZodType;
  /** The sheet column an API field is shown in (`warehouseCode` → `warehouse`). */
  fieldColumns: Record<string, string>;
}

/**
 * A kind's headerKey and headerDifferences over its document-level fields;
 * a field holding a looked-up record (customer, warehouse) compares by its id.
 */
export function compareHeaders<H>(fields: ReadonlyArray<keyof H & string>): { headerKey(header: H): string; headerDifferences(a: H, b: H): string[] } {
  const value = (h: H, field: keyof H & string): unknown => {
    const v: unknown = h[field];
    return v !== null && typeof v === 'object' ? (v as { id: unknown }).id : v;
  };
  return {
    headerKey: (h) => fields.map((f) => String(value(h, f) ?? '')).join('|'),
    headerDifferences: (a, b) => fields.filter((f) => value(a, f) !== value(b, f)),
  };
}

export interface PlannedDocument {
  ref: string;
  body: unknown;
  /** The document-level values of its first row (what the sheet knows beyond the body, such as Approve). */
  header: unknown;
  /** Row indexes, in line order. */
  rows: number[];
}

export interface PostPlan {
  documents: PlannedDocument[];
  /** Written before anything is sent: errors, and "sent" for the rows going out. */
  statuses: Map<number, RowStatus>;
  /** Key cells written before anything is sent, carrying each row's reference. */
  keys: Map<number, string>;
  alreadyPosted: number;
  /** Posted rows changed since: flagged on their rows, not sent. */
  editedAfterPost: number;
  invalid: number;
  lineCount: number;
}

interface Member<H, L> {
  index: number;
  parsed: ParsedRow<H, L>;
  key: DocKey | null;
}

export function isBlankRow(rows: SheetRows, index: number, layout: SheetLayout): boolean {
  return layout.columns.filter((c) => c.input).every((c) => isBlank(rows.cell(index, c.key)));
}

/** What the clerk typed in a row, as a fingerprint: kept in the key when the row is sent. */
export function rowContentHash(rows: SheetRows, index: number, layout: SheetLayout): string {
  return cellsFingerprint(layout.columns.filter((c) => c.input).map((c) => rows.cell(index, c.key)));
}

/**
 * A row already posted: untouched, it is skipped (its ✓ put back if an
 * earlier post had flagged it and the clerk restored it); edited since, it
 * is flagged. Keys written before fingerprints existed cannot tell, and skip.
 */
function checkPostedRow(rows: SheetRows, index: number, layout: SheetLayout, key: DocKey, plan: PostPlan): void {
  const number = key.number ?? '';
  if (key.hash && key.hash !== rowContentHash(rows, index, layout)) {
    plan.editedAfterPost += 1;
    plan.statuses.set(index, errorStatus({ key: 'row.editedAfterPost', params: { number } }));
    return;
  }
  plan.alreadyPosted += 1;
  if (String(rows.cell(index, 'status')).trim().startsWith(ERROR_MARK)) plan.statuses.set(index, okStatus('row.posted', { number }));
}

function groupOf<H, L, K>(kind: DocumentKind<H, L, K>, rows: SheetRows, m: Member<H, L>): string {
  if (m.key?.state === 'pending') return `P|${m.key.ref}`;
  const docRef = String(rows.cell(m.index, 'docRef')).trim();
  return docRef ? `R|${docRef}` : `H|${kind.headerKey(m.parsed.header)}`;
}

function rowList(rows: SheetRows, indexes: number[]): string {
  const shown = indexes.slice(0, 5).map((i) => rows.excelRow(i));
  return indexes.length > 5 ? `${shown.join(', ')}…` : shown.join(', ');
}

function schemaMessages<H, L, K>(kind: DocumentKind<H, L, K>, body: unknown, members: Member<H, L>[]): Map<number, RowMessage[]> {
  const result = kind.schema.safeParse(body, { error: toValidationKey });
  const out = new Map<number, RowMessage[]>();
  if (result.success) return out;
  for (const issue of result.error.issues) {
    const [head, line, field] = issue.path;
    const perLine = (head === 'lines' || head === 'allocations') && typeof line === 'number';
    const targets = perLine ? [members[line]!] : members;
    const column = kind.fieldColumns[String(perLine ? field : head)];
    for (const t of targets) out.set(t.index, [...(out.get(t.index) ?? []), issueMessage(issue, column)]);
  }
  return out;
}

/** Adds the document-consistency complaints: every row must agree with the first on document-level cells. */
function mismatchMessages<H, L, K>(kind: DocumentKind<H, L, K>, rows: SheetRows, members: Member<H, L>[]): void {
  const first = members[0]!;
  for (const m of members.slice(1)) {
    for (const column of kind.headerDifferences(first.parsed.header, m.parsed.header)) {
      m.parsed.messages.push({ key: 'row.documentMismatch', params: { row: rows.excelRow(first.index) }, column });
    }
  }
}

function documentMessages<H, L, K>(kind: DocumentKind<H, L, K>, members: Member<H, L>[]): void {
  const messages = kind.checkDocument?.(members[0]!.parsed.header, members.map((m) => m.parsed.line)) ?? [];
  for (const { line, message } of messages) {
    for (const m of line === null ? members : [members[line]!]) m.parsed.messages.push(message);
  }
}

function planGroup<H, L, K>(kind: DocumentKind<H, L, K>, rows: SheetRows, members: Member<H, L>[], plan: PostPlan): void {
  const pending = members[0]!.key?.state === 'pending' ? members[0]!.key.ref : null;
  if (pending) members.sort((a, b) => a.key!.line - b.key!.line);
  else mismatchMessages(kind, rows, members);
  const invalid = () => members.filter((m) => m.parsed.messages.length > 0);
  let bad = invalid();
  if (bad.length === 0) {
    documentMessages(kind, members);
    bad = invalid();
  }
  let body: unknown = null;
  if (bad.length === 0) {
    body = kind.buildDocument(members[0]!.parsed.header, members.map((m) => m.parsed.line));
    const schemaErrors = schemaMessages(kind, body, members);
    for (const [index, messages] of schemaErrors) members.find((m) => m.index === index)!.parsed.messages.push(...messages);
    bad = invalid();
  }
  if (bad.length > 0) {
    plan.invalid += bad.length;
    const badRows = rowList(rows, bad.map((m) => m.index));
    for (const m of members) {
      plan.statuses.set(m.index, m.parsed.messages.length ? errorStatus(...m.parsed.messages) : errorStatus({ key: 'row.blockedBy', params: { rows: badRows } }));
    }
    return;
  }
  const ref = pending ?? newRef(kind.refPrefix);
  members.forEach((m, line) => {
    plan.keys.set(m.index, encodeDocKey({ state: 'pending', ref, line, hash: rowContentHash(rows, m.index, kind.layout) }));
    plan.statuses.set(m.index, infoStatus('row.sent'));
  });
  plan.documents.push({ ref, body, header: members[0]!.parsed.header, rows: members.map((m) => m.index) });
  plan.lineCount += members.length;
}

export function planDocumentPost<H, L, K>(kind: DocumentKind<H, L, K>, rows: SheetRows, lookups: K): PostPlan {
  const plan: PostPlan = { documents: [], statuses: new Map(), keys: new Map(), alreadyPosted: 0, editedAfterPost: 0, invalid: 0, lineCount: 0 };
  const groups = new Map<string, Member<H, L>[]>();
  for (let index = 0; index < rows.count; index++) {
    const key = decodeDocKey(rows.cell(index, 'key'));
    if (key?.state === 'done') {
      checkPostedRow(rows, index, kind.layout, key, plan);
      continue;
    }
    if (isBlankRow(rows, index, kind.layout) || (key?.state !== 'pending' && kind.meantToPost?.(rows, index) === false)) continue;
    const member: Member<H, L> = { index, parsed: kind.parseRow(rows, index, lookups), key };
    const group = groupOf(kind, rows, member);
    groups.set(group, [...(groups.get(group) ?? []), member]);
  }
  for (const members of groups.values()) planGroup(kind, rows, members, plan);
  return plan;
}

/** The server's answer for one document (from a batch result, or made up for a request that failed as a whole). */
export interface DocumentOutcome {
  status: number;
  number?: string;
  problem?: Problem;
  /** The created document as the server answered it (an invoice's status and variances). */
  document?: { id: number; number: string } & Record<string, unknown>;
  /** A step after creation (approving a purchase order): its refusal, or null when it went through. */
  followUp?: { problem: Problem | null };
}

export interface AppliedResults {
  statuses: Map<number, RowStatus>;
  keys: Map<number, string>;
  postedRows: number;
  failedRows: number;
  /** Posted rows that still need someone (a held invoice, an order not approved). */
  attentionRows: number;
  documents: number;
}

function failureStatus<H, L, K>(kind: DocumentKind<H, L, K>, key: DocKey, outcome: DocumentOutcome): { status: RowStatus; retryable: boolean } {
  const problem = outcome.problem ?? { type: 'about:blank', title: `HTTP ${outcome.status}`, status: outcome.status };
  if (isKeyReusedProblem(problem)) return { status: errorStatus({ key: 'row.postedEarlierDifferent' }), retryable: true };
  if (outcome.status === 0 || outcome.status >= 500 || outcome.status === 429) {
    return { status: errorStatus({ key: 'row.retry', params: { detail: problemSummary(problem) } }), retryable: true };
  }
  const errors = locateErrors(problem);
  const own = errors.filter((e) => e.line === key.line);
  const general = errors.filter((e) => e.line === null);
  const column = (field: string | null) => (field ? kind.fieldColumns[field] : undefined);
  if (own.length || general.length) {
    return { status: errorStatus(...[...own, ...general].map((e) => ({ key: 'row.server' as const, params: { message: e.message }, column: column(e.field) }))), retryable: false };
  }
  const otherLines = errors.filter((e) => e.line !== null).map((e) => e.line! + 1);
  const message = otherLines.length ? `${problemSummary(problem)} (#${otherLines.slice(0, 5).join(', #')})` : problemSummary(problem);
  return { status: errorStatus({ key: 'row.documentFailed', params: { message } }), retryable: false };
}

/**
 * Turns the server's answers into statuses and keys, matching rows by the
 * reference in their key (so rows the clerk sorted meanwhile still get their
 * own result). Failed rows are marked failed, so the next post sends them
 * under a new reference once fixed; rows whose answer never came stay pending.
 */
export function applyDocumentResults<H, L, K>(kind: DocumentKind<H, L, K>, rows: SheetRows, outcomes: Map<string, DocumentOutcome>): AppliedResults {
  const out: AppliedResults = { statuses: new Map(), keys: new Map(), postedRows: 0, failedRows: 0, attentionRows: 0, documents: 0 };
  const seen = new Set<string>();
  for (let index = 0; index < rows.count; index++) {
    const key = decodeDocKey(rows.cell(index, 'key'));
    const outcome = key?.state === 'pending' ? outcomes.get(key.ref) : undefined;
    if (!key || !outcome) continue;
    if (outcome.status >= 200 && outcome.status < 300 && outcome.number) {
      const status = kind.postedStatus?.(outcome, key) ?? okStatus('row.posted', { number: outcome.number });
      out.statuses.set(index, status);
      if (status.kind !== 'ok') out.attentionRows += 1;
      out.keys.set(index, encodeDocKey({ ...key, state: 'done', number: outcome.number }));
      out.postedRows += 1;
      if (!seen.has(key.ref)) out.documents += 1;
      seen.add(key.ref);
      continue;
    }
    const { status, retryable } = failureStatus(kind, key, outcome);
    out.statuses.set(index, status);
    if (!retryable) out.keys.set(index, encodeDocKey({ ...key, state: 'failed' }));
    out.failedRows += 1;
  }
  return out;
}
