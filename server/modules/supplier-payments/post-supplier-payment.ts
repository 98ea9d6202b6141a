import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { AllocationsRequest, SupplierPaymentRequest, SupplierPaymentView } from '../../../contract/supplier-payments';
import { execute, selectOne } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { baseValue } from '../../ledgers/allocation-math';
import type { JournalLineInput, JournalPlan } from '../../ledgers/general-ledger';
import type { Actor } from '../../platform/actor';
import { AppError, conflict, fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { resolveCashAccount } from '../cash/cash-accounts';
import { allocateToInvoices } from './allocate-to-invoices';
import { paymentView } from './payment-views';
import { resolveSupplier } from './suppliers';

/**
 * Pays a supplier from a cash or bank account, in that account's currency:
 * the payment's own journal books its whole base to supplier advances (Dr
 * 1123 / Cr the cash leaf, DESIGN §4 "Open items"), its open item is
 * registered, and each allocation then moves its share from advances to the
 * payable with the realized FX; what is not allocated stays an advance.
 */
export async function postSupplierPayment(services: Services, actor: Actor, input: SupplierPaymentRequest, tx: Transaction): Promise<SupplierPaymentView> {
  const { db, generalLedger: gl } = services;
  const date = services.calendar.documentDate(input.date);
  const supplier = await resolveSupplier(db, input, tx);
  const cashField = input.cashAccountId !== undefined ? 'cashAccountId' : 'cashAccountCode';
  const cash = await resolveCashAccount(db, { id: input.cashAccountId, code: input.cashAccountCode }, 'cashAccountId', tx);
  const currency = input.currency ?? cash.currency;
  if (currency !== cash.currency) {
    const facts = { currency, account: cash.code, accountCurrency: cash.currency };
    throw invalid(msg('supplier-payment.cash-currency', facts), [fieldError(['currency'], msg('supplier-payment.cash-currency:field', facts))]);
  }
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: input.rate === undefined ? undefined : toScaled(input.rate, 'rate') }, ['rate'], tx);
  const amount = toScaled(input.amount, 'money');
  const base = baseValue(amount, rate);
  const inCurrency = { currency, amount, rate };
  const lines: JournalLineInput[] = [
    { accountCode: await gl.accountFor('supplierAdvance', tx), debit: base, ...inCurrency },
    { accountCode: cash.accountCode, credit: base, ...inCurrency },
  ];
  const plan = await prepareNamingCash(services, { date, memo: `${supplier.code} ${input.reference ?? ''}`.trim(), lines, userId: actor.id }, cashField, tx);
  const payment = await insertNumbered(db, tx, 'supplier_payments', 'SP', date, {
    supplier_id: supplier.id,
    cash_account_id: cash.id,
    date,
    currency,
    rate,
    amount,
    base_amount: base,
    reference: input.reference ?? null,
    journal_entry_id: null,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  const journal = await gl.applyJournal(plan, { type: 'SP', ...payment }, tx);
  await execute(db, 'UPDATE supplier_payments SET journal_entry_id = :entry WHERE id = :id', { entry: journal.id, id: payment.id }, tx);
  await services.openItems.openItem(
    { partnerType: 'supplier', partnerId: supplier.id, kind: 'payment', document: { type: 'SP', ...payment }, date, currency, rate, amount, baseAmount: base },
    tx,
  );
  const payer = { docType: 'SP' as const, ...payment, supplierId: supplier.id, currency, unallocated: amount };
  await allocateToInvoices(services, payer, input.allocations ?? [], undefined, actor.id, tx);
  return paymentView(services, payment.id, tx);
}

/** Allocates what is left of a payment to invoices later. */
export async function allocatePayment(services: Services, actor: Actor, paymentId: number, input: AllocationsRequest, tx: Transaction): Promise<SupplierPaymentView> {
  const payment = await selectOne<{ id: number; number: string; supplier_id: number; currency: string }>(
    services.db,
    'SELECT id, number, supplier_id, currency FROM supplier_payments WHERE id = :paymentId',
    { paymentId },
    tx,
  );
  if (!payment) throw notFound(msg('entity.supplier-payment', { id: paymentId }));
  const item = await services.openItems.itemOf({ type: 'SP', id: paymentId }, tx);
  const payer = { docType: 'SP' as const, id: paymentId, number: payment.number, supplierId: Number(payment.supplier_id), currency: payment.currency, unallocated: -(item?.openAmount ?? 0) };
  await allocateToInvoices(services, payer, input.allocations, input.date, actor.id, tx);
  return paymentView(services, paymentId, tx);
}

/**
 * The gate names an overdraft by its journal line; the request named that
 * account in `field`, so the refusal is passed on naming the field instead.
 */
async function prepareNamingCash(services: Services, entry: Parameters<Services['generalLedger']['prepareJournal']>[0], field: string, tx: Transaction): Promise<JournalPlan> {
  try {
    const plan = await services.generalLedger.prepareJournal(entry, tx);
    if (!plan) throw new Error('a supplier payment has nothing to journal');
    return plan;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'cash.overdraft' || !err.errors[0]) throw err;
    throw conflict(err.wording, [{ path: field, message: err.errors[0].message, code: err.errors[0].code }]);
  }
}
