import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { ShipmentView } from '../../../contract/shipments';
import { execute } from '../../db/sql';
import { assertAllowed, POSTED_STATUS, PostedStatus } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { sumByLine } from '../goods-receipts/post-receipt';
import { lockSalesOrder, lockSalesOrderLines } from '../sales-orders/order-locks';
import { refreshSalesOrderStatus } from '../sales-orders/order-progress';
import { reverseStockJournal } from '../stock/stock-journal';
import { holdOpenQuantities } from './order-reservation';
import { getShipment } from './queries';
import { findShipment, insertShipment, ShipmentLineRow, shipmentLines } from './shipment-store';

/**
 * Cancels a shipment by posting its reversal, an SH of its own dated today:
 * the stock comes back at the values it left with, the journal is reversed,
 * the order lines give back what they shipped and the order reserves it
 * again (while it still holds stock). A shipment something depends on —
 * invoiced or returned — is refused, naming the lines.
 */
export async function cancelShipment(services: Services, actor: Actor, id: number, tx: Transaction): Promise<ShipmentView & { reversalOf: number }> {
  const { db } = services;
  const shipment = await findShipment(db, { id }, tx);
  assertWarehouseInScope(actor, shipment.warehouseId);
  // The order first, then the shipment: the order every shipment, return and invoice of it locks in.
  const order = await lockSalesOrder(db, shipment.orderId, tx);
  const locked = await findShipment(db, { id }, tx, true);
  if (locked.reversalOf !== null) throw conflict(msg('document.is-reversal', { number: locked.number }), [fieldError(['id'], msg('document.is-reversal:field'))]);
  if (locked.status === 'cancelled') throw conflict(msg('document.already-cancelled', { number: locked.number }));
  assertAllowed(POSTED_STATUS, locked.status as PostedStatus, 'cancel');
  const orderLines = await lockSalesOrderLines(db, order.id, tx);
  const lines = (await shipmentLines(db, [id], tx)).get(id)!;
  assertNothingDepends(locked.number, lines);

  const date = services.calendar.today();
  const plan = await services.stockLedger.prepareReversal({ docType: 'SH', docId: id }, date, tx);
  const reversal = await insertShipment(db, tx, {
    orderId: locked.orderId,
    customerId: locked.customerId,
    warehouseId: locked.warehouseId,
    date,
    baseValue: -locked.baseValue,
    reversalOf: id,
    userId: actor.id,
    at: services.calendar.now(),
  });
  const doc = { docType: 'SH', docId: reversal.id, docNumber: reversal.number, date, userId: actor.id };
  await services.stockLedger.apply(plan, doc, tx);
  await reverseStockJournal(services, { docType: 'SH', docId: id }, doc, tx);
  await execute(db, "UPDATE shipments SET status = 'cancelled', reversed_by = :reversalId WHERE id = :id", { reversalId: reversal.id, id }, tx);
  const givenBack = sumByLine(lines.map((l) => ({ id: l.orderLineId })), lines.map((l) => l.qty));
  for (const [lineId, qty] of givenBack) await execute(db, 'UPDATE sales_order_lines SET shipped = shipped - :qty WHERE id = :lineId', { qty, lineId }, tx);
  const status = await refreshSalesOrderStatus(db, order.id, tx);
  await holdOpenQuantities(
    services,
    order,
    status,
    orderLines.filter((l) => givenBack.has(l.id)).map((l) => ({ ...l, shipped: l.shipped - givenBack.get(l.id)! })),
    tx,
  );
  return { ...(await getShipment(services, actor, reversal.id, tx)), reversalOf: id };
}

function assertNothingDepends(number: string, lines: ShipmentLineRow[]): void {
  const errors: FieldIssue[] = [];
  const qty = (v: number) => fromScaled(v, 'qty');
  lines.forEach((l, i) => {
    if (l.invoiced !== 0) errors.push(fieldError(['lines', i, 'invoiced'], msg('shipment.cancel-invoiced:field', { qty: qty(l.invoiced) })));
    if (l.returned !== 0) errors.push(fieldError(['lines', i, 'returned'], msg('shipment.cancel-returned:field', { qty: qty(l.returned) })));
  });
  if (errors.length) throw conflict(msg('shipment.cancel-depends', { number }), errors);
}
