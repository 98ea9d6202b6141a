/**
 * Adjustment and transfer sheets: open an empty one, and post one — check
 * every row, mark each row's reference in its hidden key, send the whole
 * sheet in one request (a few when it is large), and write every row's
 * document number or its own error back beside it.
 */
import { ApiError } from '../api/api-client';
import type { Problem } from '../../contract/problem';
import { activateMatchingSheet } from '../excel/activate-sheet';
import { writeTableSheet } from '../excel/write-table-sheet';
import type { MessageKey } from '../i18n';
import { ADJUSTMENT_KIND } from '../sheets/adjustment-sheet';
import { AppliedResults, applyDocumentResults, DocumentKind, DocumentOutcome, planDocumentPost, PlannedDocument, PostPlan } from '../sheets/document-sheet';
import type { Lookups } from '../sheets/lookups';
import type { SheetRows } from '../sheets/layout';
import { TRANSFER_KIND } from '../sheets/transfer-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { matchOf, readLayout, tableSpec, writeRowResults } from './sheet-io';

export type DocumentSheetKind = 'adjustments' | 'transfers';

/** Lines per request: large sheets go in a few requests, each document whole in one of them. */
export const LINES_PER_REQUEST = 2000;

// Each kind is generic in its own header and line types; this table only routes to them.
const KINDS: Record<DocumentSheetKind, { kind: DocumentKind<any, any>; newAction: MessageKey; postAction: MessageKey }> = {
  adjustments: { kind: ADJUSTMENT_KIND, newAction: 'action.newAdjustments', postAction: 'action.postAdjustments' },
  transfers: { kind: TRANSFER_KIND, newAction: 'action.newTransfers', postAction: 'action.postTransfers' },
};

export async function openDocumentSheet(ctx: WorkflowContext, sheetKind: DocumentSheetKind): Promise<Outcome> {
  const { kind } = KINDS[sheetKind];
  ctx.progress('progress.fetching', null);
  const lists = (await ctx.lookups(true)).lists(ctx.language);
  ctx.progress('progress.writing', null);
  const existing = await activateMatchingSheet(matchOf(kind.layout), lists);
  if (existing) return outcome('ok', 'result.templateReady', { sheet: existing });
  const written = await writeTableSheet(tableSpec(ctx, kind.layout, [], { lists, refresh: false }));
  return outcome('ok', 'result.templateReady', { sheet: written.sheetName });
}

function hasUnknownSku(plan: PostPlan): boolean {
  for (const status of plan.statuses.values()) if (status.kind === 'error' && status.messages.some((m) => m.key === 'row.unknownSku')) return true;
  return false;
}

/** Documents packed into requests of about LINES_PER_REQUEST lines. */
export function packRequests(documents: PlannedDocument[], linesPerRequest = LINES_PER_REQUEST): PlannedDocument[][] {
  const requests: PlannedDocument[][] = [];
  let current: PlannedDocument[] = [];
  let lines = 0;
  for (const doc of documents) {
    if (current.length > 0 && lines + doc.rows.length > linesPerRequest) {
      requests.push(current);
      current = [];
      lines = 0;
    }
    current.push(doc);
    lines += doc.rows.length;
  }
  if (current.length) requests.push(current);
  return requests;
}

interface Sent {
  outcomes: Map<string, DocumentOutcome>;
  /** Why sending stopped early, when it did. */
  stoppedBy: ApiError | null;
}

async function sendDocuments(ctx: WorkflowContext, endpoint: DocumentSheetKind, documents: PlannedDocument[]): Promise<Sent> {
  const outcomes = new Map<string, DocumentOutcome>();
  const requests = packRequests(documents);
  let sentLines = 0;
  const totalLines = documents.reduce((n, d) => n + d.rows.length, 0);
  ctx.progress('progress.posting', 0);
  for (const request of requests) {
    try {
      const results = await ctx.api.postBatch(endpoint, request.map((d) => ({ ref: d.ref, document: d.body })));
      for (const r of results) outcomes.set(r.ref, { status: r.status, number: r.document?.number, problem: r.problem });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === 'unauthorized' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server') return { outcomes, stoppedBy: error };
      // The request as a whole was refused (403, 413, …): every document in it carries that answer.
      for (const d of request) outcomes.set(d.ref, { status: error.status, problem: error.problem as Problem });
    }
    sentLines += request.reduce((n, d) => n + d.rows.length, 0);
    ctx.progress('progress.posting', fractionOf(sentLines, totalLines));
  }
  return { outcomes, stoppedBy: null };
}

async function plan(ctx: WorkflowContext, kind: DocumentKind<unknown, unknown>, rows: SheetRows): Promise<PostPlan> {
  const lookups: Lookups = await ctx.lookups();
  const first = planDocumentPost(kind, rows, lookups);
  return hasUnknownSku(first) ? planDocumentPost(kind, rows, await ctx.lookups(true)) : first;
}

/** The summary of a post: rows posted, failed, already posted, and posted rows edited since (flagged, not sent). */
function postOutcome(plan: PostPlan, applied: AppliedResults | null): Outcome {
  const failed = (applied?.failedRows ?? 0) + plan.invalid;
  const params = { posted: applied?.postedRows ?? 0, documents: applied?.documents ?? 0, failed, skipped: plan.alreadyPosted };
  const tone = failed + plan.editedAfterPost === 0 ? 'ok' : applied ? 'warn' : 'error';
  if (plan.editedAfterPost > 0) return outcome(tone, 'result.postedWithEdited', { ...params, edited: plan.editedAfterPost });
  return outcome(tone, 'result.posted', params);
}

export async function postDocumentSheet(ctx: WorkflowContext, sheetKind: DocumentSheetKind): Promise<Outcome> {
  const { kind, newAction } = KINDS[sheetKind];
  // A dead session is found before anything on the sheet changes.
  await ctx.api.me();
  const rows = await readLayout(ctx, kind.layout, matchOf(kind.layout), newAction);
  const postPlan = await plan(ctx, kind, rows);
  await writeRowResults(ctx, kind.layout, rows, { statuses: postPlan.statuses, keys: postPlan.keys });
  if (postPlan.documents.length === 0) {
    if (postPlan.invalid + postPlan.editedAfterPost > 0) return postOutcome(postPlan, null);
    return outcome(postPlan.alreadyPosted > 0 ? 'ok' : 'warn', postPlan.alreadyPosted > 0 ? 'result.nothingToPost' : 'error.emptySheet', { sheet: rows.grid.sheetName });
  }

  const sent = await sendDocuments(ctx, sheetKind, postPlan.documents);
  if (sent.outcomes.size > 0) {
    // Rows are matched by their key again: the clerk may have sorted the sheet while the request was out.
    const now = await readLayout(ctx, kind.layout, matchOf(kind.layout), newAction);
    const applied = applyDocumentResults(kind, now, sent.outcomes);
    await writeRowResults(ctx, kind.layout, now, { statuses: applied.statuses, keys: applied.keys });
    if (!sent.stoppedBy) return postOutcome(postPlan, applied);
    if (sent.stoppedBy.kind !== 'unauthorized') throw new WorkflowError('error.partial');
  }
  throw sent.stoppedBy ?? new WorkflowError('error.network');
}
