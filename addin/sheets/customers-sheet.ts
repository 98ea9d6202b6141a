/**
 * The customers sheet: published as every master-data sheet is
 * (record-sheet.ts), with versions — the suppliers sheet's columns and
 * checks, plus the credit limit (blank = no limit). And which cell of a row
 * on any sheet names a customer: what the task pane's customer panel follows
 * as the selection moves.
 */
import { customerRequest, PartnerRequest, PartnerView, updateCustomerRequest } from '../../contract/master-data';
import { parseNumber } from './cells';
import { normalizeHeader, SheetLayout, SheetRows } from './layout';
import { orderedRecord, RecordSheet } from './record-sheet';
import { readOptional } from './row-readers';
import type { RowMessage } from './row-status';
import { PARTNER_CONTACT_COLUMNS, PARTNER_TERMS_COLUMNS, parsePartnerRow, RECORD_TRAILER_COLUMNS, recordFromSupplier } from './suppliers-sheet';

export const CUSTOMERS_LAYOUT: SheetLayout = {
  kind: 'customers',
  names: { zh: '客户', en: 'Customers' },
  tablePrefix: 'JxcCustomers',
  columns: [
    { key: 'code', zh: '客户编码', en: 'Code', kind: 'text', width: 80, input: true, aliases: ['编码', 'customer code'] },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 160, input: true, aliases: ['客户名称', 'customer'] },
    ...PARTNER_CONTACT_COLUMNS,
    { key: 'creditLimit', zh: '信用额度', en: 'Credit limit', kind: 'money', width: 85, input: true, optional: true, aliases: ['额度', 'credit'] },
    ...PARTNER_TERMS_COLUMNS,
    ...RECORD_TRAILER_COLUMNS,
  ],
};

const FIELDS = ['code', 'name', 'category', 'grade', 'contact', 'phone', 'email', 'address', 'creditLimit', 'paymentTermsDays', 'currency', 'active'] as const;

export type CustomerRecord = PartnerRequest;

export function recordFromCustomer(c: PartnerView): CustomerRecord {
  return orderedRecord<CustomerRecord>(FIELDS, { ...recordFromSupplier(c), creditLimit: c.creditLimit ?? null }) as CustomerRecord;
}

function parseCustomerRow(rows: SheetRows, row: number, messages: RowMessage[]): Record<string, unknown> {
  const record = parsePartnerRow(rows, row, messages);
  if (rows.has('creditLimit')) record.creditLimit = readOptional(parseNumber(rows.cell(row, 'creditLimit'), { scale: 'money', min: 0 }), 'creditLimit', messages);
  return record;
}

export const CUSTOMERS_SHEET: RecordSheet<PartnerView, CustomerRecord> = {
  layout: CUSTOMERS_LAYOUT,
  fields: FIELDS,
  identity: 'code',
  duplicate: 'row.duplicateCode',
  refPrefix: 'customer',
  recordOf: recordFromCustomer,
  parseRow: parseCustomerRow,
  createSchema: customerRequest,
  updateSchema: updateCustomerRequest,
};

/** Headers of a column holding customer codes on any sales sheet, in either language. */
const CUSTOMER_HEADERS = new Set(['客户', '客户编码', 'customer', 'customercode', 'customerno'].map(normalizeHeader));

/** The selected row as the Excel layer read it: its sheet, table, header and cells. */
export interface SelectedRow {
  sheetName: string;
  tableName: string | null;
  header: string[];
  /** Null when the selection is on the header row or outside the sheet's data. */
  cells: Array<string | number | boolean> | null;
}

/**
 * The customer code on a selected row: the customers sheet's code column
 * (found by its table or sheet name), else any column headed Customer / 客户.
 */
export function customerCodeOnRow(selected: SelectedRow): string | null {
  if (!selected.cells) return null;
  const onCustomersSheet =
    (selected.tableName ?? '').startsWith(CUSTOMERS_LAYOUT.tablePrefix) || [CUSTOMERS_LAYOUT.names.zh, CUSTOMERS_LAYOUT.names.en].some((n) => n.toLowerCase() === selected.sheetName.trim().toLowerCase());
  const code = CUSTOMERS_LAYOUT.columns[0]!;
  const codeHeaders = onCustomersSheet ? new Set([code.zh, code.en, ...(code.aliases ?? [])].map(normalizeHeader)) : CUSTOMER_HEADERS;
  const column = selected.header.findIndex((h) => codeHeaders.has(normalizeHeader(String(h))));
  const value = column < 0 ? '' : String(selected.cells[column] ?? '').trim();
  return value || null;
}
