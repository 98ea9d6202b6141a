import type { Transaction } from 'sequelize';
import { scaledText, toScaled } from '../../../contract/decimals';
import type { CashTransferRequest, CashTransferView } from '../../../contract/finance';
import { toBase } from '../../documents/amounts';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import type { Actor } from '../../platform/actor';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { CashAccount, lockCashAccounts, resolveCashAccount } from './cash-accounts';
import { linkJournal, storeCashDocument, transferView } from './cash-documents';
import { postCashJournal } from './cash-journal';

/**
 * Moves money from one cash or bank account to another: Dr the receiving leaf
 * `toAmount` at its currency's rate / Cr the sending leaf `amount` at its own;
 * when the currencies differ, what the two differ by in base goes to the FX
 * difference account (a debit for a loss, a credit for a gain). The sender may
 * not go below zero unless it allows overdraft.
 */
export async function postCashTransfer(services: Services, actor: Actor, input: CashTransferRequest, tx: Transaction): Promise<CashTransferView> {
  const { db, generalLedger: gl } = services;
  const date = services.calendar.documentDate(input.date);
  const from = await resolveCashAccount(db, { id: input.fromCashAccountId, code: input.fromCashAccountCode }, 'fromCashAccountId', tx);
  const to = await resolveCashAccount(db, { id: input.toCashAccountId, code: input.toCashAccountCode }, 'toCashAccountId', tx);
  const fromField = input.fromCashAccountId !== undefined ? 'fromCashAccountId' : 'fromCashAccountCode';
  const toField = input.toCashAccountId !== undefined ? 'toCashAccountId' : 'toCashAccountCode';
  if (from.id === to.id) throw invalid(msg('cash.transfer-same-account'), [fieldError([toField], msg('cash.transfer-same-account:field'))]);
  const amount = toScaled(input.amount, 'money');
  const toAmount = receivedAmount(from, to, amount, input.toAmount);
  const rate = await services.exchangeRates.documentRate({ currency: from.currency, date }, [fromField], tx);
  const toRate = await services.exchangeRates.documentRate({ currency: to.currency, date }, [toField], tx);
  const sent = toBase(amount, rate);
  const received = toBase(toAmount, toRate);
  await lockCashAccounts(db, [from, to], tx);
  const stored = await storeCashDocument(
    services,
    {
      docType: 'CT',
      kind: null,
      date,
      cashAccountId: from.id,
      cashAccountCode: from.code,
      toCashAccountId: to.id,
      toCashAccountCode: to.code,
      currency: from.currency,
      toCurrency: to.currency,
      rate,
      subtotal: amount,
      tax: 0,
      total: amount,
      baseTotal: sent,
      toAmount,
      toRate,
      memo: input.memo ?? null,
    },
    actor.id,
    tx,
  );
  const fx = await gl.accountFor('fxDifference', tx);
  const gain = received - sent;
  const lines: JournalLineInput[] = [
    { accountCode: to.accountCode, debit: received, currency: to.currency, amount: toAmount, rate: toRate },
    { accountCode: from.accountCode, credit: sent, currency: from.currency, amount, rate },
    { accountCode: fx, ...(gain > 0 ? { credit: gain } : { debit: -gain }) },
  ];
  const journalId = await postCashJournal(services, stored, lines, { [from.accountCode]: fromField }, actor.id, tx);
  return transferView(await linkJournal(services, stored, journalId, tx));
}

/** Between accounts of one currency what arrives is what was sent; between two currencies the request says. */
function receivedAmount(from: CashAccount, to: CashAccount, amount: number, toAmount: number | undefined): number {
  if (from.currency === to.currency) {
    if (toAmount !== undefined && toScaled(toAmount, 'money') !== amount) {
      throw invalid(msg('cash.to-amount-differs', { currency: from.currency }), [fieldError(['toAmount'], msg('cash.to-amount-differs:field', { amount: scaledText(amount, 'money') }))]);
    }
    return amount;
  }
  if (toAmount === undefined) {
    const named = { from: from.code, fromCurrency: from.currency, to: to.code, toCurrency: to.currency };
    throw invalid(msg('cash.to-amount-required', named), [fieldError(['toAmount'], msg('cash.to-amount-required:field', { toCurrency: to.currency }))]);
  }
  return toScaled(toAmount, 'money');
}
