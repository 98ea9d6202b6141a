/**
 * The count (盘点) sheet: a stocktake's lines with their book quantities; the
 * clerk types what was counted; posting sends the counts, posts the
 * stocktake and writes each line's variance back beside it. Once posted,
 * each row's key keeps the stocktake's number and what the row held, so a
 * count changed afterwards is flagged rather than marked posted again.
 */
import type { StocktakePosted, StocktakeView } from '../../contract/stock';
import { locateErrors, problemSummary } from '../api/problem-rows';
import type { Problem } from '../../contract/problem';
import { Cell, isBlank, parseNumber, parseText } from './cells';
import { KEY_HEADER, SheetLayout, SheetRows } from './layout';
import { cellsFingerprint, CountKey, decodeCountKey, encodeCountKey } from './row-key';
import { readOptional } from './row-readers';
import { ERROR_MARK, errorStatus, infoStatus, okStatus, RowMessage, RowStatus } from './row-status';

export const COUNT_LAYOUT: SheetLayout = {
  kind: 'count',
  names: { zh: '盘点', en: 'Count' },
  tablePrefix: 'JxcCount',
  columns: [
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, required: true, aliases: ['编码', '货号', 'item'] },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 150 },
    { key: 'unit', zh: '单位', en: 'Unit', kind: 'text', width: 40 },
    { key: 'batchNo', zh: '批号', en: 'Batch', kind: 'text', width: 75, required: true, aliases: ['批次', 'lot'] },
    { key: 'bookQty', zh: '账面数量', en: 'Book qty', kind: 'qty', width: 75 },
    { key: 'countedQty', zh: '实盘数量', en: 'Counted qty', kind: 'qty', width: 80, input: true, aliases: ['实盘', '盘点数量', 'counted', 'count'] },
    { key: 'variance', zh: '差异', en: 'Variance', kind: 'qty', width: 70, required: true, aliases: ['盘盈亏', 'difference'] },
    { key: 'status', zh: '状态', en: 'Status', kind: 'status', width: 200, aliases: ['结果', 'result'] },
    { key: 'key', zh: KEY_HEADER, en: KEY_HEADER, kind: 'key', width: 10, hidden: true },
  ],
};

/** Count sheets are named after their stocktake: "盘点 ST-2026-000001". */
export function countSheetName(layoutName: string, number: string): string {
  return `${layoutName} ${number}`;
}

export function countRows(view: StocktakeView): Cell[][] {
  return view.lines.map((l) => [
    l.sku,
    l.name,
    l.unit,
    l.batchNo ?? '',
    l.bookQty,
    l.countedQty ?? '',
    '',
    '',
    encodeCountKey({ stocktakeId: view.id, itemId: l.itemId, batchNo: l.batchNo }),
  ]);
}

export interface CountLine {
  row: number;
  itemId?: number;
  sku: string;
  batchNo: string | null;
  countedQty: number;
}

export interface CountPlan {
  stocktakeId: number | null;
  lines: CountLine[];
  errors: Map<number, RowStatus>;
  uncounted: number[];
  /** The stocktake's number when the sheet says it was posted already. */
  postedNumber: string | null;
  /** For a posted sheet: rows changed since (flagged) and rows flagged before but restored (✓ again). */
  postedStatuses: Map<number, RowStatus>;
  editedAfterPost: number;
  /** The key of every row being sent, to be marked posted once the stocktake is. */
  keys: Map<number, CountKey>;
  hashes: Map<number, string>;
}

const lineId = (sku: string, batchNo: string | null) => `${sku.toLowerCase()}|${batchNo ?? ''}`;

/** What a count row holds that posting depends on. */
function countRowHash(rows: SheetRows, row: number): string {
  return cellsFingerprint([rows.cell(row, 'sku'), rows.cell(row, 'batchNo'), rows.cell(row, 'countedQty')]);
}

function flagEdited(plan: CountPlan, row: number, number: string): void {
  plan.editedAfterPost += 1;
  plan.postedStatuses.set(row, errorStatus({ key: 'row.countEditedAfterPost', params: { number } }));
}

function checkPostedRow(rows: SheetRows, row: number, posted: NonNullable<CountKey['posted']>, plan: CountPlan): void {
  plan.postedNumber ??= posted.number;
  if (posted.hash !== countRowHash(rows, row)) flagEdited(plan, row, posted.number);
  else if (String(rows.cell(row, 'status')).trim().startsWith(ERROR_MARK)) plan.postedStatuses.set(row, okStatus('row.posted', { number: posted.number }));
}

