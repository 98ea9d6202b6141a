/**
 * The sales invoices sheet (销售发票): "Pull shipped, not invoiced" writes one
 * row per shipment line still to invoice, with the order's price and tax
 * rate; the clerk may change the quantity, price or tax rate, or clear the
 * quantity of a row not to invoice now. Rows of one customer and currency
 * (and date) form one invoice — a Doc ref splits them further — and each
 * row shows the invoice's number.
 */
import { salesInvoiceRequest, SalesInvoiceRequest, UninvoicedShipmentLineView } from '../../contract/sales-invoices';
import { readTaxRate } from './cash-entry-sheet';
import { Cell, isBlank, parseDate, parseNumber, parseText } from './cells';
import { compareHeaders, DocumentKind, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, sameColumns, SheetLayout, SheetRows } from './layout';
import { PURCHASE_INVOICE_LAYOUT } from './purchase-invoice-sheet';
import { PURCHASE_ORDER_LAYOUT } from './purchase-order-sheet';
import { readOptional, readPulledId } from './row-readers';
import type { RowMessage } from './row-status';
import { CustomerRef, readCustomer, SalesLookups } from './sales-lookups';

export const SALES_INVOICE_LAYOUT: SheetLayout = {
  kind: 'salesInvoices',
  names: { zh: '销售发票', en: 'Sales invoices' },
  tablePrefix: 'JxcSalesInvoices',
  columns: [
    DOC_REF_COLUMN,
    { key: 'customer', zh: '客户', en: 'Customer', kind: 'text', width: 70, required: true, aliases: ['客户编码', 'customer code'] },
    ...sameColumns(PURCHASE_INVOICE_LAYOUT, 'date'),
    { key: 'shipment', zh: '出库单号', en: 'Shipment', kind: 'text', width: 110, aliases: ['发货单', 'shipment number'] },
    ...sameColumns(PURCHASE_INVOICE_LAYOUT, 'order', 'sku', 'name', 'qty', 'unitPrice'),
    ...sameColumns(PURCHASE_ORDER_LAYOUT, 'taxRate'),
    { ...sameColumns(PURCHASE_INVOICE_LAYOUT, 'currency')[0]!, required: true },
    DOC_STATUS_COLUMN,
    { key: 'shipmentLineId', zh: 'JXC shipment line', en: 'JXC shipment line', kind: 'key', width: 10, hidden: true, required: true },
    DOC_KEY_COLUMN,
  ],
};

export interface SalesInvoiceHeader {
  customer: CustomerRef | null;
  currency: string;
  date: string | null;
}

export type SalesInvoiceLine = NonNullable<SalesInvoiceRequest['lines']>[number];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One row per shipment line still to invoice, by customer, currency and shipment. */
export function uninvoicedShipmentRows(lines: UninvoicedShipmentLineView[]): Cell[][] {
  const sorted = [...lines].sort((a, b) => byText(a.customerCode, b.customerCode) || byText(a.currency, b.currency) || byText(a.shipmentNumber, b.shipmentNumber) || a.shipmentLineId - b.shipmentLineId);
  return sorted.map((l) => ['', l.customerCode, '', l.shipmentNumber, l.orderNumber, l.sku, l.name, l.qty, l.unitPrice, l.taxRate, l.currency, '', String(l.shipmentLineId), '']);
}

function parseInvoiceRow(rows: SheetRows, index: number, lookups: SalesLookups): ParsedRow<SalesInvoiceHeader, SalesInvoiceLine> {
  const messages: RowMessage[] = [];
  const customer = readCustomer(rows, index, 'customer', lookups, messages);
  const currency = readOptional(parseText(rows.cell(index, 'currency'), { required: true, max: 3 }), 'currency', messages) ?? '';
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const shipmentLineId = readPulledId(rows, index, 'shipmentLineId', messages, 'sku');
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const unitPrice = readOptional(parseNumber(rows.cell(index, 'unitPrice'), { scale: 'price', min: 0 }), 'unitPrice', messages);
  const taxRate = readTaxRate(rows, index, messages);
  const line: SalesInvoiceLine = { shipmentLineId: shipmentLineId ?? 0, qty: qty ?? 0 };
  if (unitPrice !== null) line.unitPrice = unitPrice;
  if (taxRate !== null) line.taxRate = taxRate;
  return { header: { customer, currency: currency.toUpperCase(), date }, line, messages };
}

export const SALES_INVOICE_KIND: DocumentKind<SalesInvoiceHeader, SalesInvoiceLine, SalesLookups> = {
  layout: SALES_INVOICE_LAYOUT,
  refPrefix: 'si',
  parseRow: parseInvoiceRow,
  // A pulled row whose quantity the clerk cleared is not to be invoiced now.
  meantToPost: (rows, index) => !isBlank(rows.cell(index, 'qty')) || !isBlank(rows.cell(index, 'docRef')),
  ...compareHeaders<SalesInvoiceHeader>(['customer', 'currency', 'date']),
  buildDocument: (h, lines): SalesInvoiceRequest => ({ customerCode: h.customer!.code, ...(h.date ? { date: h.date } : {}), lines }),
  schema: salesInvoiceRequest,
  fieldColumns: {
    customerId: 'customer',
    customerCode: 'customer',
    date: 'date',
    shipmentLineId: 'sku',
    salesOrderLineId: 'sku',
    qty: 'qty',
    unitPrice: 'unitPrice',
    taxRate: 'taxRate',
  },
};
