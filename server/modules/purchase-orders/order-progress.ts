import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { execute, selectOne, selectRows } from '../../db/sql';
import { OrderStatus, orderProgressStatus } from '../../documents/status';

/**
 * A purchase order's status follows its lines' progress (API.md "Line
 * progress"): approved → partial → done (fully received) → closed (also fully
 * invoiced). Receipts, returns and invoices call this after they change a line.
 */
export async function refreshOrderStatus(db: Database, orderId: number, tx: Transaction): Promise<OrderStatus> {
  const order = await selectOne<{ status: OrderStatus }>(db, 'SELECT status FROM purchase_orders WHERE id = :orderId', { orderId }, tx);
  if (!order) throw new Error(`purchase order ${orderId} is missing`);
  const lines = await selectRows<{ qty: number; received: number; returned: number; invoiced: number }>(
    db,
    'SELECT qty, received, returned, invoiced FROM purchase_order_lines WHERE order_id = :orderId',
    { orderId },
    tx,
  );
  const status = orderProgressStatus(
    order.status,
    lines.map((l) => ({ qty: Number(l.qty), delivered: Number(l.received), returned: Number(l.returned), invoiced: Number(l.invoiced) })),
  );
  if (status !== order.status) await execute(db, 'UPDATE purchase_orders SET status = :status, updated_at = :now WHERE id = :orderId', { status, now: new Date(), orderId }, tx);
  return status;
}
