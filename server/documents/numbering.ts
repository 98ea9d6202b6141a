import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { selectRows } from '../db/sql';

/** Number prefixes per document type (API.md "Documents": `SO-2026-000123`). */
export type DocType =
  | 'ADJ' | 'TRF' | 'STK'
  | 'PO' | 'GR' | 'PI' | 'PRT' | 'SP'
  | 'SO' | 'SH' | 'SI' | 'SRT' | 'CR'
  | 'JE' | 'CE' | 'CT' | 'ST';

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
