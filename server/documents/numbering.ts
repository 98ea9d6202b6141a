import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { insertRow, selectRows } from '../db/sql';

/** Number prefixes per document type (API.md "Documents": `SO-2026-000123`). */
export type DocType =
  | 'ADJ' | 'TRF' | 'STK'
  | 'PO' | 'GR' | 'PI' | 'PRT' | 'SP'
  | 'SO' | 'SH' | 'SI' | 'SRT' | 'CR'
  | 'JE' | 'CE' | 'CT' | 'ST'
  | 'SC';

/**
 * The next document number of a type and year, e.g. `ADJ-2026-000123`.
 * One upsert on the (type, year) row: it takes the row lock, so numbers stay
 * unique and gap-free under concurrency, and roll back with the document.
 */
export async function nextDocumentNumber(db: Database, tx: Transaction, docType: DocType, date: string): Promise<string> {
  const year = Number(date.slice(0, 4));
  const rows = await selectRows<{ last: number | string }>(
    db,
    `INSERT INTO doc_sequences (doc_type, year, last) VALUES (:docType, :year, 1)
     ON CONFLICT (doc_type, year) DO UPDATE SET last = doc_sequences.last + 1
     RETURNING last`,
    { docType, year },
    tx,
  );
  const last = Number(rows[0]!.last);
  return `${docType}-${year}-${String(last).padStart(6, '0')}`;
}

/**
 * Draws the next number of a type and year and inserts the document's header
 * under it; returns the new row's id and number. On PostgreSQL both happen in
 * one statement: the number's row is locked from here to COMMIT, so every
 * round trip saved after it is saved for every document of the type.
 */
export async function insertNumbered(db: Database, tx: Transaction, table: string, docType: DocType, date: string, row: Record<string, unknown>): Promise<{ id: number; number: string }> {
  const year = Number(date.slice(0, 4));
  if (db.dialect !== 'postgres') {
    const number = await nextDocumentNumber(db, tx, docType, date);
    return { id: await insertRow(db, table, { ...row, number }, tx), number };
  }
  const columns = Object.keys(row);
  const rows = await selectRows<{ id: number; number: string }>(
    db,
    `WITH seq AS (
       INSERT INTO doc_sequences (doc_type, year, last) VALUES (:docType, :year, 1)
       ON CONFLICT (doc_type, year) DO UPDATE SET last = doc_sequences.last + 1
       RETURNING last)
     INSERT INTO ${table} (${columns.join(', ')}, number)
     SELECT ${columns.map((c) => `:${c}`).join(', ')}, :prefix || lpad(seq.last::text, 6, '0') FROM seq
     RETURNING id, number`,
    { ...row, docType, year, prefix: `${docType}-${year}-` },
    tx,
  );
  return { id: Number(rows[0]!.id), number: rows[0]!.number };
}
