import type { Transaction } from 'sequelize';
import { scaledText } from '../../contract/decimals';
import { CONTROL_ROLES, MappingRole } from '../../contract/finance';
import type { Database } from '../db/database';
import { executeLiteral, selectLiteral, selectRows } from '../db/sql';
import { insertNumbered } from '../documents/numbering';
import type { BusinessCalendar } from '../platform/business-calendar';
import { conflict, fieldError, FieldIssue, invalid } from '../platform/errors';
import { msg } from '../platform/i18n/message';
import { assertPeriodsOpen, monthOf } from '../platform/periods';

/** One line as a use case asks for it. Money in cents; `rate` ×1,000,000 (base units per currency unit). */
export interface JournalLineInput {
  accountCode: string;
  /** Base-currency cents, ≥ 0; one of debit and credit. */
  debit?: number;
  credit?: number;
  /** The line's own currency and amount in it (cents); default: base, the debit or credit. */
  currency?: string;
  amount?: number;
  rate?: number;
  memo?: string | null;
  /** The request line errors name; default: the index. */
  line?: number;
}

export interface JournalSource {
  type: string;
  id: number;
  number: string;
}

export interface JournalEntryInput {
  date: string;
  memo?: string | null;
  source: JournalSource;
  lines: JournalLineInput[];
  userId: number | null;
  /** A manual entry may not post to control accounts (inventory, receivables, payables, received-not-invoiced, advances). */
  manual?: boolean;
  reversalOf?: number;
}

export interface PostedJournalLine {
  line: number;
  accountCode: string;
  debit: number;
  credit: number;
  currency: string;
  amount: number;
  rate: number;
  memo: string | null;
}

export interface PostedJournal {
  id: number;
  number: string;
  date: string;
  lines: PostedJournalLine[];
}

interface AccountFacts {
  code: string;
  active: boolean;
  parent: boolean;
  cash: boolean;
}

/** An entry checked and its cash accounts locked, waiting for its source document's number. */
export interface JournalPlan {
  readonly date: string;
  readonly memo: string | null;
  readonly userId: number | null;
  readonly reversalOf: number | null;
  readonly lines: PostedJournalLine[];
  readonly cash: Map<CashLeaf, number>;
}

interface CashLeaf {
  id: number;
  code: string;
  accountCode: string;
  currency: string;
  allowOverdraft: boolean;
  balance: number;
}

const BASE_RATE = 1_000_000;
const money = (cents: number) => scaledText(cents, 'money');
const quoted = (db: Database, values: Iterable<string>) => [...new Set(values)].map((v) => db.sequelize.escape(v)).join(',');

/**
 * The one gate for money: the only code that writes journal lines, account
 * balances (per account × period, in the same transaction) and the balances
 * of cash and bank accounts. An entry is refused whole unless it balances to
 * the cent in base currency, posts to active leaf accounts only, is dated in
 * an open period and no later than today, and leaves no cash account below
 * zero that may not go there.
 */
export class GeneralLedger {
  constructor(
    private readonly db: Database,
    private readonly calendar: BusinessCalendar,
    readonly baseCurrency: string,
  ) {}

  async postJournal(entry: JournalEntryInput, tx: Transaction): Promise<PostedJournal | null> {
    const plan = await this.prepareJournal(entry, tx);
    return plan && this.applyJournal(plan, entry.source, tx);
  }

  /**
   * Checks an entry — balanced, postable accounts, open period, cash that is
   * there — and locks the cash accounts it touches, without writing. A use
   * case prepares its journal before it numbers its own document, so the hot
   * rows (numbers, the balances of busy accounts) are taken last.
   */
  async prepareJournal(entry: Omit<JournalEntryInput, 'source'>, tx: Transaction): Promise<JournalPlan | null> {
    const lines = this.normalize(entry.lines);
    if (!lines.length) return null;
    this.assertBalanced(lines);
    this.calendar.documentDate(entry.date);
    await assertPeriodsOpen(this.db, [entry.date], tx);
    const cashLeaves = await this.assertAccounts(lines, entry.manual ?? false, tx);
    const cash = cashLeaves ? await this.lockCashLeaves(lines, tx) : new Map<string, CashLeaf>();
    return { date: entry.date, memo: entry.memo ?? null, userId: entry.userId, reversalOf: entry.reversalOf ?? null, lines, cash: this.checkCash(lines, cash) };
  }

