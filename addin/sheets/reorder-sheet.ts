/**
 * The reorder sheet: the server's suggestions, one row per item and
 * warehouse, with the quantity and supplier for the clerk to change. "Create
 * POs" sends each warehouse's rows as one accept (the server makes one draft
 * per supplier) and hands each row the order its item landed on, or its error.
 */
import type { ReorderSuggestion } from '../../contract/purchase-orders';
import type { ApiProblem } from '../api/api-client';
import { isKeyReusedProblem, locateErrors, problemSummary } from '../api/problem-rows';
import { Cell, isBlank, parseNumber, parseText } from './cells';
import { KEY_HEADER, SheetLayout, SheetRows } from './layout';
import type { PurchaseLookups } from './purchase-lookups';
import type { PurchaseOrderView } from './purchasing-requests';
import { decodeReorderKey, encodeReorderKey, newRef } from './row-key';
import { cellMessage, errorStatus, okStatus, RowMessage, RowStatus, warnStatus } from './row-status';

export const REORDER_LAYOUT: SheetLayout = {
  kind: 'reorder',
  names: { zh: '补货建议', en: 'Reorder' },
  tablePrefix: 'JxcReorder',
  columns: [
    { key: 'warehouse', zh: '仓库', en: 'Warehouse', kind: 'text', width: 60 },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, aliases: ['编码', '货号'] },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 140, optional: true },
    { key: 'available', zh: '可用', en: 'Available', kind: 'qty', width: 65, optional: true },
    { key: 'onOrder', zh: '在途', en: 'On order', kind: 'qty', width: 65, optional: true },
    { key: 'projected', zh: '预计', en: 'Projected', kind: 'qty', width: 65, optional: true },
    { key: 'safetyStock', zh: '安全库存', en: 'Safety', kind: 'qty', width: 65, optional: true },
    { key: 'maxStock', zh: '最高库存', en: 'Max', kind: 'qty', width: 65, optional: true },
    { key: 'reorderQty', zh: '再订货量', en: 'Reorder qty', kind: 'qty', width: 65, optional: true },
    { key: 'suggestedQty', zh: '建议数量', en: 'Suggested qty', kind: 'qty', width: 75, input: true, aliases: ['订货数量', 'qty'] },
    { key: 'supplier', zh: '供应商', en: 'Supplier', kind: 'text', width: 80, input: true, list: 'supplier', aliases: ['供应商编码', 'supplier code'] },
    { key: 'unitPrice', zh: '单价', en: 'Unit price', kind: 'price', width: 70, optional: true },
    { key: 'status', zh: '状态', en: 'Status', kind: 'status', width: 200, aliases: ['结果', 'result'] },
    { key: 'key', zh: KEY_HEADER, en: KEY_HEADER, kind: 'key', width: 10, hidden: true },
  ],
};

const blankIfNull = (v: number | string | null): Cell => (v === null ? '' : v);

export function suggestionRows(suggestions: ReorderSuggestion[]): Cell[][] {
  return suggestions.map((s) => [
    s.warehouseCode,
    s.sku,
    s.name,
    s.available,
    s.onOrder,
    s.projected,
    s.safetyStock,
    blankIfNull(s.maxStock),
    blankIfNull(s.reorderQty),
    s.suggestedQty,
    blankIfNull(s.supplierCode),
    blankIfNull(s.unitPrice),
    '',
    encodeReorderKey({ warehouseId: s.warehouseId, itemId: s.itemId }),
  ]);
}

export interface AcceptLine {
  row: number;
  itemId: number;
  qty: number;
  supplierCode: string;
}

/** One warehouse's accept: its rows in the order they are sent, under one idempotency reference. */
export interface AcceptGroup {
  warehouseId: number;
  ref: string;
  lines: AcceptLine[];
}

export interface ReorderPlan {
  groups: AcceptGroup[];
  statuses: Map<number, RowStatus>;
  keys: Map<number, string>;
  /** Rows already ordered: their number stays. */
  skipped: number;
  invalid: number;
}

