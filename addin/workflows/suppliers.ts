/** The suppliers sheet (pulled and published as every master-data sheet is, records.ts). */
import type { PartnerRequest, PartnerView, UpdatePartnerRequest } from '../../contract/master-data';
import { SupplierRecord, SUPPLIERS_SHEET } from '../sheets/suppliers-sheet';
import type { Outcome, WorkflowContext } from './context';
import { publishRecords, pullRecords, RecordEndpoints } from './records';

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
