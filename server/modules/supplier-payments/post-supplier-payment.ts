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
import { resolveSupplier } from './suppliers';
import { PartnerSide, SUPPLIERS } from './partner-sides';
import { asSupplierPayment, payerView, PayerView } from './payment-views';

/** A payment (receipt) request, its supplier (customer) already resolved. */
export type PayerRequest = Omit<SupplierPaymentRequest, 'supplierId' | 'supplierCode'> & { partner: { id: number; code: string } };

/**
 * Pays a supplier from, or receives from a customer into, a cash or bank
 * account, in that account's currency: the document's own journal books its
 * whole base to advances (Dr 1123 / Cr the cash leaf for a payment, Dr the
 * cash leaf / Cr 2203 for a receipt; DESIGN §4 "Open items"), its open item
 * is registered, and each allocation then moves its share from advances to
 * the payable (receivable) with the realized FX; what is not allocated stays
 * an advance.
 */
export async function postPayer(services: Services, side: PartnerSide, actor: Actor, input: PayerRequest, tx: Transaction): Promise<PayerView> {
  const { db, generalLedger: gl } = services;
  const date = services.calendar.documentDate(input.date);
  const { partner } = input;
  const cashField = input.cashAccountId !== undefined ? 'cashAccountId' : 'cashAccountCode';
  const cash = await resolveCashAccount(db, { id: input.cashAccountId, code: input.cashAccountCode }, 'cashAccountId', tx);
  const currency = input.currency ?? cash.currency;
  if (currency !== cash.currency) {
    const facts = { currency, account: cash.code, accountCurrency: cash.currency };
    throw invalid(msg(`${side.messages}.cash-currency`, facts), [fieldError(['currency'], msg(`${side.messages}.cash-currency:field`, facts))]);
  }
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: input.rate === undefined ? undefined : toScaled(input.rate, 'rate') }, ['rate'], tx);
  const amount = toScaled(input.amount, 'money');
  const base = baseValue(amount, rate);
  const inCurrency = { currency, amount, rate };
  const advance = await gl.accountFor(side.advanceRole, tx);
  const [debited, credited] = side.cash === 'out' ? [advance, cash.accountCode] : [cash.accountCode, advance];
  const lines: JournalLineInput[] = [
    { accountCode: debited, debit: base, ...inCurrency },
    { accountCode: credited, credit: base, ...inCurrency },
  ];
  const plan = await prepareNamingCash(services, { date, memo: `${partner.code} ${input.reference ?? ''}`.trim(), lines, userId: actor.id }, cashField, tx);
  const payment = await insertNumbered(db, tx, side.payments, side.paymentType, date, {
    [side.partnerColumn]: partner.id,
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
  const document = { type: side.paymentType, ...payment };
  const journal = await gl.applyJournal(plan, document, tx);
  await execute(db, `UPDATE ${side.payments} SET journal_entry_id = :entry WHERE id = :id`, { entry: journal.id, id: payment.id }, tx);
  await services.openItems.openItem({ partnerType: side.partnerType, partnerId: partner.id, kind: side.paymentKind, document, date, currency, rate, amount, baseAmount: base }, tx);
  const payer = { side, docType: side.paymentType, ...payment, partnerId: partner.id, currency, unallocated: amount };
  await allocateToInvoices(services, payer, input.allocations ?? [], undefined, actor.id, tx);
  return payerView(services, side, payment.id, tx);
}

/** Allocates what is left of a payment (receipt) to invoices later. */
export async function allocatePayer(services: Services, side: PartnerSide, actor: Actor, paymentId: number, input: AllocationsRequest, tx: Transaction): Promise<PayerView> {
  const payment = await selectOne<{ id: number; number: string; partner_id: number; currency: string }>(
    services.db,
    `SELECT id, number, ${side.partnerColumn} AS partner_id, currency FROM ${side.payments} WHERE id = :paymentId`,
    { paymentId },
    tx,
  );
  if (!payment) throw notFound(msg(`entity.${side.messages}`, { id: paymentId }));
  const item = await services.openItems.itemOf({ type: side.paymentType, id: paymentId }, tx);
  const payer = { side, docType: side.paymentType, id: paymentId, number: payment.number, partnerId: Number(payment.partner_id), currency: payment.currency, unallocated: -(item?.openAmount ?? 0) };
  await allocateToInvoices(services, payer, input.allocations, input.date, actor.id, tx);
  return payerView(services, side, paymentId, tx);
}

export async function postSupplierPayment(services: Services, actor: Actor, input: SupplierPaymentRequest, tx: Transaction): Promise<SupplierPaymentView> {
  const { supplierId, supplierCode, ...rest } = input;
  const supplier = await resolveSupplier(services.db, { supplierId, supplierCode }, tx);
  return asSupplierPayment(await postPayer(services, SUPPLIERS, actor, { ...rest, partner: supplier }, tx));
}

export async function allocatePayment(services: Services, actor: Actor, paymentId: number, input: AllocationsRequest, tx: Transaction): Promise<SupplierPaymentView> {
  return asSupplierPayment(await allocatePayer(services, SUPPLIERS, actor, paymentId, input, tx));
}

/**
 * The gate names an overdraft by its journal line; the request named that
 * account in `field`, so the refusal is passed on naming the field instead.
 */
async function prepareNamingCash(services: Services, entry: Parameters<Services['generalLedger']['prepareJournal']>[0], field: string, tx: Transaction): Promise<JournalPlan> {
  try {
    const plan = await services.generalLedger.prepareJournal(entry, tx);
    if (!plan) throw new Error('a payment or receipt has nothing to journal');
    return plan;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'cash.overdraft' || !err.errors[0]) throw err;
    throw conflict(err.wording, [{ path: field, message: err.errors[0].message, code: err.errors[0].code }]);
  }
}
