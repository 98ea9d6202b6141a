import type { StocktakeView } from '../../contract/stock';
import { translator } from '../../addin/i18n';
import { applyCountResult, COUNT_LAYOUT, countErrorStatuses, countRows, countsRequest, planCount, postedCountKeys } from '../../addin/sheets/count-sheet';
import { decodeCountKey, encodeCountKey } from '../../addin/sheets/row-key';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import { sheetRows } from '../support/sheet-rows';

const view: StocktakeView = {
  id: 7,
  number: 'STK-2026-000003',
  warehouseId: 10,
  status: 'open',
  createdAt: '2026-03-01T00:00:00Z',
  postedAt: null,
  lines: [
    { itemId: 1, sku: 'A-001', name: '螺丝 M3', unit: '个', batchNo: null, bookQty: 10, countedQty: null },
    { itemId: 2, sku: 'B-002', name: 'Milk 牛奶', unit: 'box', batchNo: 'L1', bookQty: 4.5, countedQty: null },
    { itemId: 2, sku: 'B-002', name: 'Milk 牛奶', unit: 'box', batchNo: 'L2', bookQty: 1, countedQty: 1 },
  ],
};
const text = (s: RowStatus | undefined) => (s ? renderStatus(s, COUNT_LAYOUT, translator('zh'), 'zh') : '');

function sheetFrom(counted: Array<string | number>) {
  const keys = COUNT_LAYOUT.columns.map((c) => c.key);
  const data = countRows(view).map((cells, i) => {
    const r = Object.fromEntries(keys.map((k, j) => [k, cells[j]!]));
    return { ...r, countedQty: counted[i] ?? '' };
  });
  return sheetRows(COUNT_LAYOUT, data);
}

describe('Count sheet', () => {
  test('A stocktake becomes rows with book quantities, an empty counted column (or what was counted) and a key per line', () => {
    const rows = countRows(view);
    expect(rows[0]).toEqual(['A-001', '螺丝 M3', '个', '', 10, '', '', '', 'C|7|1|']);
    expect(rows[2]![5]).toBe(1);
    expect(decodeCountKey(rows[1]![8])).toEqual({ stocktakeId: 7, itemId: 2, batchNo: 'L1' });
  });

  test('Counted rows become count lines by item and batch; blank counts stay uncounted', () => {
    const plan = planCount(sheetFrom([9, '', 0]));
    expect(plan.stocktakeId).toBe(7);
    expect(plan.uncounted).toEqual([1]);
    expect(countsRequest(plan.lines)).toEqual({ lines: [{ itemId: 1, countedQty: 9 }, { itemId: 2, batchNo: 'L2', countedQty: 0 }] });
  });

  test('Text, negative counts and too many decimals are marked on their rows', () => {
    const plan = planCount(sheetFrom(['九', -1, 1.0001]));
    expect(text(plan.errors.get(0))).toBe('✗ 实盘数量: 不是数字（“九”）');
    expect(text(plan.errors.get(1))).toBe('✗ 实盘数量: 不能为负数');
    expect(text(plan.errors.get(2))).toBe('✗ 实盘数量: 最多 3 位小数');
  });

  test('A row the clerk added for an item found on the shelf is counted by its SKU', () => {
    const rows = sheetRows(COUNT_LAYOUT, [
      { sku: 'A-001', countedQty: 3, key: encodeCountKey({ stocktakeId: 7, itemId: 1, batchNo: null }) },
      { sku: 'C-3', countedQty: 2 },
    ]);
    expect(countsRequest(planCount(rows).lines)).toEqual({ lines: [{ itemId: 1, countedQty: 3 }, { sku: 'C-3', countedQty: 2 }] });
  });

  test('The same item and batch counted twice is refused on the second row', () => {
    const rows = sheetRows(COUNT_LAYOUT, [
      { sku: 'A-001', countedQty: 3 },
      { sku: 'a-001', countedQty: 4 },
    ]);
    expect(text(planCount(rows).errors.get(1))).toBe('✗ 实盘数量: 重复盘点（另见第 2 行）');
  });

  test('Posted variances go beside their rows; counted rows without a variance show 0; uncounted rows say so', () => {
    const plan = planCount(sheetFrom([9, '', 1]));
    const result = applyCountResult(plan.lines, plan.uncounted, {
      id: 7,
      number: 'STK-2026-000003',
      status: 'posted',
      variances: [{ itemId: 1, sku: 'A-001', batchNo: null, qty: -1, value: -2.5 }],
    });
    expect(result.variance.get(0)).toBe(-1);
    expect(result.variance.get(2)).toBe(0);
    expect(text(result.statuses.get(0))).toBe('✓ STK-2026-000003');
    expect(text(result.statuses.get(1))).toBe('未盘点');
    expect(result.withVariance).toBe(1);
  });

  test('Once posted, every row of the stocktake keeps its number; a row changed since, or counted anew, is flagged and nothing is sent', () => {
    const plan = planCount(sheetFrom([9, '', 1]));
    const keys = postedCountKeys(plan, 'STK-2026-000003');
    expect([...keys.keys()]).toEqual([0, 1, 2]);
    expect(decodeCountKey(keys.get(1))).toMatchObject({ itemId: 2, batchNo: 'L1', posted: { number: 'STK-2026-000003' } });
    const keyed = (counted: Array<string | number>) => {
      const rows = sheetFrom(counted);
      rows.grid.rows.forEach((r, i) => (r[rows.positions.get('key')!] = keys.get(i)!));
      return planCount(rows);
    };
    expect(keyed([9, '', 1])).toMatchObject({ postedNumber: 'STK-2026-000003', editedAfterPost: 0, lines: [] });
    const changed = keyed([9, 4, '']);
    expect(changed.editedAfterPost).toBe(2);
    expect(changed.postedStatuses.has(0)).toBe(false);
    expect(text(changed.postedStatuses.get(1))).toBe('✗ 已在盘点单 STK-2026-000003 中过账后被修改——未发送；如需更正，请新建盘点单');
    expect(changed.lines).toEqual([]);

    const added = sheetRows(COUNT_LAYOUT, [
      { sku: 'A-001', countedQty: 9, key: keys.get(0)! },
      { sku: 'C-3', countedQty: 2 },
    ]);
    const plan2 = planCount(added);
    expect(plan2).toMatchObject({ editedAfterPost: 1, lines: [] });
    expect(text(plan2.postedStatuses.get(1))).toContain('STK-2026-000003');
  });

  test('Errors the server gives for count lines land on those lines', () => {
    const plan = planCount(sheetFrom([9, 2, 1]));
    const statuses = countErrorStatuses(plan.lines, { type: 'about:blank', title: 'Invalid', status: 422, errors: [{ path: 'lines[1].batchNo', message: 'this item is batch-tracked: name the batch counted', row: 1 }] });
    expect(text(statuses.get(1))).toBe('✗ 批号: this item is batch-tracked: name the batch counted');
    expect(statuses.has(0)).toBe(false);
  });
});
