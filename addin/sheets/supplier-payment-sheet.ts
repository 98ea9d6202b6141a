/**
 * The supplier payments sheet (付款): "Pull open payables" writes one row per
 * open invoice; the clerk types what to pay on each and from which cash or
 * bank account. Rows of one supplier paid from one account on one date form
 * one payment whose amount is the sum of its allocations; rows without an
 * amount are not sent.
 */
import { toScaled, fromScaled } from '../../contract/decimals';
import { Cell, isBlank, parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, ParsedRow } from './document-sheet';
import type { CashAccountRef, FinanceLookups } from './finance-lookups';
import { ColumnSpec, DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import { PayableRow, supplierPaymentRequest, SupplierPaymentRequest } from './purchasing-requests';
import { readCashAccount, readOptional } from './row-readers';
import type { RowMessage } from './row-status';

/** An open invoice as a payment or receipt sheet shows it: its dates, currency, total, what is still open (`open` names it) and how late it is. */
export function openInvoiceColumns(open: Pick<ColumnSpec, 'zh' | 'aliases'>): ColumnSpec[] {
  return [
    { key: 'invoiceDate', zh: '发票日期', en: 'Invoice date', kind: 'date', width: 75 },
    { key: 'dueDate', zh: '到期日', en: 'Due date', kind: 'date', width: 75 },
    { key: 'currency', zh: '币种', en: 'Currency', kind: 'text', width: 45 },
    { key: 'total', zh: '发票金额', en: 'Total', kind: 'money', width: 85 },
    { key: 'openAmount', zh: open.zh, en: 'Open', kind: 'money', width: 85, required: true, aliases: [...(open.aliases ?? []), 'open amount'] },
    { key: 'daysOverdue', zh: '逾期天数', en: 'Days overdue', kind: 'version', width: 55 },
  ];
}

/** The sum of allocations in cents: 0.1 + 0.2 pays 0.30, not 0.30000000000000004. */
export function allocationsTotal(allocations: Array<{ amount: number }>): number {
  return fromScaled(allocations.reduce((sum, a) => sum + toScaled(a.amount, 'money'), 0), 'money');
}

/** An amount to pay or receive on a row may not be more than the row's invoice still has open. */
export function checkWithinOpen(rows: SheetRows, index: number, amount: number | null, messages: RowMessage[]): void {
  const open = parseNumber(rows.cell(index, 'openAmount'), { scale: 'money' });
  if (amount !== null && open.ok && open.value !== null && toScaled(amount, 'money') > toScaled(open.value, 'money')) {
    messages.push({ key: 'row.payMoreThanOpen', params: { open: open.value }, column: 'amount' });
  }
}

export const SUPPLIER_PAYMENT_LAYOUT: SheetLayout = {
  kind: 'supplierPayments',
  names: { zh: '付款', en: 'Supplier payments' },
  tablePrefix: 'JxcSupplierPayments',
  columns: [
    DOC_REF_COLUMN,
    { key: 'supplier', zh: '供应商', en: 'Supplier', kind: 'text', width: 70, required: true, aliases: ['供应商编码'] },
    { key: 'invoice', zh: '发票单号', en: 'Invoice', kind: 'text', width: 110, required: true, aliases: ['单号', 'invoice number'] },
    { key: 'supplierInvoiceNo', zh: '供应商发票号', en: 'Supplier invoice no', kind: 'text', width: 100 },
    ...openInvoiceColumns({ zh: '未付金额', aliases: ['未付'] }),
    { key: 'cashAccount', zh: '资金账户', en: 'Cash account', kind: 'text', width: 80, input: true, list: 'cashAccount', aliases: ['付款账户', 'bank account'] },
    { key: 'date', zh: '付款日期', en: 'Payment date', kind: 'date', width: 75, input: true, aliases: ['日期'] },
    { key: 'amount', zh: '本次付款', en: 'Pay now', kind: 'money', width: 85, input: true, aliases: ['付款金额', 'amount'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface PaymentHeader {
  supplierCode: string;
  cashAccount: CashAccountRef | null;
  date: string | null;
}

export type PaymentLine = SupplierPaymentRequest['allocations'][number];

export function payableRows(payables: PayableRow[]): Cell[][] {
  return payables
    .filter((p) => p.openAmount > 0)
    .map((p) => ['', p.supplierCode, p.number, p.supplierInvoiceNo ?? '', p.date, p.dueDate ?? '', p.currency, p.total, p.openAmount, p.daysOverdue ?? '', '', '', '', '', '']);
}

function parsePaymentRow(rows: SheetRows, index: number, lookups: FinanceLookups): ParsedRow<PaymentHeader, PaymentLine> {
  const messages: RowMessage[] = [];
  const supplierCode = readOptional(parseText(rows.cell(index, 'supplier'), { required: true, max: 32 }), 'supplier', messages) ?? '';
  const invoiceNumber = readOptional(parseText(rows.cell(index, 'invoice'), { required: true, max: 64 }), 'invoice', messages) ?? '';
  const cashAccount = readCashAccount(rows, index, 'cashAccount', lookups, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const amount = readOptional(parseNumber(rows.cell(index, 'amount'), { scale: 'money', required: true, positive: true }), 'amount', messages);
  checkWithinOpen(rows, index, amount, messages);
  return { header: { supplierCode, cashAccount, date }, line: { invoiceNumber, amount: amount ?? 0 }, messages };
}

export const SUPPLIER_PAYMENT_KIND: DocumentKind<PaymentHeader, PaymentLine, FinanceLookups> = {
  layout: SUPPLIER_PAYMENT_LAYOUT,
  refPrefix: 'sp',
  parseRow: parsePaymentRow,
  meantToPost: (rows, index) => !isBlank(rows.cell(index, 'amount')),
  headerKey: (h) => `${h.supplierCode.toLowerCase()}|${h.cashAccount?.id ?? '?'}|${h.date ?? ''}`,
  headerDifferences: (a, b) => [
    ...(a.supplierCode.toLowerCase() !== b.supplierCode.toLowerCase() ? ['supplier'] : []),
    ...(a.cashAccount?.id !== b.cashAccount?.id ? ['cashAccount'] : []),
    ...(a.date !== b.date ? ['date'] : []),
  ],
  buildDocument: (h, allocations): SupplierPaymentRequest => ({
    supplierCode: h.supplierCode,
    cashAccountCode: h.cashAccount!.code,
    ...(h.date ? { date: h.date } : {}),
    amount: allocationsTotal(allocations),
    allocations,
  }),
  schema: supplierPaymentRequest,
  fieldColumns: {
    supplierId: 'supplier',
    supplierCode: 'supplier',
    cashAccountId: 'cashAccount',
    cashAccountCode: 'cashAccount',
    date: 'date',
    amount: 'amount',
    invoiceId: 'invoice',
    invoiceNumber: 'invoice',
  },
};
