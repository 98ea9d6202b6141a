import type { Transaction } from 'sequelize';
import type { PurchaseOrderView } from '../../../contract/purchase-orders';
import { execute, selectOne } from '../../db/sql';
import { assertWithinApprovalLimit } from '../../documents/approval';
import { ORDER_STATUS, OrderAction, transition } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { conflict } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { findOrder, orderViews } from './order-documents';

type Action = Extract<OrderAction, 'approve' | 'cancel' | 'close'>;

/**
 * Moves an order along its status (DESIGN §4 "Documents"): approve within the
 * approver's limit, cancel while nothing is received, close (short close) what
 * is still open. Any other status → 409 naming it.
 */
export async function changeOrderStatus(services: Services, actor: Actor, id: number, action: Action, tx: Transaction): Promise<{ before: PurchaseOrderView; after: PurchaseOrderView }> {
  const { db } = services;
  const order = await findOrder(db, id, tx);
  assertWarehouseInScope(actor, order.warehouseId);
  const status = transition(ORDER_STATUS, order.status, action);
  if (action === 'approve') assertWithinApprovalLimit(actor.approvalLimit, order.baseTotal);
  // Once goods came in, receipts depend on the order: it can only be closed (a return first undoes them).
  if (action === 'cancel' && (await anythingReceived(services, id, tx))) throw conflict(msg('purchase-order.received'));
  const before = (await orderViews(db, [id], tx))[0]!;
  const now = services.calendar.now();
  const stamps = action === 'approve' ? ', approved_by = :userId, approved_at = :now' : action === 'close' ? ', closed_at = :now' : '';
  await execute(db, `UPDATE purchase_orders SET status = :status${stamps}, version = version + 1, updated_at = :now WHERE id = :id`, { status, userId: actor.id, now, id }, tx);
  return { before, after: (await orderViews(db, [id], tx))[0]! };
}

async function anythingReceived(services: Services, orderId: number, tx: Transaction): Promise<boolean> {
  const row = await selectOne<{ n: number | string | null }>(services.db, 'SELECT SUM(received) AS n FROM purchase_order_lines WHERE order_id = :orderId', { orderId }, tx);
  return Number(row?.n ?? 0) > 0;
}
