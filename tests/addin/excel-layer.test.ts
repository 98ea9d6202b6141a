/**
 * The Excel layer against the strict fake: the number of syncs must not grow
 * with the rows, big writes must be cut under Excel on the web's 5 MB, and
 * tables come out as real tables with formats, dropdowns and status colours.
 */
import { readSheet } from '../../addin/excel/read-sheet';
import { writeColumns } from '../../addin/excel/write-columns';
import { TableSheetSpec, writeTableSheet } from '../../addin/excel/write-table-sheet';
import { REQUEST_LIMIT_BYTES } from '../../addin/preview/fake-excel/fake-context';
import { sheetValues, useFakeExcel } from '../support/fake-workbook';

const MATCH = { names: ['库存调整', 'Adjustments'], tablePrefix: 'JxcAdjustments' };

function rows(count: number): Array<Array<string | number>> {
  return Array.from({ length: count }, (_, i) => [`D${Math.floor(i / 100)}`, 'WH1', '损坏', '2026-03-01', `SKU-${String(i).padStart(6, '0')}`, -(i % 7) - 1, 12.5, `B${i % 13}`, '', '', '']);
}

function spec(data: Array<Array<string | number>>, lists = true): TableSheetSpec {
  const headers = ['单据分组', '仓库', '原因', '日期', '商品编码', '数量', '单位成本', '批号', '有效期至', '状态', 'JXC key'];
  return {
    sheetName: '库存调整',
    match: MATCH,
    tableName: 'JxcAdjustments',
    columns: headers.map((header, i) => ({
      header,
      width: 70,
      numberFormat: i === 5 ? '0.000' : i === 6 ? '#,##0.00##' : '@',
      ...(i < 9 ? { fill: '#FFF8E1' } : {}),
      ...(i === 4 ? { list: 'sku' as const } : {}),
      ...(i === 10 ? { hidden: true } : {}),
    })),
    rows: data,
    statusColumn: { index: 9, rules: [{ contains: '✓', color: '#107C10' }, { contains: '✗', color: '#C50F1F' }] },
    ...(lists ? { lists: { sku: data.map((r) => String(r[4])), warehouse: ['WH1'], reason: ['损坏'] } } : {}),
  };
}

async function syncsOf(work: () => Promise<unknown>, handle: ReturnType<typeof useFakeExcel>): Promise<number> {
  handle.stats.reset();
  await work();
  return handle.stats.syncCount;
}

describe('Excel layer: syncs do not grow with rows', () => {
  test('When 10 or 10,000 rows are written as a table sheet, then both take the same number of syncs', async () => {
    const small = useFakeExcel();
    const syncsSmall = await syncsOf(() => writeTableSheet(spec(rows(10))), small);
    const large = useFakeExcel();
    const syncsLarge = await syncsOf(() => writeTableSheet(spec(rows(10_000))), large);
    expect(syncsLarge).toBe(syncsSmall);
    expect(syncsSmall).toBeLessThanOrEqual(3);
    expect(large.stats.runOptions.every((o) => o.delayForCellEdit === true)).toBe(true);
  });

  test('When 10 or 10,000 rows are read back, then both take the same number of syncs', async () => {
    const small = useFakeExcel();
    await writeTableSheet(spec(rows(10)));
    const large = useFakeExcel();
    await writeTableSheet(spec(rows(10_000)));
    installBack(small);
    const a = await syncsOf(() => readSheet(MATCH), small);
    installBack(large);
    const b = await syncsOf(() => readSheet(MATCH), large);
    expect(b).toBe(a);
  });

  test('When statuses are written for 10 or 10,000 rows, then both take the same number of syncs', async () => {
    const small = useFakeExcel();
    const a = await syncsOf(() => writeColumns('Sheet1', 1, [{ column: 9, values: Array(10).fill('✓ ADJ-2026-000001') }, { column: 10, values: Array(10).fill('D|r|0') }]), small);
    const large = useFakeExcel();
    const b = await syncsOf(() => writeColumns('Sheet1', 1, [{ column: 9, values: Array(10_000).fill('✓ ADJ-2026-000001') }, { column: 10, values: Array(10_000).fill('D|r|0') }]), large);
    expect(b).toBe(a);
    expect(a).toBe(1);
  });
});

function installBack(handle: ReturnType<typeof useFakeExcel>): void {
  (globalThis as unknown as { Excel: unknown }).Excel = handle.Excel;
}

