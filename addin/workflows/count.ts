/**
 * Stock counts: open a stocktake into a new count sheet (or bring back the
 * one still open for the warehouse), and post the sheet — counts first, then
 * the stocktake, then each line's variance beside it.
 */
import type { StocktakeView } from '../../contract/stock';
import { ApiError } from '../api/api-client';
import { activateMatchingSheet } from '../excel/activate-sheet';
import { writeTableSheet } from '../excel/write-table-sheet';
import { applyCountResult, COUNT_LAYOUT, countErrorStatuses, countRows, countSheetName, countsRequest, planCount, postedCountKeys } from '../sheets/count-sheet';
import { newRef } from '../sheets/row-key';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { matchOf, readLayout, tableSpec, writeRowResults } from './sheet-io';

/** Opening keys per warehouse, kept until the stocktake's answer arrives, so a retry opens no second stocktake. */
const openingKeys = new Map<number, string>();

async function openStocktake(ctx: WorkflowContext, warehouseId: number): Promise<{ view: StocktakeView; resumed: boolean }> {
  const key = openingKeys.get(warehouseId) ?? newRef('stocktake');
  openingKeys.set(warehouseId, key);
  try {
    const view = await ctx.api.createStocktake({ warehouseId }, key);
    openingKeys.delete(warehouseId);
    return { view, resumed: false };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    openingKeys.delete(warehouseId);
    const [open] = await ctx.api.listAll<{ id: number }>('/stocktakes', { status: 'open', warehouseId });
    if (!open) throw error;
    return { view: await ctx.api.getStocktake(open.id), resumed: true };
  }
}

export async function openCount(ctx: WorkflowContext, warehouseId: number | null): Promise<Outcome> {
  if (!warehouseId) throw new WorkflowError('error.chooseWarehouse');
  ctx.progress('progress.fetching', null);
  const { view, resumed } = await openStocktake(ctx, warehouseId);
  const names = { zh: countSheetName(COUNT_LAYOUT.names.zh, view.number), en: countSheetName(COUNT_LAYOUT.names.en, view.number) };
  if (resumed) {
    const existing = await activateMatchingSheet({ names: [names.zh, names.en], tablePrefix: `JxcCount_${view.id}` });
    if (existing) return outcome('ok', 'result.countResumed', { number: view.number, sheet: existing });
  }
  const rows = countRows(view);
  ctx.progress('progress.writing', 0);
  const spec = tableSpec(ctx, COUNT_LAYOUT, rows, { sheetName: names[ctx.language], tableName: `JxcCount_${view.id}`, refresh: false });
  const written = await writeTableSheet(spec, (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', resumed ? 'result.countResumed' : 'result.countOpened', { number: view.number, sheet: written.sheetName, count: rows.length });
}

export async function postCount(ctx: WorkflowContext): Promise<Outcome> {
  await ctx.api.me();
  const rows = await readLayout(ctx, COUNT_LAYOUT, matchOf(COUNT_LAYOUT, true), 'action.openCount');
  const plan = planCount(rows);
  if (plan.stocktakeId === null) throw new WorkflowError('error.notCountSheet', { sheet: rows.grid.sheetName });
  if (plan.errors.size > 0) {
    await writeRowResults(ctx, COUNT_LAYOUT, rows, { statuses: plan.errors });
    return outcome('error', 'result.countInvalid', { count: plan.errors.size });
  }
  if (plan.postedNumber !== null) {
    // The stocktake was posted from this sheet: nothing goes to the server again.
    await writeRowResults(ctx, COUNT_LAYOUT, rows, { statuses: plan.postedStatuses });
    if (plan.editedAfterPost > 0) return outcome('warn', 'result.countEditedAfterPost', { number: plan.postedNumber, count: plan.editedAfterPost });
    return outcome('ok', 'result.nothingToPost');
  }
  if (plan.lines.length === 0) throw new WorkflowError('error.emptySheet', { sheet: rows.grid.sheetName });

  ctx.progress('progress.posting', null);
  const stocktake = await ctx.api.getStocktake(plan.stocktakeId);
  if (stocktake.status === 'open') {
    try {
      await ctx.api.putCounts(plan.stocktakeId, countsRequest(plan.lines));
    } catch (error) {
      if (!(error instanceof ApiError) || error.kind !== 'problem') throw error;
      const statuses = countErrorStatuses(plan.lines, error.problem);
      await writeRowResults(ctx, COUNT_LAYOUT, rows, { statuses });
      return outcome('error', 'result.countInvalid', { count: statuses.size });
    }
  }
  const posted = await ctx.api.postStocktake(plan.stocktakeId);
  const result = applyCountResult(plan.lines, plan.uncounted, posted);
  await writeRowResults(ctx, COUNT_LAYOUT, rows, { statuses: result.statuses, keys: postedCountKeys(plan, posted.number), columns: { variance: result.variance } });
  return outcome('ok', 'result.countPosted', { number: posted.number, variances: result.withVariance });
}
