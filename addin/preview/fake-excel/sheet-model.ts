/**
 * One sheet of the fake workbook: cell values converted as Excel converts
 * them, number formats per cell, fills, text-colour rules, list validation,
 * hidden columns and frozen rows.
 */
import { MAX_COLUMNS, Rect } from '../../excel/a1';

export type StoredValue = string | number | boolean;
/** What `range.values` answers per cell: '' for an empty cell, as Excel does. */
export type ReadValue = StoredValue | '';

export interface TextColorRule {
  rect: Rect;
  contains: string;
  fontColor: string | null;
}

export interface ListValidation {
  rect: Rect;
  source: string;
  inCellDropDown: boolean;
}

export interface FillArea {
  rect: Rect;
  color: string;
}

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export class FakeExcelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function contains(rect: Rect, row: number, column: number): boolean {
  return row >= rect.row && row < rect.row + rect.rowCount && column >= rect.column && column < rect.column + rect.columnCount;
}

function inside(inner: Rect, outer: Rect): boolean {
  return contains(outer, inner.row, inner.column) && contains(outer, inner.row + inner.rowCount - 1, inner.column + inner.columnCount - 1);
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.row < b.row + b.rowCount && b.row < a.row + a.rowCount && a.column < b.column + b.columnCount && b.column < a.column + a.columnCount;
}

export class SheetModel {
  visibility: Visibility = 'Visible';
  frozenRows = 0;
  readonly columnWidths = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  fills: FillArea[] = [];
  textColorRules: TextColorRule[] = [];
  validations: ListValidation[] = [];
  /** The selected cell of this sheet (Excel keeps one per sheet): A1 until someone clicks. */
  selection = { row: 0, column: 0 };
  private values: Array<Array<StoredValue | undefined> | undefined> = [];
  private formats: Array<Array<string | undefined> | undefined> = [];

  constructor(
    readonly id: number,
    public name: string,
  ) {}

  get(row: number, column: number): StoredValue | undefined {
    return this.values[row]?.[column];
  }

  read(row: number, column: number): ReadValue {
    return this.get(row, column) ?? '';
  }

  numberFormat(row: number, column: number): string {
    return this.formats[row]?.[column] ?? 'General';
  }

  setNumberFormat(row: number, column: number, format: string): void {
    const line = (this.formats[row] ??= []);
    line[column] = format === '' ? undefined : format;
  }

  /**
   * Stores what the API or a person put in a cell, converted the way Excel
   * converts: numeric text becomes a number unless the cell is formatted as
   * text (`@`); a leading apostrophe keeps text as text.
   */
  put(row: number, column: number, value: unknown): void {
    if (value === null || value === undefined) return;
    const line = (this.values[row] ??= []);
    if (value === '') {
      line[column] = undefined;
      return;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      line[column] = value;
      return;
    }
    const text = String(value);
    if (this.numberFormat(row, column) === '@') line[column] = text;
    else if (text.startsWith("'")) line[column] = text.slice(1);
    else if (NUMERIC.test(text.trim())) line[column] = Number(text.trim());
    else if (/^(true|false)$/i.test(text)) line[column] = text.toLowerCase() === 'true';
    else line[column] = text;
  }

  clearValue(row: number, column: number): void {
    const line = this.values[row];
    if (line) line[column] = undefined;
  }

  /** The smallest rectangle holding every non-empty cell, or null on an empty sheet. */
  usedRect(): Rect | null {
    let r0 = -1;
    let r1 = -1;
    let c0 = MAX_COLUMNS;
    let c1 = -1;
    this.values.forEach((line, r) => {
      if (!line) return;
      line.forEach((v, c) => {
        if (v === undefined) return;
        if (r0 < 0) r0 = r;
        r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      });
    });
    if (r0 < 0) return null;
    return { row: r0, column: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1 };
  }

  rowExtent(): number {
    return this.values.length;
  }

  clear(rect: Rect, what: 'All' | 'Contents' | 'Formats'): void {
    const lastRow = Math.min(rect.row + rect.rowCount, Math.max(this.values.length, this.formats.length));
    for (let r = rect.row; r < lastRow; r++) {
      for (let c = rect.column; c < rect.column + rect.columnCount && c < MAX_COLUMNS; c++) {
        if (what !== 'Formats' && this.values[r]?.[c] !== undefined) this.values[r]![c] = undefined;
        if (what !== 'Contents' && this.formats[r]?.[c] !== undefined) this.formats[r]![c] = undefined;
      }
    }
    if (what === 'Contents') return;
    this.fills = this.fills.filter((f) => !inside(f.rect, rect));
    this.textColorRules = this.textColorRules.filter((f) => !inside(f.rect, rect));
    this.validations = this.validations.filter((f) => !inside(f.rect, rect));
  }

  fillAt(row: number, column: number): string | null {
    for (let i = this.fills.length - 1; i >= 0; i--) if (contains(this.fills[i]!.rect, row, column)) return this.fills[i]!.color;
    return null;
  }

  /** The font colour the conditional text rules give a cell, as Excel would show it. */
  fontColorAt(row: number, column: number): string | null {
    const value = this.get(row, column);
    if (value === undefined) return null;
    const text = String(value);
    for (const rule of this.textColorRules) {
      if (rule.fontColor && contains(rule.rect, row, column) && text.includes(rule.contains)) return rule.fontColor;
    }
    return null;
  }

  validationAt(row: number, column: number): ListValidation | null {
    for (let i = this.validations.length - 1; i >= 0; i--) if (contains(this.validations[i]!.rect, row, column)) return this.validations[i]!;
    return null;
  }
}

