import { z } from 'zod';
import { decimalNumber } from './decimals';
import type { Problem } from './problem';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const batchNo = z.string({ error: msgKey('validation.type:text') }).trim().max(64, msgKey('validation.too-long'));
const note = z.string({ error: msgKey('validation.type:text') }).max(500, msgKey('validation.too-long'));
const lines = <T extends z.ZodTypeAny>(line: T) =>
  z.array(line, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(20000, msgKey('validation.too-many:lines'));

/** Reasons offered in the adjustment sheet's dropdown; `opening` is opening stock. */
export const ADJUSTMENT_REASONS = ['opening', 'correction', 'damage', 'loss', 'found', 'internal-use', 'sample', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Wherever an id is taken, a code is accepted instead (API.md "References"). */
const code = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const itemRef = { itemId: id.optional(), sku: code(64).optional() };
const warehouseCode = code(32).optional();

export const adjustmentLine = z.strictObject({
  ...itemRef,
  qty: decimalNumber('qty', { nonZero: true }),
  unitCost: decimalNumber('price', { min: 0 }).optional(),
  batchNo: batchNo.optional(),
  expiryDate: isoDate.optional(),
});

export const adjustmentRequest = z.strictObject({
  warehouseId: id.optional(),
  warehouseCode,
  reason: z.enum(ADJUSTMENT_REASONS, { error: msgKey('validation.choice') }),
  date: isoDate.optional(),
  note: note.optional(),
  lines: lines(adjustmentLine),
});
export type AdjustmentRequest = z.infer<typeof adjustmentRequest>;

export const transferLine = z.strictObject({
  ...itemRef,
  qty: decimalNumber('qty', { positive: true }),
  batchNo: batchNo.optional(),
});

export const transferRequest = z.strictObject({
  fromWarehouseId: id.optional(),
  fromWarehouseCode: warehouseCode,
  toWarehouseId: id.optional(),
  toWarehouseCode: warehouseCode,
  date: isoDate.optional(),
  note: note.optional(),
  lines: lines(transferLine),
});
export type TransferRequest = z.infer<typeof transferRequest>;

/**
 * Many documents in one request (an Excel sheet grouped by its document-ref
 * column). Each document posts in its own transaction and is idempotent by
 * its `ref`, exactly as a single POST with `Idempotency-Key: <ref>`.
 */
export const batchOf = <T extends z.ZodTypeAny>(doc: T) =>
  z.strictObject({
    documents: z
      .array(z.object({ ref: z.string({ error: msgKey('validation.required') }).min(1, msgKey('validation.required')).max(200, msgKey('validation.too-long')), document: z.unknown() }), {
        error: expected('validation.type:documents'),
      })
      .min(1, msgKey('validation.too-few:documents'))
      .max(10000, msgKey('validation.too-many')),
  }).transform((b) => ({ documents: b.documents as Array<{ ref: string; document: z.input<T> }> }));

export interface BatchResult {
  ref: string;
  status: number;
  /** On success: the created document (`{id, number, ...}`). */
  document?: { id: number; number: string } & Record<string, unknown>;
  problem?: Problem;
}

/** A posted adjustment or transfer; its lines are the ledger moves it made (a FEFO issue may span batches). */
export interface DocumentResult {
  id: number;
  number: string;
  date: string;
  lines: Array<{ line: number; itemId: number; sku: string; warehouseId: number; batchNo: string | null; expiryDate: string | null; qty: number; unitCost: number; value: number }>;
}

export const stocktakeRequest = z.strictObject({
  warehouseId: id.optional(),
  warehouseCode,
  /** Count only these items; leave it out to count everything in the warehouse. */
  itemIds: z.array(id, { error: msgKey('validation.type:item-list') }).min(1, msgKey('validation.too-few:item-ids')).max(100000, msgKey('validation.too-many')).optional(),
  note: note.optional(),
});

export const stocktakeCountsRequest = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        ...itemRef,
        batchNo: batchNo.optional(),
        countedQty: decimalNumber('qty', { min: 0 }),
      }),
      { error: expected('validation.type:lines') },
    )
    .min(1, msgKey('validation.too-few:lines'))
    .max(100000, msgKey('validation.too-many')),
});

export interface StocktakeView {
  id: number;
  number: string;
  warehouseId: number;
  status: 'open' | 'posted';
  createdAt: string;
  postedAt: string | null;
  lines: Array<{ itemId: number; sku: string; name: string; unit: string; batchNo: string | null; bookQty: number; countedQty: number | null }>;
}

export interface StocktakePosted {
  id: number;
  number: string;
  status: 'posted';
  variances: Array<{ itemId: number; sku: string; batchNo: string | null; qty: number; value: number }>;
}

export interface BalanceRow {
  itemId: number;
  sku: string;
  name: string;
  unit: string;
  category: string | null;
  warehouseId: number;
  warehouseCode: string;
  batchNo: string | null;
  expiryDate: string | null;
  onHand: number;
  reserved: number;
  available: number;
  unitCost: number;
  value: number;
  /** Only with `?withReservations=true`: who holds what is reserved. */
  reservedBy?: Array<{ docType: string; docId: number; number: string; qty: number }>;
}

export interface LedgerRow {
  id: number;
  at: string;
  date: string;
  itemId: number;
  sku: string;
  warehouseId: number;
  batchNo: string | null;
  qty: number;
  unitCost: number;
  value: number;
  docType: string;
  docId: number;
  docNumber: string;
  userId: number | null;
}

export interface AlertRow {
  kind: 'low' | 'over' | 'expiring' | 'expired';
  itemId: number;
  sku: string;
  name: string;
  warehouseId: number;
  warehouseCode: string;
  batchNo: string | null;
  available: number;
  threshold: number | null;
  expiryDate: string | null;
}
