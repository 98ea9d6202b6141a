import type { Transaction } from 'sequelize';
import type { DocumentResult } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { reverseStockJournal } from './stock-journal';
import { assertCancellable, createStockDocument, findStockDocument, markCancelled, movesView, StockDocType } from './stock-documents';

export interface CancelResult extends DocumentResult {
  reversalOf: { id: number; number: string };
}

/**
 * Cancels a posted adjustment or transfer by posting its reversal: a document
 * of its own, dated today, whose moves are the exact opposite of the
 * original's at the original values. The original is marked cancelled.
 */
export async function cancelStockDocument(services: Services, actor: Actor, docType: Extract<StockDocType, 'ADJ' | 'TRF'>, id: number, tx: Transaction): Promise<CancelResult> {
  const original = await findStockDocument(services, docType, id, tx);
  assertWarehouseInScope(actor, original.warehouseId);
  if (original.toWarehouseId !== null) assertWarehouseInScope(actor, original.toWarehouseId, 'destination warehouse');
  assertCancellable(original);
  const date = services.calendar.today();
  const plan = await services.stockLedger.prepareReversal({ docType, docId: original.id }, date, tx);
  const reversal = await createStockDocument(
    services,
    {
      docType,
      date,
      warehouseId: original.warehouseId,
      toWarehouseId: original.toWarehouseId,
      reason: original.reason,
      note: `cancels ${original.number}`,
      lineCount: original.lineCount,
      userId: actor.id,
      reversalOf: original.id,
    },
    tx,
  );
  const posted = await services.stockLedger.apply(plan, reversal, tx);
  await reverseStockJournal(services, { docType, docId: original.id }, reversal, tx);
  await markCancelled(services, original, reversal.id, tx);
  const skus = await services.models.Item.findAll({ where: { id: [...new Set(posted.moves.map((m) => m.itemId))] }, attributes: ['id', 'sku'], transaction: tx, raw: true });
  return {
    id: reversal.id,
    number: reversal.number,
    date,
    lines: movesView(posted.moves, new Map(skus.map((s) => [Number(s.id), s]))),
    reversalOf: { id: original.id, number: original.number },
  };
}
