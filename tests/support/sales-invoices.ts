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
