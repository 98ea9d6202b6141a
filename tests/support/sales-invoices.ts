import { QueryTypes } from 'sequelize';
import type { SalesInvoiceView } from '../../contract/sales-invoices';
import type { TestApp } from './test-app';

/*
 * Sales invoices through the real endpoint, for the tests of the parts that
 * build on them (receipts, receivables, returns of invoiced goods). Each
 * throws, naming the answer, unless the invoice posts (201).
 */

async function posted(t: TestApp, token: string, body: Record<string, unknown>): Promise<SalesInvoiceView> {
  const res = await t.post('/sales-invoices', body, token);
  if (res.status !== 201) throw new Error(`POST /sales-invoices answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as SalesInvoiceView;
}

/** Invoices everything still open on whole shipments, at the orders' prices. */
export function invoiceShipments(t: TestApp, token: string, spec: { customerId: number; shipmentIds: number[]; date?: string; dueDate?: string; rate?: number }): Promise<SalesInvoiceView> {
  return posted(t, token, spec);
}

/** Invoices named quantities of shipment lines or order lines; prices and tax rates default to the orders'. */
export function invoiceLines(
  t: TestApp,
  token: string,
  spec: {
    customerId: number;
    lines: Array<{ shipmentLineId?: number; salesOrderLineId?: number; qty: number; unitPrice?: number; taxRate?: number }>;
    date?: string;
    dueDate?: string;
    currency?: string;
    rate?: number;
  },
): Promise<SalesInvoiceView> {
  return posted(t, token, spec);
}

/** An opening receivable: Dr 1122 / Cr 4199, an open item of `amount` (in the customer's currency unless given). */
export function openingReceivable(
  t: TestApp,
  token: string,
  spec: { customerId: number; amount: number; currency?: string; rate?: number; date?: string; dueDate?: string },
): Promise<SalesInvoiceView> {
  return posted(t, token, { ...spec, opening: true });
}

const select = <T extends object>(t: TestApp, sql: string, replacements: Record<string, unknown>) => t.services.db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });

/** What each line of a shipment has invoiced, ×1000, in line order; straight from the table. */
export async function shipmentInvoiced(t: TestApp, shipmentId: number): Promise<number[]> {
  return (await select<{ invoiced: unknown }>(t, 'SELECT invoiced FROM shipment_lines WHERE shipment_id = :shipmentId ORDER BY line', { shipmentId })).map((l) => Number(l.invoiced));
}

/** An order's status and what each of its lines has invoiced (×1000, in line order); straight from the tables. */
export async function orderInvoiced(t: TestApp, orderId: number): Promise<{ status: string; invoiced: number[] }> {
  const [order] = await select<{ status: string }>(t, 'SELECT status FROM sales_orders WHERE id = :orderId', { orderId });
  const lines = await select<{ invoiced: unknown }>(t, 'SELECT invoiced FROM sales_order_lines WHERE order_id = :orderId ORDER BY line', { orderId });
  return { status: order!.status, invoiced: lines.map((l) => Number(l.invoiced)) };
}

/** Everything an invoice, its cancel or an allocation writes, to show a refused one wrote none of it. */
export async function invoicingFootprint(t: TestApp): Promise<Record<string, string[]>> {
  const q = async (sql: string) => (await select<Record<string, unknown>>(t, sql, {})).map((r) => Object.values(r).map(String).join('|'));
  return {
    invoices: await q('SELECT id, status FROM sales_invoices ORDER BY id'),
    lines: await q('SELECT id FROM sales_invoice_lines ORDER BY id'),
    entries: await q('SELECT id FROM journal_entries ORDER BY id'),
    items: await q('SELECT id, open_amount FROM open_items ORDER BY id'),
    allocations: await q('SELECT id FROM open_item_allocations ORDER BY id'),
    orders: await q('SELECT id, status FROM sales_orders ORDER BY id'),
    orderLines: await q('SELECT id, invoiced FROM sales_order_lines ORDER BY id'),
    shipmentLines: await q('SELECT id, invoiced FROM shipment_lines ORDER BY id'),
    sequences: await q("SELECT doc_type, last FROM doc_sequences WHERE doc_type IN ('SI', 'JE') ORDER BY doc_type"),
  };
}

/** An invoice's open item as stored, scaled integers as numbers. */
export async function openItemOf(t: TestApp, invoiceId: number): Promise<Record<string, unknown> | undefined> {
  const [item] = await select<Record<string, unknown>>(
    t,
    "SELECT partner_type, partner_id, kind, doc_number, date, due_date, currency, rate, amount, base_amount, open_amount, open_base, account_code FROM open_items WHERE doc_type = 'SI' AND doc_id = :invoiceId",
    { invoiceId },
  );
  if (!item) return undefined;
  const numbers = ['partner_id', 'rate', 'amount', 'base_amount', 'open_amount', 'open_base'];
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, numbers.includes(k) ? Number(v) : v]));
}
