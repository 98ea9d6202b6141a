import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id, listQuery } from './platform';
import { expected, msgKey } from './validation-issues';

/*
 * Finance (API.md "Finance"): accounts, currencies and rates, cash and bank
 * accounts, cash entries, cash transfers, journal entries, periods, verify.
 * Money as JSON numbers with at most 2 decimals, rates at most 6.
 */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
const required = (max: number) => text(max).min(1, msgKey('validation.required'));
const memo = text(500);
const lines = <T extends z.ZodTypeAny>(line: T) =>
  z.array(line, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(20000, msgKey('validation.too-many:lines'));

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** `NNNN` or `NNNN.NN[.NN]`. */
export const accountCode = z.string({ error: msgKey('validation.type:text') }).trim().regex(/^\d{4}(\.\d{2}){0,2}$/, msgKey('validation.format:account-code'));
export const currencyCode = z.string({ error: msgKey('validation.type:text') }).trim().regex(/^[A-Z]{3}$/, msgKey('validation.format:currency'));

/** The posting roles of the account mapping (DESIGN §4). */
export const MAPPING_ROLES = [
  'inventory',
  'receivable',
  'payable',
  'grni',
  'inputVat',
  'outputVat',
  'revenue',
  'cogs',
  'priceVariance',
  'fxDifference',
  'stockLossGain',
  'customerAdvance',
  'supplierAdvance',
  'openingOffset',
  'roundingDifference',
  'internalUse',
  'samples',
  'currentYearProfit',
] as const;
export type MappingRole = (typeof MAPPING_ROLES)[number];
/** Roles whose accounts only documents post to: a manual journal entry may not touch them. */
export const CONTROL_ROLES: readonly MappingRole[] = ['inventory', 'receivable', 'payable', 'grni', 'customerAdvance', 'supplierAdvance'];

export interface AccountView {
  code: string;
  name: string;
  nameEn: string | null;
  type: AccountType;
  parentCode: string | null;
  leaf: boolean;
  active: boolean;
  version: number;
}

export const createAccountRequest = z.strictObject({
  code: accountCode,
  name: required(100),
  nameEn: text(100).optional(),
  parentCode: accountCode.optional(),
  type: z.enum(ACCOUNT_TYPES, { error: msgKey('validation.choice') }).optional(),
  active: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
});
export type CreateAccountRequest = z.infer<typeof createAccountRequest>;
export const updateAccountRequest = z.strictObject({
  name: required(100).optional(),
  nameEn: text(100).nullable().optional(),
  active: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
  version: z.number({ error: msgKey('validation.type:version') }).int().positive().optional(),
});
export type UpdateAccountRequest = z.infer<typeof updateAccountRequest>;

/** `GET /accounts`: `q` matches code, name or English name. */
export const accountsQuery = listQuery.extend({
  type: z.enum(ACCOUNT_TYPES, { error: msgKey('validation.choice') }).optional(),
});
export type AccountsQuery = z.infer<typeof accountsQuery>;

export const accountMappingRequest = z.strictObject(Object.fromEntries(MAPPING_ROLES.map((r) => [r, accountCode.optional()])) as Record<MappingRole, z.ZodOptional<typeof accountCode>>);
export type AccountMapping = Record<MappingRole, string>;
export type AccountMappingRequest = z.infer<typeof accountMappingRequest>;

export interface CurrencyView {
  code: string;
  name: string;
  decimals: number;
  base: boolean;
}
export const createCurrencyRequest = z.strictObject({
  code: currencyCode,
  name: required(50),
  decimals: z.number({ error: msgKey('validation.type:whole-number') }).int().min(0).max(2).optional(),
});
export type CreateCurrencyRequest = z.infer<typeof createCurrencyRequest>;

export interface ExchangeRateView {
  currency: string;
  date: string;
  rate: number;
}
export const exchangeRateRequest = z.strictObject({
  currency: currencyCode,
  date: isoDate,
  // Kept ×1,000,000 as an exact integer: below 10^9 it stays one.
  rate: decimalNumber('rate', { positive: true }).refine((n) => n < 1e9, { message: msgKey('validation.too-large:number') }),
});
export type ExchangeRateRequest = z.infer<typeof exchangeRateRequest>;
/** `GET /exchange-rates`: by currency and date range, oldest first (same-day rates in the order they were entered). */
export const exchangeRatesQuery = listQuery.omit({ q: true }).extend({
  currency: currencyCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type ExchangeRatesQuery = z.infer<typeof exchangeRatesQuery>;

export const CASH_ACCOUNT_TYPES = ['cash', 'bank'] as const;
export interface CashAccountView {
  id: number;
  code: string;
  name: string;
  type: (typeof CASH_ACCOUNT_TYPES)[number];
  currency: string;
  bankName: string | null;
  accountNo: string | null;
  allowOverdraft: boolean;
  accountCode: string;
  balance: number;
  active: boolean;
  version: number;
}
export const createCashAccountRequest = z.strictObject({
  code: required(32),
  name: required(100),
  type: z.enum(CASH_ACCOUNT_TYPES, { error: msgKey('validation.choice') }),
  currency: currencyCode.optional(),
  bankName: text(100).optional(),
  accountNo: text(64).optional(),
  allowOverdraft: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
});

/** A cash account named by id or code (API.md "References"). */
const cashAccountRef = (prefix: 'cashAccount' | 'fromCashAccount' | 'toCashAccount') => ({
  [`${prefix}Id`]: id.optional(),
  [`${prefix}Code`]: required(32).optional(),
});

export const CASH_ENTRY_KINDS = ['income', 'expense'] as const;
export const cashEntryLine = z.strictObject({
  accountCode,
  amount: decimalNumber('money', { positive: true }),
  taxRate: decimalNumber('rate', { min: 0 }).optional(),
  memo: memo.optional(),
});
export const cashEntryRequest = z.strictObject({
  kind: z.enum(CASH_ENTRY_KINDS, { error: msgKey('validation.choice') }),
  ...(cashAccountRef('cashAccount') as { cashAccountId: z.ZodOptional<typeof id>; cashAccountCode: z.ZodOptional<z.ZodString> }),
  date: isoDate.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  pricesIncludeTax: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
  memo: memo.optional(),
  lines: lines(cashEntryLine),
});
export type CashEntryRequest = z.infer<typeof cashEntryRequest>;
export interface CashEntryResult {
  id: number;
  number: string;
  kind: (typeof CASH_ENTRY_KINDS)[number];
  date: string;
  currency: string;
  rate: number;
  subtotal: number;
  tax: number;
  total: number;
  baseTotal: number;
  journalEntryId: number;
}

export const cashTransferRequest = z.strictObject({
  ...(cashAccountRef('fromCashAccount') as { fromCashAccountId: z.ZodOptional<typeof id>; fromCashAccountCode: z.ZodOptional<z.ZodString> }),
  ...(cashAccountRef('toCashAccount') as { toCashAccountId: z.ZodOptional<typeof id>; toCashAccountCode: z.ZodOptional<z.ZodString> }),
  date: isoDate.optional(),
  amount: decimalNumber('money', { positive: true }),
  toAmount: decimalNumber('money', { positive: true }).optional(),
  memo: memo.optional(),
});
export type CashTransferRequest = z.infer<typeof cashTransferRequest>;
export interface CashTransferResult {
  id: number;
  number: string;
  date: string;
  amount: number;
  toAmount: number;
  journalEntryId: number;
}

export const updateCashAccountRequest = z.strictObject({
  name: required(100).optional(),
  bankName: text(100).nullable().optional(),
  accountNo: text(64).nullable().optional(),
  allowOverdraft: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
  active: z.boolean({ error: msgKey('validation.type:boolean') }).optional(),
  version: z.number({ error: msgKey('validation.type:version') }).int().positive().optional(),
});

export interface CashEntryLineView {
  line: number;
  accountCode: string;
  amount: number;
  taxRate: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  memo: string | null;
}
/** A cash entry as GET /cash-entries answers it. */
export interface CashEntryView extends CashEntryResult {
  cashAccountId: number;
  cashAccountCode: string;
  memo: string | null;
  status: string;
  lines: CashEntryLineView[];
}
/** A cash transfer as POST and GET /cash-transfers answer it; `fxDifference` is the receiving base minus the sending base. */
export interface CashTransferView extends CashTransferResult {
  fromCashAccountId: number;
  fromCashAccountCode: string;
  toCashAccountId: number;
  toCashAccountCode: string;
  currency: string;
  toCurrency: string;
  rate: number;
  toRate: number;
  baseAmount: number;
  toBaseAmount: number;
  fxDifference: number;
  memo: string | null;
  status: string;
}

export const JOURNAL_SIDES = ['debit', 'credit'] as const;
/**
 * `debit`/`credit` in base currency. A line in another currency gives
 * `currency` and `amount` in it, and its side: `side` to have the base value
 * computed as round(amount × rate), or `debit`/`credit` to give it explicitly.
 */
export const journalLine = z.strictObject({
  accountCode,
  debit: decimalNumber('money', { min: 0 }).optional(),
  credit: decimalNumber('money', { min: 0 }).optional(),
  side: z.enum(JOURNAL_SIDES, { error: msgKey('validation.choice') }).optional(),
  currency: currencyCode.optional(),
  amount: decimalNumber('money', { min: 0 }).optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  memo: memo.optional(),
});
export type JournalLineRequest = z.infer<typeof journalLine>;
export const journalEntryRequest = z.strictObject({
  date: isoDate.optional(),
  memo: required(500),
  lines: lines(journalLine),
});
export type JournalEntryRequest = z.infer<typeof journalEntryRequest>;
export const reverseJournalRequest = z.strictObject({ date: isoDate.optional() });
export type ReverseJournalRequest = z.infer<typeof reverseJournalRequest>;

const filterText = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long')).optional();
export const journalEntriesQuery = listQuery.omit({ q: true }).extend({
  from: isoDate.optional(),
  to: isoDate.optional(),
  accountCode: accountCode.optional(),
  sourceType: filterText(16),
  sourceId: z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional(),
});
export type JournalEntriesQuery = z.infer<typeof journalEntriesQuery>;

export const accountBalancesQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  accountCode: accountCode.optional(),
});
export type AccountBalancesQuery = z.infer<typeof accountBalancesQuery>;

export interface JournalLineView {
  line: number;
  accountCode: string;
  accountName: string;
  debit: number;
  credit: number;
  currency: string;
  amount: number;
  rate: number;
  memo: string | null;
}
export interface JournalEntryView {
  id: number;
  number: string;
  date: string;
  memo: string | null;
  source: { type: string; id: number; number: string };
  reversalOf: number | null;
  reversedBy: number | null;
  lines: JournalLineView[];
}

export interface AccountBalanceRow {
  accountCode: string;
  name: string;
  nameEn: string | null;
  type: AccountType;
  leaf: boolean;
  opening: number;
  debit: number;
  credit: number;
  closing: number;
}

export interface PeriodView {
  period: string;
  status: 'open' | 'closed';
  closedAt: string | null;
  closedBy: number | null;
  /** The entry that carried the period's income and expense to current-year profit (null when there was nothing to carry). */
  closingEntry: { id: number; number: string } | null;
}
/** A period named in a path: `YYYY-MM`. */
export const periodParams = z.object({
  period: z.string({ error: msgKey('validation.type:text') }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, msgKey('validation.format:period')),
});

export interface VerifyCheck {
  name: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
  /** For a check over rows: how many differ (expected and actual then list the first of them). */
  mismatches?: number;
}
export interface VerifyResult {
  ok: boolean;
  checks: VerifyCheck[];
}
