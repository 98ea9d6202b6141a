import type { Transaction } from 'sequelize';
import { scaledText } from '../../contract/decimals';
import type { MappingRole } from '../../contract/finance';
import { formatPath } from '../../contract/problem';
import type { Database } from '../db/database';
import type { BusinessCalendar } from '../platform/business-calendar';
import { conflict, fieldError, invalid } from '../platform/errors';
import { Message, msg } from '../platform/i18n/message';
import { assertPeriodsOpen } from '../platform/periods';
import { Ageing, AgeingBasis, ageing, allocationAmounts, allocationJournal, baseValue, emptyAgeing, Ledger, RATE_SCALE } from './allocation-math';
import type { GeneralLedger } from './general-ledger';
import { AllocationView, DocumentKey, OpenItemKind, OpenItemStore, OpenItemView, PartnerType } from './open-item-store';

export type { AllocationView, DocumentKey, OpenItemKind, OpenItemView, PartnerType } from './open-item-store';

type Path = Array<string | number>;

/** A document that leaves an amount open: an invoice, or on the other side a receipt, payment or credit (debit) note. */
export interface OpenItemInput {
  partnerType: PartnerType;
  partnerId: number;
  kind: OpenItemKind;
  document: { type: string; id: number; number: string };
  date: string;
  /** Default: the date. */
  dueDate?: string | null;
  currency: string;
  /** ×1,000,000; the base currency's is 1,000,000. */
  rate: number;
  /** Positive, cents of the document currency. */
  amount: number;
  /** The base value its own journal booked; default round(amount × rate). */
  baseAmount?: number;
  /** The control account its journal booked it to; default by kind from the account mapping. */
  accountCode?: string;
}

export interface AllocationInput {
  invoice: DocumentKey;
  /** A receipt, payment, or credit (debit) note of the same partner and currency. */
  payment: DocumentKey;
  /** Positive, cents of the documents' currency; at most what is open on either. */
  amount: number;
  /** Default: the later of the two documents' dates; never before it. */
  date?: string;
  userId: number | null;
  /** Where in the request the allocation was asked for, e.g. ['allocations', 2]: refusals name its fields below it. */
  path?: Path;
}

export interface AgeingRowView extends Ageing {
  partnerId: number;
  code: string;
  name: string;
}

const KINDS: Record<PartnerType, readonly OpenItemKind[]> = { customer: ['invoice', 'credit-note', 'receipt'], supplier: ['invoice', 'debit-note', 'payment'] };
const LEDGER: Record<PartnerType, Ledger> = { customer: 'receivable', supplier: 'payable' };
/** Where a document's own journal books its open base, by partner type and kind (DESIGN §4 "Postings"). */
const ACCOUNT_ROLE: Record<PartnerType, Partial<Record<OpenItemKind, MappingRole>>> = {
  customer: { invoice: 'receivable', 'credit-note': 'receivable', receipt: 'customerAdvance' },
  supplier: { invoice: 'payable', 'debit-note': 'payable', payment: 'supplierAdvance' },
};
const money = (cents: number) => scaledText(cents, 'money');
/** A refusal of one field, the problem saying the same as the field. */
const refuse = (message: Message, path: Path) => invalid(message, [fieldError(path, message)]);
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Receivables and payables as open items, and the allocations between them
 * (DESIGN §4 "Open items and allocation"): the only writer of both.
 *
 * A document's own journal books its whole base to its item's account — an
 * invoice or note to the receivable (payable), a receipt (payment) to
 * customer (supplier) advances — and registers the item in the same
 * transaction. An allocation then moves the base both documents give up
 * from one account to the other and books the realized FX, through the
 * money gate, so each control account always equals the open base of the
 * items on it. A receipt allocated at once thus nets to the Postings table's
 * cash / receivable (allocated) + advances (the rest) ± FX.
 */
export class OpenItems {
  private readonly store: OpenItemStore;

  constructor(
    private readonly db: Database,
    private readonly ledger: GeneralLedger,
    private readonly calendar: BusinessCalendar,
  ) {
    this.store = new OpenItemStore(db);
  }

