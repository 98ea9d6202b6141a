import type { JournalLineInput } from './general-ledger';
import { mulDivRound } from './valuation';

/**
 * The arithmetic of open items (DESIGN §4 "Open items and allocation"), pure
 * and exact: amounts in cents of their own currency, base values in cents of
 * the base currency, rates ×1,000,000 (base units per currency unit).
 */

export const RATE_SCALE = 1_000_000;

/** The base value of an amount at a rate, half-up. */
export function baseValue(amount: number, rate: number): number {
  return mulDivRound(amount, rate, RATE_SCALE);
}

/** What is still open of one document, as magnitudes, and the rate it was booked at. */
export interface OpenSide {
  open: number;
  openBase: number;
  rate: number;
}

export interface AllocationAmounts {
  amount: number;
  /** Base value the invoice gives up: what its receivable (payable) is relieved of. */
  invoiceBase: number;
  /** Base value the receipt, payment or note gives up. */
  paymentBase: number;
  /** paymentBase − invoiceBase: for receivables a positive difference is a gain, for payables a loss. */
  fxDifference: number;
}

/**
 * The base value part of a document's open amount carries: at the
 * document's rate, never more than is left (nor less than nothing), and
 * all that is left when it uses the document up, so no residue stays behind.
 */
export function baseShare(amount: number, side: OpenSide): number {
  if (amount === side.open) return side.openBase;
  return Math.min(Math.max(baseValue(amount, side.rate), 0), side.openBase);
}

/**
 * Realized FX = amount × (payment rate − invoice rate), rounded half-up:
 * the invoice gives up its share of its base at its rate, the payment that
 * share plus the difference (within what it has left). A document the
 * allocation uses up gives up all its remaining base instead, and that last
 * cent goes with the difference. Documents at one rate differ only by such
 * a residue; base-currency documents (base = amount) never differ.
 */
export function allocationAmounts(amount: number, invoice: OpenSide, payment: OpenSide): AllocationAmounts {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > invoice.open || amount > payment.open) {
    throw new RangeError(`allocation of ${amount} is outside what is open (${invoice.open}, ${payment.open})`);
  }
  const invoiceBase = baseShare(amount, invoice);
  // At the invoice's rate even when the invoice is used up: its residue is FX, not the payment's.
  const nominal = baseValue(amount, invoice.rate) + mulDivRound(amount, payment.rate - invoice.rate, RATE_SCALE);
  const paymentBase = amount === payment.open ? payment.openBase : Math.min(Math.max(nominal, 0), payment.openBase);
  return { amount, invoiceBase, paymentBase, fxDifference: paymentBase - invoiceBase };
}

export type Ledger = 'receivable' | 'payable';

export interface AllocationAccounts {
  /** Where the invoice's open base sits: the receivable (payable) account. */
  invoice: string;
  /** Where the payment's open base sits: customer (supplier) advances, or the invoice's own account for a credit (debit) note. */
  payment: string;
  fxDifference: string;
}

/** A journal line as the money gate takes it; the document currency and amount only on a line one document's share makes up. */
export type AllocationLine = Pick<JournalLineInput, 'accountCode' | 'debit' | 'credit' | 'currency' | 'amount' | 'rate'>;

/**
 * The allocation's journal (base cents): the payment's base leaves its account
 * and the invoice's leaves the receivable (payable); the difference is the FX.
 * Receivables: Dr payment account / Cr receivable / Cr FX for a gain (Dr for a
 * loss). Payables the mirror: Dr payable / Cr payment account / Dr FX for a
 * loss. Lines on one account are netted, so a note against an invoice on the
 * same account leaves just the difference against it.
 */
export function allocationJournal(
  ledger: Ledger,
  accounts: AllocationAccounts,
  amounts: AllocationAmounts,
  document: { currency: string; invoiceRate: number; paymentRate: number },
): AllocationLine[] {
  // Signed on the side a receivable is carried (debit); for payables the other way round.
  const normal = ledger === 'receivable' ? 1 : -1;
  const parts = new Map<string, Array<{ signed: number; rate?: number }>>();
  const add = (account: string, base: number, rate?: number) => parts.set(account, [...(parts.get(account) ?? []), { signed: base * normal, rate }]);
  add(accounts.payment, amounts.paymentBase, document.paymentRate);
  add(accounts.invoice, -amounts.invoiceBase, document.invoiceRate);
  add(accounts.fxDifference, -amounts.fxDifference);
  const lines: AllocationLine[] = [];
  for (const [accountCode, shares] of parts) {
    const signed = shares.reduce((s, p) => s + p.signed, 0);
    if (signed === 0) continue;
    const side = signed > 0 ? { debit: signed } : { credit: -signed };
    const rate = shares.length === 1 ? shares[0]!.rate : undefined;
    lines.push({ accountCode, ...side, ...(rate === undefined ? {} : { currency: document.currency, amount: amounts.amount, rate }) });
  }
  return lines;
}

export type AgeingBasis = 'invoice' | 'due';
export const AGE_BUCKETS = ['notDue', 'days0to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export type Ageing = Record<AgeBucket | 'total', number>;

export interface AgeingItem {
  /** Invoices are aged by their date or due date; receipts, payments and notes by their own date. */
  invoice: boolean;
  date: string;
  dueDate: string | null;
  /** Signed: invoices positive, receipts, payments and notes negative. */
  openBase: number;
}

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

/** Age = asOf − date (or due date): not due when aged by due date and age ≤ 0, then ≤ 30, ≤ 60, ≤ 90, over 90. */
export function ageBucket(item: AgeingItem, asOf: string, basis: AgeingBasis): AgeBucket {
  const byDue = basis === 'due' && item.invoice;
  const age = daysBetween(byDue ? (item.dueDate ?? item.date) : item.date, asOf);
  if (byDue && age <= 0) return 'notDue';
  if (age <= 30) return 'days0to30';
  if (age <= 60) return 'days31to60';
  if (age <= 90) return 'days61to90';
  return 'over90';
}

export const emptyAgeing = (): Ageing => ({ notDue: 0, days0to30: 0, days31to60: 0, days61to90: 0, over90: 0, total: 0 });

/** A partner's open base by age as of a date; what is dated after it is left out, so the total is what they owe net. */
export function ageing(items: Iterable<AgeingItem>, asOf: string, basis: AgeingBasis): Ageing {
  const sums = emptyAgeing();
  for (const item of items) {
    if (item.date > asOf || item.openBase === 0) continue;
    sums[ageBucket(item, asOf, basis)] += item.openBase;
    sums.total += item.openBase;
  }
  return sums;
}
