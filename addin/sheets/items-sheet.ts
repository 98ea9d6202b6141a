/**
 * The items sheet, published like Dynamics' "publish": pulled rows carry a
 * fingerprint of what was pulled in their hidden key, so only rows the clerk
 * changed are sent (PATCH), rows without a key are created (POST, under a
 * reference kept in the key so a retry creates nothing twice), and each row
 * gets its own result. Each row also keeps the version it was pulled at, so
 * an edit made to a stale row is refused by the server (412) and flagged on
 * the row rather than written over a newer change.
 */
import { itemRequest, ItemRequest, ItemView, updateItemRequest, UpdateItemRequest } from '../../contract/master-data';
import { toValidationKey } from '../../contract/validation-issues';
import type { ApiProblem, VersionedItem } from '../api/api-client';
import { isKeyReusedProblem, locateErrors, problemSummary } from '../api/problem-rows';
import { Cell, isBlank, parseBool, parseNumber, parseText } from './cells';
import { KEY_HEADER, SheetLayout, SheetRows } from './layout';
import { decodeItemKey, encodeItemKey, fingerprint, ItemKey, newRef } from './row-key';
import { readOptional } from './row-readers';
import { errorStatus, issueMessage, okStatus, RowMessage, RowStatus } from './row-status';

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
/** Field order of a record, so a row read back fingerprints exactly as it did when pulled. */
const FIELDS = ['sku', 'name', 'unit', 'category', 'barcode', 'batchTracked', 'safetyStock', 'reorderQty', 'maxStock', 'purchasePrice', 'salePrice', 'taxRate', 'active'] as const;

export type ItemRecord = Omit<ItemRequest, 'warehouseOverrides' | 'defaultSupplierId' | 'defaultSupplierCode'>;

function ordered(record: Partial<ItemRecord>): Partial<ItemRecord> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (record[f] !== undefined) out[f] = record[f];
  return out as Partial<ItemRecord>;
}

