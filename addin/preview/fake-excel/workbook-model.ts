/**
 * The in-memory workbook behind the fake Excel API: sheets, tables and names,
 * the active sheet, and whether a person is typing in a cell. The proxies
 * change it only at `sync`; the preview grid reads it directly and types into
 * it the way a person types into Excel.
 */
import { MAX_COLUMNS, MAX_ROWS, Rect } from '../../excel/a1';
import { contains, FakeExcelError, overlaps, SheetModel } from './sheet-model';

export * from './sheet-model';

export interface TableModel {
  id: number;
  name: string;
  sheet: SheetModel;
  rect: Rect;
  style: string;
}

const INVALID_SHEET_NAME = /[[\]:*?/\\]/;

export interface NamedItemModel {
  name: string;
  formula: string;
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly names: NamedItemModel[] = [];
  activeSheetId: number | null = null;
  private nextId = 1;
  private editingCell = false;
  private editWaiters: Array<() => void> = [];
  private listeners = new Set<() => void>();
  private selectionListeners = new Set<() => void>();
  private notifyQueued = false;

  constructor(firstSheetName: string | null = 'Sheet1') {
    if (firstSheetName) this.activeSheetId = this.addSheet(firstSheetName).id;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Coalesces many changes into one notification, as a screen repaints once per batch. */
  changed(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const l of this.listeners) l();
    });
  }

  sheetByName(name: string): SheetModel | null {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key) ?? null;
  }

  sheetById(id: number): SheetModel | null {
    return this.sheets.find((s) => s.id === id) ?? null;
  }

  get activeSheet(): SheetModel | null {
    return this.activeSheetId === null ? null : this.sheetById(this.activeSheetId);
  }

  addSheet(name?: string): SheetModel {
    const sheetName = name ?? this.freeSheetName();
    if (!sheetName || sheetName.length > 31 || INVALID_SHEET_NAME.test(sheetName) || /^'|'$/.test(sheetName)) {
      throw new FakeExcelError('InvalidArgument', `The sheet name "${sheetName}" is not valid.`);
    }
    if (this.sheetByName(sheetName)) throw new FakeExcelError('ItemAlreadyExists', `A sheet named "${sheetName}" already exists.`);
    const sheet = new SheetModel(this.nextId++, sheetName);
    this.sheets.push(sheet);
    this.changed();
    return sheet;
  }

  private freeSheetName(): string {
    for (let i = this.sheets.length + 1; ; i++) if (!this.sheetByName(`Sheet${i}`)) return `Sheet${i}`;
  }

  deleteSheet(sheet: SheetModel): void {
    const remaining = this.sheets.filter((s) => s !== sheet && s.visibility === 'Visible');
    if (remaining.length === 0) throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (const t of this.tablesOn(sheet)) this.tables.splice(this.tables.indexOf(t), 1);
    if (this.activeSheetId === sheet.id) this.activeSheetId = remaining[0]!.id;
    this.changed();
  }

  activate(sheet: SheetModel): void {
    if (sheet.visibility !== 'Visible') throw new FakeExcelError('InvalidOperation', 'A hidden sheet cannot be activated.');
    const moved = this.activeSheetId !== sheet.id;
    this.activeSheetId = sheet.id;
    this.changed();
    if (moved) this.selectionChanged();
  }

  /** Listens for the selection moving (a click, or another sheet brought to the front), as Workbook.onSelectionChanged does. */
  onSelectionChange(listener: () => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  /** A person selects a cell of the active sheet. */
  select(row: number, column: number): void {
    const sheet = this.activeSheet;
    if (!sheet || (sheet.selection.row === row && sheet.selection.column === column)) return;
    sheet.selection = { row, column };
    this.selectionChanged();
  }

  private selectionChanged(): void {
    // Excel raises the event after the selection has moved, never inside the batch or click that moved it.
    setTimeout(() => {
      for (const l of this.selectionListeners) l();
    }, 0);
  }

  tablesOn(sheet: SheetModel): TableModel[] {
    return this.tables.filter((t) => t.sheet === sheet);
  }

  tableByName(name: string): TableModel | null {
    const key = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === key) ?? null;
  }

  tableAt(sheet: SheetModel, row: number, column: number): TableModel | null {
    return this.tablesOn(sheet).find((t) => contains(t.rect, row, column)) ?? null;
  }

  addTable(sheet: SheetModel, rect: Rect): TableModel {
    if (this.tablesOn(sheet).some((t) => overlaps(t.rect, rect))) {
      throw new FakeExcelError('InvalidOperation', "A table can't overlap another table.");
    }
    // A header-only range gets one empty body row, as Excel does.
    const tableRect = rect.rowCount === 1 ? { ...rect, rowCount: 2 } : rect;
    const seen = new Set<string>();
    for (let c = 0; c < tableRect.columnCount; c++) {
      let header = String(sheet.read(tableRect.row, tableRect.column + c)).trim() || `Column${c + 1}`;
      for (let n = 2; seen.has(header.toLowerCase()); n++) header = `${header}${n}`;
      seen.add(header.toLowerCase());
      sheet.put(tableRect.row, tableRect.column + c, `'${header}`);
    }
    const id = this.nextId++;
    let name = `Table${id}`;
    while (this.tableByName(name)) name = `${name}_`;
    const table: TableModel = { id, name, sheet, rect: tableRect, style: 'TableStyleMedium2' };
    this.tables.push(table);
    this.changed();
    return table;
  }

  renameTable(table: TableModel, name: string): void {
    if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name) || name.length > 255) throw new FakeExcelError('InvalidArgument', `"${name}" is not a valid table name.`);
    const other = this.tableByName(name);
    if (other && other !== table) throw new FakeExcelError('InvalidArgument', `A table named "${name}" already exists.`);
    table.name = name;
  }

  deleteTable(table: TableModel): void {
    table.sheet.clear(table.rect, 'All');
    this.tables.splice(this.tables.indexOf(table), 1);
    this.changed();
  }

  nameByText(name: string): NamedItemModel | null {
    const key = name.toLowerCase();
    return this.names.find((n) => n.name.toLowerCase() === key) ?? null;
  }

  addName(name: string, formula: string): NamedItemModel {
    if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name)) throw new FakeExcelError('InvalidArgument', `"${name}" is not a valid name.`);
    if (this.nameByText(name)) throw new FakeExcelError('ItemAlreadyExists', `The name "${name}" already exists.`);
    const item = { name, formula: formula.startsWith('=') ? formula : `=${formula}` };
    this.names.push(item);
    return item;
  }

  get editing(): boolean {
    return this.editingCell;
  }

  /** A person is typing in a cell: Excel holds (or refuses) API batches until they finish. */
  beginCellEdit(): void {
    this.editingCell = true;
  }

  endCellEdit(): void {
    this.editingCell = false;
    const waiters = this.editWaiters;
    this.editWaiters = [];
    for (const w of waiters) w();
  }

  whenNotEditing(): Promise<void> {
    if (!this.editingCell) return Promise.resolve();
    return new Promise((resolve) => this.editWaiters.push(resolve));
  }

  /**
   * What a person typing or pasting does: the text is converted as Excel
   * converts typed text, and a table grows when the row just below it is filled.
   */
  typeValues(sheet: SheetModel, row: number, column: number, values: unknown[][]): void {
    const lastRow = Math.min(row + values.length, MAX_ROWS) - 1;
    for (const table of this.tablesOn(sheet)) this.growTable(table, row, column, lastRow, values[0]?.length ?? 1);
    values.forEach((line, i) =>
      line.forEach((v, j) => {
        if (row + i >= MAX_ROWS || column + j >= MAX_COLUMNS) return;
        sheet.put(row + i, column + j, v === null || v === undefined ? '' : v);
      }),
    );
    this.changed();
  }

  /** New table rows take the number formats of the row above, so a SKU typed below stays text. */
  private growTable(table: TableModel, row: number, column: number, lastRow: number, width: number): void {
    const below = table.rect.row + table.rect.rowCount;
    const touchesColumns = column < table.rect.column + table.rect.columnCount && column + width > table.rect.column;
    if (!touchesColumns || row > below || lastRow < below) return;
    const template = below - 1;
    for (let r = below; r <= lastRow; r++) {
      for (let c = table.rect.column; c < table.rect.column + table.rect.columnCount; c++) {
        table.sheet.setNumberFormat(r, c, table.sheet.numberFormat(template, c) === 'General' ? '' : table.sheet.numberFormat(template, c));
      }
    }
    for (const fill of table.sheet.fills) {
      const r = fill.rect;
      if (r.row + r.rowCount === below && r.column >= table.rect.column && r.column + r.columnCount <= table.rect.column + table.rect.columnCount) {
        fill.rect = { ...r, rowCount: lastRow - r.row + 1 };
      }
    }
    table.rect = { ...table.rect, rowCount: lastRow - table.rect.row + 1 };
  }
}
