/**
 * Master-data sheets (items, suppliers): pull (refusing to throw away
 * unpublished edits unless told to), and publish — only changed rows, a few
 * requests at a time, each row with its own result.
 */
import { ApiError } from '../api/api-client';
import { readSheet } from '../excel/read-sheet';
import { writeTableSheet } from '../excel/write-table-sheet';
import type { MessageKey } from '../i18n';
import { locateColumns, SheetRows } from '../sheets/layout';
import { countUnpublishedRecords, planRecordPublish, RecordChange, RecordOutcome, recordResult, recordRows, RecordSheet, VersionedRecord } from '../sheets/record-sheet';
import type { RowStatus } from '../sheets/row-status';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { matchOf, readLayout, tableSpec, writeRowResults } from './sheet-io';

const PARALLEL_REQUESTS = 4;

/** How one kind of master data is fetched and written, and what the task pane says about it. */
export interface RecordEndpoints<V extends VersionedRecord, R extends object> {
  sheet: RecordSheet<V, R>;
  list(ctx: WorkflowContext, onProgress: (done: number, total: number) => void): Promise<V[]>;
  create(ctx: WorkflowContext, body: unknown, ref: string): Promise<V>;
  update(ctx: WorkflowContext, id: number, body: unknown, version: number | undefined): Promise<V>;
  /** Called once something was written: the lookups the other sheets check against are stale. */
  refresh(ctx: WorkflowContext): Promise<unknown>;
  pullAction: MessageKey;
  pulled: MessageKey;
  published: MessageKey;
  unpublished: MessageKey;
  offer: NonNullable<Outcome['offer']>;
}

export async function pullRecords<V extends VersionedRecord, R extends object>(ctx: WorkflowContext, kind: RecordEndpoints<V, R>, force: boolean): Promise<Outcome> {
  const { layout } = kind.sheet;
  if (!force) {
    ctx.progress('progress.reading', null);
    const grid = await readSheet(matchOf(layout));
    const located = grid ? locateColumns(grid.header, layout) : null;
    const unpublished = grid && located?.ok ? countUnpublishedRecords(kind.sheet as RecordSheet<VersionedRecord, R>, new SheetRows(grid, located.positions)) : 0;
    if (unpublished > 0) return { ...outcome('warn', kind.unpublished, { count: unpublished }), offer: kind.offer };
  }
  ctx.progress('progress.fetching', null);
  const records = await kind.list(ctx, (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const rows = recordRows(kind.sheet, records);
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, layout, rows, { refresh: true }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', kind.pulled, { count: rows.length, sheet: written.sheetName });
}

async function send<V extends VersionedRecord, R extends object>(ctx: WorkflowContext, kind: RecordEndpoints<V, R>, change: RecordChange): Promise<RecordOutcome<V>> {
  try {
    const record = change.kind === 'create' ? await kind.create(ctx, change.body, change.ref!) : await kind.update(ctx, change.id!, change.body, change.version);
    return { status: 200, record };
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind === 'unauthorized') throw error;
    return { status: error.status, problem: error.problem };
  }
}

export async function publishRecords<V extends VersionedRecord, R extends object>(ctx: WorkflowContext, kind: RecordEndpoints<V, R>): Promise<Outcome> {
  const { layout } = kind.sheet;
  await ctx.api.me();
  const rows = await readLayout(ctx, layout, matchOf(layout), kind.pullAction);
  const plan = planRecordPublish(kind.sheet, rows);
  await writeRowResults(ctx, layout, rows, { statuses: plan.statuses, keys: plan.keys });

  const outcomes = new Map<string, { change: RecordChange; outcome: RecordOutcome<V> }>();
  let networkFailure: ApiError | null = null;
  ctx.progress('progress.posting', 0);
  for (let i = 0; i < plan.changes.length; i += PARALLEL_REQUESTS) {
    const slice = plan.changes.slice(i, i + PARALLEL_REQUESTS);
    const results = await Promise.all(slice.map((change) => send(ctx, kind, change)));
    slice.forEach((change, j) => outcomes.set(change.sentKey, { change, outcome: results[j]! }));
    ctx.progress('progress.posting', fractionOf(i + slice.length, plan.changes.length));
    if (results.some((r) => r.status === 0)) {
      networkFailure = new ApiError('network', results.find((r) => r.status === 0)!.problem!);
      break;
    }
  }

  let created = 0;
  let updated = 0;
  let failed = plan.invalid;
  if (outcomes.size > 0) {
    const now = await readLayout(ctx, layout, matchOf(layout), kind.pullAction);
    const statuses = new Map<number, RowStatus>();
    const keys = new Map<number, string>();
    const versions = new Map<number, number>();
    for (let row = 0; row < now.count; row++) {
      const sent = outcomes.get(String(now.cell(row, 'key')).trim());
      if (!sent) continue;
      const result = recordResult(kind.sheet, sent.change, sent.outcome);
      statuses.set(row, result.status);
      if (result.key) keys.set(row, result.key);
      if (result.version !== null) versions.set(row, result.version);
      if (result.status.kind === 'ok') {
        if (sent.change.kind === 'create') created += 1;
        else updated += 1;
      } else failed += 1;
    }
    await writeRowResults(ctx, layout, now, { statuses, keys, columns: { version: versions } });
  }
  if (networkFailure) throw outcomes.size > 1 ? new WorkflowError('error.partial') : networkFailure;
  if (created + updated > 0) await kind.refresh(ctx);
  return outcome(failed > 0 ? 'warn' : 'ok', kind.published, { created, updated, failed, unchanged: plan.unchanged });
}
