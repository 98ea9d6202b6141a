/**
 * The journal sheet (记账凭证): one row per line — date, account, debit or
 * credit, memo — and rows with the same Doc ref form one journal entry. An
 * entry that does not balance is refused on all of its rows before anything
 * is sent; the entry's memo is its first line's.
 */
import { toScaled } from '../../contract/decimals';
import { journalEntryRequest, JournalEntryRequest } from '../../contract/finance';
import { isBlank, parseDate, parseNumber } from './cells';
import type { DocumentKind, DocumentMessage, ParsedRow } from './document-sheet';
import type { FinanceLookups } from './finance-lookups';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import { firstMemo, readAccount, readMemo, readOptional } from './row-readers';
import type { RowMessage } from './row-status';

export const JOURNAL_LAYOUT: SheetLayout = {
  kind: 'journal',
  names: { zh: '记账凭证', en: 'Journal' },
  tablePrefix: 'JxcJournal',
  columns: [
    { ...DOC_REF_COLUMN, aliases: [...DOC_REF_COLUMN.aliases!, '凭证分组'] },
    { key: 'date', zh: '日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['凭证日期', '业务日期'] },
    { key: 'account', zh: '科目', en: 'Account', kind: 'text', width: 75, input: true, list: 'account', aliases: ['科目编码', 'account code'] },
    { key: 'debit', zh: '借方', en: 'Debit', kind: 'money', width: 85, input: true, aliases: ['借方金额', 'dr'] },
    { key: 'credit', zh: '贷方', en: 'Credit', kind: 'money', width: 85, input: true, aliases: ['贷方金额', 'cr'] },
    { key: 'memo', zh: '摘要', en: 'Memo', kind: 'text', width: 160, input: true, aliases: ['备注', 'note', 'description'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface JournalHeader {
  date: string | null;
}

export interface JournalLine {
  accountCode: string;
  debit?: number;
  credit?: number;
  memo?: string;
}

function parseJournalRow(rows: SheetRows, index: number, lookups: FinanceLookups): ParsedRow<JournalHeader, JournalLine> {
  const messages: RowMessage[] = [];
  // A blank Doc ref cannot tell which lines balance each other.
  if (isBlank(rows.cell(index, 'docRef'))) messages.push({ key: 'cell.required', column: 'docRef' });
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const account = readAccount(rows, index, 'account', lookups, messages);
  const debit = readOptional(parseNumber(rows.cell(index, 'debit'), { scale: 'money', min: 0 }), 'debit', messages) ?? 0;
  const credit = readOptional(parseNumber(rows.cell(index, 'credit'), { scale: 'money', min: 0 }), 'credit', messages) ?? 0;
  if (messages.every((m) => m.column !== 'debit' && m.column !== 'credit')) {
    if (debit === 0 && credit === 0) messages.push({ key: 'row.debitOrCredit', column: 'debit' });
    if (debit > 0 && credit > 0) messages.push({ key: 'row.debitAndCredit', column: 'credit' });
  }
  const memo = readMemo(rows, index, messages);
  const line: JournalLine = { accountCode: account?.code ?? '' };
  if (debit > 0) line.debit = debit;
  if (credit > 0) line.credit = credit;
  if (memo) line.memo = memo;
  return { header: { date }, line, messages };
}

/** Cents as the sheet shows money: 1234567 → 12,345.67. */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${cents < 0 ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function checkJournal(_header: JournalHeader, lines: JournalLine[]): DocumentMessage[] {
  const messages: DocumentMessage[] = [];
  const debit = lines.reduce((sum, l) => sum + toScaled(l.debit ?? 0, 'money'), 0);
  const credit = lines.reduce((sum, l) => sum + toScaled(l.credit ?? 0, 'money'), 0);
  if (debit !== credit) {
    const params = { debit: formatCents(debit), credit: formatCents(credit), difference: formatCents(Math.abs(debit - credit)) };
    messages.push({ line: null, message: { key: 'row.unbalanced', params } });
  }
  if (!firstMemo(lines)) messages.push({ line: 0, message: { key: 'row.memoRequired', column: 'memo' } });
  return messages;
}

export const JOURNAL_KIND: DocumentKind<JournalHeader, JournalLine, FinanceLookups> = {
  layout: JOURNAL_LAYOUT,
  refPrefix: 'je',
  parseRow: parseJournalRow,
  headerKey: (h) => h.date ?? '',
  headerDifferences: (a, b) => (a.date !== b.date ? ['date'] : []),
  checkDocument: checkJournal,
  buildDocument: (h, lines): JournalEntryRequest => ({
    ...(h.date ? { date: h.date } : {}),
    memo: firstMemo(lines) ?? '',
    lines,
  }),
  schema: journalEntryRequest,
  fieldColumns: {
    date: 'date',
    accountCode: 'account',
    debit: 'debit',
    credit: 'credit',
    memo: 'memo',
  },
};
