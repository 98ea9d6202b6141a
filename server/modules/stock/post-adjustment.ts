import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { AdjustmentRequest, DocumentResult } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { resolveLineItems, resolveWarehouse } from './references';
import { createStockDocument, movesView } from './stock-documents';
import { applyStockJournal, prepareStockJournal } from './stock-journal';

/**
 * Posts an adjustment: positive lines add stock at their unit cost, negative
 * lines remove it at average cost. `opening` is opening stock. An adjustment
 * may name an expired batch, to write it off.
 */
export async function postAdjustment(services: Services, actor: Actor, input: AdjustmentRequest, tx: Transaction): Promise<DocumentResult> {
  const date = services.calendar.documentDate(input.date);
  const warehouse = await resolveWarehouse(services.db, { id: input.warehouseId, code: input.warehouseCode }, 'warehouseId', tx);
  assertWarehouseInScope(actor, warehouse.id);
  const items = await resolveLineItems(services.db, input.lines, tx);
  const plan = await services.stockLedger.prepare(
    input.lines.map((line, i) => ({
      line: i,
      itemId: items[i]!.id,
      warehouseId: warehouse.id,
      batchNo: line.batchNo || null,
      expiryDate: line.expiryDate ?? null,
      qty: toScaled(line.qty, 'qty'),
      unitCost: line.qty > 0 && line.unitCost !== undefined ? toScaled(line.unitCost, 'price') : undefined,
    })),
    date,
    tx,
    { allowExpired: true },
  );
  const journal = await prepareStockJournal(services, 'ADJ', input.reason, plan, actor.id, tx);
  const doc = await createStockDocument(
    services,
    { docType: 'ADJ', date, warehouseId: warehouse.id, reason: input.reason, note: input.note, lineCount: input.lines.length, userId: actor.id },
    tx,
  );
  const posted = await services.stockLedger.apply(plan, doc, tx);
  await applyStockJournal(services, journal, doc, tx);
  return { id: doc.id, number: doc.number, date, lines: movesView(posted.moves, new Map(items.map((it) => [it.id, it]))) };
}
