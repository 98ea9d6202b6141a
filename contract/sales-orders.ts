import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id, version } from './platform';
import { code, currency, fraction, isoDate, itemRef, lines, page, queryId, text, warehouseRef } from './order-fields';
import { msgKey } from './validation-issues';

/*
 * Sales orders (API.md "Sales and customers"), shaped like purchase orders:
 * credit-checked and reserved on approval. Quantities ≤ 3 decimals, unit
 * prices ≤ 4, rates, discounts and tax rates ≤ 6, money ≤ 2.
 */


const customerRef = { customerId: id.optional(), customerCode: code(32).optional() };

export const salesOrderLine = z.strictObject({
  ...itemRef,
  qty: decimalNumber('qty', { positive: true }),
  /** Default: the item's salePrice; none → 422. */
  unitPrice: decimalNumber('price', { min: 0 }).optional(),
  discount: fraction.optional(),
  taxRate: decimalNumber('rate', { min: 0 }).optional(),
});
export type SalesOrderLineRequest = z.infer<typeof salesOrderLine>;

const header = {
  date: isoDate.optional(),
  requestedDate: isoDate.nullable().optional(),
  currency: currency.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  pricesIncludeTax: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
  note: text(500).nullable().optional(),
  /** The user the sale is credited to; default the creator. */
  salespersonId: id.nullable().optional(),
};

export const createSalesOrderRequest = z.strictObject({ ...customerRef, ...warehouseRef, ...header, lines: lines(salesOrderLine) });
export type CreateSalesOrderRequest = z.infer<typeof createSalesOrderRequest>;

/** Header fields and/or the whole `lines`; `version` (or If-Match) guards against a stale sheet. */
export const updateSalesOrderRequest = z.strictObject({ ...customerRef, ...warehouseRef, ...header, lines: lines(salesOrderLine).optional(), version: version.optional() });
export type UpdateSalesOrderRequest = z.infer<typeof updateSalesOrderRequest>;

/** POST /sales-orders/:id/approve */
export const approveSalesOrderRequest = z.strictObject({ overrideCredit: z.boolean({ error: msgKey('validation.type:boolean') }).optional() });
export type ApproveSalesOrderRequest = z.infer<typeof approveSalesOrderRequest>;

export const SALES_ORDER_STATUSES = ['draft', 'approved', 'partial', 'done', 'closed', 'cancelled'] as const;
export type SalesOrderStatus = (typeof SALES_ORDER_STATUSES)[number];

export const salesOrdersQuery = z.object({
  ...page,
  status: z.enum(SALES_ORDER_STATUSES, { error: msgKey('validation.choice') }).optional(),
  customerId: queryId,
  warehouseId: queryId,
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().max(100).optional(),
});
export type SalesOrdersQuery = z.infer<typeof salesOrdersQuery>;

/** GET /sales-orders/open-lines: approved lines still to ship, with what is available (the shipments sheet's "pull"). */
export const openLinesQuery = z.object({ ...page, customerId: queryId, warehouseId: queryId, salesOrderId: queryId, limit: page.limit.default(10000) });
export type OpenLinesQuery = z.infer<typeof openLinesQuery>;

export interface SalesOrderLineView {
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
  /** What the order holds of this line now (the gate's reservations). */
  reserved: number;
  shipped: number;
  returned: number;
  invoiced: number;
  /** qty − shipped + returned (never below zero). */
  toShip: number;
  /** shipped − returned − invoiced. */
  toInvoice: number;
}

export interface SalesOrderView {
  id: number;
  number: string;
  status: SalesOrderStatus;
  customerId: number;
  customerCode: string;
  warehouseId: number;
  warehouseCode: string;
  date: string;
  requestedDate: string | null;
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
  salespersonId: number | null;
  approvedBy: number | null;
  approvedAt: string | null;
  creditOverrideBy: number | null;
  closedAt: string | null;
  version: number;
  warnings: unknown[];
  lines: SalesOrderLineView[];
}

export interface OpenSalesLineView {
  salesOrderId: number;
  orderNumber: string;
  lineId: number;
  line: number;
  customerId: number;
  customerCode: string;
  warehouseId: number;
  warehouseCode: string;
  itemId: number;
  sku: string;
  name: string;
  batchTracked: boolean;
  ordered: number;
  shipped: number;
  /** Still to ship. */
  remaining: number;
  /** Held for this line. */
  reserved: number;
  /** Free stock of the item in the warehouse beside this order's own reservation. */
  available: number;
}

/** GET /customers/:id/credit (base currency). */
export interface CustomerCreditView {
  customerId: number;
  customerCode: string;
  creditLimit: number | null;
  openReceivables: number;
  openOrders: number;
  used: number;
  /** null when there is no limit. */
  available: number | null;
}

/** GET /sales-orders/:id/tracking: where an order is (sales tracking). */
export interface SalesOrderTrackingView {
  id: number;
  number: string;
  status: SalesOrderStatus;
  customerId: number;
  date: string;
  ordered: number;
  reserved: number;
  shipped: number;
  returned: number;
  invoiced: number;
  /** Base cents: invoiced total (with tax) and what receipts and credit notes settled of it. */
  invoicedAmount: number;
  paidAmount: number;
  openAmount: number;
  shipments: Array<{ id: number; number: string; date: string; status: string }>;
  invoices: Array<{ id: number; number: string; date: string; kind: string; total: number; openAmount: number; status: string }>;
  lines: Array<{ lineId: number; sku: string; ordered: number; reserved: number; shipped: number; returned: number; invoiced: number }>;
}
