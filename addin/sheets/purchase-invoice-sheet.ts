/**
 * The supplier invoices sheet (采购发票): "Pull received, not invoiced" writes
 * one row per receipt line still to invoice; the clerk types the supplier's
 * invoice number and, where the invoice differs, its quantity and price.
 * Rows with the same supplier and invoice number form one invoice; rows
 * without an invoice number are not sent. An invoice the server holds for
 * its price variance posts, and shows amber with the variance of each line.
 */
import type { Cell } from './cells';
import { parseDate, parseNumber, parseText } from './cells';
import { isBlank } from './cells';
import type { DocumentKind, DocumentOutcome, ParsedRow } from './document-sheet';
import { formatCents } from './journal-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import type { PurchaseLookups, SupplierRef } from './purchase-lookups';
import { InvoiceVariance, purchaseInvoiceRequest, PurchaseInvoiceRequest, UninvoicedLine } from './purchasing-requests';
import { readOptional, readSupplier } from './row-readers';
import type { DocKey } from './row-key';
import { okStatus, RowMessage, RowStatus, warnStatus } from './row-status';
import { toScaled } from '../../contract/decimals';

export const PURCHASE_INVOICE_LAYOUT: SheetLayout = {
  kind: 'purchaseInvoices',
  names: { zh: '采购发票', en: 'Supplier invoices' },
  tablePrefix: 'JxcPurchaseInvoices',
  columns: [
    DOC_REF_COLUMN,
    { key: 'supplier', zh: '供应商', en: 'Supplier', kind: 'text', width: 70, input: true, list: 'supplier', aliases: ['供应商编码', 'supplier code'] },
    { key: 'invoiceNo', zh: '发票号', en: 'Supplier invoice no', kind: 'text', width: 100, input: true, aliases: ['供应商发票号', 'invoice no', 'invoice number'] },
    { key: 'date', zh: '发票日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['日期', 'invoice date'] },
    { key: 'order', zh: '订单号', en: 'Order', kind: 'text', width: 110 },
    { key: 'receipt', zh: '入库单号', en: 'Receipt', kind: 'text', width: 110 },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90 },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 140 },
    { key: 'qty', zh: '数量', en: 'Qty', kind: 'qty', width: 65, input: true, aliases: ['发票数量', 'quantity'] },
    { key: 'unitPrice', zh: '单价', en: 'Unit price', kind: 'price', width: 75, input: true, aliases: ['发票单价', 'price'] },
    { key: 'currency', zh: '币种', en: 'Currency', kind: 'text', width: 45 },
    DOC_STATUS_COLUMN,
    { key: 'receiptLineId', zh: 'JXC receipt line', en: 'JXC receipt line', kind: 'key', width: 10, hidden: true, required: true },
    DOC_KEY_COLUMN,
  ],
};

export interface InvoiceHeader {
  supplier: SupplierRef | null;
  invoiceNo: string | null;
  date: string | null;
}

export type InvoiceLine = PurchaseInvoiceRequest['lines'][number];

export function uninvoicedRows(lines: UninvoicedLine[], supplierCode: string): Cell[][] {
  return lines.map((l) => ['', supplierCode, '', '', l.orderNumber, l.receiptNumber, l.sku, l.name, l.qty, l.unitPrice, l.currency, '', String(l.receiptLineId), '']);
}

function parseInvoiceRow(rows: SheetRows, index: number, lookups: PurchaseLookups): ParsedRow<InvoiceHeader, InvoiceLine> {
  const messages: RowMessage[] = [];
  const supplier = readSupplier(rows, index, 'supplier', lookups, messages);
  const invoiceNo = readOptional(parseText(rows.cell(index, 'invoiceNo'), { required: true, max: 64 }), 'invoiceNo', messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const idText = String(rows.cell(index, 'receiptLineId')).trim();
  if (!/^\d+$/.test(idText)) messages.push({ key: 'row.notPulled', column: 'sku' });
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const unitPrice = readOptional(parseNumber(rows.cell(index, 'unitPrice'), { scale: 'price', required: true, min: 0 }), 'unitPrice', messages);
  return { header: { supplier, invoiceNo, date }, line: { receiptLineId: Number(idText) || 0, qty: qty ?? 0, unitPrice: unitPrice ?? 0 }, messages };
}

/** A variance as the clerk reads it: 12.50 (10.00 → 10.25). */
function varianceText(v: InvoiceVariance): string {
  return `${formatCents(toScaled(v.amount, 'money'))} (${v.orderPrice} → ${v.invoicePrice})`;
}

/** A held invoice shows amber on every row, each with its own line's variance (or the invoice's, when the line has none). */
function invoiceStatus(outcome: DocumentOutcome, key: DocKey): RowStatus {
  const number = outcome.number!;
  if (outcome.document?.status !== 'held') return okStatus('row.posted', { number });
  const variances = (outcome.document.variances ?? []) as InvoiceVariance[];
  const own = variances.filter((v) => v.line === key.line);
  const shown = own.length ? own : variances;
  return warnStatus('row.invoiceHeld', { number, variance: shown.map(varianceText).join('; ') || '—' });
}

export const PURCHASE_INVOICE_KIND: DocumentKind<InvoiceHeader, InvoiceLine, PurchaseLookups> = {
  layout: PURCHASE_INVOICE_LAYOUT,
  refPrefix: 'pi',
  parseRow: parseInvoiceRow,
  meantToPost: (rows, index) => !isBlank(rows.cell(index, 'invoiceNo')) || !isBlank(rows.cell(index, 'docRef')),
  headerKey: (h) => `${h.supplier?.id ?? '?'}|${(h.invoiceNo ?? '').toLowerCase()}`,
  headerDifferences: (a, b) => [
    ...(a.supplier?.id !== b.supplier?.id ? ['supplier'] : []),
    ...(a.invoiceNo !== b.invoiceNo ? ['invoiceNo'] : []),
    ...(a.date !== b.date ? ['date'] : []),
  ],
  postedStatus: invoiceStatus,
  buildDocument: (h, lines): PurchaseInvoiceRequest => ({ supplierCode: h.supplier!.code, supplierInvoiceNo: h.invoiceNo!, ...(h.date ? { date: h.date } : {}), lines }),
  schema: purchaseInvoiceRequest,
  fieldColumns: {
    supplierId: 'supplier',
    supplierCode: 'supplier',
    supplierInvoiceNo: 'invoiceNo',
    date: 'date',
    receiptLineId: 'sku',
    purchaseOrderLineId: 'sku',
    qty: 'qty',
    unitPrice: 'unitPrice',
  },
};