  /** Registers the open amount a posted document leaves, in the same transaction as its journal. */
  async openItem(input: OpenItemInput, tx: Transaction): Promise<OpenItemView> {
    const { partnerType, kind, amount, rate } = input;
    if (!KINDS[partnerType]?.includes(kind)) throw new Error(`a ${partnerType} has no open items of kind ${kind}`);
    if (!Number.isSafeInteger(amount) || amount <= 0 || !Number.isSafeInteger(rate) || rate <= 0) throw new Error('an open item needs a positive amount and rate');
    if (input.currency === this.ledger.baseCurrency && rate !== RATE_SCALE) throw new Error('the base currency is at rate 1');
    const magnitude = input.baseAmount ?? baseValue(amount, rate);
    if (!Number.isSafeInteger(magnitude) || magnitude < 0) throw new Error('an open item needs a non-negative base amount');
    const sign = kind === 'invoice' ? 1 : -1;
    const accountCode = input.accountCode ?? (await this.ledger.accountFor(ACCOUNT_ROLE[partnerType][kind]!, tx));
    const row = {
      partner_type: partnerType,
      partner_id: input.partnerId,
      kind,
      doc_type: input.document.type,
      doc_id: input.document.id,
      doc_number: input.document.number,
      date: input.date,
      due_date: input.dueDate ?? input.date,
      currency: input.currency,
      rate,
      amount: sign * amount,
      base_amount: sign * magnitude,
      open_amount: sign * amount,
      open_base: sign * magnitude,
      account_code: accountCode,
      created_at: this.calendar.now(),
    };
    const id = await this.store.insertItem(row, tx);
    return (await this.store.item(id, tx))!;
  }

  /**
   * Sets part of a receipt, payment or note against an invoice of the same
   * partner and currency: check → lock both → share out their base → post the
   * difference. Dated the later of the two documents unless a later date is given.
   */
  async allocate(input: AllocationInput, tx: Transaction): Promise<AllocationView> {
    const at = input.path ?? [];
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw refuse(msg('allocation.amount'), [...at, 'amount']);
    const { invoice, payment } = this.allocatable(input, ...(await this.store.lockPair(input.invoice, input.payment, tx)));
    const date = this.allocationDate(input.date, invoice, payment, at);
    await assertPeriodsOpen(this.db, [date], tx, formatPath([...at, 'date']));
    const amounts = allocationAmounts(
      input.amount,
      { open: invoice.openAmount, openBase: invoice.openBase, rate: invoice.rate },
      { open: -payment.openAmount, openBase: -payment.openBase, rate: payment.rate },
    );
    const id = await this.store.insertAllocation({ invoiceItemId: invoice.id, paymentItemId: payment.id, date, ...amounts, userId: input.userId, createdAt: this.calendar.now() }, tx);
    await this.store.addToOpen(invoice.id, -amounts.amount, -amounts.invoiceBase, tx);
    await this.store.addToOpen(payment.id, amounts.amount, amounts.paymentBase, tx);
    const lines = allocationJournal(
      LEDGER[invoice.partnerType],
      { invoice: invoice.accountCode, payment: payment.accountCode, fxDifference: await this.ledger.accountFor('fxDifference', tx) },
      amounts,
      { currency: invoice.currency, invoiceRate: invoice.rate, paymentRate: payment.rate },
    );
    const journal = await this.ledger.postJournal(
      { date, memo: `${payment.docNumber} → ${invoice.docNumber}`, source: { type: 'ALLOC', id, number: payment.docNumber }, lines, userId: input.userId },
      tx,
    );
    if (journal) await this.store.setAllocationJournal(id, journal.id, tx);
    return (await this.store.allocation(id, tx))!;
  }

  /** Undoes an allocation: both documents are open again by what it took, and its journal is reversed, dated `date` (default: the allocation's). */
  async unallocate(allocationId: number, options: { date?: string; userId: number | null }, tx: Transaction): Promise<AllocationView> {
    const allocation = await this.store.allocation(allocationId, tx, true);
    if (!allocation) throw new Error(`allocation ${allocationId} is missing`);
    const names = { invoice: allocation.invoice.number, payment: allocation.payment.number };
    if (allocation.reversedOn !== null) throw conflict(msg('allocation.reversed', names));
    const date = this.calendar.documentDate(options.date ?? allocation.date);
    if (date < allocation.date) throw refuse(msg('allocation.undo-before', { ...names, date: allocation.date }), ['date']);
    await assertPeriodsOpen(this.db, [date], tx);
    await this.store.addToOpen(allocation.invoiceItemId, allocation.amount, allocation.invoiceBase, tx);
    await this.store.addToOpen(allocation.paymentItemId, -allocation.amount, -allocation.paymentBase, tx);
    const reversal =
      allocation.journalEntryId === null
        ? null
        : await this.ledger.reverseJournal(allocation.journalEntryId, { date, source: { type: 'ALLOC', id: allocation.id, number: allocation.payment.number }, userId: options.userId }, tx);
    await this.store.markReversed(allocation.id, date, reversal?.id ?? null, tx);
    return (await this.store.allocation(allocation.id, tx))!;
  }

  async itemOf(doc: DocumentKey, tx?: Transaction): Promise<OpenItemView | null> {
    return this.store.itemOf(doc, tx);
  }

  /** A partner's items, oldest first: by default only those still open. */
  async itemsOf(partnerType: PartnerType, partnerId: number, filter: { currency?: string; status?: 'open' | 'all' } = {}, tx?: Transaction): Promise<OpenItemView[]> {
    return this.store.itemsOf(partnerType, partnerId, { currency: filter.currency, openOnly: (filter.status ?? 'open') === 'open' }, tx);
  }

