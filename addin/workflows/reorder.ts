/**
 * The reorder sheet: pull the suggestions (all warehouses in scope, or one),
 * and create draft orders from the rows — one accept per warehouse, keyed by
 * a reference kept in the rows' keys, so posting again after a lost answer
 * replays the first answer instead of ordering twice.
 */
import { ApiError } from '../api/api-client';
import { PurchaseLookups } from '../sheets/purchase-lookups';
import { AcceptGroup, AcceptOutcome, acceptResults, planReorder, REORDER_LAYOUT, suggestionRows } from '../sheets/reorder-sheet';
import { decodeReorderKey, encodeReorderKey } from '../sheets/row-key';
import { infoStatus, RowStatus } from '../sheets/row-status';
import { writeTableSheet } from '../excel/write-table-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext } from './context';
import { matchOf, readLayout, tableSpec, writeRowResults } from './sheet-io';

async function purchaseLookups(ctx: WorkflowContext): Promise<PurchaseLookups> {
  return new PurchaseLookups(await ctx.lookups(), await ctx.suppliers());
}

export async function pullSuggestions(ctx: WorkflowContext, warehouseId: number | null): Promise<Outcome> {
  ctx.progress('progress.fetching', null);
  const suggestions = await ctx.api.reorderSuggestions({ warehouseId });
  const rows = suggestionRows(suggestions);
  const lists = (await purchaseLookups(ctx)).lists(ctx.language);
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, REORDER_LAYOUT, rows, { refresh: true, lists }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', 'result.suggestionsPulled', { count: rows.length, sheet: written.sheetName });
}

async function accept(ctx: WorkflowContext, group: AcceptGroup): Promise<AcceptOutcome> {
  try {
    const body = { warehouseId: group.warehouseId, lines: group.lines.map(({ itemId, qty, supplierCode }) => ({ itemId, qty, supplierCode })) };
    return { orders: (await ctx.api.acceptSuggestions(body, group.ref)).orders };
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind === 'unauthorized') throw error;
    return { problem: error.problem };
  }
}

export async function createOrdersFromSheet(ctx: WorkflowContext): Promise<Outcome> {
  const rows = await readLayout(ctx, REORDER_LAYOUT, matchOf(REORDER_LAYOUT), 'action.pullSuggestions');
  const plan = planReorder(rows, await purchaseLookups(ctx));
  const sent = new Map<number, RowStatus>(plan.groups.flatMap((g) => g.lines.map((l) => [l.row, infoStatus('row.sent')] as const)));
  await writeRowResults(ctx, REORDER_LAYOUT, rows, { statuses: new Map([...plan.statuses, ...sent]), keys: plan.keys });

  ctx.progress('progress.posting', 0);
  const outcomes = new Map<string, { group: AcceptGroup; outcome: AcceptOutcome }>();
  let networkFailure: ApiError | null = null;
  for (const [i, group] of plan.groups.entries()) {
    // Once the network is gone, the warehouses not yet sent keep their reference and are sent by the next try.
    const result: AcceptOutcome = networkFailure ? { problem: networkFailure.problem } : await accept(ctx, group);
    if (result.problem?.status === 0 && !networkFailure) networkFailure = new ApiError('network', result.problem);
    outcomes.set(group.ref, { group, outcome: result });
    ctx.progress('progress.posting', fractionOf(i + 1, plan.groups.length));
  }

  const orders = new Set<string>();
  let ordered = 0;
  let failed = plan.invalid;
  if (outcomes.size > 0) {
    const now = await readLayout(ctx, REORDER_LAYOUT, matchOf(REORDER_LAYOUT), 'action.pullSuggestions');
    const results = new Map([...outcomes.values()].map(({ group, outcome }) => [group.ref, { group, results: acceptResults(group, outcome, (row) => now.excelRow(row)) }]));
    const statuses = new Map<number, RowStatus>();
    const keys = new Map<number, string>();
    for (let row = 0; row < now.count; row++) {
      const key = decodeReorderKey(now.cell(row, 'key'));
      const match = key?.ref && !key.number ? results.get(key.ref) : undefined;
      const index = match ? match.group.lines.findIndex((l) => l.itemId === key!.itemId) : -1;
      if (!match || index < 0) continue;
      const { status, number } = match.results[index]!;
      statuses.set(row, status);
      const retry = status.kind === 'error' && status.messages[0]?.key === 'row.retry';
      // A refusal drops the reference: the corrected row goes under a new one.
      keys.set(row, encodeReorderKey({ warehouseId: key!.warehouseId, itemId: key!.itemId, ...(retry ? { ref: key!.ref } : {}), ...(number ? { number } : {}) }));
      if (number) {
        orders.add(number);
        ordered += 1;
      } else failed += 1;
    }
    await writeRowResults(ctx, REORDER_LAYOUT, now, { statuses, keys });
  }
  if (networkFailure) throw networkFailure;
  return outcome(failed > 0 ? 'warn' : 'ok', 'result.ordersCreated', { orders: orders.size, rows: ordered, failed, skipped: plan.skipped });
}
