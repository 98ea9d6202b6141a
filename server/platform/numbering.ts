import { QueryTypes, Sequelize, Transaction } from 'sequelize';

/**
 * The next document number of a type and year, e.g. `ADJ-2026-000123`.
 * One upsert on the (type, year) row: it takes the row lock, so numbers stay
 * unique and gap-free under concurrency, and roll back with the document.
 */
export async function nextDocumentNumber(sequelize: Sequelize, tx: Transaction, docType: string, date: string): Promise<string> {
  const year = Number(date.slice(0, 4));
  // The leading comment is load-bearing: Sequelize's SQLite driver runs a statement that starts
  // with INSERT without returning rows, which would drop the RETURNING row.
  const rows = await sequelize.query<{ last: number | string }>(
    `/* next document number */ INSERT INTO doc_sequences (doc_type, year, last) VALUES (:docType, :year, 1)
     ON CONFLICT (doc_type, year) DO UPDATE SET last = doc_sequences.last + 1
     RETURNING last`,
    { replacements: { docType, year }, type: QueryTypes.SELECT, transaction: tx },
  );
  const last = Number(rows[0]!.last);
  return `${docType}-${year}-${String(last).padStart(6, '0')}`;
}

/** Today as YYYY-MM-DD (UTC), the default document date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
