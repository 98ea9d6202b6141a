import type { Transaction } from 'sequelize';
import type { MappingRole } from '../../../contract/finance';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import type { DocumentRef, PostedStock } from '../../ledgers/stock-ledger';
import type { Services } from '../../platform/services';

/** The account a stock document's value is booked against, by adjustment reason (DESIGN §4 "Postings"). */
function offsetRole(docType: string, reason: string | null | undefined): MappingRole | null {
  if (docType === 'TRF') return null; // stock moves between warehouses: no effect on the ledger
  if (docType === 'STK') return 'stockLossGain';
  if (reason === 'opening') return 'openingOffset';
  if (reason === 'internal-use') return 'internalUse';
  if (reason === 'sample') return 'samples';
  return 'stockLossGain';
}

/**
 * Journals a stock document's value in the same transaction as its moves:
 * what came in Dr inventory / Cr the offset, what went out the other way
 * round. Transfers have no journal.
 */
export async function journalStockDocument(services: Services, doc: DocumentRef, reason: string | null | undefined, stock: PostedStock, tx: Transaction): Promise<void> {
  const role = offsetRole(doc.docType, reason);
  if (!role) return;
  const gl = services.generalLedger;
  const mapping = await gl.mapping(tx);
  const inventory = mapping.inventory;
  const offset = mapping[role];
  const lines: JournalLineInput[] = [
    { accountCode: inventory, debit: stock.totals.in },
    { accountCode: offset, credit: stock.totals.in },
    { accountCode: offset, debit: stock.totals.out },
    { accountCode: inventory, credit: stock.totals.out },
  ];
  await gl.postJournal(
    { date: doc.date, memo: `${doc.docNumber}${reason ? ` ${reason}` : ''}`, source: { type: doc.docType, id: doc.docId, number: doc.docNumber }, lines, userId: doc.userId },
    tx,
  );
}

/** A cancelled document's journal is reversed under its reversal, dated the reversal's day. */
export async function reverseStockJournal(services: Services, original: { docType: string; docId: number }, reversal: DocumentRef, tx: Transaction): Promise<void> {
  const gl = services.generalLedger;
  for (const entry of await gl.entriesOf({ type: original.docType, id: original.docId }, tx)) {
    if (entry.reversedBy !== null || entry.reversalOf !== null) continue;
    await gl.reverseJournal(entry.id, { date: reversal.date, source: { type: reversal.docType, id: reversal.docId, number: reversal.docNumber }, userId: reversal.userId }, tx);
  }
}
