/**
 * Reads the data region of a sheet — its JXC table, or the used range when
 * the clerk built the sheet by hand — in a fixed number of syncs: one to find
 * the sheet, one to find the region, then one per ~150,000 cells.
 */
import type { Rect } from './a1';
import { CellValue, isPayloadTooLarge, runExcel } from './excel-run';
import { READ_BUDGET_CELLS } from './limits';
import { chooseSheet, SheetMatch } from './sheet-match';

export interface SheetData {
  sheetName: string;
  tableName: string | null;
  /** Zero-based row and column of the header row's first cell. */
  top: number;
  left: number;
  header: string[];
  /** Data rows below the header; an empty cell reads as ''. */
  rows: CellValue[][];
}

export type Progress = (done: number, total: number) => void;

function rectOf(range: Excel.Range): Rect {
  return { row: range.rowIndex, column: range.columnIndex, rowCount: range.rowCount, columnCount: range.columnCount };
}

/** Reads a rectangle in row chunks under the read limits, halving a chunk Excel still finds too large. */
export async function readRect(context: Excel.RequestContext, sheet: Excel.Worksheet, area: Rect, onProgress?: Progress): Promise<CellValue[][]> {
  const out: CellValue[][] = [];
  let size = Math.max(1, Math.floor(READ_BUDGET_CELLS / area.columnCount));
  let start = 0;
  while (start < area.rowCount) {
    const count = Math.min(size, area.rowCount - start);
    const range = sheet.getRangeByIndexes(area.row + start, area.column, count, area.columnCount);
    range.load('values');
    try {
      await context.sync();
    } catch (error) {
      if (isPayloadTooLarge(error) && count > 1) {
        size = Math.ceil(count / 2);
        continue;
      }
      throw error;
    }
    for (const line of range.values) out.push(line as CellValue[]);
    start += count;
    onProgress?.(start, area.rowCount);
  }
  return out;
}

export async function readSheet(match: SheetMatch, onProgress?: Progress): Promise<SheetData | null> {
  return runExcel(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    const active = worksheets.getActiveWorksheet();
    active.load('name');
    active.tables.load('items/name');
    await context.sync();

    const name = chooseSheet(match, { name: active.name, tables: active.tables.items.map((t) => t.name) }, worksheets.items.map((s) => s.name));
    if (!name) return null;
    const sheet = worksheets.getItem(name);
    sheet.tables.load('items/name');
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    await context.sync();

    const table = sheet.tables.items.find((t) => t.name.startsWith(match.tablePrefix)) ?? sheet.tables.items[0] ?? null;
    let area: Rect | null = null;
    if (table) {
      const range = table.getRange();
      range.load('rowIndex,columnIndex,rowCount,columnCount');
      await context.sync();
      area = rectOf(range);
    } else if (!used.isNullObject) {
      area = rectOf(used);
    }
    if (!area) return { sheetName: name, tableName: null, top: 0, left: 0, header: [], rows: [] };

    const grid = await readRect(context, sheet, area, onProgress);
    const [header = [], ...rows] = grid;
    return { sheetName: name, tableName: table?.name ?? null, top: area.row, left: area.column, header: header.map((h) => String(h).trim()), rows };
  });
}
