import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { PurchaseInvoiceRequest, PurchaseInvoiceView } from '../../../contract/purchase-invoices';
import { execute } from '../../db/sql';
import { documentAmounts, DocumentAmounts } from '../../documents/amounts';
import { insertNumbered } from '../../documents/numbering';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { refreshOrderStatus } from '../purchase-orders/order-progress';
import { assertNewSupplierInvoiceNo, dueDateOf, resolveSupplier, SupplierFacts } from './invoice-header';
import { MatchedLine, matchInvoiceLines } from './invoice-matching';
import { getPurchaseInvoice, InvoiceLineRow, storeInvoiceLines } from './invoice-store';
import { postOpeningPayable } from './post-opening-payable';
import { splitVariances, VarianceSplit } from './price-variance';

/**
 * Enters a supplier invoice against goods received (DESIGN §4 "Purchasing",
 * "Postings"): 3-way matched per order line, it releases the matched goods'
 * receipt value from 2202.99, books input VAT and the payable (2202.01, an
 * open item), and takes the price variance into the stock still on hand
 * (a value-only move through the stock gate) and to priceVariance for what
 * has left. A unit price beyond PRICE_VARIANCE_TOLERANCE of the order's
 * holds the invoice from payment (status `held`); it still posts everything.
 */
