/**
 * The purchasing pulls that fill a sheet for the clerk to complete: open
 * order lines for receipts, received-not-invoiced lines for supplier
 * invoices, open payables for payments. Each replaces the sheet of its kind
 * in place; posting goes through the document sheets (workflows/documents.ts).
 */
import { writeTableSheet } from '../excel/write-table-sheet';
import type { Cell } from '../sheets/cells';
import type { SheetLayout } from '../sheets/layout';
import type { ListsContent } from '../sheets/lookups';
import { PurchaseLookups, SupplierRef } from '../sheets/purchase-lookups';
import { PURCHASE_INVOICE_LAYOUT, uninvoicedRows } from '../sheets/purchase-invoice-sheet';
import type { PurchaseOrderView } from '../sheets/purchasing-requests';
import { openLineRows, RECEIPT_LAYOUT } from '../sheets/receipt-sheet';
import { payableRows, SUPPLIER_PAYMENT_LAYOUT } from '../sheets/supplier-payment-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { tableSpec } from './sheet-io';

const ORDERS_AT_ONCE = 4;
/** Orders still to receive against. */
const RECEIVABLE_STATUSES = ['approved', 'partial'];

export interface PurchaseFilter {
  /** A supplier's code or name; blank for every supplier. */
  supplier: string;
  warehouseId: number | null;
}

/** The supplier a filter names, or null for none; a name the server does not know stops the pull. */
async function supplierOf(ctx: WorkflowContext, text: string): Promise<SupplierRef | null> {
  if (!text.trim()) return null;
  const lookups = new PurchaseLookups(await ctx.lookups(), await ctx.suppliers());
  const found = lookups.supplier(text) ?? new PurchaseLookups(await ctx.lookups(true), await ctx.suppliers(true)).supplier(text);
  if (!found) throw new WorkflowError('error.unknownSupplier', { value: text.trim() });
  return found;
}

/** Replaces the sheet of a layout, in place, with pulled rows. */
export async function writePulled(ctx: WorkflowContext, layout: SheetLayout, rows: Cell[][], lists?: ListsContent): Promise<string> {
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, layout, rows, { refresh: true, ...(lists ? { lists } : {}) }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return written.sheetName;
}

/** Lists may leave an order's lines out: those orders are fetched one by one, a few at a time. */
async function withLines(ctx: WorkflowContext, orders: PurchaseOrderView[]): Promise<PurchaseOrderView[]> {
  const out = [...orders];
  const missing = out.map((o, i) => ({ o, i })).filter(({ o }) => !o.lines);
  for (let k = 0; k < missing.length; k += ORDERS_AT_ONCE) {
    const slice = missing.slice(k, k + ORDERS_AT_ONCE);
    const full = await Promise.all(slice.map(({ o }) => ctx.api.purchaseOrder(o.id)));
    slice.forEach(({ i }, j) => (out[i] = full[j]!));
    ctx.progress('progress.fetching', fractionOf(k + slice.length, missing.length));
  }
  return out;
}

export async function pullOpenLines(ctx: WorkflowContext, filter: PurchaseFilter): Promise<Outcome> {
  const supplier = await supplierOf(ctx, filter.supplier);
  ctx.progress('progress.fetching', null);
  const query = { supplierId: supplier?.id, warehouseId: filter.warehouseId };
  const orders: PurchaseOrderView[] = [];
  for (const status of RECEIVABLE_STATUSES) orders.push(...(await ctx.api.purchaseOrders({ ...query, status })));
  const full = (await withLines(ctx, orders)).sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  const [stock, suppliers] = [await ctx.lookups(), await ctx.suppliers()];
  const rows = openLineRows(full, new Map(suppliers.map((s) => [s.id, s.code])), new Map(stock.warehouses.map((w) => [w.id, w.code])));
  const sheet = await writePulled(ctx, RECEIPT_LAYOUT, rows);
  return outcome('ok', 'result.openLinesPulled', { count: rows.length, orders: new Set(rows.map((r) => r[1])).size, sheet });
}

export async function pullUninvoiced(ctx: WorkflowContext, supplierText: string): Promise<Outcome> {
  const supplier = await supplierOf(ctx, supplierText);
  if (!supplier) throw new WorkflowError('error.chooseSupplier');
  ctx.progress('progress.fetching', null);
  const lines = await ctx.api.uninvoiced(supplier.id, (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const lists = new PurchaseLookups(await ctx.lookups(), await ctx.suppliers()).lists(ctx.language);
  const sheet = await writePulled(ctx, PURCHASE_INVOICE_LAYOUT, uninvoicedRows(lines, supplier.code), lists);
  return outcome('ok', 'result.uninvoicedPulled', { count: lines.length, supplier: supplier.code, sheet });
}

export async function pullPayables(ctx: WorkflowContext, supplierText: string): Promise<Outcome> {
  const supplier = await supplierOf(ctx, supplierText);
  ctx.progress('progress.fetching', null);
  const payables = await ctx.api.payables({ supplierId: supplier?.id }, (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const rows = payableRows(payables);
  const sheet = await writePulled(ctx, SUPPLIER_PAYMENT_LAYOUT, rows, (await ctx.financeLookups()).lists(ctx.language));
  return outcome('ok', 'result.payablesPulled', { count: rows.length, sheet });
}
