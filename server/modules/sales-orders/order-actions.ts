import type { Transaction } from 'sequelize';
import { scaledText } from '../../../contract/decimals';
import type { SalesOrderView } from '../../../contract/sales-orders';
import { execute, selectOne } from '../../db/sql';
import { assertWithinApprovalLimit } from '../../documents/approval';
import { ORDER_STATUS, OrderAction, OrderStatus, transition } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { AppError, conflict, fieldError, forbidden } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { customerCredit, lockCustomer } from './credit';
import { orderViews } from './order-documents';
import { lockSalesOrder, SalesOrderRow } from './order-locks';
import { releaseOrder, reserveOrder } from './order-reservation';

type Action = Extract<OrderAction, 'approve' | 'reopen' | 'cancel' | 'close'>;

/** What an approval weighed against the customer's limit (base cents), for the audit record. */
export interface CreditDecision {
  limit: number;
  used: number;
  order: number;
  overridden: boolean;
}

export interface StatusChange {
  from: OrderStatus;
  after: SalesOrderView;
  credit: CreditDecision | null;
}

/**
 * Moves an order along its status (DESIGN §4 "Documents", "Sales"): approve
 * within the approver's limit, reserving every line and then checking the
 * customer's credit; reopen back to a draft and cancel while nothing is
 * shipped, close (short close) what is still open — the last three give back
 * what the order holds. Any other status → 409 naming it.
 */
export async function changeOrderStatus(services: Services, actor: Actor, id: number, action: Action, options: { overrideCredit?: boolean }, tx: Transaction): Promise<StatusChange> {
  const { db } = services;
  const order = await lockSalesOrder(db, id, tx);
  assertWarehouseInScope(actor, order.warehouseId);
  // Once goods left, shipments depend on the order: return them first, or close it.
  if ((action === 'cancel' || action === 'reopen') && (await anythingShipped(services, id, tx))) throw conflict(msg('sales-order.shipped'));
  const status = transition(ORDER_STATUS, order.status, action);
  let credit: CreditDecision | null = null;
  if (action === 'approve') {
    assertWithinApprovalLimit(actor.approvalLimit, order.baseTotal);
    if (options.overrideCredit && !actor.permissions.has('sales:credit-override')) throw forbidden(msg('credit.override-denied'));
    await reserveOrder(services, order, tx);
    credit = await checkCredit(services, order, options.overrideCredit ?? false, tx);
  } else {
    await releaseOrder(services, order, tx);
  }
  const now = services.calendar.now();
  const stamps = {
    approve: ', approved_by = :userId, approved_at = :now, credit_override_by = :overrideBy',
    reopen: ', approved_by = NULL, approved_at = NULL, credit_override_by = NULL',
    close: ', closed_at = :now',
    cancel: '',
  }[action];
  await execute(
    db,
    `UPDATE sales_orders SET status = :status${stamps}, version = version + 1, updated_at = :now WHERE id = :id`,
    { status, userId: actor.id, overrideBy: credit?.overridden ? actor.id : null, now, id },
    tx,
  );
  return { from: order.status, after: (await orderViews(db, [id], tx))[0]!, credit };
}

/**
 * DESIGN §4 "Sales": open receivables + the customer's other open orders +
 * this order ≤ its limit, in base, decided under the customer's lock so
 * concurrent approvals never pass the limit together. Beyond it → 409
 * `credit.exceeded` stating limit, used, this order and how much over,
 * unless overridden (by a user with sales:credit-override).
 */
async function checkCredit(services: Services, order: SalesOrderRow, override: boolean, tx: Transaction): Promise<CreditDecision | null> {
  await lockCustomer(services.db, order.customerId, tx);
  const credit = await customerCredit(services.db, order.customerId, tx, { excludeOrderId: order.id });
  if (credit.creditLimit === null) return null;
  const decision = { limit: credit.creditLimit, used: credit.used, order: order.baseTotal, overridden: false };
  const over = credit.used + order.baseTotal - credit.creditLimit;
  if (over <= 0) return decision;
  if (override) return { ...decision, overridden: true };
  const customer = await selectOne<{ code: string }>(services.db, 'SELECT code FROM customers WHERE id = :id', { id: order.customerId }, tx);
  const amounts = { limit: scaledText(credit.creditLimit, 'money'), used: scaledText(credit.used, 'money'), order: scaledText(order.baseTotal, 'money'), over: scaledText(over, 'money') };
  throw new AppError(409, msg('credit.exceeded', { ...amounts, customer: customer!.code }), [fieldError(['creditLimit'], msg('credit.exceeded:field', amounts))]);
}

async function anythingShipped(services: Services, orderId: number, tx: Transaction): Promise<boolean> {
  const row = await selectOne<{ n: number | string | null }>(services.db, 'SELECT SUM(shipped) AS n FROM sales_order_lines WHERE order_id = :orderId', { orderId }, tx);
  return Number(row?.n ?? 0) > 0;
}
