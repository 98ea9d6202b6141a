import type { Transaction } from 'sequelize';
import type { DocumentResult } from '../../../contract/stock';
import { fromScaled } from '../../../contract/decimals';
import type { PostedMove } from '../../ledgers/stock-ledger';
import { insertRow } from '../../db/sql';
import type { Services } from '../../platform/services';

export interface NewStockDocument {
  docType: 'ADJ' | 'TRF' | 'STK';
  date: string;
  warehouseId: number;
  toWarehouseId?: number | null;
  reason?: string | null;
  note?: string | null;
  lineCount: number;
  userId: number;
}

/**
 * Stores the header of an adjustment or transfer under a number already drawn
 * in this transaction (nextDocumentNumber); its lines are its ledger moves.
 */
export async function insertStockDocument(services: Services, doc: NewStockDocument, number: string, tx: Transaction): Promise<{ id: number; number: string }> {
  const id = await insertRow(
    services.db,
    'stock_documents',
    {
      doc_type: doc.docType,
      number,
      status: 'posted',
      date: doc.date,
      warehouse_id: doc.warehouseId,
      to_warehouse_id: doc.toWarehouseId ?? null,
      reason: doc.reason ?? null,
      note: doc.note ?? null,
      line_count: doc.lineCount,
      user_id: doc.userId,
      created_at: new Date(),
    },
    tx,
  );
  return { id, number };
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
