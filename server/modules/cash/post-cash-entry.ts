import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { CashEntryRequest, CashEntryView } from '../../../contract/finance';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { documentAmounts, DocumentAmounts, PricedLine } from '../../documents/amounts';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { CashAccount, lockCashAccounts, resolveCashAccount } from './cash-accounts';
import { CashDocument, CashEntryLine, entryView, linkJournal, storeCashDocument, storeEntryLines } from './cash-documents';
import { postCashJournal } from './cash-journal';

type Kind = CashEntryRequest['kind'];

/**
 * Posts an income or expense entry (收入 / 费用) on one cash or bank account,
 * in that account's currency: expense Dr each line's expense account + input
 * VAT / Cr the cash leaf, income Dr the cash leaf / Cr each line's income
 * account + output VAT. An expense beyond what the account holds is refused by
 * the money gate (409) unless the account allows overdraft.
 */
export async function postCashEntry(services: Services, actor: Actor, input: CashEntryRequest, tx: Transaction): Promise<CashEntryView> {
  const { db, generalLedger: gl } = services;
  const date = services.calendar.documentDate(input.date);
  const cash = await resolveCashAccount(db, { id: input.cashAccountId, code: input.cashAccountCode }, 'cashAccountId', tx);
  await assertLineAccounts(db, input.kind, input.lines, tx);
  const given = input.rate === undefined ? undefined : toScaled(input.rate, 'rate');
  const rate = await services.exchangeRates.documentRate({ currency: cash.currency, date, rate: given }, ['rate'], tx);
  const taxRates = input.lines.map((l) => toScaled(l.taxRate ?? 0, 'rate'));
  const amounts = documentAmounts(
    input.lines.map((l, i) => oneUnitAt(toScaled(l.amount, 'money'), taxRates[i]!)),
    { pricesIncludeTax: input.pricesIncludeTax ?? false, rate },
  );
  await lockCashAccounts(db, [cash], tx);
  const stored = await storeCashDocument(
    services,
    {
      docType: 'CE',
      kind: input.kind,
      date,
      cashAccountId: cash.id,
      cashAccountCode: cash.code,
      toCashAccountId: null,
      toCashAccountCode: null,
      currency: cash.currency,
      toCurrency: null,
      rate,
      subtotal: amounts.subtotal,
      tax: amounts.tax,
      total: amounts.total,
      baseTotal: amounts.baseTotal,
      toAmount: null,
      toRate: null,
      memo: input.memo ?? null,
    },
    actor.id,
    tx,
  );
  const lines: CashEntryLine[] = amounts.lines.map((a, i) => ({ line: i, accountCode: input.lines[i]!.accountCode, ...a, taxRate: taxRates[i]!, memo: input.lines[i]!.memo ?? null }));
  const journalId = await postCashJournal(services, stored, await journalLines(services, input.kind, cash, stored, amounts, lines, tx), { [cash.accountCode]: refField(input) }, actor.id, tx);
  const doc = await linkJournal(services, stored, journalId, tx);
  await storeEntryLines(services, doc.id, lines, tx);
  return entryView(doc, lines);
}

/**
 * A cash line is one unit priced at its amount, so the documents' line and
 * tax rules (server/documents/amounts.ts) apply unchanged: 1.000 × amount in
 * ten-thousandths is the amount in cents.
 */
function oneUnitAt(amount: number, taxRate: number): PricedLine {
  return { qty: 1000, unitPrice: amount * 100, taxRate };
}

/**
 * The request's lines first, in their order (so the gate's refusals of a line's
 * account name the request's line), then VAT, then the cash leaf, which takes
 * the base total: the lines' base amounts and taxes sum to it exactly.
 */
async function journalLines(services: Services, kind: Kind, cash: CashAccount, doc: CashDocument, amounts: DocumentAmounts, lines: CashEntryLine[], tx: Transaction): Promise<JournalLineInput[]> {
  const mapping = await services.generalLedger.mapping(tx);
  const inDocumentCurrency = { currency: doc.currency, rate: doc.rate };
  const side = (base: number, onDebit: boolean) => (onDebit ? { debit: base } : { credit: base });
  const expense = kind === 'expense';
  return [
    ...lines.map((l) => ({ accountCode: l.accountCode, ...side(l.baseAmount, expense), ...inDocumentCurrency, amount: l.amount, memo: l.memo })),
    { accountCode: expense ? mapping.inputVat : mapping.outputVat, ...side(amounts.baseTax, expense), ...inDocumentCurrency, amount: amounts.tax },
    { accountCode: cash.accountCode, ...side(amounts.baseTotal, !expense), ...inDocumentCurrency, amount: amounts.total },
  ];
}

/** Income entries book against income accounts, expense entries against expense accounts (DESIGN §4 "Cash and bank"). */
async function assertLineAccounts(db: Database, kind: Kind, lines: CashEntryRequest['lines'], tx: Transaction): Promise<void> {
  const codes = [...new Set(lines.map((l) => l.accountCode))];
  const types = new Map((await selectRows<{ code: string; type: string }>(db, 'SELECT code, type FROM accounts WHERE code IN (:codes)', { codes }, tx)).map((r) => [r.code, r.type]));
  const errors: FieldIssue[] = [];
  let unknown = 0;
  lines.forEach((l, i) => {
    const type = types.get(l.accountCode);
    const at = ['lines', i, 'accountCode'];
    if (type === undefined) {
      unknown++;
      errors.push(fieldError(at, msg('account.unknown', { code: l.accountCode })));
    } else if (type !== kind) errors.push(fieldError(at, msg(`cash.line-account:${kind}`, { code: l.accountCode })));
  });
  if (!errors.length) return;
  const detail = unknown === errors.length ? msg('account.unknown:detail', { count: unknown }) : unknown === 0 ? msg(`cash.line-accounts:${kind}`, { count: errors.length }) : msg('account.invalid');
  throw invalid(detail, errors);
}

const refField = (input: CashEntryRequest) => (input.cashAccountId !== undefined ? 'cashAccountId' : 'cashAccountCode');
