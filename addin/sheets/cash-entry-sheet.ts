/**
 * The cash entries sheet (收支): one row per line — kind (收入 / 费用), the
 * cash or bank account, date, the income or expense account, the amount net
 * of tax, the tax rate and a memo — posted as cash entries.
 */
import { cashEntryRequest, CashEntryRequest } from '../../contract/finance';
import { parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, ParsedRow } from './document-sheet';
import { CashAccountRef, CashEntryKind, FinanceLookups, parseCashKind } from './finance-lookups';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import { firstMemo, readAccount, readCashAccount, readMemo, readOptional } from './row-readers';
import { cellMessage, RowMessage } from './row-status';

export const CASH_ENTRY_LAYOUT: SheetLayout = {
  kind: 'cashEntries',
  names: { zh: '收支', en: 'Cash entries' },
  tablePrefix: 'JxcCashEntries',
  columns: [
    DOC_REF_COLUMN,
    { key: 'kind', zh: '收支类型', en: 'Kind', kind: 'text', width: 60, input: true, list: 'cashKind', aliases: ['收支', '类型', 'type', 'income/expense'] },
    { key: 'cashAccount', zh: '资金账户', en: 'Cash account', kind: 'text', width: 80, input: true, list: 'cashAccount', aliases: ['现金银行账户', '账户', 'bank account', 'cash/bank'] },
    { key: 'date', zh: '日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['业务日期'] },
    { key: 'account', zh: '科目', en: 'Account', kind: 'text', width: 75, input: true, list: 'account', aliases: ['科目编码', '收支科目', 'account code'] },
    { key: 'amount', zh: '金额', en: 'Amount', kind: 'money', width: 85, input: true, aliases: ['不含税金额', 'net amount'] },
    { key: 'taxRate', zh: '税率', en: 'Tax rate', kind: 'rate', width: 55, input: true, aliases: ['增值税率', 'vat'] },
    { key: 'memo', zh: '摘要', en: 'Memo', kind: 'text', width: 150, input: true, aliases: ['备注', 'note', 'description'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface CashEntryHeader {
  kind: CashEntryKind | null;
  cashAccount: CashAccountRef | null;
  date: string | null;
}

export interface CashEntryLine {
  accountCode: string;
  amount: number;
  taxRate?: number;
  memo?: string;
}

/** A rate cell: 0 to 100 %, as Excel keeps 13 % (0.13). */
export function readTaxRate(rows: SheetRows, index: number, messages: RowMessage[]): number | null {
  const rate = readOptional(parseNumber(rows.cell(index, 'taxRate'), { scale: 'rate', min: 0 }), 'taxRate', messages);
  if (rate !== null && rate > 1) messages.push({ key: 'cell.rateRange', column: 'taxRate' });
  return rate;
}

function readKind(rows: SheetRows, index: number, messages: RowMessage[]): CashEntryKind | null {
  const text = parseText(rows.cell(index, 'kind'), { required: true, max: 32 });
  if (!text.ok) {
    messages.push(cellMessage('kind', text.error));
    return null;
  }
  const kind = parseCashKind(text.value!);
  if (!kind) messages.push({ key: 'row.badCashKind', column: 'kind' });
  return kind;
}

function parseCashEntryRow(rows: SheetRows, index: number, lookups: FinanceLookups): ParsedRow<CashEntryHeader, CashEntryLine> {
  const messages: RowMessage[] = [];
  const kind = readKind(rows, index, messages);
  const cashAccount = readCashAccount(rows, index, 'cashAccount', lookups, messages);
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const account = readAccount(rows, index, 'account', lookups, messages);
  const amount = readOptional(parseNumber(rows.cell(index, 'amount'), { scale: 'money', required: true, positive: true }), 'amount', messages);
  const taxRate = readTaxRate(rows, index, messages);
  const memo = readMemo(rows, index, messages);
  const line: CashEntryLine = { accountCode: account?.code ?? '', amount: amount ?? 0 };
  if (taxRate !== null) line.taxRate = taxRate;
  if (memo) line.memo = memo;
  return { header: { kind, cashAccount, date }, line, messages };
}

export const CASH_ENTRY_KIND: DocumentKind<CashEntryHeader, CashEntryLine, FinanceLookups> = {
  layout: CASH_ENTRY_LAYOUT,
  refPrefix: 'ce',
  parseRow: parseCashEntryRow,
  headerKey: (h) => `${h.kind ?? '?'}|${h.cashAccount?.id ?? '?'}|${h.date ?? ''}`,
  headerDifferences: (a, b) => [
    ...(a.kind !== b.kind ? ['kind'] : []),
    ...(a.cashAccount?.id !== b.cashAccount?.id ? ['cashAccount'] : []),
    ...(a.date !== b.date ? ['date'] : []),
  ],
  buildDocument: (h, lines): CashEntryRequest => {
    const memo = firstMemo(lines);
    return {
      kind: h.kind!,
      cashAccountCode: h.cashAccount!.code,
      ...(h.date ? { date: h.date } : {}),
      ...(memo ? { memo } : {}),
      lines,
    };
  },
  schema: cashEntryRequest,
  fieldColumns: {
    kind: 'kind',
    cashAccountId: 'cashAccount',
    cashAccountCode: 'cashAccount',
    date: 'date',
    accountCode: 'account',
    amount: 'amount',
    taxRate: 'taxRate',
    memo: 'memo',
  },
};
