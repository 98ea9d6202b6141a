/**
 * The purchase orders sheet (采购订单): one row per line — supplier,
 * warehouse, dates, SKU, quantity, price, discount, tax rate — and rows with
 * the same Doc ref form one order. Posting creates drafts; an order whose
 * Approve cell says yes is then approved, and an approval refused (above the
 * user's limit) shows on its rows beside the draft's number.
 */
import type { Problem } from '../../contract/problem';
import { parseBool, parseDate, parseNumber } from './cells';
import { readTaxRate } from './cash-entry-sheet';
import { compareHeaders, DocumentKind, DocumentOutcome, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import { problemSummary } from '../api/problem-rows';
import type { PurchaseLookups, SupplierRef } from './purchase-lookups';
import { purchaseOrderRequest, PurchaseOrderRequest } from './purchasing-requests';
import type { DocKey } from './row-key';
import { readItem, readOptional, readSupplier, readWarehouse } from './row-readers';
import type { Lookups, WarehouseRef } from './lookups';
import { okStatus, RowMessage, RowStatus, warnStatus } from './row-status';

export const PURCHASE_ORDER_LAYOUT: SheetLayout = {
  kind: 'purchaseOrders',
  names: { zh: '采购订单', en: 'Purchase orders' },
  tablePrefix: 'JxcPurchaseOrders',
  columns: [
    DOC_REF_COLUMN,
    { key: 'supplier', zh: '供应商', en: 'Supplier', kind: 'text', width: 80, input: true, list: 'supplier', aliases: ['供应商编码', 'supplier code', 'vendor'] },
    { key: 'warehouse', zh: '仓库', en: 'Warehouse', kind: 'text', width: 70, input: true, list: 'warehouse', aliases: ['仓库编码', '收货仓库', 'warehouse code'] },
    { key: 'date', zh: '订单日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['日期', 'order date'] },
    { key: 'expectedDate', zh: '预计到货', en: 'Expected date', kind: 'date', width: 75, input: true, aliases: ['到货日期', 'expected', 'delivery date'] },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, input: true, list: 'sku', aliases: ['编码', '货号', 'item code'] },
    { key: 'qty', zh: '数量', en: 'Qty', kind: 'qty', width: 65, input: true, aliases: ['订货数量', 'quantity'] },
    { key: 'unitPrice', zh: '单价', en: 'Unit price', kind: 'price', width: 75, input: true, aliases: ['采购单价', 'price'] },
    { key: 'discount', zh: '折扣', en: 'Discount', kind: 'rate', width: 55, input: true, aliases: ['折扣率'] },
    { key: 'taxRate', zh: '税率', en: 'Tax rate', kind: 'rate', width: 55, input: true, aliases: ['增值税率', 'vat'] },
    { key: 'approve', zh: '审核', en: 'Approve', kind: 'bool', width: 50, input: true, aliases: ['批准', 'approved'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface PurchaseOrderHeader {
  supplier: SupplierRef | null;
  warehouse: WarehouseRef | null;
  date: string | null;
  expectedDate: string | null;
  approve: boolean;
}

export type PurchaseOrderLine = PurchaseOrderRequest['lines'][number];

/** An order line's cells — SKU, quantity, and the optional price, discount and tax rate — as the order's line (purchase and sales orders alike). */
export function readOrderLine(rows: SheetRows, index: number, stock: Lookups, messages: RowMessage[]): PurchaseOrderLine {
  const { sku } = readItem(rows, index, stock, messages);
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const unitPrice = readOptional(parseNumber(rows.cell(index, 'unitPrice'), { scale: 'price', min: 0 }), 'unitPrice', messages);
  const discount = readOptional(parseNumber(rows.cell(index, 'discount'), { scale: 'rate', min: 0 }), 'discount', messages);
  if (discount !== null && discount > 1) messages.push({ key: 'cell.rateRange', column: 'discount' });
  const taxRate = readTaxRate(rows, index, messages);
  const line: PurchaseOrderLine = { sku, qty: qty ?? 0 };
  if (unitPrice !== null) line.unitPrice = unitPrice;
  if (discount !== null) line.discount = discount;
  if (taxRate !== null) line.taxRate = taxRate;
  return line;
}

/** The Approve cell: blank is no. */
export const readApprove = (rows: SheetRows, index: number, messages: RowMessage[]): boolean => readOptional(parseBool(rows.cell(index, 'approve'), false), 'approve', messages) ?? false;

function parseOrderRow(rows: SheetRows, index: number, lookups: PurchaseLookups): ParsedRow<PurchaseOrderHeader, PurchaseOrderLine> {
  const messages: RowMessage[] = [];
  const supplier = readSupplier(rows, index, 'supplier', lookups, messages);
  const warehouse = readWarehouse(rows, index, 'warehouse', lookups.stock, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const expectedDate = readOptional(parseDate(rows.cell(index, 'expectedDate')), 'expectedDate', messages);
  const line = readOrderLine(rows, index, lookups.stock, messages);
  const approve = readApprove(rows, index, messages);
  return { header: { supplier, warehouse, date, expectedDate, approve }, line, messages };
}

/**
 * A created order: its number, and what became of its approval when one was
 * asked for — a refusal in the words `refusal` gives it for the row's line.
 */
export function orderStatus(outcome: DocumentOutcome, key: DocKey, refusal: (problem: Problem, line: number) => string = problemSummary): RowStatus {
  const number = outcome.number!;
  if (!outcome.followUp) return okStatus('row.orderDraft', { number });
  if (!outcome.followUp.problem) return okStatus('row.orderApproved', { number });
  return warnStatus('row.orderNotApproved', { number, message: refusal(outcome.followUp.problem, key.line) });
}

export const PURCHASE_ORDER_KIND: DocumentKind<PurchaseOrderHeader, PurchaseOrderLine, PurchaseLookups> = {
  layout: PURCHASE_ORDER_LAYOUT,
  refPrefix: 'po',
  parseRow: parseOrderRow,
  ...compareHeaders<PurchaseOrderHeader>(['supplier', 'warehouse', 'date', 'expectedDate', 'approve']),
  postedStatus: (outcome, key) => orderStatus(outcome, key),
  buildDocument: (h, lines): PurchaseOrderRequest => ({
    supplierCode: h.supplier!.code,
    warehouseCode: h.warehouse!.code,
    ...(h.date ? { date: h.date } : {}),
    ...(h.expectedDate ? { expectedDate: h.expectedDate } : {}),
    lines,
  }),
  schema: purchaseOrderRequest,
  fieldColumns: {
    supplierId: 'supplier',
    supplierCode: 'supplier',
    warehouseId: 'warehouse',
    warehouseCode: 'warehouse',
    date: 'date',
    expectedDate: 'expectedDate',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    unitPrice: 'unitPrice',
    discount: 'discount',
    taxRate: 'taxRate',
  },
};

/** Whether an order planned from the sheet is to be approved once created. */
export const wantsApproval = (header: unknown): boolean => (header as PurchaseOrderHeader).approve;
