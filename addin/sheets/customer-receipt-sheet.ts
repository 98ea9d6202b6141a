/**
 * The customer receipts sheet (收款), the supplier payments sheet's mirror:
 * "Pull open receivables" writes one row per open invoice; the clerk types
 * what came in against each and into which cash or bank account. Rows of one
 * customer, account, date and currency form one receipt whose amount is the
 * sum of its allocations; rows without an amount are not sent.
 */
import { customerReceiptRequest, CustomerReceiptRequest, ReceivableView } from '../../contract/customer-receipts';
import { Cell, isBlank, parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, ParsedRow } from './document-sheet';
import type { CashAccountRef, FinanceLookups } from './finance-lookups';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, Language, SheetLayout, SheetRows } from './layout';
import type { ListsContent } from './lookups';
import { readCashAccount, readOptional } from './row-readers';
import { allocationsTotal, checkWithinOpen, openInvoiceColumns } from './supplier-payment-sheet';
import type { RowMessage } from './row-status';
import { readCustomer, SalesLookups } from './sales-lookups';

export const CUSTOMER_RECEIPT_LAYOUT: SheetLayout = {
  kind: 'customerReceipts',
  names: { zh: '收款', en: 'Customer receipts' },
  tablePrefix: 'JxcCustomerReceipts',
  columns: [
    DOC_REF_COLUMN,
    { key: 'customer', zh: '客户', en: 'Customer', kind: 'text', width: 70, required: true, aliases: ['客户编码', 'customer code'] },
    { key: 'invoice', zh: '发票单号', en: 'Invoice', kind: 'text', width: 110, required: true, aliases: ['单号', 'invoice number'] },
    ...openInvoiceColumns({ zh: '未收金额', aliases: ['未收'] }),
    { key: 'cashAccount', zh: '收款账户', en: 'Cash account', kind: 'text', width: 80, input: true, list: 'cashAccount', aliases: ['资金账户', 'bank account'] },
    { key: 'date', zh: '收款日期', en: 'Receipt date', kind: 'date', width: 75, input: true, aliases: ['日期'] },
    { key: 'amount', zh: '本次收款', en: 'Amount received', kind: 'money', width: 85, input: true, aliases: ['收款金额', 'amount'] },
    DOC_STATUS_COLUMN,
    // The invoice's id, so the allocation names it even if the number cell is retyped; optional for sheets built by hand.
    { key: 'invoiceId', zh: '发票ID', en: 'Invoice id', kind: 'version', width: 10, hidden: true, optional: true },
    DOC_KEY_COLUMN,
  ],
};

/** What receipt rows are checked against: the customers, and the cash and bank accounts. */
export class ReceiptLookups {
  constructor(
    readonly finance: FinanceLookups,
    readonly sales: SalesLookups,
  ) {}

  lists(language: Language): ListsContent {
    return { cashAccount: this.finance.lists(language).cashAccount };
  }
}

export interface ReceiptHeader {
  customerCode: string;
  cashAccount: CashAccountRef | null;
  date: string | null;
  currency: string | null;
}

export type ReceiptLine = NonNullable<CustomerReceiptRequest['allocations']>[number];

/** Open invoices only: credit notes and advances are set against invoices elsewhere, not received. */
export function receivableRows(receivables: ReceivableView[]): Cell[][] {
  return receivables
    .filter((r) => r.kind === 'invoice' && r.openAmount > 0)
    .map((r) => ['', r.customerCode, r.number, r.date, r.dueDate ?? '', r.currency, r.total, r.openAmount, r.daysOverdue ?? '', '', '', '', '', r.id, '']);
}

function invoiceOf(rows: SheetRows, index: number, messages: RowMessage[]): Omit<ReceiptLine, 'amount'> {
  const number = readOptional(parseText(rows.cell(index, 'invoice'), { required: true, max: 32 }), 'invoice', messages) ?? '';
  const id = rows.cell(index, 'invoiceId');
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { invoiceId: id } : { invoiceNumber: number };
}

function parseReceiptRow(rows: SheetRows, index: number, lookups: ReceiptLookups): ParsedRow<ReceiptHeader, ReceiptLine> {
  const messages: RowMessage[] = [];
  const customer = readCustomer(rows, index, 'customer', lookups.sales, messages);
  const invoice = invoiceOf(rows, index, messages);
  const cashAccount = readCashAccount(rows, index, 'cashAccount', lookups.finance, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const currency = readOptional(parseText(rows.cell(index, 'currency'), { max: 3 }), 'currency', messages);
  const amount = readOptional(parseNumber(rows.cell(index, 'amount'), { scale: 'money', required: true, positive: true }), 'amount', messages);
  checkWithinOpen(rows, index, amount, messages);
  const header = { customerCode: customer?.code ?? '', cashAccount, date, currency: currency?.toUpperCase() ?? null };
  return { header, line: { ...invoice, amount: amount ?? 0 }, messages };
}

export const CUSTOMER_RECEIPT_KIND: DocumentKind<ReceiptHeader, ReceiptLine, ReceiptLookups> = {
  layout: CUSTOMER_RECEIPT_LAYOUT,
  refPrefix: 'cr',
  parseRow: parseReceiptRow,
  meantToPost: (rows, index) => !isBlank(rows.cell(index, 'amount')),
  headerKey: (h) => `${h.customerCode.toLowerCase()}|${h.cashAccount?.id ?? '?'}|${h.date ?? ''}|${h.currency ?? ''}`,
  headerDifferences: (a, b) => [
    ...(a.customerCode.toLowerCase() !== b.customerCode.toLowerCase() ? ['customer'] : []),
    ...(a.cashAccount?.id !== b.cashAccount?.id ? ['cashAccount'] : []),
    ...(a.date !== b.date ? ['date'] : []),
    ...(a.currency !== b.currency ? ['currency'] : []),
  ],
  buildDocument: (h, allocations): CustomerReceiptRequest => ({
    customerCode: h.customerCode,
    cashAccountCode: h.cashAccount!.code,
    ...(h.date ? { date: h.date } : {}),
    ...(h.currency ? { currency: h.currency } : {}),
    amount: allocationsTotal(allocations),
    allocations,
  }),
  schema: customerReceiptRequest,
  fieldColumns: {
    customerId: 'customer',
    customerCode: 'customer',
    cashAccountId: 'cashAccount',
    cashAccountCode: 'cashAccount',
    date: 'date',
    currency: 'currency',
    amount: 'amount',
    invoiceId: 'invoice',
    invoiceNumber: 'invoice',
  },
};
