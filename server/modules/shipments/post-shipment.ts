import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { ShipmentRequest, ShipmentView } from '../../../contract/shipments';
import { executeAll } from '../../db/sql';
import { assertAllowed, ORDER_STATUS, stillToDeliver } from '../../documents/status';
import { chunks } from '../../ledgers/stock-store';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { matchOrderLines, sumByLine } from '../goods-receipts/post-receipt';
import { lockSalesOrder, lockSalesOrderLines, SalesOrderLineRow } from '../sales-orders/order-locks';
import { salesOrderProgress } from '../sales-orders/order-progress';
import { holdOpenQuantities, orderHolder } from './order-reservation';
import { shipmentView } from './queries';
import { insertShipment, shipmentLines } from './shipment-store';

/**
 * Posts a shipment against an approved order: each row issues through the
 * stock gate against the order's own reservation (so it is never refused for
 * stock the order holds), FEFO across batches at moving average unless it
 * names a batch, and is journaled Dr cost of sales / Cr inventory at the
 * issued value. A row split over batches becomes one shipment line per
 * batch. Shipping beyond what a line still has to ship is refused.
 */
export async function postShipment(services: Services, actor: Actor, orderId: number, input: ShipmentRequest, tx: Transaction): Promise<ShipmentView> {
  const { db } = services;
  const date = services.calendar.documentDate(input.date);
  const order = await lockSalesOrder(db, orderId, tx);
  assertWarehouseInScope(actor, order.warehouseId);
  assertAllowed(ORDER_STATUS, order.status, 'ship');
  const orderLines = await lockSalesOrderLines(db, order.id, tx);
  const targets = matchOrderLines(order, orderLines, input.lines);
  const quantities = input.lines.map((l) => toScaled(l.qty, 'qty'));
  const shipping = sumByLine(targets, quantities);
  assertStillToShip(targets, shipping);

  const plan = await services.stockLedger.prepare(
    input.lines.map((l, i) => ({ line: i, holderLine: targets[i]!.line, itemId: targets[i]!.itemId, warehouseId: order.warehouseId, batchNo: l.batchNo || null, qty: -quantities[i]! })),
    date,
    tx,
    { against: orderHolder(order) },
  );
  const value = plan.moves.reduce((sum, m) => sum - m.value, 0);
  const mapping = await services.generalLedger.mapping(tx);
  const journal = await services.generalLedger.prepareJournal(
    { date, memo: order.number, userId: actor.id, lines: [{ accountCode: mapping.cogs, debit: value }, { accountCode: mapping.inventory, credit: value }] },
    tx,
  );

  const { id, number } = await insertShipment(db, tx, {
    orderId: order.id,
    customerId: order.customerId,
    warehouseId: order.warehouseId,
    date,
    baseValue: value,
    userId: actor.id,
    at: services.calendar.now(),
  });
  const posted = await services.stockLedger.apply(plan, { docType: 'SH', docId: id, docNumber: number, date, userId: actor.id }, tx);
  if (journal) await services.generalLedger.applyJournal(journal, { type: 'SH', id, number }, tx);

  // One shipment line per move, in row order: a row FEFO split over batches gives a line per batch.
  const moves = [...posted.moves].sort((a, b) => a.line - b.line);
  const e = (v: string | null) => (v === null ? 'NULL' : db.sequelize.escape(v));
  const rows = moves.map((m, k) => `(${id}, ${k + 1}, ${targets[m.line]!.id}, ${m.itemId}, ${e(m.batchNo)}, ${e(m.expiryDate)}, ${-m.qty}, ${m.unitCost}, ${-m.value}, 0, 0)`);
  const lineInserts = chunks(rows).map((part) => `INSERT INTO shipment_lines (shipment_id, line, order_line_id, item_id, batch_no, expiry_date, qty, unit_cost, value, returned, invoiced) VALUES ${part.join(',')}`);
  const shippedUpdates = [...shipping].map(([lineId, qty]) => `UPDATE sales_order_lines SET shipped = shipped + ${qty} WHERE id = ${lineId}`);
  // The order's lines are held under its lock: what they come to is known without reading them again.
  const after = orderLines.map((l) => ({ ...l, shipped: l.shipped + (shipping.get(l.id) ?? 0) }));
  const progress = salesOrderProgress(db, order, after);
  await executeAll(db, [...lineInserts, ...shippedUpdates, ...(progress.update ? [progress.update] : [])], tx);
  await holdOpenQuantities(services, order, progress.status, after.filter((l) => shipping.has(l.id)), tx, plan.reservations?.remaining);

  const header = { id, number, status: 'posted', orderId: order.id, customerId: order.customerId, warehouseId: order.warehouseId, date, baseValue: value, reversalOf: null, reversedBy: null };
  const lines = await shipmentLines(db, [id], tx);
  return shipmentView(header, { orderNumber: order.number, customerCode: order.customerCode }, lines.get(id)!);
}

/** Per order line, the rows shipping it together ≤ qty − shipped + returned; every row of a line beyond it is named. */
function assertStillToShip(targets: SalesOrderLineRow[], shipping: Map<number, number>): void {
  const errors: FieldIssue[] = [];
  const q = (v: number) => fromScaled(v, 'qty');
  targets.forEach((t, i) => {
    const open = stillToDeliver({ qty: t.qty, delivered: t.shipped, returned: t.returned, invoiced: t.invoiced });
    if (shipping.get(t.id)! <= open) return;
    errors.push(fieldError(['lines', i, 'qty'], msg('shipment.over-ship:field', { line: t.line + 1, ordered: q(t.qty), shipped: q(t.shipped), returned: q(t.returned), open: q(open) })));
  });
  if (errors.length) throw conflict(msg('shipment.over-ship', { count: errors.length }), errors);
}
