/** The suppliers sheet: published as every master-data sheet is (record-sheet.ts), with versions. */
import { PartnerRequest, PartnerView, supplierRequest, updateSupplierRequest } from '../../contract/master-data';
import { parseBool, parseNumber, parseText } from './cells';
import { ColumnSpec, KEY_HEADER, SheetLayout, SheetRows } from './layout';
import { orderedRecord, RecordSheet } from './record-sheet';
import { readOptional } from './row-readers';
import type { RowMessage } from './row-status';

/** What suppliers and customers both carry after their code and name: category, grade and how to reach them. */
export const PARTNER_CONTACT_COLUMNS: ColumnSpec[] = [
  { key: 'category', zh: '类别', en: 'Category', kind: 'text', width: 80, input: true, optional: true, aliases: ['分类'] },
  { key: 'grade', zh: '等级', en: 'Grade', kind: 'text', width: 50, input: true, optional: true, aliases: ['级别'] },
  { key: 'contact', zh: '联系人', en: 'Contact', kind: 'text', width: 80, input: true, optional: true },
  { key: 'phone', zh: '电话', en: 'Phone', kind: 'text', width: 100, input: true, optional: true, aliases: ['联系电话', 'tel'] },
  { key: 'email', zh: '邮箱', en: 'Email', kind: 'text', width: 140, input: true, optional: true, aliases: ['电子邮件', 'e-mail'] },
  { key: 'address', zh: '地址', en: 'Address', kind: 'text', width: 180, input: true, optional: true },
];
export const PARTNER_TERMS_COLUMNS: ColumnSpec[] = [
  { key: 'paymentTermsDays', zh: '账期天数', en: 'Payment terms (days)', kind: 'qty', width: 70, input: true, optional: true, aliases: ['账期', 'payment terms'] },
  { key: 'currency', zh: '币种', en: 'Currency', kind: 'text', width: 50, input: true, optional: true, aliases: ['货币'] },
  { key: 'active', zh: '启用', en: 'Active', kind: 'bool', width: 50, input: true, optional: true, aliases: ['有效'] },
];
/** Every record sheet ends with each row's result, the version it was pulled at, and its key. */
export const RECORD_TRAILER_COLUMNS: ColumnSpec[] = [
  { key: 'status', zh: '状态', en: 'Status', kind: 'status', width: 200, aliases: ['结果', 'result'] },
  { key: 'version', zh: '版本', en: 'Version', kind: 'version', width: 10, hidden: true, optional: true },
  { key: 'key', zh: KEY_HEADER, en: KEY_HEADER, kind: 'key', width: 10, hidden: true },
];

export const SUPPLIERS_LAYOUT: SheetLayout = {
  kind: 'suppliers',
  names: { zh: '供应商', en: 'Suppliers' },
  tablePrefix: 'JxcSuppliers',
  columns: [
    { key: 'code', zh: '供应商编码', en: 'Code', kind: 'text', width: 80, input: true, aliases: ['编码', 'supplier code', 'vendor code'] },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 160, input: true, aliases: ['供应商名称', 'supplier'] },
    ...PARTNER_CONTACT_COLUMNS,
    ...PARTNER_TERMS_COLUMNS,
    ...RECORD_TRAILER_COLUMNS,
  ],
};

const TEXT_FIELDS = { code: 32, name: 200, category: 64, grade: 16, contact: 100, phone: 50, email: 200, address: 300 } as const;
const FIELDS = ['code', 'name', 'category', 'grade', 'contact', 'phone', 'email', 'address', 'paymentTermsDays', 'currency', 'active'] as const;

export type SupplierRecord = Omit<PartnerRequest, 'creditLimit'>;

export function recordFromSupplier(s: PartnerView): SupplierRecord {
  return orderedRecord<SupplierRecord>(FIELDS, {
    code: s.code,
    name: s.name,
    category: s.category,
    grade: s.grade,
    contact: s.contact,
    phone: s.phone,
    email: s.email,
    address: s.address,
    paymentTermsDays: s.paymentTermsDays,
    currency: s.currency,
    active: s.active,
  }) as SupplierRecord;
}

/** A supplier's or customer's cells: code and name required, the rest as far as the sheet has the columns. */
export function parsePartnerRow(rows: SheetRows, row: number, messages: RowMessage[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [field, max] of Object.entries(TEXT_FIELDS)) {
    if (!rows.has(field)) continue;
    record[field] = readOptional(parseText(rows.cell(row, field), { required: field === 'code' || field === 'name', max }), field, messages);
  }
  if (rows.has('paymentTermsDays')) record.paymentTermsDays = readOptional(parseNumber(rows.cell(row, 'paymentTermsDays'), { scale: 'qty', min: 0 }), 'paymentTermsDays', messages);
  if (rows.has('currency')) {
    const currency = readOptional(parseText(rows.cell(row, 'currency'), { max: 3 }), 'currency', messages);
    // Blank: the server's default on a create, and left as it is on an update.
    record.currency = currency === null ? undefined : currency.toUpperCase();
  }
  if (rows.has('active')) record.active = readOptional(parseBool(rows.cell(row, 'active'), true), 'active', messages);
  return record;
}

export const SUPPLIERS_SHEET: RecordSheet<PartnerView, SupplierRecord> = {
  layout: SUPPLIERS_LAYOUT,
  fields: FIELDS,
  identity: 'code',
  duplicate: 'row.duplicateCode',
  refPrefix: 'supplier',
  recordOf: recordFromSupplier,
  parseRow: parsePartnerRow,
  createSchema: supplierRequest,
  updateSchema: updateSupplierRequest,
};
