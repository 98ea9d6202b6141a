/** The suppliers sheet (pulled and published as every master-data sheet is, records.ts) and the scorecards sheet. */
import type { PartnerRequest, PartnerView, UpdatePartnerRequest } from '../../contract/master-data';
import { writeTableSheet } from '../excel/write-table-sheet';
import { scorecardRows, SCORECARDS_LAYOUT } from '../sheets/scorecards-sheet';
import { SupplierRecord, SUPPLIERS_SHEET } from '../sheets/suppliers-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext } from './context';
import { publishRecords, pullRecords, RecordEndpoints } from './records';
import { tableSpec } from './sheet-io';

const SUPPLIERS: RecordEndpoints<PartnerView, SupplierRecord> = {
  sheet: SUPPLIERS_SHEET,
  list: (ctx) => ctx.api.suppliers(),
  create: (ctx, body, ref) => ctx.api.createSupplier(body as PartnerRequest, ref),
  update: (ctx, id, body, version) => ctx.api.updateSupplier(id, body as UpdatePartnerRequest, version),
  refresh: (ctx) => ctx.suppliers(true),
  pullAction: 'action.pullSuppliers',
  pulled: 'result.suppliersPulled',
  published: 'result.suppliersPublished',
  unpublished: 'result.suppliersUnpublished',
  offer: 'pullSuppliersAnyway',
};

export const pullSuppliers = (ctx: WorkflowContext, force: boolean): Promise<Outcome> => pullRecords(ctx, SUPPLIERS, force);
export const publishSuppliers = (ctx: WorkflowContext): Promise<Outcome> => publishRecords(ctx, SUPPLIERS);

/** Scorecards over a window (blank ends: the server's twelve months up to today). */
export async function pullScorecards(ctx: WorkflowContext, window: { from: string; to: string }): Promise<Outcome> {
  ctx.progress('progress.fetching', null);
  const rows = scorecardRows(await ctx.api.supplierPerformance({ from: window.from.trim(), to: window.to.trim() }));
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, SCORECARDS_LAYOUT, rows, { refresh: true }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', 'result.scorecardsPulled', { count: rows.length, sheet: written.sheetName });
}
