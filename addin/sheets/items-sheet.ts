/**
 * The items sheet, published as every master-data sheet is (record-sheet.ts):
 * only changed rows are sent, each with the version it was pulled at.
 */
import { itemRequest, ItemRequest, ItemView, updateItemRequest, UpdateItemRequest } from '../../contract/master-data';
import type { ApiProblem, VersionedItem } from '../api/api-client';
import { parseBool, parseNumber, parseText } from './cells';
import { KEY_HEADER, SheetLayout, SheetRows } from './layout';
import { countUnpublishedRecords, orderedRecord, planRecordPublish, RecordChange, RecordPlan, RecordResult, recordResult, recordRows, RecordSheet } from './record-sheet';
import { readOptional } from './row-readers';
import type { RowMessage } from './row-status';

export { isStaleWrite } from './record-sheet';

export const ITEMS_LAYOUT: SheetLayout = {
  kind: 'items',
  names: { zh: '商品', en: 'Items' },
  tablePrefix: 'JxcItems',
  columns: [
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, input: true, aliases: ['编码', '货号', 'item code'] },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 160, input: true, aliases: ['商品名称', '品名'] },
    { key: 'unit', zh: '单位', en: 'Unit', kind: 'text', width: 45, input: true, aliases: ['计量单位', 'uom'] },
    { key: 'category', zh: '类别', en: 'Category', kind: 'text', width: 80, input: true, optional: true, aliases: ['分类'] },
    { key: 'barcode', zh: '条码', en: 'Barcode', kind: 'text', width: 100, input: true, optional: true, aliases: ['条形码', 'ean'] },
    { key: 'batchTracked', zh: '批次管理', en: 'Batch tracked', kind: 'bool', width: 60, input: true, optional: true, aliases: ['批次', 'batch'] },
    { key: 'safetyStock', zh: '安全库存', en: 'Safety stock', kind: 'qty', width: 70, input: true, optional: true },
    { key: 'reorderQty', zh: '再订货量', en: 'Reorder qty', kind: 'qty', width: 70, input: true, optional: true, aliases: ['订货量'] },
    { key: 'maxStock', zh: '最高库存', en: 'Max stock', kind: 'qty', width: 70, input: true, optional: true },
    { key: 'purchasePrice', zh: '采购价', en: 'Purchase price', kind: 'price', width: 75, input: true, optional: true, aliases: ['进价'] },
    { key: 'salePrice', zh: '销售价', en: 'Sale price', kind: 'price', width: 75, input: true, optional: true, aliases: ['售价'] },
    { key: 'taxRate', zh: '税率', en: 'Tax rate', kind: 'rate', width: 55, input: true, optional: true, aliases: ['增值税率', 'vat'] },
    { key: 'active', zh: '启用', en: 'Active', kind: 'bool', width: 50, input: true, optional: true, aliases: ['有效', '状态启用'] },
    { key: 'status', zh: '状态', en: 'Status', kind: 'status', width: 200, aliases: ['结果', 'result'] },
    // Optional so that a sheet pulled before versions existed still publishes (without the stale-write check).
    { key: 'version', zh: '版本', en: 'Version', kind: 'version', width: 10, hidden: true, optional: true },
    { key: 'key', zh: KEY_HEADER, en: KEY_HEADER, kind: 'key', width: 10, hidden: true },
  ],
};

const TEXT_FIELDS = { sku: 64, name: 200, unit: 16, category: 64, barcode: 64 } as const;
const QTY_FIELDS = ['safetyStock', 'reorderQty', 'maxStock'] as const;
const PRICE_FIELDS = ['purchasePrice', 'salePrice'] as const;
const FIELDS = ['sku', 'name', 'unit', 'category', 'barcode', 'batchTracked', 'safetyStock', 'reorderQty', 'maxStock', 'purchasePrice', 'salePrice', 'taxRate', 'active'] as const;

export type ItemRecord = Omit<ItemRequest, 'warehouseOverrides' | 'defaultSupplierId' | 'defaultSupplierCode'>;

export function recordFromItem(item: ItemView): ItemRecord {
  return orderedRecord<ItemRecord>(FIELDS, {
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    category: item.category,
    barcode: item.barcode,
    batchTracked: item.batchTracked,
    safetyStock: item.safetyStock,
    reorderQty: item.reorderQty,
    maxStock: item.maxStock,
    purchasePrice: item.purchasePrice,
    salePrice: item.salePrice,
    taxRate: item.taxRate,
    active: item.active,
  }) as ItemRecord;
}

function parseItemRow(rows: SheetRows, row: number, messages: RowMessage[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [field, max] of Object.entries(TEXT_FIELDS)) {
    if (!rows.has(field)) continue;
    const required = field === 'sku' || field === 'name' || field === 'unit';
    record[field] = readOptional(parseText(rows.cell(row, field), { required, max }), field, messages);
  }
  for (const field of QTY_FIELDS) if (rows.has(field)) record[field] = readOptional(parseNumber(rows.cell(row, field), { scale: 'qty', min: 0 }), field, messages);
  for (const field of PRICE_FIELDS) if (rows.has(field)) record[field] = readOptional(parseNumber(rows.cell(row, field), { scale: 'price', min: 0 }), field, messages);
  if (rows.has('taxRate')) {
    const rate = readOptional(parseNumber(rows.cell(row, 'taxRate'), { scale: 'rate', min: 0 }), 'taxRate', messages);
    if (rate !== null && rate > 1) messages.push({ key: 'cell.rateRange', column: 'taxRate' });
    record.taxRate = rate;
  }
  if (rows.has('batchTracked')) record.batchTracked = readOptional(parseBool(rows.cell(row, 'batchTracked'), false), 'batchTracked', messages);
  if (rows.has('active')) record.active = readOptional(parseBool(rows.cell(row, 'active'), true), 'active', messages);
  return record;
}

export const ITEMS_SHEET: RecordSheet<VersionedItem, ItemRecord> = {
  layout: ITEMS_LAYOUT,
  fields: FIELDS,
  identity: 'sku',
  duplicate: 'row.duplicateSku',
  refPrefix: 'item',
  recordOf: recordFromItem,
  parseRow: parseItemRow,
  createSchema: itemRequest,
  updateSchema: updateItemRequest,
};

export const itemRows = (items: VersionedItem[]) => recordRows(ITEMS_SHEET, items);

export type ItemChange = RecordChange<ItemRequest | UpdateItemRequest>;
export type ItemPlan = RecordPlan<ItemRequest | UpdateItemRequest>;
export const planItemPublish = (rows: SheetRows): ItemPlan => planRecordPublish(ITEMS_SHEET, rows);

export interface ItemOutcome {
  status: number;
  item?: VersionedItem;
  problem?: ApiProblem;
}
export type ItemResult = RecordResult;

/** A row's status, key and version once the server answered its request. */
export const itemResult = (change: ItemChange, outcome: ItemOutcome): ItemResult => recordResult(ITEMS_SHEET, change, { status: outcome.status, record: outcome.item, problem: outcome.problem });

/** Rows edited or added since the last pull or publish: pulling again would throw them away. */
export const countUnpublished = (rows: SheetRows): number => countUnpublishedRecords(ITEMS_SHEET, rows);
