import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { executeLiteral, inlined, selectOne, selectRows } from '../../db/sql';
import { LineProgress, OrderStatus, orderProgressStatus } from '../../documents/status';

/**
 * A sales order's status follows its lines' progress (API.md "Line
 * progress"): approved → partial → done (fully shipped) → closed (also fully
 * invoiced); a return reopens a done order to partial. Shipments, their
 * cancellations, returns and invoices call this after they change a line.
 */
export async function refreshSalesOrderStatus(db: Database, orderId: number, tx: Transaction): Promise<OrderStatus> {
  const order = await selectOne<{ status: OrderStatus }>(db, 'SELECT status FROM sales_orders WHERE id = :orderId', { orderId }, tx);
  if (!order) throw new Error(`sales order ${orderId} is missing`);
  const lines = await selectRows<{ qty: number; shipped: number; returned: number; invoiced: number }>(
    db,
    'SELECT qty, shipped, returned, invoiced FROM sales_order_lines WHERE order_id = :orderId',
    { orderId },
    tx,
  );
  const { status, update } = salesOrderProgress(db, { id: orderId, status: order.status }, lines);
  if (update) await executeLiteral(db, update, tx);
  return status;
}

const progressOf = (l: { qty: number; shipped: number; returned: number; invoiced: number }): LineProgress => ({
  qty: Number(l.qty),
  delivered: Number(l.shipped),
  returned: Number(l.returned),
  invoiced: Number(l.invoiced),
});

/**
 * The status an order's lines bring it to, and the statement recording it
 * (null when it stays): for a use case that holds the order and all its
 * lines under their locks and knows what it changed, so it need not read
 * them again. `lines`: every line of the order, as the use case leaves them.
 */
export function salesOrderProgress(
  db: Database,
  order: { id: number; status: OrderStatus },
  lines: Array<{ qty: number; shipped: number; returned: number; invoiced: number }>,
): { status: OrderStatus; update: string | null } {
  const status = orderProgressStatus(order.status, lines.map(progressOf));
  if (status === order.status) return { status, update: null };
  const update = inlined(db, 'UPDATE sales_orders SET status = :status, updated_at = :now WHERE id = :orderId', { status, now: new Date(), orderId: order.id });
  return { status, update };
}
