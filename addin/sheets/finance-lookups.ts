/**
 * What finance rows are checked against before sending: the chart of
 * accounts (postings go to active leaves only), the cash and bank accounts,
 * and the two kinds of cash entry in either language. The same lists feed
 * the account and cash account dropdowns in the hidden JXC.Lists sheet.
 */
import { CASH_ENTRY_KINDS, type AccountType } from '../../contract/finance';
import { DICTIONARIES } from '../i18n';
import type { Language } from './layout';
import type { ListsContent } from './lookups';

export type CashEntryKind = (typeof CASH_ENTRY_KINDS)[number];

export interface AccountRef {
  code: string;
  name: string;
  nameEn: string | null;
  type: AccountType;
  leaf: boolean;
  active: boolean;
}

export interface CashAccountRef {
  id: number;
  code: string;
  name: string;
  currency: string;
  active: boolean;
}

const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

export function cashKindLabel(kind: CashEntryKind, language: Language): string {
  return DICTIONARIES[language][`cashKind.${kind}`];
}

const KINDS_BY_TEXT = new Map<string, CashEntryKind>([
  ['收', 'income'],
  ['支', 'expense'],
  ['支出', 'expense'],
]);
for (const kind of CASH_ENTRY_KINDS) {
  KINDS_BY_TEXT.set(kind, kind);
  for (const language of ['zh', 'en'] as const) KINDS_BY_TEXT.set(norm(cashKindLabel(kind, language)), kind);
}

/** A kind as its code (`expense`) or its label in either language (费用 / Expense). */
export function parseCashKind(text: string): CashEntryKind | null {
  return KINDS_BY_TEXT.get(norm(text)) ?? null;
}

/** The account's name in the pane's language; an account without an English name shows its Chinese one. */
export function accountName(account: { name: string; nameEn: string | null }, language: Language): string {
  return language === 'en' && account.nameEn ? account.nameEn : account.name;
}

/** `6602`, `1002.01`, or a code followed by its name (`6602 管理费用`, as copied from the Accounts sheet). */
const CODE_FIRST = /^(\d{4}(?:\.\d{2}){0,2})(?:\s|$)/;

export class FinanceLookups {
  private readonly accountsByCode = new Map<string, AccountRef>();
  private readonly cashAccountsByText = new Map<string, CashAccountRef>();

  constructor(
    readonly accounts: AccountRef[],
    readonly cashAccounts: CashAccountRef[],
  ) {
    for (const a of accounts) this.accountsByCode.set(a.code, a);
    for (const c of cashAccounts) {
      this.cashAccountsByText.set(norm(c.name), c);
      this.cashAccountsByText.set(norm(c.code), c);
    }
  }

  /**
   * By code as typed, or as a number Excel made of it: 1002.10 typed into a
   * cell not formatted as text arrives as 1002.1.
   */
  account(cell: string | number): AccountRef | undefined {
    if (typeof cell === 'number') return this.accountsByCode.get(String(cell)) ?? this.accountsByCode.get(cell.toFixed(2));
    const code = CODE_FIRST.exec(cell.normalize('NFKC').trim())?.[1];
    return code ? this.accountsByCode.get(code) : undefined;
  }

  /** By code, or by name. */
  cashAccount(text: string): CashAccountRef | undefined {
    return this.cashAccountsByText.get(norm(text));
  }

  lists(language: Language): ListsContent {
    return {
      account: this.accounts.filter((a) => a.leaf && a.active).map((a) => a.code),
      cashAccount: this.cashAccounts.filter((c) => c.active).map((c) => c.code),
      cashKind: CASH_ENTRY_KINDS.map((k) => cashKindLabel(k, language)),
    };
  }
}
