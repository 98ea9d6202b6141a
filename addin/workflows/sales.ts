/**
 * The sales pulls that fill a sheet for the clerk to complete: approved order
 * lines still to ship for shipments, shipped lines not yet invoiced for
 * sales invoices. Each replaces the sheet of its kind in place; posting goes
 * through the document sheets (workflows/documents.ts). The customers rows
 * are checked against are fetched once per signed-in client, when first needed.
 */
import type { ApiClient } from '../api/api-client';
import { customerRefOf, CustomerRef, SalesLookups } from '../sheets/sales-lookups';
import { SALES_INVOICE_LAYOUT, uninvoicedShipmentRows } from '../sheets/sales-invoice-sheet';
import { SHIPMENT_LAYOUT, shipLineRows } from '../sheets/shipment-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { Cached } from './lookups-cache';
import { writePulled } from './purchasing';

const customerLists = new WeakMap<ApiClient, Cached<CustomerRef[]>>();

/** The customers, cached per signed-in client (a new sign-in is a new client); `refresh` fetches them again. */
export function customersOf(ctx: WorkflowContext, refresh = false): Promise<CustomerRef[]> {
  let cached = customerLists.get(ctx.api);
  if (!cached) {
    const api = ctx.api;
    cached = new Cached(async () => (await api.customers()).map(customerRefOf));
    customerLists.set(api, cached);
  }
  return cached.get(refresh);
}

export async function salesLookups(ctx: WorkflowContext, refresh = false): Promise<SalesLookups> {
  return new SalesLookups(await ctx.lookups(refresh), await customersOf(ctx, refresh));
}

/** The customer a filter names, or null for none; a name the server does not know stops the pull. */
async function customerOf(ctx: WorkflowContext, text: string): Promise<CustomerRef | null> {
  if (!text.trim()) return null;
  const found = (await salesLookups(ctx)).customer(text) ?? (await salesLookups(ctx, true)).customer(text);
  if (!found) throw new WorkflowError('error.unknownCustomer', { value: text.trim() });
  return found;
}

export interface ShipFilter {
  /** A customer's code or name; blank for every customer. */
  customer: string;
  warehouseId: number | null;
}

export async function pullShipLines(ctx: WorkflowContext, filter: ShipFilter): Promise<Outcome> {
  const customer = await customerOf(ctx, filter.customer);
  ctx.progress('progress.fetching', null);
  const lines = await ctx.api.openSalesLines({ customerId: customer?.id, warehouseId: filter.warehouseId }, (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const rows = shipLineRows(lines);
  const sheet = await writePulled(ctx, SHIPMENT_LAYOUT, rows);
  return outcome('ok', 'result.shipLinesPulled', { count: rows.length, orders: new Set(lines.map((l) => l.salesOrderId)).size, sheet });
}

export async function pullUninvoicedShipments(ctx: WorkflowContext, customerText: string): Promise<Outcome> {
  const customer = await customerOf(ctx, customerText);
  ctx.progress('progress.fetching', null);
  const lines = await ctx.api.uninvoicedShipments({ customerId: customer?.id }, (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const rows = uninvoicedShipmentRows(lines);
  const sheet = await writePulled(ctx, SALES_INVOICE_LAYOUT, rows);
  return outcome('ok', 'result.uninvoicedShipmentsPulled', { count: rows.length, customers: new Set(lines.map((l) => l.customerId)).size, sheet });
}
