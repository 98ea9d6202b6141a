/**
 * Sheet layouts: the columns of each sheet kind, their headers in both
 * languages, number formats and widths — and finding those columns again by
 * header text when a clerk has moved, renamed (to the other language) or
 * inserted columns.
 */
import type { Cell } from './cells';

export type Language = 'zh' | 'en';
export type ColumnKind = 'text' | 'qty' | 'money' | 'price' | 'rate' | 'date' | 'bool' | 'status' | 'key' | 'version';
export type ListName = 'sku' | 'warehouse' | 'reason' | 'account' | 'cashAccount' | 'cashKind' | 'supplier' | 'customer' | 'ticketStatus' | 'ticketPriority';

export interface ColumnSpec {
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
  /** Width in points. */
  width: number;
  aliases?: string[];
  /** The clerk types here: tinted, and needed to read the sheet back. */
  input?: boolean;
  list?: ListName;
  hidden?: boolean;
  /** Needed when the sheet is read back (input, status and key columns are, unless optional). */
  required?: boolean;
  /** May be missing from the sheet; its field is then left as the server has it. */
  optional?: boolean;
}

export interface SheetLayout {
  kind:
    | 'stock'
    | 'count'
    | 'adjustments'
    | 'transfers'
    | 'items'
    | 'cashEntries'
    | 'journal'
    | 'accounts'
    | 'purchaseOrders'
    | 'receipts'
    | 'purchaseInvoices'
    | 'supplierPayments'
    | 'reorder'
    | 'suppliers'
    | 'scorecards'
    // sales (xa)
    | 'salesOrders'
    | 'shipments'
    | 'salesInvoices'
    // customers (xb)
    | 'customerReceipts'
    | 'salesReturns'
    | 'customers'
    | 'serviceTickets';
  names: { zh: string; en: string };
  tablePrefix: string;
  columns: ColumnSpec[];
}

export const INPUT_FILL = '#FFF8E1';
export const KEY_HEADER = 'JXC key';

/** The columns every document sheet has: the clerk's grouping of rows into documents, each row's result, and its hidden key. */
export const DOC_REF_COLUMN: ColumnSpec = { key: 'docRef', zh: '单据分组', en: 'Doc ref', kind: 'text', width: 70, input: true, aliases: ['单据', 'document', 'docref', '分组'] };
export const DOC_STATUS_COLUMN: ColumnSpec = { key: 'status', zh: '状态', en: 'Status', kind: 'status', width: 220, aliases: ['结果', 'result'] };
export const DOC_KEY_COLUMN: ColumnSpec = { key: 'key', zh: KEY_HEADER, en: KEY_HEADER, kind: 'key', width: 10, hidden: true };

/** Columns of another sheet kind that mean the same on this one (a SKU, a batch), by key, in the order asked. */
export function sameColumns(layout: SheetLayout, ...keys: string[]): ColumnSpec[] {
  return keys.map((key) => {
    const column = layout.columns.find((c) => c.key === key);
    if (!column) throw new Error(`${layout.kind} has no column ${key}`);
    return column;
  });
}

const NUMBER_FORMATS: Record<ColumnKind, string> = {
  text: '@',
  status: '@',
  key: '@',
  version: '0',
  qty: '0.000',
  money: '#,##0.00',
  price: '#,##0.00##',
  rate: '0.00%',
  date: 'yyyy-mm-dd',
  bool: 'General',
};

export function numberFormatOf(kind: ColumnKind): string {
  return NUMBER_FORMATS[kind];
}

export function headerOf(column: ColumnSpec, language: Language): string {
  return column[language];
}

export function sheetNameOf(layout: SheetLayout, language: Language): string {
  return layout.names[language];
}

/** Header text compared loosely: width, case, spaces and punctuation do not matter. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()[\]{}:：*#._\-/（）【】]/g, '');
}

function namesOf(column: ColumnSpec): string[] {
  return [column.key, column.zh, column.en, ...(column.aliases ?? [])].map(normalizeHeader);
}

/** A header and, for "数量 (Qty)" style headers, each of its two halves. */
function headerVariants(text: string): string[] {
  const t = text.normalize('NFKC');
  const inside = /[(（[【]([^)）\]】]*)[)）\]】]/.exec(t)?.[1];
  const outside = t.replace(/[(（[【][^)）\]】]*[)）\]】]/g, '');
  return [normalizeHeader(t), normalizeHeader(outside), ...(inside ? [normalizeHeader(inside)] : [])].filter(Boolean);
}

export type Located = { ok: true; positions: Map<string, number> } | { ok: false; missing: ColumnSpec[] };

export function isRequired(column: ColumnSpec): boolean {
  return !column.optional && Boolean(column.required || column.input || column.kind === 'status' || column.kind === 'key');
}

/** Finds each column by its header text, wherever it now is. */
export function locateColumns(header: string[], layout: SheetLayout): Located {
  const variants = header.map((h) => headerVariants(String(h)));
  const positions = new Map<string, number>();
  const used = new Set<number>();
  for (const column of layout.columns) {
    const names = namesOf(column);
    const index = variants.findIndex((v, i) => !used.has(i) && v.some((h) => names.includes(h)));
    if (index >= 0) {
      positions.set(column.key, index);
      used.add(index);
    }
  }
  const missing = layout.columns.filter((c) => isRequired(c) && !positions.has(c.key));
  return missing.length ? { ok: false, missing } : { ok: true, positions };
}

export interface SheetGrid {
  sheetName: string;
  top: number;
  left: number;
  header: string[];
  rows: Cell[][];
}

/** Rows of a read sheet addressed by column key. */
export class SheetRows {
  constructor(
    readonly grid: SheetGrid,
    readonly positions: Map<string, number>,
  ) {}

  get count(): number {
    return this.grid.rows.length;
  }

  cell(row: number, key: string): Cell {
    const position = this.positions.get(key);
    return position === undefined ? '' : (this.grid.rows[row]?.[position] ?? '');
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** The row number the clerk sees in Excel (1-based). */
  excelRow(row: number): number {
    return this.grid.top + row + 2;
  }

  /** The zero-based sheet column of a key. */
  sheetColumn(key: string): number | undefined {
    const position = this.positions.get(key);
    return position === undefined ? undefined : this.grid.left + position;
  }

  /** The zero-based sheet row of the first data row. */
  get firstDataRow(): number {
    return this.grid.top + 1;
  }
}
