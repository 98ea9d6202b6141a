/**
 * The sales orders sheet (销售订单): one row per line — customer, warehouse,
 * date, SKU, quantity, price, discount, tax rate — and rows with the same Doc
 * ref form one order. A blank price takes the item's sale price on the
 * server. Posting creates drafts; an order whose Approve cell says yes is
 * then approved, and an approval refused — above the customer's credit
 * limit, short of stock, above the user's limit — shows on its rows beside
 * the draft's number, in the server's words: the limit, what is used and
 * this order; or, on each short line, how much is missing.
 */
import { createSalesOrderRequest, CreateSalesOrderRequest } from '../../contract/sales-orders';
import type { Problem } from '../../contract/problem';
import { locateErrors, problemSummary } from '../api/problem-rows';
import { parseDate } from './cells';
import { compareHeaders, DocumentKind, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, sameColumns, SheetLayout, SheetRows } from './layout';
import type { WarehouseRef } from './lookups';
import { orderStatus, PURCHASE_ORDER_LAYOUT, readApprove, readOrderLine } from './purchase-order-sheet';
import { readOptional, readWarehouse } from './row-readers';
import type { RowMessage } from './row-status';
import { CustomerRef, readCustomer, SalesLookups } from './sales-lookups';

export const SALES_ORDER_LAYOUT: SheetLayout = {
  kind: 'salesOrders',
  names: { zh: '销售订单', en: 'Sales orders' },
  tablePrefix: 'JxcSalesOrders',
  columns: [
    DOC_REF_COLUMN,
    { key: 'customer', zh: '客户', en: 'Customer', kind: 'text', width: 80, input: true, list: 'customer', aliases: ['客户编码', 'customer code', 'client'] },
    { key: 'warehouse', zh: '发货仓库', en: 'Warehouse', kind: 'text', width: 70, input: true, list: 'warehouse', aliases: ['仓库', '仓库编码', 'warehouse code'] },
    ...sameColumns(PURCHASE_ORDER_LAYOUT, 'date', 'sku', 'qty'),
    { key: 'unitPrice', zh: '单价', en: 'Unit price', kind: 'price', width: 75, input: true, aliases: ['销售单价', 'price'] },
    ...sameColumns(PURCHASE_ORDER_LAYOUT, 'discount', 'taxRate', 'approve'),
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface SalesOrderHeader {
  customer: CustomerRef | null;
  warehouse: WarehouseRef | null;
  date: string | null;
  approve: boolean;
}

export type SalesOrderLine = CreateSalesOrderRequest['lines'][number];

function parseOrderRow(rows: SheetRows, index: number, lookups: SalesLookups): ParsedRow<SalesOrderHeader, SalesOrderLine> {
  const messages: RowMessage[] = [];
  const customer = readCustomer(rows, index, 'customer', lookups, messages);
  const warehouse = readWarehouse(rows, index, 'warehouse', lookups.stock, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const line = readOrderLine(rows, index, lookups.stock, messages);
  const approve = readApprove(rows, index, messages);
  return { header: { customer, warehouse, date, approve }, line, messages };
}

/**
 * Why an approval was refused, as a row of the order reads it: its own line's
 * complaints (a short line says how much is missing), else the order's (the
 * credit limit, used and this order), else the summary naming the lines.
 */
export function approvalRefusal(problem: Problem, line: number): string {
  const errors = locateErrors(problem);
  const own = errors.filter((e) => e.line === line);
  if (own.length) return own.map((e) => e.message).join('; ');
  const general = errors.filter((e) => e.line === null);
  if (general.length) return general.map((e) => e.message).join('; ');
  const others = [...new Set(errors.filter((e) => e.line !== null).map((e) => e.line! + 1))];
  return others.length ? `${problemSummary(problem)} (#${others.slice(0, 5).join(', #')})` : problemSummary(problem);
}

export const SALES_ORDER_KIND: DocumentKind<SalesOrderHeader, SalesOrderLine, SalesLookups> = {
  layout: SALES_ORDER_LAYOUT,
  refPrefix: 'so',
  parseRow: parseOrderRow,
  ...compareHeaders<SalesOrderHeader>(['customer', 'warehouse', 'date', 'approve']),
  postedStatus: (outcome, key) => orderStatus(outcome, key, approvalRefusal),
  buildDocument: (h, lines): CreateSalesOrderRequest => ({
    customerCode: h.customer!.code,
    warehouseCode: h.warehouse!.code,
    ...(h.date ? { date: h.date } : {}),
    lines,
  }),
  schema: createSalesOrderRequest,
  fieldColumns: {
    customerId: 'customer',
    customerCode: 'customer',
    warehouseId: 'warehouse',
    warehouseCode: 'warehouse',
    date: 'date',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    unitPrice: 'unitPrice',
    discount: 'discount',
    taxRate: 'taxRate',
    creditLimit: 'customer',
  },
};
