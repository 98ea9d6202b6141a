import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { DocumentResult, TransferRequest } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { together } from '../../db/sql';
import { invalid } from '../../platform/errors';
import { nextDocumentNumber, today } from '../../platform/numbering';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { resolveLineItems, resolveWarehouse } from './references';
import { insertStockDocument, movesView } from './stock-documents';

/** Moves goods between warehouses; the value that leaves the source arrives at the destination, batch by batch. */
export async function postTransfer(services: Services, actor: Actor, input: TransferRequest, tx: Transaction): Promise<DocumentResult> {
  const date = input.date ?? today();
  const [from, to, number] = await together(
    resolveWarehouse(services.db, { id: input.fromWarehouseId, code: input.fromWarehouseCode }, 'fromWarehouseId', tx),
    resolveWarehouse(services.db, { id: input.toWarehouseId, code: input.toWarehouseCode }, 'toWarehouseId', tx),
    nextDocumentNumber(services.db, tx, 'TRF', date),
  );
  if (from.id === to.id) throw invalid('A transfer needs two different warehouses.', [{ path: 'toWarehouseId', message: 'must differ from the source warehouse' }]);
  assertWarehouseInScope(actor, from.id, 'source warehouse');
  assertWarehouseInScope(actor, to.id, 'destination warehouse');
  const items = await resolveLineItems(services.db, input.lines, tx);
  const known = new Map(items.map((it) => [it.id, it]));
  const doc = await insertStockDocument(
    services,
    { docType: 'TRF', date, warehouseId: from.id, toWarehouseId: to.id, note: input.note, lineCount: input.lines.length, userId: actor.id },
    number,
    tx,
  );
  const ref = { docType: 'TRF', docId: doc.id, docNumber: doc.number, date, userId: actor.id };
  const out = await services.stockLedger.post(
    input.lines.map((line, i) => ({ line: i, itemId: items[i]!.id, warehouseId: from.id, batchNo: line.batchNo || null, qty: -toScaled(line.qty, 'qty') })),
    ref,
    tx,
    known,
  );
  const inbound = await services.stockLedger.post(
    out.map((m) => ({ line: m.line, itemId: m.itemId, warehouseId: to.id, batchNo: m.batchNo, expiryDate: m.expiryDate, qty: -m.qty, value: -m.value })),
    ref,
    tx,
    known,
  );
  return { id: doc.id, number: doc.number, date, lines: movesView([...out, ...inbound], known) };
}