describe('Excel layer: large writes stay under Excel on the web limits', () => {
  test('When 50,000 rows are written, then they go in several syncs each under 5 MB, and every row arrives', async () => {
    const handle = useFakeExcel();
    const data = rows(50_000).map((r) => [...r.slice(0, 9), '✗ 数量: 最多 3 位小数 — a long status text to make the payload heavy', 'P|adj-0123456789abcdefghij|123']);
    await writeTableSheet(spec(data, false));
    expect(handle.stats.requestBytes.length).toBeGreaterThan(2);
    for (const bytes of handle.stats.requestBytes) expect(bytes).toBeLessThan(REQUEST_LIMIT_BYTES);
    const sheet = handle.model.sheetByName('库存调整')!;
    expect(sheet.get(50_000, 4)).toBe('SKU-049999');
    expect(handle.model.tableByName('JxcAdjustments')!.rect.rowCount).toBe(50_001);
  });

  test('When 50,000 rows are read, then no read exceeds the limits and all rows come back', async () => {
    const handle = useFakeExcel();
    await writeTableSheet(spec(rows(50_000), false));
    const read = await readSheet(MATCH);
    expect(read!.rows).toHaveLength(50_000);
    expect(read!.rows[49_999]![4]).toBe('SKU-049999');
    expect(Math.max(...handle.stats.responseBytes)).toBeLessThan(5 * 1024 * 1024);
  });
});

describe('Excel layer: what a written sheet looks like', () => {
  test('When a table sheet is written, then it is a named table with frozen header, formats, dropdowns, status colours and a hidden key column', async () => {
    const handle = useFakeExcel();
    const written = await writeTableSheet(spec(rows(3)));
    expect(written).toEqual({ sheetName: '库存调整', tableName: 'JxcAdjustments' });
    const sheet = handle.model.sheetByName('库存调整')!;
    expect(handle.model.activeSheet).toBe(sheet);
    expect(handle.model.tableByName('JxcAdjustments')!.rect).toEqual({ row: 0, column: 0, rowCount: 4, columnCount: 11 });
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.numberFormat(1, 5)).toBe('0.000');
    expect(sheet.numberFormat(3, 4)).toBe('@');
    expect(sheet.validationAt(500, 4)?.source).toBe('=JxcSkuList');
    expect(sheet.hiddenColumns.has(10)).toBe(true);
    expect(sheet.fillAt(2, 5)).toBe('#FFF8E1');
    sheet.put(2, 9, '✓ ADJ-2026-000007');
    sheet.put(3, 9, '✗ 数量: 不能为 0');
    expect(sheet.fontColorAt(2, 9)).toBe('#107C10');
    expect(sheet.fontColorAt(3, 9)).toBe('#C50F1F');
    const lists = handle.model.sheetByName('JXC.Lists')!;
    expect(lists.visibility).toBe('VeryHidden');
    expect(handle.model.nameByText('JxcSkuList')!.formula).toBe("='JXC.Lists'!$A$2:$A$4");
    expect(sheetValues(handle, 'JXC.Lists', 2, 3)).toEqual([
      ['SKU', 'Warehouse', 'Reason'],
      ['SKU-000000', 'WH1', '损坏'],
    ]);
  });

  test('When a sheet of the same kind is written again, then it is refreshed in place: same sheet, one table, no stale rows', async () => {
    const handle = useFakeExcel();
    await writeTableSheet(spec(rows(20)));
    await writeTableSheet(spec(rows(5)));
    expect(handle.model.sheets.filter((s) => s.name.startsWith('库存调整'))).toHaveLength(1);
    expect(handle.model.tables).toHaveLength(1);
    const sheet = handle.model.sheetByName('库存调整')!;
    expect(sheet.usedRect()!.rowCount).toBe(6);
    expect(handle.model.nameByText('JxcSkuList')!.formula).toBe("='JXC.Lists'!$A$2:$A$6");
  });

  test('When columns are written back with nulls, then only the given cells change and typed cells are untouched', async () => {
    const handle = useFakeExcel();
    await writeTableSheet(spec(rows(4)));
    await writeColumns('库存调整', 1, [{ column: 9, values: [null, '✗ 仓库: 未知仓库“X”', null, '✓ ADJ-1'] }]);
    const values = sheetValues(handle, '库存调整', 4, 11, 1);
    expect(values.map((r) => r[9])).toEqual(['', '✗ 仓库: 未知仓库“X”', '', '✓ ADJ-1']);
    expect(values.map((r) => r[4])).toEqual(['SKU-000000', 'SKU-000001', 'SKU-000002', 'SKU-000003']);
  });

  test('When a sheet was built by hand without a table, then it is read from its used range', async () => {
    const handle = useFakeExcel();
    const sheet = handle.model.addSheet('Adjustments');
    handle.model.typeValues(sheet, 2, 1, [
      ['SKU', 'Qty'],
      ['A-1', '3'],
    ]);
    const read = await readSheet(MATCH);
    expect(read).toMatchObject({ sheetName: 'Adjustments', tableName: null, top: 2, left: 1, header: ['SKU', 'Qty'], rows: [['A-1', 3]] });
  });

  test('When no sheet of the kind exists, then reading answers null', async () => {
    useFakeExcel();
    expect(await readSheet(MATCH)).toBeNull();
  });
});
