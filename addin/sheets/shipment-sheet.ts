/**
 * The shipments sheet (销售出库): "Pull approved lines to ship" writes one row
 * per approved order line still to ship — order, customer, SKU, ordered,
 * shipped, remaining, what the order holds (reserved) and what else is free
 * (available) — and the clerk types what leaves (quantity, and a batch when
 * it must be that one; otherwise the server takes the earliest expiry).
 * Rows of one order form one shipment (a Doc ref splits an order into
 * several); rows left blank are not sent. More than the order still has to
 * ship is the server's to refuse, on the row.
 */
import { batchShipmentRequest, BatchShipmentRequest } from '../../contract/shipments';
import type { OpenSalesLineView } from '../../contract/sales-orders';
import { Cell, parseDate, parseNumber, parseText } from './cells';
import { compareHeaders, DocumentKind, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, sameColumns, SheetLayout, SheetRows } from './layout';
import { RECEIPT_LAYOUT } from './receipt-sheet';
import type { Lookups } from './lookups';
import { checkBatch, readItem, readOptional, readPulledId } from './row-readers';
import type { RowMessage } from './row-status';

export const SHIPMENT_LAYOUT: SheetLayout = {
  kind: 'shipments',
  names: { zh: '销售出库', en: 'Shipments' },
  tablePrefix: 'JxcShipments',
  columns: [
    DOC_REF_COLUMN,
    { key: 'order', zh: '订单号', en: 'Order', kind: 'text', width: 110, required: true, aliases: ['销售订单', 'so', 'order number'] },
    ...sameColumns(RECEIPT_LAYOUT, 'lineId'),
    { key: 'customer', zh: '客户', en: 'Customer', kind: 'text', width: 70 },
    ...sameColumns(RECEIPT_LAYOUT, 'warehouse', 'sku', 'name', 'ordered'),
    { key: 'shipped', zh: '已发数量', en: 'Shipped', kind: 'qty', width: 65 },
    { key: 'remaining', zh: '未发数量', en: 'Remaining', kind: 'qty', width: 65, aliases: ['open', 'to ship'] },
    { key: 'reserved', zh: '已预留', en: 'Reserved', kind: 'qty', width: 65 },
    { key: 'available', zh: '可用库存', en: 'Available', kind: 'qty', width: 65 },
    { key: 'date', zh: '出库日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['日期', 'ship date', 'shipment date'] },
    { key: 'qty', zh: '本次发货', en: 'Qty shipped now', kind: 'qty', width: 75, input: true, aliases: ['发货数量', 'qty now', 'ship now'] },
    ...sameColumns(RECEIPT_LAYOUT, 'batchNo'),
    DOC_STATUS_COLUMN,
    { key: 'orderId', zh: 'JXC order', en: 'JXC order', kind: 'key', width: 10, hidden: true, required: true },
    DOC_KEY_COLUMN,
  ],
};

export interface ShipmentHeader {
  /** The order's id (from the hidden column); compared under the Order column. */
  order: number | null;
  date: string | null;
}

export type ShipmentLine = BatchShipmentRequest['lines'][number];

/** One row per open line, in order number and line order, as the server lists them. */
export function shipLineRows(lines: OpenSalesLineView[]): Cell[][] {
  const sorted = [...lines].sort((a, b) => (a.orderNumber < b.orderNumber ? -1 : a.orderNumber > b.orderNumber ? 1 : a.line - b.line));
  return sorted.map((l) => ['', l.orderNumber, String(l.lineId), l.customerCode, l.warehouseCode, l.sku, l.name, l.ordered, l.shipped, l.remaining, l.reserved, l.available, '', '', '', '', String(l.salesOrderId), '']);
}

function parseShipmentRow(rows: SheetRows, index: number, lookups: Lookups): ParsedRow<ShipmentHeader, ShipmentLine> {
  const messages: RowMessage[] = [];
  const orderId = readPulledId(rows, index, 'orderId', messages, 'order');
  const lineId = readPulledId(rows, index, 'lineId', messages);
  const { item } = readItem(rows, index, lookups, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const batchNo = readOptional(parseText(rows.cell(index, 'batchNo'), { max: 64 }), 'batchNo', messages);
  checkBatch(item, false, batchNo, null, messages);
  const line: ShipmentLine = { lineId: lineId ?? 0, qty: qty ?? 0 };
  if (batchNo) line.batchNo = batchNo;
  return { header: { order: orderId, date }, line, messages };
}

export const SHIPMENT_KIND: DocumentKind<ShipmentHeader, ShipmentLine, Lookups> = {
  layout: SHIPMENT_LAYOUT,
  refPrefix: 'sh',
  parseRow: parseShipmentRow,
  ...compareHeaders<ShipmentHeader>(['order', 'date']),
  buildDocument: (h, lines): BatchShipmentRequest => ({ salesOrderId: h.order!, ...(h.date ? { date: h.date } : {}), lines }),
  schema: batchShipmentRequest,
  fieldColumns: {
    salesOrderId: 'order',
    date: 'date',
    lineId: 'lineId',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    batchNo: 'batchNo',
  },
};
