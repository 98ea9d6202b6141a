/**
 * The receipts sheet (采购入库): "Pull open PO lines" writes one row per order
 * line still to receive — order, line, SKU, ordered, received, remaining —
 * and the clerk types what arrived (quantity, batch, expiry). Rows of one
 * order form one receipt (a Doc ref splits an order into several); rows
 * left blank are not sent. Whether a quantity is more than the order allows
 * (its over-receipt tolerance) is the server's to say, on the row.
 */
import { Cell, parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import type { Lookups } from './lookups';
import { goodsReceiptRequest, GoodsReceiptRequest, PurchaseOrderView } from './purchasing-requests';
import { checkBatch, readItem, readOptional, readPulledId } from './row-readers';
import type { RowMessage } from './row-status';

export const RECEIPT_LAYOUT: SheetLayout = {
  kind: 'receipts',
  names: { zh: '采购入库', en: 'Receipts' },
  tablePrefix: 'JxcReceipts',
  columns: [
    DOC_REF_COLUMN,
    { key: 'order', zh: '订单号', en: 'Order', kind: 'text', width: 110, required: true, aliases: ['采购订单', 'po', 'order number'] },
    { key: 'lineId', zh: '订单行', en: 'Line id', kind: 'text', width: 50, required: true, aliases: ['行号', 'line'] },
    { key: 'supplier', zh: '供应商', en: 'Supplier', kind: 'text', width: 70 },
    { key: 'warehouse', zh: '仓库', en: 'Warehouse', kind: 'text', width: 60 },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, required: true, aliases: ['编码', '货号', 'item code'] },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 140, aliases: ['商品名称', '品名'] },
    { key: 'ordered', zh: '订货数量', en: 'Ordered', kind: 'qty', width: 65 },
    { key: 'received', zh: '已收数量', en: 'Received', kind: 'qty', width: 65 },
    { key: 'remaining', zh: '未收数量', en: 'Remaining', kind: 'qty', width: 65, aliases: ['open'] },
    { key: 'date', zh: '入库日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['日期', 'receipt date'] },
    { key: 'qty', zh: '本次实收', en: 'Qty received now', kind: 'qty', width: 75, input: true, aliases: ['实收数量', 'qty now', 'received now'] },
    { key: 'batchNo', zh: '批次号', en: 'Batch', kind: 'text', width: 80, input: true, aliases: ['批号', 'batch no', 'lot'] },
    { key: 'expiryDate', zh: '有效期至', en: 'Expiry', kind: 'date', width: 75, input: true, aliases: ['到期日', '失效日期', 'expiry date'] },
    DOC_STATUS_COLUMN,
    { key: 'orderId', zh: 'JXC order', en: 'JXC order', kind: 'key', width: 10, hidden: true, required: true },
    DOC_KEY_COLUMN,
  ],
};

export interface ReceiptHeader {
  orderId: number | null;
  order: string;
  date: string | null;
}

export type ReceiptLine = GoodsReceiptRequest['lines'][number];

/** Remaining to receive on an order line: ordered − received + returned (a return reopens the line). */
export function remainingOf(line: { qty: number; received: number; returned: number }): number {
  return Math.round((line.qty - line.received + line.returned) * 1000) / 1000;
}

/** One row per order line still to receive, in order and line order. */
export function openLineRows(orders: PurchaseOrderView[], supplierCodes: Map<number, string>, warehouseCodes: Map<number, string>): Cell[][] {
  const rows: Cell[][] = [];
  for (const order of orders) {
    for (const line of order.lines ?? []) {
      const remaining = remainingOf(line);
      if (remaining <= 0) continue;
      const supplier = order.supplierCode ?? supplierCodes.get(order.supplierId) ?? String(order.supplierId);
      const warehouse = order.warehouseCode ?? warehouseCodes.get(order.warehouseId) ?? String(order.warehouseId);
      rows.push(['', order.number, String(line.id), supplier, warehouse, line.sku, line.name ?? '', line.qty, line.received - line.returned, remaining, '', '', '', '', '', String(order.id), '']);
    }
  }
  return rows;
}

function parseReceiptRow(rows: SheetRows, index: number, lookups: Lookups): ParsedRow<ReceiptHeader, ReceiptLine> {
  const messages: RowMessage[] = [];
  const orderId = readPulledId(rows, index, 'orderId', messages);
  const lineId = readPulledId(rows, index, 'lineId', messages);
  const { item } = readItem(rows, index, lookups, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const batchNo = readOptional(parseText(rows.cell(index, 'batchNo'), { max: 64 }), 'batchNo', messages);
  const expiryDate = readOptional(parseDate(rows.cell(index, 'expiryDate')), 'expiryDate', messages);
  checkBatch(item, true, batchNo, expiryDate, messages);
  const line: ReceiptLine = { lineId: lineId ?? 0, qty: qty ?? 0 };
  if (batchNo) line.batchNo = batchNo;
  if (expiryDate) line.expiryDate = expiryDate;
  return { header: { orderId, order: String(rows.cell(index, 'order')).trim(), date }, line, messages };
}

export const RECEIPT_KIND: DocumentKind<ReceiptHeader, ReceiptLine, Lookups> = {
  layout: RECEIPT_LAYOUT,
  refPrefix: 'gr',
  parseRow: parseReceiptRow,
  headerKey: (h) => `${h.orderId ?? '?'}|${h.date ?? ''}`,
  headerDifferences: (a, b) => [...(a.orderId !== b.orderId ? ['order'] : []), ...(a.date !== b.date ? ['date'] : [])],
  buildDocument: (h, lines): GoodsReceiptRequest => ({ purchaseOrderId: h.orderId!, ...(h.date ? { date: h.date } : {}), lines }),
  schema: goodsReceiptRequest,
  fieldColumns: {
    purchaseOrderId: 'order',
    date: 'date',
    lineId: 'lineId',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    batchNo: 'batchNo',
    expiryDate: 'expiryDate',
  },
};
