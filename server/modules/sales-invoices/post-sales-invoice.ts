import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { SalesInvoiceRequest, SalesInvoiceView } from '../../../contract/sales-invoices';
import { execute } from '../../db/sql';
import { documentAmounts, DocumentAmounts } from '../../documents/amounts';
import { insertNumbered } from '../../documents/numbering';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { recordCustomerSales } from '../customers-admin/customer-sales-summary';
import { dueDateOf } from '../purchase-invoices/invoice-header';
import { resolveCustomer } from '../sales-orders/customer-refs';
import { refreshSalesOrderStatus } from '../sales-orders/order-progress';
import { MatchedLine, matchInvoiceLines } from './invoice-matching';
import { getSalesInvoice, SalesInvoiceLineRow, storeSalesInvoiceLines } from './invoice-store';
import { postOpeningReceivable } from './post-opening-receivable';
import { requestedLines } from './requested-lines';

/**
 * Invoices shipped goods (DESIGN §4 "Sales", "Postings"): matched to this
 * customer's shipment lines under their orders' locks, priced as the orders
 * priced them unless the line says otherwise, at the invoice date's rate;
 * Dr receivable / Cr revenue + output VAT, an open item due after the
 * customer's terms, and each line's goods cost from its shipments for gross
 * profit. The orders move on (closed once fully shipped and invoiced).
 */