export async function postPurchaseInvoice(services: Services, actor: Actor, input: PurchaseInvoiceRequest, tx: Transaction): Promise<PurchaseInvoiceView> {
  const { db } = services;
  const date = services.calendar.documentDate(input.date);
  const supplier = await resolveSupplier(db, input, tx);
  if (input.opening) return postOpeningPayable(services, actor, supplier, date, input, tx);
  assertInvoiceShape(input);
  await assertNewSupplierInvoiceNo(db, supplier, input.supplierInvoiceNo, tx);
  const dueDate = dueDateOf(date, supplier, input.dueDate);
  const matched = await matchInvoiceLines(db, supplier.id, input.lines!, tx);
  const currency = currencyOf(input, supplier, matched);
  const pricesIncludeTax = pricesIncludeTaxOf(input, matched);
  const given = input.rate === undefined ? undefined : toScaled(input.rate, 'rate');
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: given }, ['rate'], tx);

  const priced = matched.map((m) => {
    const l = input.lines![m.line]!;
    return { qty: m.qty, unitPrice: l.unitPrice === undefined ? m.orderLine.netPrice : toScaled(l.unitPrice, 'price'), taxRate: l.taxRate === undefined ? m.orderLine.taxRate : toScaled(l.taxRate, 'rate') };
  });
  const amounts = documentAmounts(priced, { pricesIncludeTax, rate });
  const withVariance = matched.map((m, i) => ({ ...m, variance: amounts.lines[i]!.baseAmount - m.receiptValue }));
  const held = priced.some((p, i) => beyondTolerance(p.unitPrice, matched[i]!.orderLine.netPrice, services.config.priceVarianceTolerance));

  const split = await splitVariances(db, withVariance, tx);
  const stockPlan = split.revaluations.length ? await services.stockLedger.prepareRevaluation(split.revaluations, date, tx) : null;
  const journal = await services.generalLedger.prepareJournal(
    { date, memo: input.supplierInvoiceNo ?? null, lines: await journalLines(services, matched, amounts, split, currency, rate, tx), userId: actor.id },
    tx,
  );

  const varianceBase = withVariance.reduce((s, m) => s + m.variance, 0);
  const { id, number } = await insertNumbered(db, tx, 'purchase_invoices', 'PI', date, {
    kind: 'invoice',
    supplier_id: supplier.id,
    supplier_invoice_no: input.supplierInvoiceNo,
    status: held ? 'held' : 'open',
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
    variance_base: varianceBase,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  if (stockPlan) await services.stockLedger.apply(stockPlan, { docType: 'PI', docId: id, docNumber: number, date, userId: actor.id }, tx);
  if (journal) await services.generalLedger.applyJournal(journal, { type: 'PI', id, number }, tx);
  if (amounts.total > 0) {
    await services.openItems.openItem(
      { partnerType: 'supplier', partnerId: supplier.id, kind: 'invoice', document: { type: 'PI', id, number }, date, dueDate, currency, rate, amount: amounts.total, baseAmount: amounts.baseTotal },
      tx,
    );
  }
  await storeInvoiceLines(db, id, invoiceLineRows(withVariance, priced, amounts), tx);
  await recordProgress(services, matched, tx);
  return getPurchaseInvoice(db, id, tx);
}

function assertInvoiceShape(input: PurchaseInvoiceRequest): void {
  const errors: FieldIssue[] = [];
  if (input.supplierInvoiceNo === undefined) errors.push(fieldError(['supplierInvoiceNo'], msg('validation.required')));
  if (!input.lines?.length) errors.push(fieldError(['lines'], msg('purchase-invoice.lines-required')));
  if (input.amount !== undefined) errors.push(fieldError(['amount'], msg('purchase-invoice.amount-opening-only')));
  if (errors.length) throw invalid(errors[0]!.message, errors);
}

/** The orders' currency (one for all); an invoice in another is refused naming the line. */
function currencyOf(input: PurchaseInvoiceRequest, supplier: SupplierFacts, matched: MatchedLine[]): string {
  const currency = input.currency ?? matched[0]?.orderLine.currency ?? supplier.currency;
  const errors = matched
    .filter((m) => m.orderLine.currency !== currency)
    .map((m) => fieldError(['lines', m.line, input.lines![m.line]!.receiptLineId !== undefined ? 'receiptLineId' : 'purchaseOrderLineId'], msg('purchase-invoice.line-currency', { order: m.orderLine.orderNumber, currency: m.orderLine.currency, invoiceCurrency: currency })));
  if (errors.length) throw invalid(msg('purchase-invoice.currency-mixed', { currency }), errors);
  return currency;
}

/** Prices are as the orders give them (含税 or not) unless the invoice says; orders that differ need it said. */
function pricesIncludeTaxOf(input: PurchaseInvoiceRequest, matched: MatchedLine[]): boolean {
  if (input.pricesIncludeTax !== undefined) return input.pricesIncludeTax;
  const settings = new Set(matched.map((m) => m.orderLine.pricesIncludeTax));
  if (settings.size > 1) throw invalid(msg('purchase-invoice.prices-include-tax-mixed'), [fieldError(['pricesIncludeTax'], msg('validation.required'))]);
  return settings.has(true);
}

/** |invoice − order| > tolerance % of the order price, compared exactly (tolerance in percent, as configured). */
export function beyondTolerance(invoicePrice: number, orderPrice: number, tolerancePercent: number): boolean {
  const difference = BigInt(Math.abs(invoicePrice - orderPrice));
  const tolerance = BigInt(Math.round(tolerancePercent * 10_000)); // millionths of the order price
  return difference * 1_000_000n > tolerance * BigInt(orderPrice);
}

/**
 * Dr grni (what the matched goods were received at) ± inventory (the
 * revaluation) ± priceVariance (what already left) + input VAT / Cr payable:
 * the receipt value, revaluation and expensed part sum to the base subtotal,
 * so the entry balances on the base total.
 */
async function journalLines(services: Services, matched: MatchedLine[], amounts: DocumentAmounts, split: VarianceSplit, currency: string, rate: number, tx: Transaction): Promise<JournalLineInput[]> {
  const mapping = await services.generalLedger.mapping(tx);
  const signed = (accountCode: string, value: number): JournalLineInput => (value >= 0 ? { accountCode, debit: value } : { accountCode, credit: -value });
  const inDocumentCurrency = { currency, rate };
  return [
    { accountCode: mapping.grni, debit: matched.reduce((s, m) => s + m.receiptValue, 0) },
    signed(mapping.inventory, split.revalued),
    signed(mapping.priceVariance, split.expensed),
    { accountCode: mapping.inputVat, debit: amounts.baseTax, ...inDocumentCurrency, amount: amounts.tax },
    { accountCode: mapping.payable, credit: amounts.baseTotal, ...inDocumentCurrency, amount: amounts.total },
  ];
}

function invoiceLineRows(lines: Array<MatchedLine & { variance: number }>, priced: Array<{ unitPrice: number; taxRate: number }>, amounts: DocumentAmounts): InvoiceLineRow[] {
  return lines.map((m, i) => ({
    line: m.line,
    orderLineId: m.orderLine.id,
    receiptLineId: m.portions.length === 1 ? m.portions[0]!.receiptLine.id : null,
    itemId: m.orderLine.itemId,
    qty: m.qty,
    unitPrice: priced[i]!.unitPrice,
    orderPrice: m.orderLine.netPrice,
    taxRate: priced[i]!.taxRate,
    amount: amounts.lines[i]!.amount,
    tax: amounts.lines[i]!.tax,
    baseAmount: amounts.lines[i]!.baseAmount,
    baseTax: amounts.lines[i]!.baseTax,
    baseReceiptValue: m.receiptValue,
    varianceBase: m.variance,
  }));
}

/** What each order line and receipt line now has invoiced; orders move on (closed when fully received and invoiced). */
async function recordProgress(services: Services, matched: MatchedLine[], tx: Transaction): Promise<void> {
  const { db } = services;
  const byOrderLine = new Map<number, { orderId: number; qty: number }>();
  const byReceiptLine = new Map<number, number>();
  for (const m of matched) {
    const o = byOrderLine.get(m.orderLine.id) ?? { orderId: m.orderLine.orderId, qty: 0 };
    o.qty += m.qty;
    byOrderLine.set(m.orderLine.id, o);
    for (const p of m.portions) byReceiptLine.set(p.receiptLine.id, (byReceiptLine.get(p.receiptLine.id) ?? 0) + p.qty);
  }
  for (const [id, { qty }] of [...byOrderLine].sort((a, b) => a[0] - b[0])) {
    await execute(db, 'UPDATE purchase_order_lines SET invoiced = invoiced + :qty WHERE id = :id', { id, qty }, tx);
  }
  for (const [id, qty] of [...byReceiptLine].sort((a, b) => a[0] - b[0])) {
    await execute(db, 'UPDATE goods_receipt_lines SET invoiced = invoiced + :qty WHERE id = :id', { id, qty }, tx);
  }
  for (const orderId of [...new Set([...byOrderLine.values()].map((o) => o.orderId))].sort((a, b) => a - b)) {
    await refreshOrderStatus(db, orderId, tx);
  }
}
