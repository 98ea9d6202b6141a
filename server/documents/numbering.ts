import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { executeLiteral, insertRow, selectLiteral, selectRows } from '../db/sql';

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
 * under it; returns the new row's id and number. `followUps` are statements
 * with their values already inlined that must run with the header (its lines,
 * the balances it moves), where `{{id}}` stands for the new header's id. On
 * PostgreSQL all of it is one statement: the number's row is locked from here
 * to COMMIT, so every round trip saved after it is saved for every document of
 * the type.
 */
export async function insertNumbered(
  db: Database,
  tx: Transaction,
  table: string,
  docType: DocType,
  date: string,
  row: Record<string, unknown>,
  followUps: string[] = [],
): Promise<{ id: number; number: string }> {
  const year = Number(date.slice(0, 4));
  if (db.dialect !== 'postgres') {
    const number = await nextDocumentNumber(db, tx, docType, date);
    const id = await insertRow(db, table, { ...row, number }, tx);
    for (const sql of followUps) await executeLiteral(db, sql.replaceAll('{{id}}', String(id)), tx);
    return { id, number };
  }
  // Inlined and escaped rather than bound: the follow-ups' values are inlined already, and no text in them
  // may be taken for a placeholder.
  const e = (v: unknown) => (v === null || v === undefined ? 'NULL' : db.sequelize.escape(v as string));
  const columns = Object.keys(row);
  const more = followUps.map((sql, i) => `, follow_${i} AS (${sql.replaceAll('{{id}}', '(SELECT id FROM header)')})`).join('');
  const rows = await selectLiteral<{ id: number; number: string }>(
    db,
    `WITH seq AS (
       INSERT INTO doc_sequences (doc_type, year, last) VALUES (${e(docType)}, ${year}, 1)
       ON CONFLICT (doc_type, year) DO UPDATE SET last = doc_sequences.last + 1
       RETURNING last),
     header AS (
       INSERT INTO ${table} (${columns.join(', ')}, number)
       SELECT ${columns.map((c) => e(row[c])).join(', ')}, ${e(`${docType}-${year}-`)} || lpad(seq.last::text, 6, '0') FROM seq
       RETURNING id, number)${more}
     SELECT id, number FROM header`,
    tx,
  );
  return { id: Number(rows[0]!.id), number: rows[0]!.number };
}