export async function postSalesInvoice(services: Services, actor: Actor, input: SalesInvoiceRequest, tx: Transaction): Promise<SalesInvoiceView> {
  const { db } = services;
  const date = services.calendar.documentDate(input.date);
  const customer = await resolveCustomer(db, input, tx);
  if (input.opening) return postOpeningReceivable(services, actor, customer, date, input, tx);
  assertInvoiceShape(input);
  const dueDate = dueDateOf(date, customer, input.dueDate);
  const matched = await matchInvoiceLines(db, customer.id, await requestedLines(db, customer.id, input, tx), tx);
  const currency = currencyOf(input, matched);
  const pricesIncludeTax = pricesIncludeTaxOf(matched);
  const given = input.rate === undefined ? undefined : toScaled(input.rate, 'rate');
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: given }, ['rate'], tx);

  const priced = matched.map((m) => priceOf(m, m.at[0] === 'lines' ? input.lines![m.at[1] as number]! : {}));
  const amounts = documentAmounts(priced, { pricesIncludeTax, rate });
  const journal = await services.generalLedger.prepareJournal({ date, memo: input.note ?? null, lines: await journalLines(services, amounts, currency, rate, tx), userId: actor.id }, tx);

  const { id, number } = await insertNumbered(db, tx, 'sales_invoices', 'SI', date, {
    kind: 'invoice',
    customer_id: customer.id,
    status: amounts.total > 0 ? 'open' : 'paid',
    date,
    due_date: dueDate,
    currency,
    rate,
    subtotal: amounts.subtotal,
    tax: amounts.tax,
    total: amounts.total,
    base_subtotal: amounts.baseSubtotal,
    base_tax: amounts.baseTax,
    base_total: amounts.baseTotal,
    base_cost: matched.reduce((s, m) => s + m.cost, 0),
    salesperson_id: salespersonOf(matched),
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  if (journal) await services.generalLedger.applyJournal(journal, { type: 'SI', id, number }, tx);
  if (amounts.total > 0) {
    await services.openItems.openItem(
      { partnerType: 'customer', partnerId: customer.id, kind: 'invoice', document: { type: 'SI', id, number }, date, dueDate, currency, rate, amount: amounts.total, baseAmount: amounts.baseTotal },
      tx,
    );
  }
  await storeSalesInvoiceLines(db, { id, customerId: customer.id, date }, invoiceLineRows(matched, priced, amounts), tx);
  await recordCustomerSales(db, id, 1, tx);
  await recordProgress(services, billedPortions(matched), 1, tx);
  return getSalesInvoice(db, id, tx);
}

/**
 * A line at the order's price less its discount, computed as the order
 * computed it (API.md "Lines and tax"), so invoicing an order whole bills
 * its total to the cent; it shows the net price. A price given is the net.
 */
function priceOf(m: MatchedLine, given: { unitPrice?: number; taxRate?: number }) {
  const taxRate = given.taxRate === undefined ? m.orderLine.taxRate : toScaled(given.taxRate, 'rate');
  if (given.unitPrice !== undefined) return { qty: m.qty, unitPrice: toScaled(given.unitPrice, 'price'), taxRate, shown: toScaled(given.unitPrice, 'price') };
  return { qty: m.qty, unitPrice: m.orderLine.unitPrice, discount: m.orderLine.discount, taxRate, shown: m.orderLine.netPrice };
}

function assertInvoiceShape(input: SalesInvoiceRequest): void {
  const errors: FieldIssue[] = [];
  if (!input.lines?.length && !input.shipmentIds?.length) errors.push(fieldError(['lines'], msg('sales-invoice.lines-required')));
  if (input.lines?.length && input.shipmentIds?.length) errors.push(fieldError(['shipmentIds'], msg('sales-invoice.lines-or-shipments')));
  if (input.amount !== undefined) errors.push(fieldError(['amount'], msg('sales-invoice.amount-opening-only')));
  if (errors.length) throw invalid(errors[0]!.message, errors);
}

/** The orders' currency, one for all (the body's `currency`, when given, must be it): a row of another → 422 naming it. */
function currencyOf(input: SalesInvoiceRequest, matched: MatchedLine[]): string {
  const currency = input.currency ?? matched[0]!.orderLine.order.currency;
  const errors = rowsOf(matched.filter((m) => m.orderLine.order.currency !== currency)).map((m) =>
    fieldError([...m.at, m.field], msg('sales-invoice.line-currency', { order: m.orderLine.order.number, currency: m.orderLine.order.currency, invoiceCurrency: currency })),
  );
  if (errors.length) throw invalid(msg('sales-invoice.currency-mixed', { currency }), errors);
  return currency;
}

/** Prices are as the orders give them (含税 or not); orders that differ are invoiced separately (422 naming the rows that differ from the first). */
function pricesIncludeTaxOf(matched: MatchedLine[]): boolean {
  const first = matched[0]!.orderLine.order.pricesIncludeTax;
  const errors = rowsOf(matched.filter((m) => m.orderLine.order.pricesIncludeTax !== first)).map((m) =>
    fieldError([...m.at, m.field], msg('sales-invoice.line-prices-include-tax', { order: m.orderLine.order.number, first: matched[0]!.orderLine.order.number })),
  );
  if (errors.length) throw invalid(msg('sales-invoice.prices-include-tax-mixed'), errors);
  return first;
}

/** One line per row asked for: a row over several shipments is named once. */
function rowsOf(matched: MatchedLine[]): MatchedLine[] {
  const seen = new Set<string>();
  return matched.filter((m) => {
    const key = m.at.join('.');
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** The salesperson the orders are credited to, when they agree; an invoice across salespeople credits none. */
function salespersonOf(matched: MatchedLine[]): number | null {
  const people = new Set(matched.map((m) => m.orderLine.order.salespersonId));
  return people.size === 1 ? [...people][0]! : null;
}

/** Dr receivable / Cr revenue + output VAT, in the invoice's currency at its rate; a line with no base value is left out. */
async function journalLines(services: Services, amounts: DocumentAmounts, currency: string, rate: number, tx: Transaction): Promise<JournalLineInput[]> {
  const mapping = await services.generalLedger.mapping(tx);
  const line = (accountCode: string, side: 'debit' | 'credit', base: number, amount: number): JournalLineInput => (base === 0 ? { accountCode, [side]: 0 } : { accountCode, [side]: base, currency, rate, amount });
  return [
    line(mapping.receivable, 'debit', amounts.baseTotal, amounts.total),
    line(mapping.revenue, 'credit', amounts.baseSubtotal, amounts.subtotal),
    line(mapping.outputVat, 'credit', amounts.baseTax, amounts.tax),
  ];
}

function invoiceLineRows(matched: MatchedLine[], priced: Array<{ shown: number; taxRate: number }>, amounts: DocumentAmounts): SalesInvoiceLineRow[] {
  return matched.map((m, i) => ({
    line: i,
    orderLineId: m.orderLine.id,
    shipmentLineId: m.shipmentLine.id,
    itemId: m.orderLine.itemId,
    qty: m.qty,
    unitPrice: priced[i]!.shown,
    taxRate: priced[i]!.taxRate,
    amount: amounts.lines[i]!.amount,
    tax: amounts.lines[i]!.tax,
    baseAmount: amounts.lines[i]!.baseAmount,
    baseTax: amounts.lines[i]!.baseTax,
    baseCost: m.cost,
  }));
}

/** What an invoice bills of one shipment line, with the order line it belongs to. */
export interface BilledPortion {
  orderId: number;
  orderLineId: number;
  shipmentLineId: number;
  qty: number;
}

export const billedPortions = (matched: MatchedLine[]): BilledPortion[] =>
  matched.map((m) => ({ orderId: m.orderLine.order.id, orderLineId: m.orderLine.id, shipmentLineId: m.shipmentLine.id, qty: m.qty }));

/**
 * What each shipment line and order line now has invoiced (`sign` −1 gives
 * it back), then each order's status, in id order: the orders are locked
 * already.
 */
export async function recordProgress(services: Services, portions: BilledPortion[], sign: 1 | -1, tx: Transaction): Promise<void> {
  const { db } = services;
  const add = (totals: Map<number, number>, id: number, qty: number) => totals.set(id, (totals.get(id) ?? 0) + qty);
  const byOrderLine = new Map<number, number>();
  const byShipmentLine = new Map<number, number>();
  for (const p of portions) {
    add(byOrderLine, p.orderLineId, p.qty);
    add(byShipmentLine, p.shipmentLineId, p.qty);
  }
  const sorted = (totals: Map<number, number>) => [...totals].sort((a, b) => a[0] - b[0]);
  for (const [id, qty] of sorted(byOrderLine)) await execute(db, 'UPDATE sales_order_lines SET invoiced = invoiced + :qty WHERE id = :id', { id, qty: sign * qty }, tx);
  for (const [id, qty] of sorted(byShipmentLine)) await execute(db, 'UPDATE shipment_lines SET invoiced = invoiced + :qty WHERE id = :id', { id, qty: sign * qty }, tx);
  for (const orderId of [...new Set(portions.map((p) => p.orderId))].sort((a, b) => a - b)) await refreshSalesOrderStatus(db, orderId, tx);
}
