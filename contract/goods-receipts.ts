import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

/** Goods receipts against purchase orders, and purchase returns (API.md "Purchasing and suppliers"). */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const code = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const batchNo = z.string({ error: msgKey('validation.type:text') }).trim().max(64, msgKey('validation.too-long'));
const lines = <T extends z.ZodTypeAny>(line: T) =>
  z.array(line, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(20000, msgKey('validation.too-many:lines'));

export const receiptLine = z.strictObject({
  /** The purchase order line; or the item, when it is on one line of the order only. */
  lineId: id.optional(),
  itemId: id.optional(),
  sku: code(64).optional(),
  qty: decimalNumber('qty', { positive: true }),
  batchNo: batchNo.optional(),
  expiryDate: isoDate.optional(),
});

/** POST /purchase-orders/:id/receipts */
export const receiptRequest = z.strictObject({
  date: isoDate.optional(),
  lines: lines(receiptLine),
});
export type ReceiptRequest = z.infer<typeof receiptRequest>;

/** A document of POST /goods-receipts/batch: the order named in the body. */
export const batchReceiptRequest = receiptRequest.extend({ purchaseOrderId: id });
export type BatchReceiptRequest = z.infer<typeof batchReceiptRequest>;

const optionalId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const optionalDate = isoDate.optional();
export const receiptsQuery = z.object({
  purchaseOrderId: optionalId,
  supplierId: optionalId,
  warehouseId: optionalId,
  from: optionalDate,
  to: optionalDate,
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
});
export type ReceiptsQuery = z.infer<typeof receiptsQuery>;

export interface ReceiptLineView {
  id: number;
  line: number;
  lineId: number;
  itemId: number;
  sku: string;
  batchNo: string | null;
  expiryDate: string | null;
  qty: number;
  unitCost: number;
  value: number;
  returned: number;
  invoiced: number;
}

export interface ReceiptView {
  id: number;
  number: string;
  status: 'posted' | 'cancelled';
  purchaseOrderId: number;
  purchaseOrderNumber: string;
  supplierId: number;
  warehouseId: number;
  date: string;
  baseValue: number;
  reversalOf: number | null;
  reversedBy: number | null;
  lines: ReceiptLineView[];
}

export const returnLine = z.strictObject({
  /** The receipt line; or the item (and batch), when that names one line of the receipt. */
  receiptLineId: id.optional(),
  itemId: id.optional(),
  sku: code(64).optional(),
  qty: decimalNumber('qty', { positive: true }),
  batchNo: batchNo.optional(),
});

/** POST /purchase-returns */
export const returnRequest = z.strictObject({
  supplierId: id.optional(),
  supplierCode: code(32).optional(),
  receiptId: id,
  date: isoDate.optional(),
  reason: z.string({ error: msgKey('validation.type:text') }).max(200, msgKey('validation.too-long')).optional(),
  lines: lines(returnLine),
});
export type ReturnRequest = z.infer<typeof returnRequest>;

export interface ReturnLineView {
  id: number;
  line: number;
  receiptLineId: number;
  lineId: number;
  itemId: number;
  sku: string;
  batchNo: string | null;
  qty: number;
  unitCost: number;
  value: number;
}

export interface ReturnView {
  id: number;
  number: string;
  supplierId: number;
  receiptId: number;
  warehouseId: number;
  date: string;
  reason: string | null;
  baseValue: number;
  debitNoteId: number | null;
  lines: ReturnLineView[];
}
