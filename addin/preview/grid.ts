/**
 * The preview's stand-in for Excel's grid: sheet tabs, cells under their
 * number formats, table headers, input tint, status colours from the
 * conditional-format rules, frozen header and hidden columns. A person types
 * into it like into Excel (double-click or just type, Enter, Tab, Escape,
 * paste), which goes straight into the in-memory workbook — and while they
 * type, API batches wait, as Excel makes them wait.
 */
import { cellAddress, columnLetters } from '../excel/a1';
import { cellDisplay } from './grid-cell';
import { SheetModel, WorkbookModel } from './fake-excel/workbook-model';

const MAX_RENDERED_ROWS = 500;
const MIN_ROWS = 30;
const MIN_COLUMNS = 12;
const POINTS_TO_PX = 4 / 3;
const ROW_HEADER_PX = 40;

export interface GridTexts {
  rowsShown(shown: number, total: number): string;
  showHidden: string;
}

export class WorkbookGrid {
  private readonly tabs: HTMLElement;
  private readonly sheetArea: HTMLElement;
  private readonly note: HTMLElement;
  private readonly hiddenToggle: HTMLInputElement;
  private selected: { row: number; column: number } | null = null;
  private editor: HTMLInputElement | null = null;
  private renderQueued = false;

  constructor(
    root: HTMLElement,
    private readonly model: WorkbookModel,
    private readonly texts: GridTexts,
  ) {
    this.hiddenToggle = document.createElement('input');
    this.hiddenToggle.type = 'checkbox';
    this.hiddenToggle.dataset.testid = 'show-hidden';
    this.hiddenToggle.addEventListener('change', () => this.render());
    const toggleLabel = document.createElement('label');
    toggleLabel.className = 'show-hidden';
    toggleLabel.append(this.hiddenToggle, ` ${texts.showHidden}`);
    this.note = document.createElement('span');
    this.note.className = 'grid-note';
    const toolbar = document.createElement('div');
    toolbar.className = 'grid-toolbar';
    toolbar.append(this.note, toggleLabel);
    this.sheetArea = document.createElement('div');
    this.sheetArea.className = 'sheet-area';
    this.sheetArea.tabIndex = 0;
    this.sheetArea.addEventListener('keydown', (e) => this.onKey(e));
    this.sheetArea.addEventListener('paste', (e) => this.onPaste(e));
    this.tabs = document.createElement('nav');
    this.tabs.className = 'sheet-tabs';
    this.tabs.dataset.testid = 'sheet-tabs';
    root.replaceChildren(toolbar, this.sheetArea, this.tabs);
    model.onChange(() => this.queueRender());
    this.render();
  }

  private get showHidden(): boolean {
    return this.hiddenToggle.checked;
  }

