import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { ShipmentsQuery, ShipmentView } from '../../../contract/shipments';
import { selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { assertWarehouseInScope, warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { lineView } from '../goods-receipts/queries';
import { findShipment, ShipmentLineRow, ShipmentRow, shipmentLines, shipmentOf } from './shipment-store';

/** A shipment as the API answers it. */
export function shipmentView(s: ShipmentRow, names: { orderNumber: string; customerCode: string }, lines: ShipmentLineRow[]): ShipmentView {
  return {
    id: s.id,
    number: s.number,
    status: s.status as ShipmentView['status'],
    salesOrderId: s.orderId,
    salesOrderNumber: names.orderNumber,
    customerId: s.customerId,
    customerCode: names.customerCode,
    warehouseId: s.warehouseId,
    date: s.date,
    baseValue: fromScaled(s.baseValue, 'money'),
    reversalOf: s.reversalOf,
    reversedBy: s.reversedBy,
    lines: lines.map(lineView),
  };
}

const NAMES = 'SELECT o.number AS order_number, c.code AS customer_code FROM sales_orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :orderId';

/** GET /shipments/:id: the shipment with its lines and what of each is returned and invoiced. */
export async function getShipment(services: Services, actor: Actor, id: number, tx?: Transaction): Promise<ShipmentView> {
  const shipment = await findShipment(services.db, { id }, tx);
  assertWarehouseInScope(actor, shipment.warehouseId);
  const [names] = await selectRows<{ order_number: string; customer_code: string }>(services.db, NAMES, { orderId: shipment.orderId }, tx);
  const lines = await shipmentLines(services.db, [id], tx);
  return shipmentView(shipment, { orderNumber: names?.order_number ?? '', customerCode: names?.customer_code ?? '' }, lines.get(id)!);
}

/** GET /shipments, newest first, in the actor's warehouses; `q` matches the shipment's or the order's number, or the customer's code or name. */
export async function listShipments(services: Services, actor: Actor, q: ShipmentsQuery): Promise<{ data: ShipmentView[]; total: number }> {
  const clauses = [warehouseScopeSql(actor, 's.warehouse_id', q.warehouseId)];
  const replacements: Record<string, unknown> = {};
  const add = (clause: string, values: Record<string, unknown>) => (clauses.push(clause), Object.assign(replacements, values));
  if (q.salesOrderId !== undefined) add('s.sales_order_id = :orderId', { orderId: q.salesOrderId });
  if (q.customerId !== undefined) add('s.customer_id = :customerId', { customerId: q.customerId });
  if (q.from !== undefined) add('s.date >= :from', { from: q.from });
  if (q.to !== undefined) add('s.date <= :to', { to: q.to });
  if (q.q) {
    // As server/platform/search.ts: ASCII case ignored, `%` and `_` taken literally, on both databases.
    const position = services.db.dialect === 'postgres' ? 'strpos' : 'instr';
    add(`(${['s.number', 'o.number', 'c.code', 'c.name'].map((c) => `${position}(LOWER(${c}), :needle) > 0`).join(' OR ')})`, { needle: q.q.toLowerCase() });
  }
  const from = 'FROM shipments s JOIN sales_orders o ON o.id = s.sales_order_id JOIN customers c ON c.id = s.customer_id';
  const where = `WHERE ${clauses.join(' AND ')}`;
  const [count] = await selectRows<{ n: number }>(services.db, `SELECT COUNT(*) AS n ${from} ${where}`, replacements);
  const rows = await selectRows<Record<string, unknown>>(
    services.db,
    `SELECT s.*, o.number AS order_number, c.code AS customer_code ${from} ${where} ORDER BY s.date DESC, s.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
    replacements,
  );
  const lines = await shipmentLines(services.db, rows.map((r) => Number(r.id)));
  return {
    data: rows.map((r) => shipmentView(shipmentOf(r), { orderNumber: String(r.order_number), customerCode: String(r.customer_code) }, lines.get(Number(r.id))!)),
    total: Number(count?.n ?? 0),
  };
}