export function planReorder(rows: SheetRows, lookups: PurchaseLookups): ReorderPlan {
  const plan: ReorderPlan = { groups: [], statuses: new Map(), keys: new Map(), skipped: 0, invalid: 0 };
  const groups = new Map<number, AcceptGroup>();
  for (let row = 0; row < rows.count; row++) {
    const key = decodeReorderKey(rows.cell(row, 'key'));
    if (!key) {
      if (!isBlank(rows.cell(row, 'sku')) || !isBlank(rows.cell(row, 'suggestedQty'))) {
        plan.invalid += 1;
        plan.statuses.set(row, errorStatus({ key: 'row.notPulled' }));
      }
      continue;
    }
    if (key.number) {
      plan.skipped += 1;
      continue;
    }
    const messages: RowMessage[] = [];
    const qty = parseNumber(rows.cell(row, 'suggestedQty'), { scale: 'qty', min: 0 });
    if (!qty.ok) messages.push(cellMessage('suggestedQty', qty.error));
    // A blank or zero quantity: the clerk left the suggestion out.
    if (qty.ok && !qty.value) continue;
    const text = parseText(rows.cell(row, 'supplier'), { required: true, max: 32 });
    const supplier = text.ok && text.value ? lookups.supplier(text.value) : undefined;
    if (!text.ok) messages.push(cellMessage('supplier', text.error));
    else if (!supplier) messages.push({ key: 'row.unknownSupplier', params: { value: text.value ?? '' }, column: 'supplier' });
    else if (!supplier.active) messages.push({ key: 'row.inactiveSupplier', params: { value: supplier.code }, column: 'supplier' });
    if (messages.length || !qty.ok || !supplier) {
      plan.invalid += 1;
      plan.statuses.set(row, errorStatus(...messages));
      continue;
    }
    let group = groups.get(key.warehouseId);
    if (!group) {
      group = { warehouseId: key.warehouseId, ref: key.ref ?? newRef('reorder'), lines: [] };
      groups.set(key.warehouseId, group);
      plan.groups.push(group);
    }
    group.lines.push({ row, itemId: key.itemId, qty: qty.value!, supplierCode: supplier.code });
  }
  for (const group of plan.groups) for (const line of group.lines) plan.keys.set(line.row, encodeReorderKey({ warehouseId: group.warehouseId, itemId: line.itemId, ref: group.ref }));
  return plan;
}

export interface AcceptOutcome {
  orders?: PurchaseOrderView[];
  problem?: ApiProblem;
}

/** What each sent line of a group became, by its index in the group. */
export function acceptResults(group: AcceptGroup, outcome: AcceptOutcome, excelRow: (row: number) => number): Array<{ status: RowStatus; number: string | null }> {
  if (outcome.orders) {
    const numberOf = new Map<number, string>();
    for (const order of outcome.orders) for (const line of order.lines ?? []) numberOf.set(line.itemId, order.number);
    return group.lines.map((l) => {
      const number = numberOf.get(l.itemId);
      return number ? { status: okStatus('row.orderDraft', { number }), number } : { status: warnStatus('row.notOrdered'), number: null };
    });
  }
  const problem = outcome.problem!;
  if (isKeyReusedProblem(problem)) return group.lines.map(() => ({ status: errorStatus({ key: 'row.postedEarlierDifferent' }), number: null }));
  if (problem.status === 0 || problem.status >= 500 || problem.status === 429) return group.lines.map(() => ({ status: errorStatus({ key: 'row.retry', params: { detail: problemSummary(problem) } }), number: null }));
  const errors = locateErrors(problem);
  const lineErrors = errors.filter((e) => e.line !== null);
  return group.lines.map((_, i) => {
    const mine = lineErrors.filter((e) => e.line === i);
    if (mine.length) return { status: errorStatus(...mine.map((e) => ({ key: 'row.server' as const, params: { message: e.message }, column: columnOf(e.field) }))), number: null };
    const blockers = [...new Set(lineErrors.map((e) => group.lines[e.line!]?.row).filter((r): r is number => r !== undefined))];
    const message: RowMessage = blockers.length
      ? { key: 'row.blockedBy', params: { rows: blockers.map(excelRow).join(', ') } }
      : { key: 'row.documentFailed', params: { message: problemSummary(problem) } };
    return { status: errorStatus(message), number: null };
  });
}

function columnOf(field: string | null): string | undefined {
  if (field === 'supplierCode' || field === 'supplierId') return 'supplier';
  if (field === 'qty') return 'suggestedQty';
  if (field === 'itemId' || field === 'sku') return 'sku';
  return undefined;
}