  private queueRender(): void {
    if (this.renderQueued || this.editor) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      // Someone began typing since the render was queued (the add-in read the workbook meanwhile): their editor stays; stopping it repaints.
      if (!this.editor) this.render();
    });
  }

  render(): void {
    this.renderTabs();
    const sheet = this.model.activeSheet;
    if (!sheet) return;
    const scroll = { top: this.sheetArea.scrollTop, left: this.sheetArea.scrollLeft };
    this.sheetArea.replaceChildren(this.renderSheet(sheet));
    this.sheetArea.scrollTop = scroll.top;
    this.sheetArea.scrollLeft = scroll.left;
  }

  private renderTabs(): void {
    const tabs = this.model.sheets
      .filter((s) => s.visibility === 'Visible' || this.showHidden)
      .map((sheet) => {
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.className = `sheet-tab${sheet === this.model.activeSheet ? ' active' : ''}${sheet.visibility !== 'Visible' ? ' hidden-sheet' : ''}`;
        tab.dataset.testid = 'sheet-tab';
        tab.dataset.sheet = sheet.name;
        tab.textContent = sheet.name;
        tab.addEventListener('click', () => {
          if (sheet.visibility !== 'Visible') return;
          this.selected = null;
          this.model.activate(sheet);
        });
        return tab;
      });
    this.tabs.replaceChildren(...tabs);
  }

  private visibleColumns(sheet: SheetModel, count: number): number[] {
    const columns: number[] = [];
    for (let c = 0; c < count; c++) if (this.showHidden || !sheet.hiddenColumns.has(c)) columns.push(c);
    return columns;
  }

  private renderSheet(sheet: SheetModel): HTMLTableElement {
    const used = sheet.usedRect();
    const tables = this.model.tablesOn(sheet);
    const lastRow = Math.max(used ? used.row + used.rowCount : 0, ...tables.map((t) => t.rect.row + t.rect.rowCount));
    const lastColumn = Math.max(used ? used.column + used.columnCount : 0, ...tables.map((t) => t.rect.column + t.rect.columnCount), MIN_COLUMNS);
    const rowCount = Math.min(Math.max(lastRow + 5, MIN_ROWS), MAX_RENDERED_ROWS);
    this.note.textContent = lastRow > MAX_RENDERED_ROWS ? this.texts.rowsShown(MAX_RENDERED_ROWS, lastRow) : '';
    const columns = this.visibleColumns(sheet, lastColumn);

    const table = document.createElement('table');
    table.className = 'grid';
    table.dataset.sheet = sheet.name;
    const colgroup = document.createElement('colgroup');
    const rowHeaderCol = document.createElement('col');
    rowHeaderCol.className = 'row-header-col';
    colgroup.append(rowHeaderCol);
    let width = ROW_HEADER_PX;
    for (const c of columns) {
      const col = document.createElement('col');
      const px = Math.round((sheet.columnWidths.get(c) ?? 48) * POINTS_TO_PX);
      col.style.width = `${px}px`;
      width += px;
      colgroup.append(col);
    }
    // A fixed-layout table honours its column widths only when it has a width of its own.
    table.style.width = `${width}px`;
    const head = document.createElement('thead');
    const letters = document.createElement('tr');
    letters.append(document.createElement('th'));
    for (const c of columns) {
      const th = document.createElement('th');
      th.textContent = columnLetters(c);
      if (sheet.hiddenColumns.has(c)) th.className = 'hidden-column';
      letters.append(th);
    }
    head.append(letters);
    const body = document.createElement('tbody');
    for (let r = 0; r < rowCount; r++) {
      const tr = document.createElement('tr');
      if (r < sheet.frozenRows) tr.className = 'frozen';
      const th = document.createElement('th');
      th.textContent = String(r + 1);
      tr.append(th);
      for (const c of columns) tr.append(this.renderCell(sheet, r, c));
      body.append(tr);
    }
    table.append(colgroup, head, body);
    table.addEventListener('click', (e) => this.onClick(e, false));
    table.addEventListener('dblclick', (e) => this.onClick(e, true));
    return table;
  }

  private renderCell(sheet: SheetModel, row: number, column: number): HTMLTableCellElement {
    const td = document.createElement('td');
    const d = cellDisplay(this.model, sheet, row, column);
    td.textContent = d.text;
    td.dataset.cell = cellAddress(row, column);
    td.className = d.classes.join(' ');
    if (d.color) td.style.color = d.color;
    if (d.fill) td.style.backgroundColor = d.fill;
    if (this.selected?.row === row && this.selected.column === column) td.classList.add('selected');
    return td;
  }

  private cellOf(target: EventTarget | null): { row: number; column: number; td: HTMLTableCellElement } | null {
    const td = (target as HTMLElement | null)?.closest?.('td[data-cell]') as HTMLTableCellElement | null;
    const address = td?.dataset.cell;
    const m = address ? /^([A-Z]+)(\d+)$/.exec(address) : null;
    if (!td || !m) return null;
    let column = 0;
    for (const ch of m[1]!) column = column * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]) - 1, column: column - 1, td };
  }

  private onClick(e: MouseEvent, edit: boolean): void {
    const cell = this.cellOf(e.target);
    if (!cell) return;
    this.select(cell.row, cell.column);
    if (edit) this.startEditing(null);
  }

  private select(row: number, column: number): void {
    this.selected = { row: Math.max(0, row), column: Math.max(0, column) };
    for (const td of this.sheetArea.querySelectorAll('td.selected')) td.classList.remove('selected');
    this.selectedTd()?.classList.add('selected');
    this.sheetArea.focus({ preventScroll: true });
    // The workbook's selection, as the add-in reads it (getSelectedRange, onSelectionChanged).
    this.model.select(this.selected.row, this.selected.column);
  }

  private selectedTd(): HTMLTableCellElement | null {
    if (!this.selected) return null;
    return this.sheetArea.querySelector(`td[data-cell="${cellAddress(this.selected.row, this.selected.column)}"]`);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.selected || this.editor) return;
    const moves: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0], Tab: [0, 1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.select(this.selected.row + move[0], this.selected.column + move[1]);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      this.commit('');
    } else if (e.key === 'F2') {
      e.preventDefault();
      this.startEditing(null);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.startEditing(e.key);
    }
  }

  private startEditing(initial: string | null): void {
    const td = this.selectedTd();
    const sheet = this.model.activeSheet;
    if (!td || !sheet || !this.selected) return;
    const editor = document.createElement('input');
    editor.className = 'cell-editor';
    editor.dataset.testid = 'cell-editor';
    const current = sheet.get(this.selected.row, this.selected.column);
    editor.value = initial ?? (current === undefined ? '' : String(current));
    td.replaceChildren(editor);
    this.editor = editor;
    this.model.beginCellEdit();
    editor.focus();
    editor.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const [dr, dc] = e.key === 'Enter' ? [1, 0] : [0, 1];
        this.stopEditing(editor.value, dr, dc);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.stopEditing(null, 0, 0);
      }
    });
    editor.addEventListener('blur', () => {
      if (this.editor === editor) this.stopEditing(editor.value, 0, 0);
    });
  }

  private stopEditing(value: string | null, dr: number, dc: number): void {
    const at = this.selected;
    this.editor = null;
    this.model.endCellEdit();
    if (value !== null) this.commit(value);
    this.render();
    if (at) this.select(at.row + dr, at.column + dc);
  }

  private commit(text: string): void {
    const sheet = this.model.activeSheet;
    if (!sheet || !this.selected) return;
    this.model.typeValues(sheet, this.selected.row, this.selected.column, [[text]]);
  }

  private onPaste(e: ClipboardEvent): void {
    const sheet = this.model.activeSheet;
    const text = e.clipboardData?.getData('text/plain');
    if (!sheet || !this.selected || this.editor || !text) return;
    e.preventDefault();
    const rows = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
    this.model.typeValues(sheet, this.selected.row, this.selected.column, rows);
  }
}
