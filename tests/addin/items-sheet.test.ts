import type { VersionedItem } from '../../addin/api/api-client';
import { translator } from '../../addin/i18n';
import { countUnpublished, itemResult, itemRows, ITEMS_LAYOUT, planItemPublish } from '../../addin/sheets/items-sheet';
import { decodeItemKey } from '../../addin/sheets/row-key';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import type { Cell } from '../../addin/sheets/cells';
import { sheetRows } from '../support/sheet-rows';

const item = (over: Partial<VersionedItem> = {}): VersionedItem => ({
  id: 1,
  sku: 'A-001',
  name: '螺丝 M3',
  unit: '个',
  category: '五金',
  barcode: null,
  batchTracked: false,
  safetyStock: 10,
  reorderQty: null,
  maxStock: null,
  defaultSupplierId: null,
  purchasePrice: 0.125,
  salePrice: 0.2,
  taxRate: 0.13,
  active: true,
  warehouseOverrides: [],
  version: 4,
  ...over,
});
const keys = ITEMS_LAYOUT.columns.map((c) => c.key);
const asRecords = (rows: Cell[][]) => rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i]!])));
const text = (s: RowStatus | undefined) => (s ? renderStatus(s, ITEMS_LAYOUT, translator('en'), 'en') : '');

describe('Items sheet', () => {
  test('Pulled items read back unchanged are not sent', () => {
    const rows = sheetRows(ITEMS_LAYOUT, asRecords(itemRows([item(), item({ id: 2, sku: '00123', name: 'Milk 牛奶', category: null })])));
    const plan = planItemPublish(rows);
    expect(plan.changes).toHaveLength(0);
    expect(plan.unchanged).toBe(2);
    expect(countUnpublished(rows)).toBe(0);
  });

  test('An edited row is sent as an update of its item; a new row as a create under a reference kept in its key', () => {
    const data = asRecords(itemRows([item()]));
    data[0]!.salePrice = 0.25;
    data.push({ sku: 'N-1', name: '新商品', unit: '箱', batchTracked: '是', taxRate: 0.09 });
    const rows = sheetRows(ITEMS_LAYOUT, data);
    const plan = planItemPublish(rows);
    expect(plan.changes.map((c) => [c.kind, c.id ?? null])).toEqual([
      ['update', 1],
      ['create', null],
    ]);
    expect(plan.changes[0]!.body).toMatchObject({ salePrice: 0.25, sku: 'A-001' });
    expect(plan.changes[1]!.body).toEqual({ sku: 'N-1', name: '新商品', unit: '箱', category: null, barcode: null, batchTracked: true, safetyStock: null, reorderQty: null, maxStock: null, purchasePrice: null, salePrice: null, taxRate: 0.09, active: true });
    expect(decodeItemKey(plan.keys.get(1))).toEqual({ kind: 'new', state: 'pending', ref: plan.changes[1]!.ref });
    expect(countUnpublished(rows)).toBe(2);
  });

  test('Each pulled row keeps its version; an update is sent with it, a create without one', () => {
    const data = asRecords(itemRows([item(), item({ id: 2, sku: 'B-002', version: undefined })]));
    expect(data.map((r) => r.version)).toEqual([4, '']);
    data[0]!.name = '螺丝 M4';
    data[1]!.name = 'Pulled before versions';
    data.push({ sku: 'N-1', name: 'New', unit: '个', version: 7 });
    const plan = planItemPublish(sheetRows(ITEMS_LAYOUT, data));
    expect(plan.changes.map((c) => [c.kind, c.version])).toEqual([
      ['update', 4],
      ['update', undefined],
      ['create', undefined],
    ]);
    expect(plan.changes[0]!.body).not.toHaveProperty('version');
  });

  test('A stale write (412) is flagged on its row and leaves the key as pulled; a success hands the row the new version', () => {
    const data = asRecords(itemRows([item()]));
    data[0]!.salePrice = 0.3;
    const [change] = planItemPublish(sheetRows(ITEMS_LAYOUT, data)).changes;
    const stale = itemResult(change!, { status: 412, problem: { type: 'about:blank', title: 'Precondition Failed', status: 412, code: 'version.stale', currentVersion: 5 } });
    expect(text(stale.status)).toBe('✗ changed on the server since you pulled it — pull again');
    expect(renderStatus(stale.status, ITEMS_LAYOUT, translator('zh'), 'zh')).toBe('✗ 拉取后服务器上已被修改，请重新拉取');
    expect(stale).toMatchObject({ key: null, version: null });
    const byCode = itemResult(change!, { status: 409, problem: { type: 'about:blank', title: 'x', status: 409, code: 'version.stale' } });
    expect(text(byCode.status)).toBe('✗ changed on the server since you pulled it — pull again');
    expect(itemResult(change!, { status: 200, item: item({ salePrice: 0.3, version: 5 }) }).version).toBe(5);
  });

  test('Missing names, duplicate SKUs, bad prices and rates are marked without sending', () => {
    const rows = sheetRows(ITEMS_LAYOUT, [
      { sku: 'X-1', name: '', unit: '个' },
      { sku: 'X-2', name: 'Two', unit: '个', purchasePrice: 'cheap' },
      { sku: 'x-2', name: 'Dup', unit: '个' },
      { sku: 'X-3', name: 'Three', unit: '个', taxRate: 13 },
      { sku: 'X-4', name: 'Four', unit: '个', salePrice: 1.23456 },
    ]);
    const plan = planItemPublish(rows);
    expect(plan.changes).toHaveLength(0);
    expect(text(plan.statuses.get(0))).toBe('✗ Name: is required');
    expect(text(plan.statuses.get(1))).toBe('✗ Purchase price: is not a number ("cheap")');
    expect(text(plan.statuses.get(2))).toBe('✗ SKU: SKU repeats row 3');
    expect(text(plan.statuses.get(3))).toBe('✗ Tax rate: must be between 0% and 100%');
    expect(text(plan.statuses.get(4))).toBe('✗ Sale price: allows at most 4 decimals');
  });

  test('Results: created and updated rows get a fresh fingerprint; a duplicate SKU from the server stays on its row', () => {
    const data = asRecords(itemRows([item()]));
    data[0]!.name = '螺丝 M4';
    data.push({ sku: 'A-001-B', name: 'x', unit: '个' });
    const plan = planItemPublish(sheetRows(ITEMS_LAYOUT, data));
    const updated = itemResult(plan.changes[0]!, { status: 200, item: item({ name: '螺丝 M4' }) });
    expect(text(updated.status)).toBe('✓ updated');
    expect(decodeItemKey(updated.key)).toMatchObject({ kind: 'existing', id: 1 });
    const dup = itemResult(plan.changes[1]!, { status: 409, problem: { type: 'about:blank', title: 'Conflict', status: 409, errors: [{ path: 'sku', message: 'SKU A-001-B already exists' }] } });
    expect(text(dup.status)).toBe('✗ SKU: SKU A-001-B already exists');
    expect(decodeItemKey(dup.key)).toMatchObject({ kind: 'new', state: 'failed' });
    const lost = itemResult(plan.changes[1]!, { status: 0, problem: { type: 'about:blank', title: 'Network error', status: 0 } });
    expect(lost.key).toBeNull();
  });
});
