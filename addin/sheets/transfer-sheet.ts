/**
 * The transfer sheet: one row per line — from and to warehouse, date, SKU,
 * quantity, batch — posted as transfers between warehouses.
 */
import { transferRequest, TransferRequest } from '../../contract/stock';
import { parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import type { Lookups, WarehouseRef } from './lookups';
import { checkBatch, readItem, readOptional, readWarehouse } from './row-readers';
import type { RowMessage } from './row-status';

export const TRANSFER_LAYOUT: SheetLayout = {
  kind: 'transfers',
  names: { zh: '调拨', en: 'Transfers' },
  tablePrefix: 'JxcTransfers',
  columns: [
    DOC_REF_COLUMN,
    { key: 'fromWarehouse', zh: '调出仓库', en: 'From warehouse', kind: 'text', width: 85, input: true, list: 'warehouse', aliases: ['调出', 'from'] },
    { key: 'toWarehouse', zh: '调入仓库', en: 'To warehouse', kind: 'text', width: 85, input: true, list: 'warehouse', aliases: ['调入', 'to'] },
    { key: 'date', zh: '日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['业务日期'] },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, input: true, list: 'sku', aliases: ['编码', '货号', 'item', 'item code'] },
    { key: 'qty', zh: '数量', en: 'Qty', kind: 'qty', width: 70, input: true, aliases: ['调拨数量', 'quantity'] },
    { key: 'batchNo', zh: '批号', en: 'Batch', kind: 'text', width: 75, input: true, aliases: ['批次', 'batch no', 'lot'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface TransferHeader {
  from: WarehouseRef | null;
  to: WarehouseRef | null;
  date: string | null;
}

export interface TransferLine {
  sku: string;
  qty: number;
  batchNo?: string;
}

function parseTransferRow(rows: SheetRows, index: number, lookups: Lookups): ParsedRow<TransferHeader, TransferLine> {
  const messages: RowMessage[] = [];
  const from = readWarehouse(rows, index, 'fromWarehouse', lookups, messages);
  const to = readWarehouse(rows, index, 'toWarehouse', lookups, messages);
  if (from && to && from.id === to.id) messages.push({ key: 'row.sameWarehouse', column: 'toWarehouse' });
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const { sku, item } = readItem(rows, index, lookups, messages);
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const batchNo = readOptional(parseText(rows.cell(index, 'batchNo'), { max: 64 }), 'batchNo', messages);
  checkBatch(item, false, batchNo, null, messages);
  const line: TransferLine = { sku, qty: qty ?? 0 };
  if (batchNo) line.batchNo = batchNo;
  return { header: { from, to, date }, line, messages };
}

export const TRANSFER_KIND: DocumentKind<TransferHeader, TransferLine> = {
  layout: TRANSFER_LAYOUT,
  refPrefix: 'trf',
  parseRow: parseTransferRow,
  headerKey: (h) => `${h.from?.id ?? '?'}|${h.to?.id ?? '?'}|${h.date ?? ''}`,
  headerDifferences: (a, b) => [
    ...(a.from?.id !== b.from?.id ? ['fromWarehouse'] : []),
    ...(a.to?.id !== b.to?.id ? ['toWarehouse'] : []),
    ...(a.date !== b.date ? ['date'] : []),
  ],
  buildDocument: (h, lines): TransferRequest => ({
    fromWarehouseCode: h.from!.code,
    toWarehouseCode: h.to!.code,
    ...(h.date ? { date: h.date } : {}),
    lines,
  }),
  schema: transferRequest,
  fieldColumns: {
    fromWarehouseId: 'fromWarehouse',
    fromWarehouseCode: 'fromWarehouse',
    toWarehouseId: 'toWarehouse',
    toWarehouseCode: 'toWarehouse',
    date: 'date',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    batchNo: 'batchNo',
  },
};
