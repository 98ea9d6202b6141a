import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { DocumentResult, TransferRequest } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { resolveLineItems, resolveWarehouse } from './references';
import { createStockDocument, movesView } from './stock-documents';

/** Moves goods between warehouses; the value that leaves the source arrives at the destination, batch by batch. */
export async function postTransfer(services: Services, actor: Actor, input: TransferRequest, tx: Transaction): Promise<DocumentResult> {
  const date = services.calendar.documentDate(input.date);
  const from = await resolveWarehouse(services.db, { id: input.fromWarehouseId, code: input.fromWarehouseCode }, 'fromWarehouseId', tx);
  const to = await resolveWarehouse(services.db, { id: input.toWarehouseId, code: input.toWarehouseCode }, 'toWarehouseId', tx);
  if (from.id === to.id) throw invalid(msg('transfer.same-warehouse'), [fieldError(['toWarehouseId'], msg('transfer.same-warehouse:field'))]);
  assertWarehouseInScope(actor, from.id, 'source warehouse');
  assertWarehouseInScope(actor, to.id, 'destination warehouse');
  const items = await resolveLineItems(services.db, input.lines, tx);
  const plan = await services.stockLedger.prepareTransfer(
    input.lines.map((line, i) => ({ line: i, itemId: items[i]!.id, batchNo: line.batchNo || null, qty: toScaled(line.qty, 'qty') })),
    from.id,
    to.id,
    date,
    tx,
  );
  const doc = await createStockDocument(
    services,
    { docType: 'TRF', date, warehouseId: from.id, toWarehouseId: to.id, note: input.note, lineCount: input.lines.length, userId: actor.id },
    tx,
  );
  const posted = await services.stockLedger.apply(plan, doc, tx);
  return { id: doc.id, number: doc.number, date, lines: movesView(posted.moves, new Map(items.map((it) => [it.id, it]))) };
}
