import type { OpenLinesQuery, OpenSalesLineView } from '../../../contract/sales-orders';
import { selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { qty } from '../purchase-orders/order-documents';

const REMAINING = 'CASE WHEN l.qty - l.shipped + l.returned > 0 THEN l.qty - l.shipped + l.returned ELSE 0 END';

/**
 * Every line of an approved, partial or done order in the actor's warehouses
 * that still has something to ship (the shipments sheet's "pull"), oldest
 * order first: what the line holds, and what the warehouse has free of the
 * item (unexpired, reserved by no one). One statement; the reservation and
 * the free stock are read per line through their keys.
 */
export async function openLines(services: Services, actor: Actor, q: OpenLinesQuery): Promise<{ data: OpenSalesLineView[]; total: number }> {
  const where = [warehouseScopeSql(actor, 'o.warehouse_id', q.warehouseId), "o.status IN ('approved', 'partial', 'done')", `${REMAINING} > 0`];
  if (q.customerId !== undefined) where.push('o.customer_id = :customerId');
  if (q.salesOrderId !== undefined) where.push('o.id = :salesOrderId');
  const rows = await selectRows<Record<string, unknown>>(
    services.db,
    `SELECT o.id AS order_id, o.number, o.customer_id, c.code AS customer_code, o.warehouse_id, w.code AS warehouse_code,
            l.id AS line_id, l.line, l.item_id, i.sku, i.name, i.batch_tracked, l.qty, l.shipped, ${REMAINING} AS remaining,
            (SELECT COALESCE(SUM(r.qty), 0) FROM stock_reservations r WHERE r.doc_type = 'SO' AND r.doc_id = o.id AND r.line = l.line) AS reserved,
            (SELECT COALESCE(SUM(b.on_hand - b.reserved), 0) FROM stock_balances b
              WHERE b.item_id = l.item_id AND b.warehouse_id = o.warehouse_id AND (b.expiry_date IS NULL OR b.expiry_date >= :today)) AS available,
            COUNT(*) OVER () AS total
       FROM sales_orders o
       JOIN sales_order_lines l ON l.order_id = o.id
       JOIN customers c ON c.id = o.customer_id
       JOIN warehouses w ON w.id = o.warehouse_id
       JOIN items i ON i.id = l.item_id
      WHERE ${where.join(' AND ')}
      ORDER BY o.date, o.id, l.line
      LIMIT :limit OFFSET :offset`,
    { ...q, today: services.calendar.today() },
  );
  return {
    data: rows.map((r) => ({
      salesOrderId: Number(r.order_id),
      orderNumber: String(r.number),
      lineId: Number(r.line_id),
      line: Number(r.line),
      customerId: Number(r.customer_id),
      customerCode: String(r.customer_code),
      warehouseId: Number(r.warehouse_id),
      warehouseCode: String(r.warehouse_code),
      itemId: Number(r.item_id),
      sku: String(r.sku),
      name: String(r.name),
      batchTracked: Boolean(r.batch_tracked),
      ordered: qty(r.qty),
      shipped: qty(r.shipped),
      remaining: qty(r.remaining),
      reserved: qty(r.reserved),
      available: qty(r.available),
    })),
    total: rows.length ? Number(rows[0]!.total) : 0,
  };
}
