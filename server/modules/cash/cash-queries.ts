import { z } from 'zod';
import { CASH_ENTRY_KINDS, CashEntryView, CashTransferView } from '../../../contract/finance';
import { msgKey } from '../../../contract/validation-issues';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { CashDocType, CashDocument, CashEntryLine, entryView, transferView } from './cash-documents';

const optionalId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const date = z.iso.date({ error: msgKey('validation.format:date') }).optional();
const page = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
  from: date,
  to: date,
};

export const cashEntriesQuery = z.object({ ...page, cashAccountId: optionalId, kind: z.enum(CASH_ENTRY_KINDS, { error: msgKey('validation.choice') }).optional() });
export const cashTransfersQuery = z.object({ ...page, cashAccountId: optionalId });
type Filters = { limit: number; offset: number; from?: string; to?: string; cashAccountId?: number; kind?: string; id?: number };

const SELECT = `SELECT d.*, a.code AS cash_account_code, t.code AS to_cash_account_code, t.currency AS to_currency
  FROM cash_documents d JOIN cash_accounts a ON a.id = d.cash_account_id LEFT JOIN cash_accounts t ON t.id = d.to_cash_account_id`;

function fromRow(r: Record<string, unknown>): CashDocument {
  const id = (v: unknown) => (v == null ? null : Number(v));
  return {
    id: Number(r.id),
    docType: r.doc_type as CashDocType,
    number: String(r.number),
    kind: (r.kind as CashDocument['kind']) ?? null,
    date: String(r.date),
    cashAccountId: Number(r.cash_account_id),
    cashAccountCode: String(r.cash_account_code),
    toCashAccountId: id(r.to_cash_account_id),
    toCashAccountCode: (r.to_cash_account_code as string | null) ?? null,
    currency: String(r.currency),
    toCurrency: (r.to_currency as string | null) ?? null,
    rate: Number(r.rate),
    subtotal: Number(r.subtotal),
    tax: Number(r.tax),
    total: Number(r.total),
    baseTotal: Number(r.base_total),
    toAmount: id(r.to_amount),
    toRate: id(r.to_rate),
    memo: (r.memo as string | null) ?? null,
    status: String(r.status),
    journalEntryId: id(r.journal_entry_id),
  };
}

/** One type's documents, newest first; a transfer is listed under both of its accounts. */
async function selectDocuments(db: Database, docType: CashDocType, f: Filters): Promise<{ rows: CashDocument[]; total: number }> {
  const clauses = ['d.doc_type = :docType'];
  if (f.id !== undefined) clauses.push('d.id = :id');
  if (f.from) clauses.push('d.date >= :from');
  if (f.to) clauses.push('d.date <= :to');
  if (f.kind) clauses.push('d.kind = :kind');
  if (f.cashAccountId !== undefined) clauses.push('(d.cash_account_id = :cashAccountId OR d.to_cash_account_id = :cashAccountId)');
  const where = `WHERE ${clauses.join(' AND ')}`;
  const replacements = { ...f, docType };
  const rows = await selectRows<Record<string, unknown>>(db, `${SELECT} ${where} ORDER BY d.date DESC, d.id DESC LIMIT :limit OFFSET :offset`, replacements);
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM cash_documents d ${where}`, replacements);
  return { rows: rows.map(fromRow), total: Number(count!.n) };
}

async function linesOf(db: Database, ids: number[]): Promise<Map<number, CashEntryLine[]>> {
  const byDocument = new Map<number, CashEntryLine[]>(ids.map((id) => [id, []]));
  if (!ids.length) return byDocument;
  const rows = await selectRows<Record<string, unknown>>(db, 'SELECT * FROM cash_entry_lines WHERE document_id IN (:ids) ORDER BY document_id, line', { ids });
  for (const r of rows) {
    byDocument.get(Number(r.document_id))!.push({
      line: Number(r.line),
      accountCode: String(r.account_code),
      amount: Number(r.amount),
      taxRate: Number(r.tax_rate),
      tax: Number(r.tax),
      baseAmount: Number(r.base_amount),
      baseTax: Number(r.base_tax),
      memo: (r.memo as string | null) ?? null,
    });
  }
  return byDocument;
}

export async function listCashEntries(db: Database, query: z.infer<typeof cashEntriesQuery>): Promise<{ data: CashEntryView[]; total: number }> {
  const { rows, total } = await selectDocuments(db, 'CE', query);
  const lines = await linesOf(db, rows.map((d) => d.id));
  return { data: rows.map((d) => entryView(d, lines.get(d.id)!)), total };
}

export async function getCashEntry(db: Database, id: number): Promise<CashEntryView> {
  const { rows } = await selectDocuments(db, 'CE', { id, limit: 1, offset: 0 });
  if (!rows[0]) throw notFound(msg('entity.cash-entry', { id }));
  return entryView(rows[0], (await linesOf(db, [id])).get(id)!);
}

export async function listCashTransfers(db: Database, query: z.infer<typeof cashTransfersQuery>): Promise<{ data: CashTransferView[]; total: number }> {
  const { rows, total } = await selectDocuments(db, 'CT', query);
  return { data: rows.map(transferView), total };
}

export async function getCashTransfer(db: Database, id: number): Promise<CashTransferView> {
  const { rows } = await selectDocuments(db, 'CT', { id, limit: 1, offset: 0 });
  if (!rows[0]) throw notFound(msg('entity.cash-transfer', { id }));
  return transferView(rows[0]);
}