export function recordFromItem(item: ItemView): ItemRecord {
  return ordered({
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

export function itemRows(items: VersionedItem[]): Cell[][] {
  return items.map((item) => {
    const record = recordFromItem(item);
    const cells = FIELDS.map((f) => (record[f] === null || record[f] === undefined ? '' : (record[f] as Cell)));
    return [...cells, '', item.version ?? '', encodeItemKey({ kind: 'existing', id: item.id, hash: fingerprint(record) })];
  });
}

/** The version a row was pulled at; none when the sheet has no Version column or the cell was cleared. */
function versionOf(cell: Cell): number | undefined {
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*\d+\s*$/.test(cell) ? Number(cell) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function parseItemRow(rows: SheetRows, row: number): { record: Partial<ItemRecord>; messages: RowMessage[] } {
  const messages: RowMessage[] = [];
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
  return { record: ordered(record as Partial<ItemRecord>), messages };
}

export interface ItemChange {
  row: number;
  kind: 'create' | 'update';
  id?: number;
  /** Idempotency reference of a create. */
  ref?: string;
  body: ItemRequest | UpdateItemRequest;
  /** The version an update was pulled at: the server refuses it (412) once the item has changed since. */
  version?: number;
  /** The key cell the row carries while its request is out; results are matched by it. */
  sentKey: string;
  hash: string;
}

export interface ItemPlan {
  changes: ItemChange[];
  statuses: Map<number, RowStatus>;
  keys: Map<number, string>;
  unchanged: number;
  invalid: number;
}

function isBlankItemRow(rows: SheetRows, row: number): boolean {
  return ITEMS_LAYOUT.columns.filter((c) => c.input).every((c) => isBlank(rows.cell(row, c.key)));
}

function schemaCheck(kind: 'create' | 'update', body: unknown): RowMessage[] {
  const result = (kind === 'create' ? itemRequest : updateItemRequest).safeParse(body, { error: toValidationKey });
  if (result.success) return [];
  return result.error.issues.map((i) => issueMessage(i, String(i.path[0] ?? 'sku')));
}

export function planItemPublish(rows: SheetRows): ItemPlan {
  const plan: ItemPlan = { changes: [], statuses: new Map(), keys: new Map(), unchanged: 0, invalid: 0 };
  const skuRows = new Map<string, number>();
  for (let row = 0; row < rows.count; row++) {
    if (isBlankItemRow(rows, row)) continue;
    const key: ItemKey | null = decodeItemKey(rows.cell(row, 'key'));
    const { record, messages } = parseItemRow(rows, row);
    const skuId = String(record.sku ?? '').toLowerCase();
    if (skuId && skuRows.has(skuId)) messages.push({ key: 'row.duplicateSku', params: { row: rows.excelRow(skuRows.get(skuId)!) }, column: 'sku' });
    if (skuId && !skuRows.has(skuId)) skuRows.set(skuId, row);
    const hash = fingerprint(record);
    if (messages.length === 0 && key?.kind === 'existing' && key.hash === hash) {
      plan.unchanged += 1;
      continue;
    }
    const kind = key?.kind === 'existing' ? 'update' : 'create';
    if (messages.length === 0) messages.push(...schemaCheck(kind, record));
    if (messages.length) {
      plan.invalid += 1;
      plan.statuses.set(row, errorStatus(...messages));
      continue;
    }
    if (key?.kind === 'existing') {
      const version = versionOf(rows.cell(row, 'version'));
      plan.changes.push({ row, kind, id: key.id, body: record as UpdateItemRequest, ...(version === undefined ? {} : { version }), sentKey: encodeItemKey(key), hash });
      continue;
    }
    const ref = key?.kind === 'new' && key.state === 'pending' ? key.ref : newRef('item');
    const sentKey = encodeItemKey({ kind: 'new', state: 'pending', ref });
    plan.keys.set(row, sentKey);
    plan.changes.push({ row, kind, ref, body: record as ItemRequest, sentKey, hash });
  }
  return plan;
}

export interface ItemOutcome {
  status: number;
  item?: VersionedItem;
  problem?: ApiProblem;
}

export interface ItemResult {
  status: RowStatus;
  /** The key cell to write, or null to leave it as it is. */
  key: string | null;
  /** The version cell to write: the item's version after a successful write. */
  version: number | null;
}

/** The server refused the write because the item changed after the row was pulled. */
export function isStaleWrite(problem: ApiProblem | undefined): boolean {
  return problem?.status === 412 || problem?.code === 'version.stale';
}

/** A row's status, key and version once the server answered its request. */
export function itemResult(change: ItemChange, outcome: ItemOutcome): ItemResult {
  if (outcome.status >= 200 && outcome.status < 300 && outcome.item) {
    const key = encodeItemKey({ kind: 'existing', id: outcome.item.id, hash: fingerprint(recordFromItem(outcome.item)) });
    return { status: okStatus(change.kind === 'create' ? 'row.created' : 'row.updated'), key, version: outcome.item.version ?? null };
  }
  return { ...failedItemResult(change, outcome), version: null };
}

function failedItemResult(change: ItemChange, outcome: ItemOutcome): Omit<ItemResult, 'version'> {
  const problem: ApiProblem = outcome.problem ?? { type: 'about:blank', title: `HTTP ${outcome.status}`, status: outcome.status };
  // The key keeps the pulled fingerprint: the row stays unpublished until it is pulled again.
  if (isStaleWrite(problem)) return { status: errorStatus({ key: 'row.changedOnServer' }), key: null };
  if (isKeyReusedProblem(problem)) return { status: errorStatus({ key: 'row.postedEarlierDifferent' }), key: null };
  if (outcome.status === 0 || outcome.status >= 500 || outcome.status === 429) {
    return { status: errorStatus({ key: 'row.retry', params: { detail: problemSummary(problem) } }), key: null };
  }
  const errors = locateErrors(problem);
  const messages: RowMessage[] = errors.length
    ? errors.map((e) => ({ key: 'row.server', params: { message: e.message }, column: e.field ?? undefined }))
    : [{ key: 'row.server', params: { message: problemSummary(problem) } }];
  const failedKey = change.kind === 'create' ? encodeItemKey({ kind: 'new', state: 'failed', ref: change.ref! }) : null;
  return { status: errorStatus(...messages), key: failedKey };
}

/** Rows edited or added since the last pull or publish: pulling again would throw them away. */
export function countUnpublished(rows: SheetRows): number {
  let count = 0;
  for (let row = 0; row < rows.count; row++) {
    if (isBlankItemRow(rows, row)) continue;
    const key = decodeItemKey(rows.cell(row, 'key'));
    if (key?.kind !== 'existing' || key.hash !== fingerprint(parseItemRow(rows, row).record)) count += 1;
  }
  return count;
}
