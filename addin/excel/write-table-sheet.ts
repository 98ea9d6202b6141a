/**
 * Writes a whole sheet as a real Excel table — header, rows, number formats,
 * widths, input-column fill, list dropdowns fed by the add-in's `JXC.Lists` sheet,
 * status colours and a hidden key column — replacing the sheet of that kind
 * in place when one exists. Formats, dropdowns and colours are set once per
 * column, never per row, so the syncs and the request size do not grow with
 * the rows beyond one sync per ~4 MB of values.
 */
import { MAX_ROWS, rectAddress } from './a1';
import { ChunkedWriter } from './chunked-writer';
import { broadcast, CellValue, runExcel } from './excel-run';
import { Progress } from './read-sheet';
import { checkListsOwned, discoverLists, listSource, ListName, ListsContent, loadListsMarker, writeLists } from './lists-sheet';
import { chooseSheet, freeSheetName, freeTableName, SheetMatch } from './sheet-match';

export interface ColumnFormat {
  header: string;
  /** Width in points. */
  width: number;
  numberFormat: string;
  fill?: string;
  hidden?: boolean;
  list?: ListName;
}

export interface TextColorRule {
  contains: string;
  color: string;
}

export interface TableSheetSpec {
  sheetName: string;
  /** The sheet to refresh in place when found; null always adds a new sheet. */
  match: SheetMatch | null;
  tableName: string;
  columns: ColumnFormat[];
  rows: CellValue[][];
  statusColumn?: { index: number; rules: TextColorRule[] };
  lists?: ListsContent;
}

export interface WrittenSheet {
  sheetName: string;
  tableName: string;
}

function formatTable(sheet: Excel.Worksheet, spec: TableSheetSpec, tableName: string, bodyRows: number): void {
  const table = sheet.tables.add(rectAddress({ row: 0, column: 0, rowCount: bodyRows + 1, columnCount: spec.columns.length }), true);
  table.name = tableName;
  table.style = 'TableStyleLight9';
  spec.columns.forEach((col, i) => {
    const header = sheet.getRangeByIndexes(0, i, 1, 1);
    header.format.columnWidth = col.width;
    if (col.fill) sheet.getRangeByIndexes(1, i, bodyRows, 1).format.fill.color = col.fill;
    const source = col.list && spec.lists ? listSource(col.list) : null;
    if (source) sheet.getRangeByIndexes(1, i, MAX_ROWS - 1, 1).dataValidation.rule = { list: { inCellDropDown: true, source } };
    if (col.hidden) header.getEntireColumn().columnHidden = true;
  });
  if (spec.statusColumn) {
    const statusRange = sheet.getRangeByIndexes(1, spec.statusColumn.index, MAX_ROWS - 1, 1);
    for (const rule of spec.statusColumn.rules) {
      const cf = statusRange.conditionalFormats.add('ContainsText');
      cf.textComparison.format.font.color = rule.color;
      cf.textComparison.rule = { operator: 'Contains', text: rule.contains };
    }
  }
  sheet.freezePanes.freezeRows(1);
  sheet.activate();
}

export async function writeTableSheet(spec: TableSheetSpec, onProgress?: Progress): Promise<WrittenSheet> {
  return runExcel(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    context.workbook.tables.load('items/name');
    const active = worksheets.getActiveWorksheet();
    active.load('name');
    active.tables.load('items/name');
    const lists = discoverLists(context);
    await context.sync();

    const sheetNames = worksheets.items.map((s) => s.name);
    const match = spec.match;
    const existingName = match ? chooseSheet(match, { name: active.name, tables: active.tables.items.map((t) => t.name) }, sheetNames) : null;
    const candidate = existingName ? worksheets.getItem(existingName) : null;
    candidate?.tables.load('items/name');
    // One more sync, only when there is a sheet to refresh or a JXC.Lists sheet whose marker must be checked.
    if ((spec.lists && loadListsMarker(lists)) || candidate) await context.sync();
    if (spec.lists) checkListsOwned(lists);
    // Only a sheet holding the add-in's table of this kind is replaced; one merely named like it is the clerk's.
    const existing = candidate?.tables.items.some((t) => t.name.startsWith(match!.tablePrefix)) ? candidate : null;

    const sheetName = existing ? existingName! : freeSheetName(spec.sheetName, sheetNames);
    const sheet = existing ?? worksheets.add(sheetName);
    let takenTables = context.workbook.tables.items.map((t) => t.name);
    if (existing) {
      const own = existing.tables.items.map((t) => t.name);
      takenTables = takenTables.filter((t) => !own.includes(t));
      for (const t of existing.tables.items) t.delete();
      const all = existing.getRange();
      all.clear('All');
      all.dataValidation.clear();
      all.conditionalFormats.clearAll();
      all.columnHidden = false;
    }
    const tableName = freeTableName(spec.tableName, takenTables);

    const writer = new ChunkedWriter(context);
    if (spec.lists) await writeLists(context, writer, lists, spec.lists);
    const bodyRows = Math.max(spec.rows.length, 1);
    spec.columns.forEach((col, i) => {
      sheet.getRangeByIndexes(1, i, bodyRows, 1).numberFormat = broadcast(col.numberFormat);
    });
    sheet.getRangeByIndexes(0, 0, 1, spec.columns.length).values = [spec.columns.map((c) => c.header)];
    await writer.writeRows(sheet, 1, 0, spec.rows, (written) => onProgress?.(written, spec.rows.length));
    formatTable(sheet, spec, tableName, bodyRows);
    await writer.flush();
    onProgress?.(spec.rows.length, spec.rows.length);
    return { sheetName, tableName };
  });
}
