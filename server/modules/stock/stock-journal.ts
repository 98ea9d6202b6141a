import type { Transaction } from 'sequelize';
import type { MappingRole } from '../../../contract/finance';
import type { JournalPlan } from '../../ledgers/general-ledger';
import { DocumentRef, StockPlan, totalsOf } from '../../ledgers/stock-ledger';
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
 * A stock document's journal, checked before the document is numbered: what
 * comes in Dr inventory / Cr the offset, what goes out the other way round.
 * Transfers have none.
 */
export async function prepareStockJournal(services: Services, docType: string, reason: string | null | undefined, stock: StockPlan, userId: number | null, tx: Transaction): Promise<JournalPlan | null> {
  const role = offsetRole(docType, reason);
  if (!role) return null;
  const mapping = await services.generalLedger.mapping(tx);
  const totals = totalsOf(stock.moves);
  const [inventory, offset] = [mapping.inventory, mapping[role]];
  return services.generalLedger.prepareJournal(
    {
      date: stock.date,
      memo: reason ?? null,
      userId,
      lines: [
        { accountCode: inventory, debit: totals.in },
        { accountCode: offset, credit: totals.in },
        { accountCode: offset, debit: totals.out },
        { accountCode: inventory, credit: totals.out },
      ],
    },
    tx,
  );
}

/** Writes the prepared journal under the document, in the same transaction as its moves. */
export async function applyStockJournal(services: Services, journal: JournalPlan | null, doc: DocumentRef, tx: Transaction): Promise<void> {
  if (journal) await services.generalLedger.applyJournal(journal, { type: doc.docType, id: doc.docId, number: doc.docNumber }, tx);
}

/** A cancelled document's journal is reversed under its reversal, dated the reversal's day. */
export async function reverseStockJournal(services: Services, original: { docType: string; docId: number }, reversal: DocumentRef, tx: Transaction): Promise<void> {
  const gl = services.generalLedger;
  for (const entry of await gl.entriesOf({ type: original.docType, id: original.docId }, tx)) {
    if (entry.reversedBy !== null || entry.reversalOf !== null) continue;
    await gl.reverseJournal(entry.id, { date: reversal.date, source: { type: reversal.docType, id: reversal.docId, number: reversal.docNumber }, userId: reversal.userId }, tx);
  }
}
