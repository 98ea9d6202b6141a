/**
 * The adjustment sheet: one row per line — warehouse, reason, date, SKU,
 * signed quantity, unit cost, batch, expiry — posted as stock adjustments.
 */
import { adjustmentRequest, AdjustmentReason, AdjustmentRequest, ADJUSTMENT_REASONS } from '../../contract/stock';
import { parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import { Lookups, parseReason, WarehouseRef } from './lookups';
import { checkBatch, readItem, readOptional, readWarehouse } from './row-readers';
import { cellMessage, RowMessage } from './row-status';

export const ADJUSTMENT_LAYOUT: SheetLayout = {
  kind: 'adjustments',
  names: { zh: '库存调整', en: 'Adjustments' },
  tablePrefix: 'JxcAdjustments',
  columns: [
    DOC_REF_COLUMN,
    { key: 'warehouse', zh: '仓库', en: 'Warehouse', kind: 'text', width: 80, input: true, list: 'warehouse', aliases: ['仓库编码', 'warehouse code'] },
    { key: 'reason', zh: '原因', en: 'Reason', kind: 'text', width: 80, input: true, list: 'reason', aliases: ['调整原因'] },
    { key: 'date', zh: '日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['业务日期'] },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, input: true, list: 'sku', aliases: ['编码', '货号', 'item', 'item code'] },
    { key: 'qty', zh: '数量', en: 'Qty', kind: 'qty', width: 70, input: true, aliases: ['调整数量', 'quantity'] },
    { key: 'unitCost', zh: '单位成本', en: 'Unit cost', kind: 'price', width: 75, input: true, aliases: ['成本', '单价', 'cost'] },
    { key: 'batchNo', zh: '批号', en: 'Batch', kind: 'text', width: 75, input: true, aliases: ['批次', 'batch no', 'lot'] },
    { key: 'expiryDate', zh: '有效期至', en: 'Expiry', kind: 'date', width: 75, input: true, aliases: ['有效期', '到期日', 'expiry date'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface AdjustmentHeader {
  warehouse: WarehouseRef | null;
  reason: AdjustmentReason | null;
  date: string | null;
}

export interface AdjustmentLine {
  sku: string;
  qty: number;
  unitCost?: number;
  batchNo?: string;
  expiryDate?: string;
}

function parseAdjustmentRow(rows: SheetRows, index: number, lookups: Lookups): ParsedRow<AdjustmentHeader, AdjustmentLine> {
  const messages: RowMessage[] = [];
  const warehouse = readWarehouse(rows, index, 'warehouse', lookups, messages);
  const reasonText = parseText(rows.cell(index, 'reason'), { required: true, max: 64 });
  let reason: AdjustmentReason | null = null;
  if (!reasonText.ok) messages.push(cellMessage('reason', reasonText.error));
  else {
    reason = parseReason(reasonText.value!);
    if (!reason) messages.push({ key: 'row.badReason', params: { list: ADJUSTMENT_REASONS.join(', ') }, column: 'reason' });
  }
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const { sku, item } = readItem(rows, index, lookups, messages);
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, nonZero: true }), 'qty', messages);
  const unitCost = readOptional(parseNumber(rows.cell(index, 'unitCost'), { scale: 'price', min: 0 }), 'unitCost', messages);
  if (qty !== null && qty > 0 && unitCost === null && messages.every((m) => m.column !== 'unitCost')) {
    messages.push({ key: 'row.unitCostRequired', column: 'unitCost' });
  }
  const batchNo = readOptional(parseText(rows.cell(index, 'batchNo'), { max: 64 }), 'batchNo', messages);
  const expiryDate = readOptional(parseDate(rows.cell(index, 'expiryDate')), 'expiryDate', messages);
  checkBatch(item, (qty ?? 0) > 0, batchNo, expiryDate, messages);
  const line: AdjustmentLine = { sku, qty: qty ?? 0 };
  if (unitCost !== null) line.unitCost = unitCost;
  if (batchNo) line.batchNo = batchNo;
  if (expiryDate) line.expiryDate = expiryDate;
  return { header: { warehouse, reason, date }, line, messages };
}

export const ADJUSTMENT_KIND: DocumentKind<AdjustmentHeader, AdjustmentLine> = {
  layout: ADJUSTMENT_LAYOUT,
  refPrefix: 'adj',
  parseRow: parseAdjustmentRow,
  headerKey: (h) => `${h.warehouse?.id ?? '?'}|${h.reason ?? '?'}|${h.date ?? ''}`,
  headerDifferences: (a, b) => [
    ...(a.warehouse?.id !== b.warehouse?.id ? ['warehouse'] : []),
    ...(a.reason !== b.reason ? ['reason'] : []),
    ...(a.date !== b.date ? ['date'] : []),
  ],
  buildDocument: (h, lines): AdjustmentRequest => ({
    warehouseCode: h.warehouse!.code,
    reason: h.reason!,
    ...(h.date ? { date: h.date } : {}),
    lines,
  }),
  schema: adjustmentRequest,
  fieldColumns: {
    warehouseId: 'warehouse',
    warehouseCode: 'warehouse',
    reason: 'reason',
    date: 'date',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    unitCost: 'unitCost',
    batchNo: 'batchNo',
    expiryDate: 'expiryDate',
  },
};
