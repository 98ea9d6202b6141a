/**
 * The purchasing documents the sheets send, as API.md and issue 9 shape
 * them, checked on the clerk's computer before anything is sent. The server's
 * own schemas (contract/purchase-*.ts) are written in parallel; these stay
 * the add-in's until they land, and then may simply re-export them.
 */
import { z } from 'zod';
import { decimalNumber } from '../../contract/decimals';
import { expected, msgKey } from '../../contract/validation-issues';

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const code = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const optionalText = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long')).optional();
const id = z.number({ error: msgKey('validation.type:id') }).int(msgKey('validation.type:id')).positive(msgKey('validation.type:id'));
const fraction = decimalNumber('rate', { min: 0 }).refine((n) => n <= 1, { message: msgKey('validation.too-large:fraction') });
const lines = <T extends z.ZodTypeAny>(line: T) =>
  z.array(line, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(20000, msgKey('validation.too-many:lines'));

export const purchaseOrderRequest = z.strictObject({
  supplierCode: code(32),
  warehouseCode: code(32),
  date: isoDate.optional(),
  expectedDate: isoDate.optional(),
  lines: lines(
    z.strictObject({
      sku: code(64),
      qty: decimalNumber('qty', { positive: true }),
      unitPrice: decimalNumber('price', { min: 0 }).optional(),
      discount: fraction.optional(),
      taxRate: fraction.optional(),
    }),
  ),
});
export type PurchaseOrderRequest = z.infer<typeof purchaseOrderRequest>;

export const goodsReceiptRequest = z.strictObject({
  purchaseOrderId: id,
  date: isoDate.optional(),
  lines: lines(z.strictObject({ lineId: id, qty: decimalNumber('qty', { positive: true }), batchNo: optionalText(64), expiryDate: isoDate.optional() })),
});
export type GoodsReceiptRequest = z.infer<typeof goodsReceiptRequest>;

export const purchaseInvoiceRequest = z.strictObject({
  supplierCode: code(32),
  supplierInvoiceNo: code(64),
  date: isoDate.optional(),
  lines: lines(z.strictObject({ receiptLineId: id, qty: decimalNumber('qty', { positive: true }), unitPrice: decimalNumber('price', { min: 0 }) })),
});
export type PurchaseInvoiceRequest = z.infer<typeof purchaseInvoiceRequest>;

export const supplierPaymentRequest = z.strictObject({
  supplierCode: code(32),
  cashAccountCode: code(32),
  date: isoDate.optional(),
  amount: decimalNumber('money', { positive: true }),
  allocations: z.array(z.strictObject({ invoiceNumber: code(64), amount: decimalNumber('money', { positive: true }) }), { error: expected('validation.type:list') }).min(1, msgKey('validation.too-few')),
});
export type SupplierPaymentRequest = z.infer<typeof supplierPaymentRequest>;

/** What the purchasing lists answer, as far as the sheets read them. */
export interface PurchaseOrderLineView {
  id: number;
  itemId: number;
  sku: string;
  name?: string;
  qty: number;
  unitPrice?: number;
  received: number;
  returned: number;
  invoiced?: number;
}

export interface PurchaseOrderView {
  id: number;
  number: string;
  status: string;
  supplierId: number;
  supplierCode?: string;
  warehouseId: number;
  warehouseCode?: string;
  date: string;
  expectedDate: string | null;
  currency?: string;
  baseTotal?: number;
  /** Lists may leave the lines out; the order is then fetched on its own. */
  lines?: PurchaseOrderLineView[];
}

export interface UninvoicedLine {
  receiptLineId: number;
  purchaseOrderLineId: number;
  orderNumber: string;
  receiptNumber: string;
  sku: string;
  name: string;
  qty: number;
  unitPrice: number;
  currency: string;
}

export interface PayableRow {
  id: number;
  number: string;
  supplierInvoiceNo: string | null;
  supplierId: number;
  supplierCode: string;
  date: string;
  dueDate: string | null;
  currency: string;
  total: number;
  openAmount: number;
  baseOpenAmount?: number;
  daysOverdue: number | null;
}

export interface InvoiceVariance {
  line: number;
  orderPrice: number;
  invoicePrice: number;
  amount: number;
}
