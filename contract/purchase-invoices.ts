import { z } from 'zod';
import { decimalNumber } from './decimals';
import { currencyCode } from './finance';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

/*
 * Supplier invoices (API.md "Purchasing and suppliers": POST /purchase-invoices):
 * matched to received goods line by line (3-way match), or an opening payable.
 * Quantities ≤ 3 decimals, prices ≤ 4, money ≤ 2, rates ≤ 6.
 */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
const flag = z.boolean({ error: msgKey('validation.type:boolean') });

export const PURCHASE_INVOICE_STATUSES = ['open', 'held', 'paid', 'cancelled'] as const;
export type PurchaseInvoiceStatus = (typeof PURCHASE_INVOICE_STATUSES)[number];

/** One invoiced quantity: of a receipt line, or of an order line (its receipts oldest first). */
export const purchaseInvoiceLine = z.strictObject({
  receiptLineId: id.optional(),
  purchaseOrderLineId: id.optional(),
  qty: decimalNumber('qty', { positive: true }),
  /** Default: the order line's net unit price. */
  unitPrice: decimalNumber('price', { min: 0 }).optional(),
  /** Default: the order line's. */
  taxRate: decimalNumber('rate', { min: 0 }).optional(),
});
export type PurchaseInvoiceLineRequest = z.infer<typeof purchaseInvoiceLine>;

export const purchaseInvoiceRequest = z.strictObject({
  supplierId: id.optional(),
  supplierCode: text(32).min(1, msgKey('validation.required')).optional(),
  /** Required on an invoice; an opening payable may go without. */
  supplierInvoiceNo: text(64).min(1, msgKey('validation.required')).optional(),
  date: isoDate.optional(),
  dueDate: isoDate.optional(),
  currency: currencyCode.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  /** Default: the orders' own setting. */
  pricesIncludeTax: flag.optional(),
  /** An opening payable: `amount` and no lines. */
  opening: flag.optional(),
  amount: decimalNumber('money', { positive: true }).optional(),
  lines: z.array(purchaseInvoiceLine, { error: expected('validation.type:lines') }).max(20000, msgKey('validation.too-many:lines')).optional(),
});
export type PurchaseInvoiceRequest = z.infer<typeof purchaseInvoiceRequest>;

export interface PurchaseInvoiceLineView {
  id: number;
  line: number;
  purchaseOrderLineId: number | null;
  receiptLineId: number | null;
  itemId: number | null;
  sku: string | null;
  qty: number;
  unitPrice: number;
  orderPrice: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  /** What the matched goods were received at, in base (what 2202.99 gives up). */
  baseReceiptValue: number;
  /** baseAmount − baseReceiptValue. */
  varianceBase: number;
}

/** A line priced other than its order: `amount` is the base variance. */
export interface PurchaseInvoiceVariance {
  line: number;
  orderPrice: number;
  invoicePrice: number;
  amount: number;
}

export interface PurchaseInvoiceView {
  id: number;
  number: string;
  kind: 'invoice' | 'debit-note' | 'opening';
  supplierId: number;
  supplierCode: string;
  supplierInvoiceNo: string | null;
  status: PurchaseInvoiceStatus;
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
  varianceBase: number;
  openAmount: number;
  releasedBy: number | null;
  releasedAt: string | null;
  journalEntryId: number | null;
  variances: PurchaseInvoiceVariance[];
  lines: PurchaseInvoiceLineView[];
}

const optionalId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const optionalDate = isoDate.optional();

export const purchaseInvoicesQuery = z.object({
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
  supplierId: optionalId,
  status: z.enum(PURCHASE_INVOICE_STATUSES, { error: msgKey('validation.choice') }).optional(),
  from: optionalDate,
  to: optionalDate,
  q: z.string().max(100).optional(),
});
export type PurchaseInvoicesQuery = z.infer<typeof purchaseInvoicesQuery>;

/** GET /purchase-orders/uninvoiced: received, not yet invoiced, per receipt line (the sheet's "pull"). */
export const uninvoicedQuery = z.object({
  supplierId: optionalId,
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(10000),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
});
export type UninvoicedQuery = z.infer<typeof uninvoicedQuery>;

export interface UninvoicedLineView {
  receiptLineId: number;
  purchaseOrderLineId: number;
  purchaseOrderId: number;
  orderNumber: string;
  receiptNumber: string;
  supplierId: number;
  itemId: number;
  sku: string;
  name: string;
  /** Still open to invoice on this receipt line. */
  qty: number;
  /** The order line's net unit price, in the order's currency. */
  unitPrice: number;
  taxRate: number;
  currency: string;
}