export function planCount(rows: SheetRows): CountPlan {
  const plan: CountPlan = { stocktakeId: null, lines: [], errors: new Map(), uncounted: [], postedNumber: null, postedStatuses: new Map(), editedAfterPost: 0, keys: new Map(), hashes: new Map() };
  const seen = new Map<string, number>();
  for (let row = 0; row < rows.count; row++) {
    const key = decodeCountKey(rows.cell(row, 'key'));
    if (key && plan.stocktakeId === null) plan.stocktakeId = key.stocktakeId;
    if (key?.posted) {
      checkPostedRow(rows, row, key.posted, plan);
      continue;
    }
    const skuCell = rows.cell(row, 'sku');
    if (!key && isBlank(skuCell) && isBlank(rows.cell(row, 'countedQty'))) continue;
    if (key) plan.keys.set(row, key);
    plan.hashes.set(row, countRowHash(rows, row));
    if (isBlank(rows.cell(row, 'countedQty'))) {
      plan.uncounted.push(row);
      continue;
    }
    const messages: RowMessage[] = [];
    const counted = readOptional(parseNumber(rows.cell(row, 'countedQty'), { scale: 'qty', required: true, min: 0 }), 'countedQty', messages);
    const sku = readOptional(parseText(skuCell, { required: true, max: 64 }), 'sku', messages) ?? '';
    const batchNo = readOptional(parseText(rows.cell(row, 'batchNo'), { max: 64 }), 'batchNo', messages);
    const id = lineId(sku, batchNo);
    const earlier = seen.get(id);
    if (earlier !== undefined) messages.push({ key: 'row.duplicateLine', params: { row: rows.excelRow(earlier) }, column: 'countedQty' });
    seen.set(id, row);
    if (messages.length) {
      plan.errors.set(row, errorStatus(...messages));
      continue;
    }
    plan.lines.push({ row, ...(key ? { itemId: key.itemId } : {}), sku, batchNo, countedQty: counted! });
  }
  // Counts typed into rows the posted stocktake did not mark never reach it: flagged, not sent.
  if (plan.postedNumber !== null) {
    for (const line of plan.lines) flagEdited(plan, line.row, plan.postedNumber);
    plan.lines = [];
    plan.uncounted = [];
  }
  return plan;
}

/** The keys of the rows just posted: each keeps the stocktake's number and what it held when posted. */
export function postedCountKeys(plan: CountPlan, number: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const [row, key] of plan.keys) out.set(row, encodeCountKey({ ...key, posted: { number, hash: plan.hashes.get(row)! } }));
  return out;
}

export function countsRequest(lines: CountLine[]): { lines: Array<{ itemId?: number; sku?: string; batchNo?: string; countedQty: number }> } {
  return {
    lines: lines.map((l) => ({
      ...(l.itemId ? { itemId: l.itemId } : { sku: l.sku }),
      ...(l.batchNo ? { batchNo: l.batchNo } : {}),
      countedQty: l.countedQty,
    })),
  };
}

/** Rows the server refused in the counts request, by the `lines[i]` of each error. */
export function countErrorStatuses(lines: CountLine[], problem: Problem): Map<number, RowStatus> {
  const perRow = new Map<number, RowMessage[]>();
  const general: RowMessage[] = [];
  for (const e of locateErrors(problem)) {
    const column = e.field === 'countedQty' || e.field === 'batchNo' ? e.field : 'sku';
    const message: RowMessage = { key: 'row.server', params: { message: e.message }, column };
    const target = e.line === null ? undefined : lines[e.line];
    if (target) perRow.set(target.row, [...(perRow.get(target.row) ?? []), message]);
    else general.push(message);
  }
  const out = new Map<number, RowStatus>();
  for (const [row, messages] of perRow) out.set(row, errorStatus(...messages));
  if (out.size === 0) {
    const status = errorStatus(...(general.length ? general : [{ key: 'row.documentFailed' as const, params: { message: problemSummary(problem) } }]));
    for (const l of lines) out.set(l.row, status);
  }
  return out;
}

export interface CountOutcome {
  variance: Map<number, number | ''>;
  statuses: Map<number, RowStatus>;
  withVariance: number;
}

/** Each counted row's variance (0 when the server reports none for it) and the stocktake number. */
export function applyCountResult(lines: CountLine[], uncounted: number[], posted: StocktakePosted): CountOutcome {
  const byItem = new Map<string, number>();
  for (const v of posted.variances) {
    const k = `${v.itemId}|${v.batchNo ?? ''}`;
    byItem.set(k, (byItem.get(k) ?? 0) + v.qty);
    const s = `${v.sku.toLowerCase()}|${v.batchNo ?? ''}`;
    byItem.set(s, (byItem.get(s) ?? 0) + v.qty);
  }
  const out: CountOutcome = { variance: new Map(), statuses: new Map(), withVariance: posted.variances.filter((v) => v.qty !== 0).length };
  for (const l of lines) {
    const qty = l.itemId !== undefined ? byItem.get(`${l.itemId}|${l.batchNo ?? ''}`) : byItem.get(lineId(l.sku, l.batchNo));
    out.variance.set(l.row, qty ?? 0);
    out.statuses.set(l.row, okStatus('row.posted', { number: posted.number }));
  }
  for (const row of uncounted) out.statuses.set(row, infoStatus('row.notCounted'));
  return out;
}
