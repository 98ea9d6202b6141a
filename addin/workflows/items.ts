/**
 * The items sheet: pull (refusing to throw away unpublished edits unless
 * told to), and publish — only changed rows, a few requests at a time, each
 * row with its own result.
 */
import { ApiError } from '../api/api-client';
import type { ItemRequest, UpdateItemRequest } from '../../contract/master-data';
import { readSheet } from '../excel/read-sheet';
import { writeTableSheet } from '../excel/write-table-sheet';
import { countUnpublished, ItemChange, ItemOutcome, itemResult, itemRows, ITEMS_LAYOUT, planItemPublish } from '../sheets/items-sheet';
import { locateColumns, SheetRows } from '../sheets/layout';
import type { RowStatus } from '../sheets/row-status';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { matchOf, readLayout, tableSpec, writeRowResults } from './sheet-io';

const PARALLEL_REQUESTS = 4;

export async function pullItems(ctx: WorkflowContext, force: boolean): Promise<Outcome> {
  if (!force) {
    ctx.progress('progress.reading', null);
    const grid = await readSheet(matchOf(ITEMS_LAYOUT));
    const located = grid ? locateColumns(grid.header, ITEMS_LAYOUT) : null;
    const unpublished = grid && located?.ok ? countUnpublished(new SheetRows(grid, located.positions)) : 0;
    if (unpublished > 0) return { ...outcome('warn', 'result.itemsUnpublished', { count: unpublished }), offer: 'pullItemsAnyway' };
  }
  ctx.progress('progress.fetching', null);
  const items = await ctx.api.items((done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const rows = itemRows(items);
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, ITEMS_LAYOUT, rows, { refresh: true }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', 'result.itemsPulled', { count: rows.length, sheet: written.sheetName });
}

async function send(ctx: WorkflowContext, change: ItemChange): Promise<ItemOutcome> {
  try {
    const item =
      change.kind === 'create'
        ? await ctx.api.createItem(change.body as ItemRequest, change.ref!)
        : await ctx.api.updateItem(change.id!, change.body as UpdateItemRequest, change.version);
    return { status: 200, item };
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind === 'unauthorized') throw error;
    return { status: error.status, problem: error.problem };
  }
}

export async function publishItems(ctx: WorkflowContext): Promise<Outcome> {
  await ctx.api.me();
  const rows = await readLayout(ctx, ITEMS_LAYOUT, matchOf(ITEMS_LAYOUT), 'action.pullItems');
  const plan = planItemPublish(rows);
  await writeRowResults(ctx, ITEMS_LAYOUT, rows, { statuses: plan.statuses, keys: plan.keys });

  const outcomes = new Map<string, { change: ItemChange; outcome: ItemOutcome }>();
  let networkFailure: ApiError | null = null;
  ctx.progress('progress.posting', 0);
  for (let i = 0; i < plan.changes.length; i += PARALLEL_REQUESTS) {
    const slice = plan.changes.slice(i, i + PARALLEL_REQUESTS);
    const results = await Promise.all(slice.map((change) => send(ctx, change)));
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
    const now = await readLayout(ctx, ITEMS_LAYOUT, matchOf(ITEMS_LAYOUT), 'action.pullItems');
    const statuses = new Map<number, RowStatus>();
    const keys = new Map<number, string>();
    const versions = new Map<number, number>();
    for (let row = 0; row < now.count; row++) {
      const sent = outcomes.get(String(now.cell(row, 'key')).trim());
      if (!sent) continue;
      const result = itemResult(sent.change, sent.outcome);
      statuses.set(row, result.status);
      if (result.key) keys.set(row, result.key);
      if (result.version !== null) versions.set(row, result.version);
      if (result.status.kind === 'ok') {
        if (sent.change.kind === 'create') created += 1;
        else updated += 1;
      } else failed += 1;
    }
    await writeRowResults(ctx, ITEMS_LAYOUT, now, { statuses, keys, columns: { version: versions } });
  }
  if (networkFailure) throw outcomes.size > 1 ? new WorkflowError('error.partial') : networkFailure;
  if (created + updated > 0) await ctx.lookups(true);
  return outcome(failed > 0 ? 'warn' : 'ok', 'result.itemsPublished', { created, updated, failed, unchanged: plan.unchanged });
}
