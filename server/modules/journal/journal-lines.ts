import type { Transaction } from 'sequelize';
import { decimalPlaces, scaledText, toScaled } from '../../../contract/decimals';
import type { JournalLineRequest } from '../../../contract/finance';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import { mulDivRound } from '../../ledgers/valuation';
import { fieldError, FieldIssue, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { CurrencyFacts, currenciesOf } from './currencies';

const BASE_RATE = 1_000_000;
/** As the contract bounds money (< 10¹² units); a rate above a million base units a unit is a typing error. */
const MAX_CENTS = 100_000_000_000_000;
const MAX_RATE = 1_000_000 * BASE_RATE;

interface LineContext {
  base: string;
  date: string;
  currencies: Map<string, CurrencyFacts>;
  rates: Map<string, number>;
}

/**
 * A manual entry's lines as the money gate takes them: money in cents, and a
 * line in another currency valued in base at its rate (given, else the latest
 * on or before the entry's date) unless its debit or credit is given. Every
 * line's problems are named at once; the gate then checks the entry as a whole.
 */
export async function journalLinesOf(services: Services, lines: JournalLineRequest[], date: string, tx: Transaction): Promise<JournalLineInput[]> {
  const base = services.generalLedger.baseCurrency;
  const codes = [...new Set(lines.map((l) => l.currency ?? base))];
  const currencies = await currenciesOf(services.db, codes, tx);
  const unrated = [...new Set(lines.filter((l) => l.currency && l.currency !== base && l.rate === undefined).map((l) => l.currency!))];
  const rates = new Map<string, number>();
  for (const currency of unrated.filter((c) => currencies.has(c))) {
    const rate = await services.exchangeRates.findRateOn(currency, date, tx);
    if (rate !== null) rates.set(currency, rate);
  }
  const context: LineContext = { base, date, currencies, rates };
  const errors: FieldIssue[] = [];
  const converted = lines.map((l, i) => toGateLine(l, i, context, errors));
  if (errors.length) throw invalid(msg('journal.lines-invalid', { count: new Set(errors.map((e) => e.row)).size }), errors);
  return converted;
}

function toGateLine(l: JournalLineRequest, i: number, c: LineContext, errors: FieldIssue[]): JournalLineInput {
  const at = (field: string) => ['lines', i, field];
  const debit = l.debit === undefined ? 0 : toScaled(l.debit, 'money');
  const credit = l.credit === undefined ? 0 : toScaled(l.credit, 'money');
  const line: JournalLineInput = { line: i, accountCode: l.accountCode, debit, credit, memo: l.memo ?? null };
  if (l.side && ((l.side === 'debit' && credit > 0) || (l.side === 'credit' && debit > 0))) errors.push(fieldError(at('side'), msg('journal.side-conflict')));
  const side = debit > 0 ? 'debit' : credit > 0 ? 'credit' : l.side;
  const currency = l.currency ?? c.base;
  const facts = c.currencies.get(currency);
  if (!facts) {
    errors.push(fieldError(at('currency'), msg('journal.currency-unknown', { currency })));
    return line;
  }
  if (l.amount !== undefined && decimalPlaces(l.amount) > facts.decimals) {
    errors.push(fieldError(at('amount'), msg('journal.amount-too-precise', { currency, places: facts.decimals })));
  }
  const amount = l.amount === undefined ? undefined : toScaled(l.amount, 'money');
  return currency === c.base ? baseLine(line, l, side, amount, c, errors) : foreignLine(line, l, side, amount, currency, c, errors);
}

/** In base currency the amount is the debit or credit: given, it must agree, or it stands for them with `side`. */
function baseLine(line: JournalLineInput, l: JournalLineRequest, side: string | undefined, amount: number | undefined, c: LineContext, errors: FieldIssue[]): JournalLineInput {
  const at = (field: string) => ['lines', line.line!, field];
  if (l.rate !== undefined && toScaled(l.rate, 'rate') !== BASE_RATE) errors.push(fieldError(at('rate'), msg('journal.rate-base', { currency: c.base })));
  if (amount === undefined) return line;
  const given = line.debit! + line.credit!;
  if (given > 0 && amount !== given) errors.push(fieldError(at('amount'), msg('journal.amount-mismatch', { expected: scaledText(given, 'money') })));
  if (given === 0 && amount > 0) {
    if (!side) errors.push(fieldError(at('side'), msg('journal.side-required')));
    return { ...line, [side ?? 'debit']: amount };
  }
  return line;
}

function foreignLine(
  line: JournalLineInput,
  l: JournalLineRequest,
  side: string | undefined,
  amount: number | undefined,
  currency: string,
  c: LineContext,
  errors: FieldIssue[],
): JournalLineInput {
  const at = (field: string) => ['lines', line.line!, field];
  if (amount === undefined) {
    errors.push(fieldError(at('amount'), msg('journal.amount-required', { currency })));
    return line;
  }
  const rate = l.rate === undefined ? c.rates.get(currency) : toScaled(l.rate, 'rate');
  if (rate !== undefined && rate > MAX_RATE) {
    errors.push(fieldError(at('rate'), msg('validation.too-large:number')));
    return line;
  }
  if (rate === undefined) {
    errors.push(fieldError(at('rate'), msg('journal.rate-missing', { currency, date: c.date })));
    return line;
  }
  const foreign = { ...line, currency, amount, rate };
  if (line.debit! > 0 || line.credit! > 0 || amount === 0) return foreign;
  if (!side) {
    errors.push(fieldError(at('side'), msg('journal.side-required')));
    return foreign;
  }
  const value = mulDivRound(amount, rate, BASE_RATE);
  if (value >= MAX_CENTS) errors.push(fieldError(at('amount'), msg('validation.too-large:number')));
  return { ...foreign, [side]: value };
}
