import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { execute, selectOne, selectRows } from '../../db/sql';
import { OrderStatus, orderProgressStatus } from '../../documents/status';

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
  const status = orderProgressStatus(
    order.status,
    lines.map((l) => ({ qty: Number(l.qty), delivered: Number(l.shipped), returned: Number(l.returned), invoiced: Number(l.invoiced) })),
  );
  if (status !== order.status) await execute(db, 'UPDATE sales_orders SET status = :status, updated_at = :now WHERE id = :orderId', { status, now: new Date(), orderId }, tx);
  return status;
}
