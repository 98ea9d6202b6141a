/**
 * The selected cell's row: the header of the table (or used range) it is in
 * and the row's cells, read in three syncs however large the sheet — and a
 * way to hear when the selection moves.
 */
import type { Rect } from './a1';
import { CellValue, runExcel } from './excel-run';

export interface SelectedRowData {
  sheetName: string;
  tableName: string | null;
  header: string[];
  /** Null when the selection is on the header row or outside the table. */
  cells: CellValue[] | null;
}

const contains = (r: Rect, row: number, column: number) => row >= r.row && row < r.row + r.rowCount && column >= r.column && column < r.column + r.columnCount;

function rectOf(range: Excel.Range): Rect {
  return { row: range.rowIndex, column: range.columnIndex, rowCount: range.rowCount, columnCount: range.columnCount };
}

export async function readSelectedRow(): Promise<SelectedRowData | null> {
  return runExcel(async (context) => {
    const selected = context.workbook.getSelectedRange();
    selected.load('rowIndex,columnIndex');
    const sheet = selected.worksheet;
    sheet.load('name');
    sheet.tables.load('items/name');
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    await context.sync();

    const ranges = sheet.tables.items.map((t) => ({ name: t.name, range: t.getRange().load('rowIndex,columnIndex,rowCount,columnCount') }));
    if (ranges.length) await context.sync();
    const { rowIndex: row, columnIndex: column } = selected;
    const table = ranges.find((t) => contains(rectOf(t.range), row, column)) ?? null;
    const area = table ? rectOf(table.range) : used.isNullObject ? null : rectOf(used);
    if (!area || !contains(area, row, column)) return null;

    const header = sheet.getRangeByIndexes(area.row, area.column, 1, area.columnCount).load('values');
    const line = row > area.row ? sheet.getRangeByIndexes(row, area.column, 1, area.columnCount).load('values') : null;
    await context.sync();
    return {
      sheetName: sheet.name,
      tableName: table?.name ?? null,
      header: (header.values[0] ?? []).map((h) => String(h).trim()),
      cells: line ? ((line.values[0] ?? []) as CellValue[]) : null,
    };
  });
}

/** Calls `listener` whenever the selection moves, until the returned function is called. */
export async function watchSelection(listener: () => void): Promise<() => Promise<void>> {
  let handler: OfficeExtension.EventHandlerResult<Excel.SelectionChangedEventArgs> | null = null;
  await runExcel(async (context) => {
    handler = context.workbook.onSelectionChanged.add(async () => listener());
    await context.sync();
  });
  return async () => {
    const registered = handler as OfficeExtension.EventHandlerResult<Excel.SelectionChangedEventArgs> | null;
    if (!registered) return;
    await Excel.run(registered.context, async (context) => {
      registered.remove();
      await context.sync();
    });
  };
}
