/** Builds the rows of a read sheet from plain arrays, for tests of the pure sheet layer. */
import type { Cell } from '../../addin/sheets/cells';
import { headerOf, Language, locateColumns, SheetLayout, SheetRows } from '../../addin/sheets/layout';
import { Lookups } from '../../addin/sheets/lookups';

export function sheetRows(layout: SheetLayout, data: Array<Record<string, Cell>>, language: Language = 'zh', headerOverride?: string[]): SheetRows {
  const header = headerOverride ?? layout.columns.map((c) => headerOf(c, language));
  const keys = headerOverride ? null : layout.columns.map((c) => c.key);
  const located = locateColumns(header, layout);
  if (!located.ok) throw new Error(`missing ${located.missing.map((m) => m.key).join(', ')}`);
  const rows = data.map((r) => {
    if (keys) return keys.map((k) => r[k] ?? '');
    const line: Cell[] = new Array(header.length).fill('');
    for (const [k, v] of Object.entries(r)) {
      const pos = located.positions.get(k);
      if (pos !== undefined) line[pos] = v;
    }
    return line;
  });
  return new SheetRows({ sheetName: layout.names[language], top: 0, left: 0, header, rows }, located.positions);
}

export function lookups(allowed: number[] | null = null): Lookups {
  return new Lookups(
    [
      { id: 1, sku: 'A-001', name: '螺丝 M3', unit: '个', batchTracked: false },
      { id: 2, sku: 'B-002', name: 'Milk 牛奶', unit: 'box', batchTracked: true },
      { id: 3, sku: '00123', name: 'Leading zeros', unit: 'pcs', batchTracked: false },
    ],
    [
      { id: 10, code: 'WH1', name: '上海仓' },
      { id: 11, code: 'WH2', name: '北京仓' },
    ],
    allowed,
  );
}