  async allocationsOf(doc: DocumentKey, tx?: Transaction): Promise<AllocationView[]> {
    return this.store.allocationsOf(doc, tx);
  }

  /**
   * What each partner of a ledger owes net (we owe them, for suppliers) as of
   * a date, by age, in base currency; unallocated receipts, payments and
   * notes count as negative items aged by their own date.
   */
  async ageing(partnerType: PartnerType, options: { asOf?: string; basis?: AgeingBasis; partnerId?: number } = {}, tx?: Transaction): Promise<{ data: AgeingRowView[]; totals: Ageing }> {
    const asOf = options.asOf ?? this.calendar.today();
    const rows = await this.store.openAsOf(partnerType, asOf, options.partnerId ?? null, tx);
    const byPartner = new Map<number, typeof rows>();
    for (const r of rows) byPartner.set(r.partnerId, [...(byPartner.get(r.partnerId) ?? []), r]);
    const partners = await this.store.partners(partnerType, [...byPartner.keys()], tx);
    const data = [...byPartner].map(([partnerId, items]) => ({
      partnerId,
      code: partners.get(partnerId)?.code ?? '',
      name: partners.get(partnerId)?.name ?? '',
      ...ageing(
        items.map((i) => ({ invoice: i.kind === 'invoice', date: i.date, dueDate: i.dueDate, openBase: i.openBase })),
        asOf,
        options.basis ?? 'invoice',
      ),
    }));
    const totals = emptyAgeing();
    for (const row of data) for (const key of Object.keys(totals) as Array<keyof Ageing>) totals[key] += row[key];
    return { data, totals };
  }

  /**
   * What each control account must hold by the open items on it, as debit −
   * credit: receivables (customers) carried on the debit side, payables
   * (suppliers) on the credit side. Verification compares it with the ledger.
   */
  async expectedBalances(tx?: Transaction): Promise<Map<string, number>> {
    const expected = new Map<string, number>();
    for (const { accountCode, partnerType, openBase } of await this.store.openBaseByAccount(tx)) {
      const signed = LEDGER[partnerType] === 'receivable' ? openBase : -openBase;
      expected.set(accountCode, (expected.get(accountCode) ?? 0) + signed);
    }
    return expected;
  }

  /** Both documents exist, face each other, belong to one partner, share a currency, and have the amount open. */
  private allocatable(input: AllocationInput, invoice: OpenItemView | null, payment: OpenItemView | null): { invoice: OpenItemView; payment: OpenItemView } {
    const at = input.path ?? [];
    const invoiceAt = [...at, 'invoiceId'];
    const paymentAt = [...at, 'paymentId'];
    if (!invoice) throw refuse(msg('allocation.no-item', { document: `${input.invoice.type} ${input.invoice.id}` }), invoiceAt);
    if (!payment) throw refuse(msg('allocation.no-item', { document: `${input.payment.type} ${input.payment.id}` }), paymentAt);
    if (invoice.kind !== 'invoice') throw refuse(msg('allocation.not-invoice', { number: invoice.docNumber }), invoiceAt);
    if (payment.kind === 'invoice') throw refuse(msg('allocation.not-payment', { number: payment.docNumber }), paymentAt);
    const names = { invoice: invoice.docNumber, payment: payment.docNumber };
    if (invoice.partnerType !== payment.partnerType || invoice.partnerId !== payment.partnerId) {
      throw invalid(msg('allocation.partner', names), [fieldError(invoiceAt, msg('allocation.partner:field', names))]);
    }
    if (invoice.currency !== payment.currency) {
      const currencies = { ...names, invoiceCurrency: invoice.currency, paymentCurrency: payment.currency };
      throw invalid(msg('allocation.currency', currencies), [fieldError(invoiceAt, msg('allocation.currency:field', currencies))]);
    }
    for (const item of [invoice, payment]) {
      const open = Math.abs(item.openAmount);
      if (input.amount <= open) continue;
      const facts = { number: item.docNumber, amount: money(input.amount), open: money(open), currency: item.currency };
      throw invalid(msg('allocation.exceeds-open', facts), [fieldError([...at, 'amount'], msg('allocation.exceeds-open:field', facts))]);
    }
    return { invoice, payment };
  }

  private allocationDate(given: string | undefined, invoice: OpenItemView, payment: OpenItemView, at: Path): string {
    const earliest = later(invoice.date, payment.date);
    const date = this.calendar.documentDate(given ?? earliest, formatPath([...at, 'date']));
    if (date >= earliest) return date;
    const document = invoice.date === earliest ? invoice : payment;
    throw refuse(msg('allocation.date-before', { date, number: document.docNumber, documentDate: earliest }), [...at, 'date']);
  }
}
