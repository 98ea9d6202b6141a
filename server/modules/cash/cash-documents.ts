import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { CashEntryView, CashTransferView } from '../../../contract/finance';
import { execute, executeLiteral, insertRow } from '../../db/sql';
import { nextDocumentNumber } from '../../documents/numbering';
import type { Services } from '../../platform/services';
import { toBase } from '../../documents/amounts';

export type CashDocType = 'CE' | 'CT';

/** A cash entry (CE) or transfer (CT) header; money in cents, rates ×1,000,000. */
export interface CashDocument {
  id: number;
  docType: CashDocType;
  number: string;
  kind: 'income' | 'expense' | null;
  date: string;
  cashAccountId: number;
  cashAccountCode: string;
  /** A transfer's receiving account. */
  toCashAccountId: number | null;
  toCashAccountCode: string | null;
  currency: string;
  toCurrency: string | null;
  rate: number;
  subtotal: number;
  tax: number;
  total: number;
  baseTotal: number;
  toAmount: number | null;
  toRate: number | null;
  memo: string | null;
  status: string;
  journalEntryId: number | null;
}

/** A cash entry's line; amounts in the entry's currency and in base. */
export interface CashEntryLine {
  line: number;
  accountCode: string;
  amount: number;
  taxRate: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  memo: string | null;
}

export type NewCashDocument = Omit<CashDocument, 'id' | 'number' | 'status' | 'journalEntryId'>;

/**
 * Numbers and stores a cash document's header. Its number's row is hot (every
 * document of the type and year takes it), so a use case calls this once
 * everything has been checked that can be checked before the journal.
 */
export async function storeCashDocument(services: Services, doc: NewCashDocument, userId: number, tx: Transaction): Promise<CashDocument> {
  const number = await nextDocumentNumber(services.db, tx, doc.docType, doc.date);
  const id = await insertRow(
    services.db,
    'cash_documents',
    {
      doc_type: doc.docType,
      number,
      kind: doc.kind,
      date: doc.date,
      cash_account_id: doc.cashAccountId,
      to_cash_account_id: doc.toCashAccountId,
      currency: doc.currency,
      rate: doc.rate,
      subtotal: doc.subtotal,
      tax: doc.tax,
      total: doc.total,
      base_total: doc.baseTotal,
      to_amount: doc.toAmount,
      to_rate: doc.toRate,
      memo: doc.memo,
      status: 'posted',
      user_id: userId,
      created_at: services.calendar.now(),
    },
    tx,
  );
  return { ...doc, id, number, status: 'posted', journalEntryId: null };
}

export async function linkJournal(services: Services, doc: CashDocument, journalEntryId: number, tx: Transaction): Promise<CashDocument> {
  await execute(services.db, 'UPDATE cash_documents SET journal_entry_id = :journalEntryId WHERE id = :id', { journalEntryId, id: doc.id }, tx);
  return { ...doc, journalEntryId };
}

export async function storeEntryLines(services: Services, documentId: number, lines: CashEntryLine[], tx: Transaction): Promise<void> {
  const e = (v: string | null) => (v === null ? 'NULL' : services.db.sequelize.escape(v));
  for (let i = 0; i < lines.length; i += 500) {
    const values = lines.slice(i, i + 500).map((l) => `(${documentId}, ${l.line}, ${e(l.accountCode)}, ${l.amount}, ${l.taxRate}, ${l.tax}, ${l.baseAmount}, ${l.baseTax}, ${e(l.memo)})`);
    await executeLiteral(services.db, `INSERT INTO cash_entry_lines (document_id, line, account_code, amount, tax_rate, tax, base_amount, base_tax, memo) VALUES ${values.join(',')}`, tx);
  }
}

const money = (cents: number) => fromScaled(cents, 'money');
const rate = (millionths: number) => fromScaled(millionths, 'rate');

export function entryView(doc: CashDocument, lines: CashEntryLine[]): CashEntryView {
  return {
    id: doc.id,
    number: doc.number,
    kind: doc.kind!,
    date: doc.date,
    cashAccountId: doc.cashAccountId,
    cashAccountCode: doc.cashAccountCode,
    currency: doc.currency,
    rate: rate(doc.rate),
    subtotal: money(doc.subtotal),
    tax: money(doc.tax),
    total: money(doc.total),
    baseTotal: money(doc.baseTotal),
    memo: doc.memo,
    status: doc.status,
    journalEntryId: doc.journalEntryId!,
    lines: lines.map((l) => ({
      line: l.line,
      accountCode: l.accountCode,
      amount: money(l.amount),
      taxRate: rate(l.taxRate),
      tax: money(l.tax),
      baseAmount: money(l.baseAmount),
      baseTax: money(l.baseTax),
      memo: l.memo,
    })),
  };
}

export function transferView(doc: CashDocument): CashTransferView {
  const toBaseAmount = toBase(doc.toAmount!, doc.toRate!);
  return {
    id: doc.id,
    number: doc.number,
    date: doc.date,
    fromCashAccountId: doc.cashAccountId,
    fromCashAccountCode: doc.cashAccountCode,
    toCashAccountId: doc.toCashAccountId!,
    toCashAccountCode: doc.toCashAccountCode!,
    currency: doc.currency,
    toCurrency: doc.toCurrency!,
    amount: money(doc.total),
    toAmount: money(doc.toAmount!),
    rate: rate(doc.rate),
    toRate: rate(doc.toRate!),
    baseAmount: money(doc.baseTotal),
    toBaseAmount: money(toBaseAmount),
    fxDifference: money(toBaseAmount - doc.baseTotal),
    memo: doc.memo,
    status: doc.status,
    journalEntryId: doc.journalEntryId!,
  };
}