  async applyJournal(plan: JournalPlan, source: JournalSource, tx: Transaction): Promise<PostedJournal> {
    // The lines, the cash and the account balances go with the header: one statement on PostgreSQL.
    const writes = [...this.linesSql(plan.date, plan.lines), ...this.cashSql(plan.cash), ...this.balancesSql(plan.date, plan.lines)];
    const header = {
      date: plan.date,
      period: monthOf(plan.date),
      memo: plan.memo,
      source_type: source.type,
      source_id: source.id,
      source_number: source.number,
      reversal_of: plan.reversalOf,
      user_id: plan.userId,
      created_at: this.calendar.now(),
    };
    const { id, number } = await insertNumbered(this.db, tx, 'journal_entries', 'JE', plan.date, header, writes);
    return { id, number, date: plan.date, lines: plan.lines };
  }

  /** Posts the exact opposite of an entry, dated `date`, and marks the original reversed. */
  async reverseJournal(entryId: number, reversal: { date: string; source: JournalSource; userId: number | null; memo?: string | null }, tx: Transaction): Promise<PostedJournal | null> {
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [original] = await selectRows<{ id: number; number: string; memo: string | null; reversal_of: number | null; reversed_by: number | null }>(
      this.db,
      `SELECT id, number, memo, reversal_of, reversed_by FROM journal_entries WHERE id = :id${lock}`,
      { id: entryId },
      tx,
    );
    if (!original) throw new Error(`journal entry ${entryId} is missing`);
    if (original.reversed_by !== null) throw conflict(msg('journal.already-reversed', { number: original.number }));
    if (original.reversal_of !== null) throw conflict(msg('journal.is-reversal', { number: original.number }));
    const lines = await this.linesOf(entryId, tx);
    const posted = await this.postJournal(
      {
        date: reversal.date,
        memo: reversal.memo ?? original.memo,
        source: reversal.source,
        userId: reversal.userId,
        reversalOf: entryId,
        lines: lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit })),
      },
      tx,
    );
    if (posted) await executeLiteral(this.db, `UPDATE journal_entries SET reversed_by = ${posted.id} WHERE id = ${Number(entryId)}`, tx);
    return posted;
  }

  /** The entries a source document posted, oldest first. */
  async entriesOf(source: { type: string; id: number }, tx?: Transaction): Promise<Array<{ id: number; number: string; reversedBy: number | null; reversalOf: number | null }>> {
    const rows = await selectRows<{ id: number; number: string; reversed_by: number | null; reversal_of: number | null }>(
      this.db,
      'SELECT id, number, reversed_by, reversal_of FROM journal_entries WHERE source_type = :type AND source_id = :id ORDER BY id',
      source,
      tx,
    );
    return rows.map((r) => ({ id: Number(r.id), number: r.number, reversedBy: r.reversed_by == null ? null : Number(r.reversed_by), reversalOf: r.reversal_of == null ? null : Number(r.reversal_of) }));
  }

  /** The account a posting role uses (the editable account mapping). */
  async accountFor(role: MappingRole, tx?: Transaction): Promise<string> {
    return (await this.mapping(tx))[role];
  }

  async mapping(tx?: Transaction): Promise<Record<MappingRole, string>> {
    const rows = await selectRows<{ role: MappingRole; account_code: string }>(this.db, 'SELECT role, account_code FROM account_mapping', {}, tx);
    return Object.fromEntries(rows.map((r) => [r.role, r.account_code])) as Record<MappingRole, string>;
  }

  /** Zero lines dropped; currency, amount and rate filled in; a line with both sides, or none, refused. */
  private normalize(input: JournalLineInput[]): PostedJournalLine[] {
    const errors: FieldIssue[] = [];
    const lines: PostedJournalLine[] = [];
    input.forEach((l, i) => {
      const line = l.line ?? i;
      const debit = l.debit ?? 0;
      const credit = l.credit ?? 0;
      if (![debit, credit, l.amount ?? 0, l.rate ?? BASE_RATE].every(Number.isSafeInteger) || debit < 0 || credit < 0) throw new Error('journal amounts are non-negative scaled integers');
      if (debit > 0 && credit > 0) errors.push(fieldError(['lines', line, 'debit'], msg('journal.line-both-sides')));
      if (debit === 0 && credit === 0) {
        if ((l.amount ?? 0) !== 0) errors.push(fieldError(['lines', line, 'debit'], msg('journal.line-empty')));
        return;
      }
      const currency = l.currency ?? this.baseCurrency;
      lines.push({ line, accountCode: l.accountCode, debit, credit, currency, amount: l.amount ?? debit + credit, rate: l.rate ?? BASE_RATE, memo: l.memo ?? null });
    });
    if (errors.length) throw invalid(errors[0]!.message, errors);
    return lines;
  }

  private assertBalanced(lines: PostedJournalLine[]): void {
    const debit = lines.reduce((s, l) => s + l.debit, 0);
    const credit = lines.reduce((s, l) => s + l.credit, 0);
    if (debit === credit) return;
    const difference = money(Math.abs(debit - credit));
    throw invalid(msg('journal.unbalanced', { debit: money(debit), credit: money(credit), difference }), [fieldError(['lines'], msg('journal.unbalanced:field', { difference }))]);
  }

  /**
   * Known, active leaf accounts; control accounts only from documents. Answers whether any is a cash or bank leaf.
   * On PostgreSQL the accounts are key-share-locked, so one cannot gain a sub-account while this entry posts to it.
   */
  private async assertAccounts(lines: PostedJournalLine[], manual: boolean, tx: Transaction): Promise<boolean> {
    const codes = quoted(this.db, lines.map((l) => l.accountCode));
    const rows = await selectLiteral<{ code: string; active: unknown; children: number | string; cash: number | string }>(
      this.db,
      `SELECT a.code, a.active, (SELECT COUNT(*) FROM accounts c WHERE c.parent_code = a.code) AS children,
              (SELECT COUNT(*) FROM cash_accounts k WHERE k.account_code = a.code) AS cash
         FROM accounts a WHERE a.code IN (${codes})${this.db.dialect === 'postgres' ? ' ORDER BY a.code FOR KEY SHARE OF a' : ''}`,
      tx,
    );
    const facts = new Map<string, AccountFacts>(rows.map((r) => [r.code, { code: r.code, active: Boolean(r.active), parent: Number(r.children) > 0, cash: Number(r.cash) > 0 }]));
    const control = manual ? await this.controlAccounts(tx) : new Map<string, MappingRole>();
    const errors: FieldIssue[] = [];
    let unknown = 0;
    for (const l of lines) {
      const at = ['lines', l.line, 'accountCode'];
      const a = facts.get(l.accountCode);
      if (!a) {
        unknown++;
        errors.push(fieldError(at, msg('account.unknown', { code: l.accountCode })));
      } else if (a.parent) errors.push(fieldError(at, msg('account.parent', { code: l.accountCode })));
      else if (!a.active) errors.push(fieldError(at, msg('account.inactive', { code: l.accountCode })));
      else if (control.has(l.accountCode)) errors.push(fieldError(at, msg('account.control', { code: l.accountCode, role: control.get(l.accountCode)! })));
    }
    if (errors.length) throw invalid(unknown === errors.length ? msg('account.unknown:detail', { count: unknown }) : msg('account.invalid'), errors);
    return [...facts.values()].some((a) => a.cash);
  }

  private async controlAccounts(tx: Transaction): Promise<Map<string, MappingRole>> {
    const mapping = await this.mapping(tx);
    return new Map(CONTROL_ROLES.map((role) => [mapping[role], role]));
  }

  /** The cash and bank accounts whose leaves the entry touches, row-locked (PostgreSQL) in code order. */
  private async lockCashLeaves(lines: PostedJournalLine[], tx: Transaction): Promise<Map<string, CashLeaf>> {
    // NO KEY UPDATE: only the balance changes, so documents referencing the account (foreign keys) are not held off.
    const lock = this.db.dialect === 'postgres' ? ' ORDER BY account_code FOR NO KEY UPDATE' : '';
    const rows = await selectLiteral<Record<string, unknown>>(
      this.db,
      `SELECT id, code, account_code, currency, allow_overdraft, balance FROM cash_accounts WHERE account_code IN (${quoted(this.db, lines.map((l) => l.accountCode))})${lock}`,
      tx,
    );
    return new Map(
      rows.map((r) => [
        String(r.account_code),
        { id: Number(r.id), code: String(r.code), accountCode: String(r.account_code), currency: String(r.currency), allowOverdraft: Boolean(r.allow_overdraft), balance: Number(r.balance) },
      ]),
    );
  }

  /**
   * Each cash account's change in its own currency, checked per document
   * (all its lines together) against what the account holds.
   */
  private checkCash(lines: PostedJournalLine[], cash: Map<string, CashLeaf>): Map<CashLeaf, number> {
    const changes = new Map<CashLeaf, number>();
    const errors: FieldIssue[] = [];
    for (const l of lines) {
      const leaf = cash.get(l.accountCode);
      if (!leaf) continue;
      if (leaf.currency !== this.baseCurrency && l.currency !== leaf.currency) {
        errors.push(fieldError(['lines', l.line, 'amount'], msg('cash.amount-required', { account: leaf.code, currency: leaf.currency })));
        continue;
      }
      const sign = l.debit > 0 ? 1 : -1;
      const change = leaf.currency === this.baseCurrency && l.currency !== leaf.currency ? l.debit - l.credit : sign * l.amount;
      changes.set(leaf, (changes.get(leaf) ?? 0) + change);
    }
    if (errors.length) throw invalid(errors[0]!.message, errors);
    for (const [leaf, change] of changes) {
      const after = leaf.balance + change;
      if (change < 0 && after < 0 && !leaf.allowOverdraft) {
        const line = lines.find((l) => l.accountCode === leaf.accountCode)!.line;
        throw conflict(msg('cash.overdraft', { account: leaf.code, balance: money(leaf.balance), after: money(after) }), [
          fieldError(['lines', line, 'accountCode'], msg('cash.overdraft:field', { account: leaf.code, after: money(after) })),
        ]);
      }
    }
    return changes;
  }

  /** The entry's lines, `{{id}}` standing for the entry's id (see insertNumbered). */
  private linesSql(date: string, lines: PostedJournalLine[]): string[] {
    const e = (v: string | null) => (v === null ? 'NULL' : this.db.sequelize.escape(v));
    const period = monthOf(date);
    const out: string[] = [];
    for (let i = 0; i < lines.length; i += 500) {
      const values = lines.slice(i, i + 500).map((l) => `({{id}}, ${l.line}, ${e(l.accountCode)}, ${e(date)}, ${e(period)}, ${l.debit}, ${l.credit}, ${e(l.currency)}, ${l.amount}, ${l.rate}, ${e(l.memo)})`);
      out.push(`INSERT INTO journal_lines (entry_id, line, account_code, date, period, debit, credit, currency, amount, rate, memo) VALUES ${values.join(',')}`);
    }
    return out;
  }

  private cashSql(changes: Map<CashLeaf, number>): string[] {
    return [...changes]
      .sort(([a], [b]) => a.accountCode.localeCompare(b.accountCode))
      .map(([leaf, change]) => `UPDATE cash_accounts SET balance = balance + ${change} WHERE id = ${leaf.id}`);
  }

  /** One upsert per chunk, in account order, adding the entry's debits and credits to each account's period. */
  private balancesSql(date: string, lines: PostedJournalLine[]): string[] {
    const sums = new Map<string, { debit: number; credit: number }>();
    for (const l of lines) {
      const s = sums.get(l.accountCode) ?? { debit: 0, credit: 0 };
      s.debit += l.debit;
      s.credit += l.credit;
      sums.set(l.accountCode, s);
    }
    const period = this.db.sequelize.escape(monthOf(date));
    const ordered = [...sums].sort(([a], [b]) => a.localeCompare(b));
    const out: string[] = [];
    for (let i = 0; i < ordered.length; i += 500) {
      const values = ordered.slice(i, i + 500).map(([code, s]) => `(${this.db.sequelize.escape(code)}, ${period}, ${s.debit}, ${s.credit})`);
      out.push(
        `INSERT INTO account_balances (account_code, period, debit, credit) VALUES ${values.join(',')}
         ON CONFLICT (account_code, period) DO UPDATE SET debit = account_balances.debit + excluded.debit, credit = account_balances.credit + excluded.credit`,
      );
    }
    return out;
  }

  private async linesOf(entryId: number, tx: Transaction): Promise<JournalLineInput[]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      'SELECT line, account_code, debit, credit, currency, amount, rate, memo FROM journal_lines WHERE entry_id = :entryId ORDER BY line',
      { entryId },
      tx,
    );
    return rows.map((r) => ({
      line: Number(r.line),
      accountCode: String(r.account_code),
      debit: Number(r.debit),
      credit: Number(r.credit),
      currency: String(r.currency),
      amount: Number(r.amount),
      rate: Number(r.rate),
      memo: (r.memo as string | null) ?? null,
    }));
  }
}
