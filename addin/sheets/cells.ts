/**
 * Reading one cell the way a clerk means it: numbers typed as text, formula
 * results with binary-float noise, Excel date serials, 是/否 — and a precise
 * complaint when the cell cannot mean what the column needs.
 */
import { decimalPlaces, SCALES, ScaleKind } from '../../contract/decimals';

export type Cell = string | number | boolean;

export type CellMessageKey =
  | 'cell.required'
  | 'cell.notNumber'
  | 'cell.tooManyDecimals'
  | 'cell.formulaError'
  | 'cell.notDate'
  | 'cell.notBoolean'
  | 'cell.tooLong'
  | 'cell.zero'
  | 'cell.notPositive'
  | 'cell.negative'
  | 'cell.tooLarge'
  | 'cell.rateRange';

export interface CellError {
  key: CellMessageKey;
  params?: Record<string, string | number>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: CellError };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (key: CellMessageKey, params?: Record<string, string | number>): Parsed<never> => ({ ok: false, error: { key, params } });

const EXCEL_ERRORS = /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

export function isBlank(cell: Cell | undefined | null): boolean {
  return cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

function excelError(cell: Cell): string | null {
  return typeof cell === 'string' && EXCEL_ERRORS.test(cell.trim()) ? cell.trim() : null;
}

/** Shortens what is quoted back to the clerk. */
function quote(cell: Cell): string {
  const s = String(cell).trim();
  return s.length > 30 ? `${s.slice(0, 29)}…` : s;
}

export function parseText(cell: Cell, options: { required?: boolean; max: number }): Parsed<string | null> {
  const err = excelError(cell);
  if (err) return fail('cell.formulaError', { value: err });
  if (isBlank(cell)) return options.required ? fail('cell.required') : ok(null);
  const text = typeof cell === 'number' ? String(Number(cell.toPrecision(15))) : String(cell).trim();
  if (text.length > options.max) return fail('cell.tooLong', { max: options.max });
  return ok(text);
}

/** Decimal places of a number as Excel shows it; the contract's exact check only for exponent notation. */
function placesOf(n: number): number {
  const text = String(n);
  if (text.includes('e')) return decimalPlaces(n);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A number as the clerk sees it in Excel: 15 significant digits, so =0.1+0.2 is 0.3. */
function asNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? Number(cell.toPrecision(15)) : null;
  if (typeof cell !== 'string') return null;
  const text = cell.normalize('NFKC').trim().replace(/\s/g, '');
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (GROUPED_NUMBER.test(text)) return Number(text.replace(/,/g, ''));
  return null;
}

export interface NumberRule {
  scale: ScaleKind;
  required?: boolean;
  min?: number;
  nonZero?: boolean;
  positive?: boolean;
}

export function parseNumber(cell: Cell, rule: NumberRule): Parsed<number | null> {
  const err = excelError(cell);
  if (err) return fail('cell.formulaError', { value: err });
  if (isBlank(cell)) return rule.required ? fail('cell.required') : ok(null);
  const n = asNumber(cell);
  if (n === null) return fail('cell.notNumber', { value: quote(cell) });
  if (Math.abs(n) >= 1e12) return fail('cell.tooLarge');
  if (placesOf(n) > SCALES[rule.scale]) return fail('cell.tooManyDecimals', { places: SCALES[rule.scale] });
  if (rule.nonZero && n === 0) return fail('cell.zero');
  if (rule.positive && n <= 0) return fail('cell.notPositive');
  if (rule.min !== undefined && n < rule.min) return fail('cell.negative');
  return ok(n === 0 ? 0 : n);
}

const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 9999 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Excel's date serial (days since 1899-12-30, the 1900 leap-year bug included) as YYYY-MM-DD. */
export function serialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465) return null;
  return new Date(EXCEL_EPOCH + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date of a moment on this computer's clock, as YYYY-MM-DD. */
export function localIsoDate(moment: Date): string {
  return `${moment.getFullYear()}-${String(moment.getMonth() + 1).padStart(2, '0')}-${String(moment.getDate()).padStart(2, '0')}`;
}

export function isoDateToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y!, m! - 1, d!) - EXCEL_EPOCH) / DAY_MS);
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

export function parseDate(cell: Cell, options: { required?: boolean } = {}): Parsed<string | null> {
  const err = excelError(cell);
  if (err) return fail('cell.formulaError', { value: err });
  if (isBlank(cell)) return options.required ? fail('cell.required') : ok(null);
  if (typeof cell === 'number') {
    const iso = serialToIsoDate(cell);
    return iso ? ok(iso) : fail('cell.notDate', { value: quote(cell) });
  }
  const m = DATE_TEXT.exec(String(cell).normalize('NFKC').trim());
  const iso = m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  return iso ? ok(iso) : fail('cell.notDate', { value: quote(cell) });
}

const YES = new Set(['true', 'yes', 'y', '1', '是', '对', '启用', 'on', '✓', '√']);
const NO = new Set(['false', 'no', 'n', '0', '否', '不', '停用', 'off', '✗', '×']);

export function parseBool(cell: Cell, fallback: boolean): Parsed<boolean> {
  const err = excelError(cell);
  if (err) return fail('cell.formulaError', { value: err });
  if (isBlank(cell)) return ok(fallback);
  if (typeof cell === 'boolean') return ok(cell);
  const text = String(cell).normalize('NFKC').trim().toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail('cell.notBoolean', { value: quote(cell) });
}
