/** Pulling balances into the Stock sheet, replacing what it showed. */
import { writeTableSheet } from '../excel/write-table-sheet';
import { balanceRows, STOCK_LAYOUT, StockFilter } from '../sheets/stock-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext } from './context';
import { tableSpec } from './sheet-io';

export async function pullStock(ctx: WorkflowContext, filter: StockFilter): Promise<Outcome> {
  ctx.progress('progress.fetching', null);
  const balances = await ctx.api.balances(
    { warehouseId: filter.warehouseId, category: filter.category?.trim() || undefined, sku: filter.sku?.trim() || undefined },
    (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)),
  );
  const rows = balanceRows(balances);
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, STOCK_LAYOUT, rows, { refresh: true }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', 'result.stockPulled', { count: rows.length, sheet: written.sheetName });
}
