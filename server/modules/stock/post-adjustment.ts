import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { AdjustmentRequest, DocumentResult } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { nextDocumentNumber, today } from '../../platform/numbering';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { together } from '../../db/sql';
import { resolveLineItems, resolveWarehouse } from './references';
import { insertStockDocument, movesView } from './stock-documents';

/**
 * Posts an adjustment: positive lines add stock at their unit cost, negative
 * lines remove it at average cost. `opening` is opening stock.
 */
export async function postAdjustment(services: Services, actor: Actor, input: AdjustmentRequest, tx: Transaction): Promise<DocumentResult> {
  const date = input.date ?? today();
  // The number is drawn while the references are looked up: neither needs the other.
  const [warehouse, items, number] = await together(
    resolveWarehouse(services.db, { id: input.warehouseId, code: input.warehouseCode }, 'warehouseId', tx),
    resolveLineItems(services.db, input.lines, tx),
    nextDocumentNumber(services.db, tx, 'ADJ', date),
  );
  assertWarehouseInScope(actor, warehouse.id);
  const known = new Map(items.map((it) => [it.id, it]));
  const created = insertStockDocument(
    services,
    { docType: 'ADJ', date, warehouseId: warehouse.id, reason: input.reason, note: input.note, lineCount: input.lines.length, userId: actor.id },
    number,
    tx,
  );
  const [moves, doc] = await together(services.stockLedger.post(
    input.lines.map((line, i) => ({
      line: i,
      itemId: items[i]!.id,
      warehouseId: warehouse.id,
      batchNo: line.batchNo || null,
      expiryDate: line.expiryDate ?? null,
      qty: toScaled(line.qty, 'qty'),
      unitCost: line.qty > 0 && line.unitCost !== undefined ? toScaled(line.unitCost, 'price') : undefined,
    })),
    created.then((d) => ({ docType: 'ADJ', docId: d.id, docNumber: d.number, date, userId: actor.id })),
    tx,
    known,
  ), created);
  return { id: doc.id, number: doc.number, date, lines: movesView(moves, known) };
}
