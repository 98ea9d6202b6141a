import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { PurchaseInvoiceRequest, PurchaseInvoiceView } from '../../../contract/purchase-invoices';
import { toBase } from '../../documents/amounts';
import { insertNumbered } from '../../documents/numbering';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { PartnerSide, SUPPLIERS } from '../supplier-payments/partner-sides';
import { assertNewSupplierInvoiceNo, dueDateOf, SupplierFacts } from './invoice-header';
import { getPurchaseInvoice } from './invoice-store';

/**
 * What was owed to a supplier when the books started: Dr openingOffset (4199)
 * / Cr payable for the amount at its rate, and an open item a payment can be
 * allocated to. No goods, no tax.
 */
export async function postOpeningPayable(services: Services, actor: Actor, supplier: SupplierFacts, date: string, input: PurchaseInvoiceRequest, tx: Transaction): Promise<PurchaseInvoiceView> {
  const errors: FieldIssue[] = [];
  if (input.amount === undefined) errors.push(fieldError(['amount'], msg('validation.required')));
  if (input.lines?.length) errors.push(fieldError(['lines'], msg('purchase-invoice.opening-no-lines')));
  if (errors.length) throw invalid(errors[0]!.message, errors);
  await assertNewSupplierInvoiceNo(services.db, supplier, input.supplierInvoiceNo, tx);
  const columns = { supplier_invoice_no: input.supplierInvoiceNo ?? null, variance_base: 0 };
  const { id } = await postOpeningBalance(services, actor, { side: SUPPLIERS, partner: supplier, date, input: { ...input, amount: input.amount! }, memo: input.supplierInvoiceNo ?? null, columns }, tx);
  return getPurchaseInvoice(services.db, id, tx);
}

export interface OpeningBalance {
  side: PartnerSide;
  partner: { id: number; currency: string; paymentTermsDays: number | null };
  date: string;
  input: { amount: number; currency?: string; rate?: number; dueDate?: string };
  memo: string | null;
  /** The side's own columns of its invoice row. */
  columns: Record<string, unknown>;
}

/**
 * An opening balance of either side, an invoice of kind `opening`: the
 * amount at its rate against openingOffset (4199) — a receivable a debit, a
 * payable a credit — and the open item a receipt or payment is set against.
 */
export async function postOpeningBalance(services: Services, actor: Actor, o: OpeningBalance, tx: Transaction): Promise<{ id: number; number: string }> {
  const { db, generalLedger: gl } = services;
  const { side, date } = o;
  const dueDate = dueDateOf(date, o.partner, o.input.dueDate);
  const currency = o.input.currency ?? o.partner.currency;
  const given = o.input.rate === undefined ? undefined : toScaled(o.input.rate, 'rate');
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: given }, ['rate'], tx);
  const amount = toScaled(o.input.amount, 'money');
  const base = toBase(amount, rate);
  const mapping = await gl.mapping(tx);
  const control = { accountCode: side.partnerType === 'customer' ? mapping.receivable : mapping.payable, currency, rate, amount };
  const offset = { accountCode: mapping.openingOffset };
  const lines = side.partnerType === 'customer' ? [{ ...control, debit: base }, { ...offset, credit: base }] : [{ ...offset, debit: base }, { ...control, credit: base }];
  const journal = await gl.prepareJournal({ date, memo: o.memo, userId: actor.id, lines }, tx);
  const { id, number } = await insertNumbered(db, tx, side.invoices, side.invoiceType, date, {
    kind: 'opening',
    [side.partnerColumn]: o.partner.id,
    status: 'open',
    date,
    due_date: dueDate,
    currency,
    rate,
    subtotal: amount,
    tax: 0,
    total: amount,
    base_subtotal: base,
    base_tax: 0,
    base_total: base,
    ...o.columns,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  const document = { type: side.invoiceType, id, number };
  if (journal) await gl.applyJournal(journal, document, tx);
  await services.openItems.openItem({ partnerType: side.partnerType, partnerId: o.partner.id, kind: 'invoice', document, date, dueDate, currency, rate, amount, baseAmount: base }, tx);
  return { id, number };
}
