import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

/*
 * Sales invoices (API.md "Sales and customers": POST /sales-invoices): from
 * shipped goods line by line or whole shipments, credit notes (raised by
 * returns of invoiced goods), and opening receivables.
 */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
const flag = z.boolean({ error: msgKey('validation.type:boolean') });
const currencyCode = z.string({ error: msgKey('validation.type:text') }).trim().regex(/^[A-Z]{3}$/, msgKey('validation.format:currency'));

export const SALES_INVOICE_STATUSES = ['open', 'paid', 'cancelled'] as const;
export type SalesInvoiceStatus = (typeof SALES_INVOICE_STATUSES)[number];

/** One invoiced quantity: of a shipment line, or of an order line (its shipments oldest first). */
export const salesInvoiceLine = z.strictObject({
  shipmentLineId: id.optional(),
  salesOrderLineId: id.optional(),
  qty: decimalNumber('qty', { positive: true }),
  /** The net unit price charged; default: the order line's unit price less its discount (amounts computed as the order computed them). */
  unitPrice: decimalNumber('price', { min: 0 }).optional(),
  taxRate: decimalNumber('rate', { min: 0 }).optional(),
});
export type SalesInvoiceLineRequest = z.infer<typeof salesInvoiceLine>;

export const salesInvoiceRequest = z.strictObject({
  customerId: id.optional(),
  customerCode: text(32).min(1, msgKey('validation.required')).optional(),
  date: isoDate.optional(),
  dueDate: isoDate.optional(),
  /** Whole shipments: every line's quantity still to invoice. */
  shipmentIds: z.array(id, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(5000, msgKey('validation.too-many:lines')).optional(),
  lines: z.array(salesInvoiceLine, { error: expected('validation.type:lines') }).max(20000, msgKey('validation.too-many:lines')).optional(),
  /** An opening receivable: `amount` (currency, rate) and no lines. */
  opening: flag.optional(),
  amount: decimalNumber('money', { positive: true }).optional(),
  currency: currencyCode.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  /** The journal entry's memo. */
  note: text(500).optional(),
});
export type SalesInvoiceRequest = z.infer<typeof salesInvoiceRequest>;

/** One line per shipment line billed: a row naming an order line whose quantity spans shipments gives a line for each. */
export interface SalesInvoiceLineView {
  id: number;
  line: number;
  salesOrderLineId: number | null;
  shipmentLineId: number | null;
  itemId: number | null;
  sku: string | null;
  /** Negative on a credit note. */
  qty: number;
  /** Net of the order line's discount. */
  unitPrice: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  /** The goods' cost from their shipment, base. */
  baseCost: number;
}

export interface SalesInvoiceView {
  id: number;
  number: string;
  kind: 'invoice' | 'credit-note' | 'opening';
  customerId: number;
  customerCode: string;
  status: SalesInvoiceStatus;
  date: string;
  dueDate: string;
  currency: string;
  rate: number;
  subtotal: number;
  tax: number;
  total: number;
  baseSubtotal: number;
  baseTax: number;
  baseTotal: number;
  baseCost: number;
  openAmount: number;
  salespersonId: number | null;
  returnId: number | null;
  journalEntryId: number | null;
  lines: SalesInvoiceLineView[];
}

const optionalId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const page = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};
export const salesInvoicesQuery = z.object({
  ...page,
  customerId: optionalId,
  status: z.enum(SALES_INVOICE_STATUSES, { error: msgKey('validation.choice') }).optional(),
  kind: z.enum(['invoice', 'credit-note', 'opening'], { error: msgKey('validation.choice') }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().max(100).optional(),
});
export type SalesInvoicesQuery = z.infer<typeof salesInvoicesQuery>;

/** GET /shipments/uninvoiced: shipped, not yet invoiced, per shipment line (the invoices sheet's "pull"). */
export const uninvoicedShipmentsQuery = z.object({ ...page, customerId: optionalId, limit: page.limit.default(10000) });
export type UninvoicedShipmentsQuery = z.infer<typeof uninvoicedShipmentsQuery>;

export interface UninvoicedShipmentLineView {
  shipmentLineId: number;
  shipmentId: number;
  shipmentNumber: string;
  salesOrderLineId: number;
  salesOrderId: number;
  orderNumber: string;
  customerId: number;
  customerCode: string;
  itemId: number;
  sku: string;
  name: string;
  /** Still open to invoice on this shipment line. */
  qty: number;
  unitPrice: number;
  taxRate: number;
  currency: string;
  date: string;
}
