/**
 * A1 addresses ⇄ zero-based indexes. Pure; shared by the Excel layer and the
 * in-memory fake so both read addresses the same way.
 */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export interface Rect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

export function rectAddress(rect: Rect): string {
  const first = cellAddress(rect.row, rect.column);
  if (rect.rowCount === 1 && rect.columnCount === 1) return first;
  return `${first}:${cellAddress(rect.row + rect.rowCount - 1, rect.column + rect.columnCount - 1)}`;
}

/** Quotes a sheet name the way Excel does in addresses and formulas. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function parsePart(part: string): { row?: number; column?: number } | null {
  const cell = CELL.exec(part);
  if (cell) return { column: columnIndex(cell[1]!), row: Number(cell[2]) - 1 };
  const col = COLUMN.exec(part);
  if (col) return { column: columnIndex(col[1]!) };
  const row = ROW.exec(part);
  if (row) return { row: Number(row[1]) - 1 };
  return null;
}

/** Parses `B2`, `B2:D9`, `C:C`, `2:5`, optionally prefixed with `Sheet!`; null when it is not an address. */
export function parseAddress(address: string): { sheet: string | null; rect: Rect } | null {
  let sheet: string | null = null;
  let rest = address.trim();
  const bang = rest.lastIndexOf('!');
  if (bang >= 0) {
    sheet = rest.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    rest = rest.slice(bang + 1);
  }
  const parts = rest.split(':');
  if (parts.length > 2) return null;
  const a = parts[0] ?? '';
  const b = parts[1] ?? a;
  const start = parsePart(a);
  const end = parsePart(b);
  if (!start || !end) return null;
  const wholeColumns = start.row === undefined || end.row === undefined;
  const wholeRows = start.column === undefined || end.column === undefined;
  if (wholeColumns && wholeRows) return null;
  const r0 = wholeColumns ? 0 : Math.min(start.row!, end.row!);
  const r1 = wholeColumns ? MAX_ROWS - 1 : Math.max(start.row!, end.row!);
  const c0 = wholeRows ? 0 : Math.min(start.column!, end.column!);
  const c1 = wholeRows ? MAX_COLUMNS - 1 : Math.max(start.column!, end.column!);
  if (r1 >= MAX_ROWS || c1 >= MAX_COLUMNS) return null;
  return { sheet, rect: { row: r0, column: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1 } };
}
