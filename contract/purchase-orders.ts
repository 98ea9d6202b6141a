import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id, version } from './platform';
import { code, currency, fraction, isoDate, itemRef, lines, page, queryId, text, warehouseRef } from './order-fields';
import { expected, msgKey } from './validation-issues';

/*
 * Purchase orders and reorder suggestions (API.md "Purchasing and suppliers").
 * Quantities ≤ 3 decimals, unit prices ≤ 4, rates, discounts and tax rates ≤ 6, money ≤ 2.
 */


const supplierRef = { supplierId: id.optional(), supplierCode: code(32).optional() };

export const purchaseOrderLine = z.strictObject({
  ...itemRef,
  qty: decimalNumber('qty', { positive: true }),
  unitPrice: decimalNumber('price', { min: 0 }).optional(),
  discount: fraction.optional(),
  taxRate: decimalNumber('rate', { min: 0 }).optional(),
});
export type PurchaseOrderLineRequest = z.infer<typeof purchaseOrderLine>;

const header = {
  date: isoDate.optional(),
  expectedDate: isoDate.nullable().optional(),
  currency: currency.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  pricesIncludeTax: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
  note: text(500).nullable().optional(),
};

export const createPurchaseOrderRequest = z.strictObject({
  ...supplierRef,
  ...warehouseRef,
  ...header,
  lines: lines(purchaseOrderLine),
});
export type CreatePurchaseOrderRequest = z.infer<typeof createPurchaseOrderRequest>;

/** Header fields and/or the whole `lines`; `version` (or If-Match) guards against a stale sheet. */
export const updatePurchaseOrderRequest = z.strictObject({
  ...supplierRef,
  ...warehouseRef,
  ...header,
  lines: lines(purchaseOrderLine).optional(),
  version: version.optional(),
});
export type UpdatePurchaseOrderRequest = z.infer<typeof updatePurchaseOrderRequest>;

export const PURCHASE_ORDER_STATUSES = ['draft', 'approved', 'partial', 'done', 'closed', 'cancelled'] as const;

export const purchaseOrdersQuery = z.object({
  ...page,
  status: z.enum(PURCHASE_ORDER_STATUSES, { error: msgKey('validation.choice') }).optional(),
  supplierId: queryId,
  warehouseId: queryId,
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().max(100).optional(),
});
export type PurchaseOrdersQuery = z.infer<typeof purchaseOrdersQuery>;

export const suggestionsQuery = z.object({ ...page, warehouseId: queryId });
export type SuggestionsQuery = z.infer<typeof suggestionsQuery>;

export const acceptSuggestionsRequest = z.strictObject({
  ...warehouseRef,
  lines: z
    .array(z.strictObject({ ...itemRef, qty: decimalNumber('qty', { positive: true }).optional(), ...supplierRef }), { error: expected('validation.type:lines') })
    .min(1, msgKey('validation.too-few:lines'))
    .max(20000, msgKey('validation.too-many:lines'))
    .optional(),
});
export type AcceptSuggestionsRequest = z.infer<typeof acceptSuggestionsRequest>;

/** A price above the supplier's contract price: the order is still saved, the line is named. */
export interface PurchaseOrderWarning {
  code: 'purchase-order.above-contract';
  path: string;
  row: number;
  unitPrice: number;
  contractPrice: number;
}

export interface PurchaseOrderLineView {
  id: number;
  line: number;
  itemId: number;
  sku: string;
  qty: number;
  unitPrice: number;
  discount: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  /** Net unit cost in base currency (4 decimals): what receipts bring stock in at. */
  baseUnitCost: number;
  /** The supplier's contract price valid on the order's date, when there is one. */
  contractPrice: number | null;
  received: number;
  returned: number;
  invoiced: number;
  /** qty − received + returned (never below zero). */
  toReceive: number;
  /** received − returned − invoiced. */
  toInvoice: number;
}

export interface PurchaseOrderView {
  id: number;
  number: string;
  status: (typeof PURCHASE_ORDER_STATUSES)[number];
  supplierId: number;
  supplierCode: string;
  warehouseId: number;
  warehouseCode: string;
  date: string;
  expectedDate: string | null;
  currency: string;
  rate: number;
  pricesIncludeTax: boolean;
  subtotal: number;
  tax: number;
  total: number;
  baseSubtotal: number;
  baseTax: number;
  baseTotal: number;
  note: string | null;
  approvedBy: number | null;
  approvedAt: string | null;
  closedAt: string | null;
  version: number;
  warnings: PurchaseOrderWarning[];
  lines: PurchaseOrderLineView[];
}

export interface ReorderSuggestion {
  itemId: number;
  sku: string;
  name: string;
  warehouseId: number;
  warehouseCode: string;
  available: number;
  onOrder: number;
  projected: number;
  safetyStock: number;
  maxStock: number | null;
  reorderQty: number | null;
  suggestedQty: number;
  supplierId: number | null;
  supplierCode: string | null;
  unitPrice: number | null;
}
