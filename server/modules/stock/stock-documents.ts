import type { Transaction } from 'sequelize';
import type { DocumentResult } from '../../../contract/stock';
import { fromScaled } from '../../../contract/decimals';
import type { DocumentRef, PostedMove } from '../../ledgers/stock-ledger';
import { execute, selectOne } from '../../db/sql';
import { conflict, fieldError, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { insertNumbered } from '../../documents/numbering';
import { assertAllowed, POSTED_STATUS, PostedStatus, transition } from '../../documents/status';
import type { Services } from '../../platform/services';

export type StockDocType = 'ADJ' | 'TRF' | 'STK';

export interface NewStockDocument {
  docType: StockDocType;
  date: string;
  warehouseId: number;
  toWarehouseId?: number | null;
  reason?: string | null;
  note?: string | null;
  lineCount: number;
  userId: number;
  reversalOf?: number | null;
}

export interface StockDocumentRow {
  id: number;
  docType: StockDocType;
  number: string;
  status: string;
  date: string;
  warehouseId: number;
  toWarehouseId: number | null;
  reason: string | null;
  lineCount: number;
  reversalOf: number | null;
  reversedBy: number | null;
}

/**
 * Numbers and stores the header of an adjustment or transfer; its lines are
 * its ledger moves. The number's row is among the hottest of all (every
 * document of the type and year takes it), so a use case calls this after the
 * stock gate has locked and checked, as late as it can.
 */
export async function createStockDocument(services: Services, doc: NewStockDocument, tx: Transaction): Promise<DocumentRef & { id: number; number: string }> {
  const { id, number } = await insertNumbered(services.db, tx, 'stock_documents', doc.docType, doc.date, {
    doc_type: doc.docType,
    status: 'posted',
    date: doc.date,
    warehouse_id: doc.warehouseId,
    to_warehouse_id: doc.toWarehouseId ?? null,
    reason: doc.reason ?? null,
    note: doc.note ?? null,
    line_count: doc.lineCount,
    user_id: doc.userId,
    reversal_of: doc.reversalOf ?? null,
    created_at: services.calendar.now(),
  });
  return { id, number, docType: doc.docType, docId: id, docNumber: number, date: doc.date, userId: doc.userId };
}

/** The document, row-locked on PostgreSQL so that two cancels of it run one after the other. */
export async function findStockDocument(services: Services, docType: StockDocType, id: number, tx: Transaction): Promise<StockDocumentRow> {
  const lock = services.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await selectOne<Record<string, unknown>>(services.db, `SELECT * FROM stock_documents WHERE id = :id AND doc_type = :docType${lock}`, { id, docType }, tx);
  if (!r) throw notFound(msg(docType === 'ADJ' ? 'entity.adjustment' : 'entity.transfer', { id }));
  return {
    id: Number(r.id),
    docType: r.doc_type as StockDocType,
    number: String(r.number),
    status: String(r.status),
    date: String(r.date),
    warehouseId: Number(r.warehouse_id),
    toWarehouseId: r.to_warehouse_id == null ? null : Number(r.to_warehouse_id),
    reason: (r.reason as string | null) ?? null,
    lineCount: Number(r.line_count),
    reversalOf: r.reversal_of == null ? null : Number(r.reversal_of),
    reversedBy: r.reversed_by == null ? null : Number(r.reversed_by),
  };
}

/** A reversal is a posted document too, but undoing it would be a third document: post a new one instead. */
export function assertCancellable(doc: StockDocumentRow): void {
  if (doc.reversalOf !== null) throw conflict(msg('document.is-reversal', { number: doc.number }), [fieldError(['id'], msg('document.is-reversal:field'))]);
  // Said plainly rather than as the status machine's "cannot cancel a document that is cancelled".
  if (doc.status === 'cancelled') throw conflict(msg('document.already-cancelled', { number: doc.number }));
  assertAllowed(POSTED_STATUS, doc.status as PostedStatus, 'cancel');
}

export async function markCancelled(services: Services, doc: StockDocumentRow, reversalId: number, tx: Transaction): Promise<void> {
  const status = transition(POSTED_STATUS, doc.status as PostedStatus, 'cancel');
  await execute(services.db, 'UPDATE stock_documents SET status = :status, reversed_by = :reversalId WHERE id = :id', { id: doc.id, reversalId, status }, tx);
}

export function movesView(moves: PostedMove[], items: Map<number, { sku: string }>): DocumentResult['lines'] {
  return moves
    .map((m) => ({
      line: m.line,
      itemId: m.itemId,
      sku: items.get(m.itemId)?.sku ?? '',
      warehouseId: m.warehouseId,
      batchNo: m.batchNo || null,
      expiryDate: m.expiryDate,
      qty: fromScaled(m.qty, 'qty'),
      unitCost: fromScaled(m.unitCost, 'price'),
      value: fromScaled(m.value, 'money'),
    }))
    .sort((a, b) => a.line - b.line);
}
