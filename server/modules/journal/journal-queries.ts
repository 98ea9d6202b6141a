import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { JournalEntriesQuery, JournalEntryView, JournalLineView } from '../../../contract/finance';
import { selectRows } from '../../db/sql';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { accountTree, subtree } from './account-tree';

interface EntryRow {
  id: number | string;
  number: string;
  date: string;
  memo: string | null;
  source_type: string;
  source_id: number | string;
  source_number: string;
  reversal_of: number | string | null;
  reversed_by: number | string | null;
}

const ENTRY_COLUMNS = 'e.id, e.number, e.date, e.memo, e.source_type, e.source_id, e.source_number, e.reversal_of, e.reversed_by';
const idOrNull = (v: number | string | null) => (v == null ? null : Number(v));

export async function journalEntry(services: Services, id: number, tx?: Transaction): Promise<JournalEntryView> {
  const rows = await selectRows<EntryRow>(services.db, `SELECT ${ENTRY_COLUMNS} FROM journal_entries e WHERE e.id = :id`, { id }, tx);
  if (!rows.length) throw notFound(msg('entity.journal-entry', { id }));
  return (await withLines(services, rows, tx))[0]!;
}

/**
 * Entries in date order, each with all of its lines. `accountCode` finds the
 * entries with a line on that account or on one below it.
 */
export async function listJournalEntries(services: Services, q: JournalEntriesQuery): Promise<{ data: JournalEntryView[]; total: number }> {
  const clauses: string[] = [];
  const replacements: Record<string, unknown> = { limit: q.limit, offset: q.offset };
  const add = (clause: string, values: Record<string, unknown>) => (clauses.push(clause), Object.assign(replacements, values));
  if (q.from !== undefined) add('e.date >= :from', { from: q.from });
  if (q.to !== undefined) add('e.date <= :to', { to: q.to });
  if (q.sourceType !== undefined) add('e.source_type = :sourceType', { sourceType: q.sourceType });
  if (q.sourceId !== undefined) add('e.source_id = :sourceId', { sourceId: q.sourceId });
  if (q.accountCode !== undefined) {
    const root = (await accountTree(services.db)).find((a) => a.code === q.accountCode);
    const codes = root ? subtree(root).map((a) => a.code) : [q.accountCode];
    // Driven from the account's lines (their (account_code, period) index), not by probing every entry.
    add('e.id IN (SELECT l.entry_id FROM journal_lines l WHERE l.account_code IN (:codes))', { codes });
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const [count] = await selectRows<{ n: number | string }>(services.db, `SELECT COUNT(*) AS n FROM journal_entries e ${where}`, replacements);
  const rows = await selectRows<EntryRow>(services.db, `SELECT ${ENTRY_COLUMNS} FROM journal_entries e ${where} ORDER BY e.date, e.id LIMIT :limit OFFSET :offset`, replacements);
  return { data: await withLines(services, rows), total: Number(count?.n ?? 0) };
}

async function withLines(services: Services, entries: EntryRow[], tx?: Transaction): Promise<JournalEntryView[]> {
  const views = entries.map(
    (e): JournalEntryView => ({
      id: Number(e.id),
      number: e.number,
      date: e.date,
      memo: e.memo ?? null,
      source: { type: e.source_type, id: Number(e.source_id), number: e.source_number },
      reversalOf: idOrNull(e.reversal_of),
      reversedBy: idOrNull(e.reversed_by),
      lines: [],
    }),
  );
  const byId = new Map(views.map((v) => [v.id, v]));
  for (let i = 0; i < views.length; i += 500) {
    const ids = views.slice(i, i + 500).map((v) => v.id);
    const lines = await selectRows<Record<string, unknown>>(
      services.db,
      `SELECT l.entry_id, l.line, l.account_code, a.name, l.debit, l.credit, l.currency, l.amount, l.rate, l.memo
         FROM journal_lines l JOIN accounts a ON a.code = l.account_code WHERE l.entry_id IN (:ids) ORDER BY l.entry_id, l.line`,
      { ids },
      tx,
    );
    for (const l of lines) byId.get(Number(l.entry_id))!.lines.push(lineView(l));
  }
  return views;
}

function lineView(l: Record<string, unknown>): JournalLineView {
  return {
    line: Number(l.line),
    accountCode: String(l.account_code),
    accountName: String(l.name),
    debit: fromScaled(l.debit as number, 'money'),
    credit: fromScaled(l.credit as number, 'money'),
    currency: String(l.currency),
    amount: fromScaled(l.amount as number, 'money'),
    rate: fromScaled(l.rate as number, 'rate'),
    memo: (l.memo as string | null) ?? null,
  };
}
