import type { Transaction } from 'sequelize';
import { scaledText } from '../../../contract/decimals';
import type { SalesOrderView } from '../../../contract/sales-orders';
import { executeLiteral, inlined, selectOne } from '../../db/sql';
import { assertWithinApprovalLimit } from '../../documents/approval';
import { ORDER_STATUS, OrderAction, OrderStatus, transition } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { AppError, conflict, fieldError, forbidden } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { customerCredit, lockCustomer } from './credit';
import type { Reservation } from '../../ledgers/stock-ledger';
import { lockOrderDocument, OrderDocument, orderView } from './order-documents';
import { salesOrderRowOf, SalesOrderRow } from './order-locks';
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
  const document = await lockOrderDocument(db, id, tx);
  const order = salesOrderRowOf(document.header);
  assertWarehouseInScope(actor, order.warehouseId);
  // Once goods left, shipments depend on the order: return them first, or close it.
  if ((action === 'cancel' || action === 'reopen') && document.lines.some((l) => Number(l.shipped) > 0)) throw conflict(msg('sales-order.shipped'));
  const status = transition(ORDER_STATUS, order.status, action);
  let credit: CreditDecision | null = null;
  let reservations: Reservation[];
  if (action === 'approve') {
    assertWithinApprovalLimit(actor.approvalLimit, order.baseTotal);
    if (options.overrideCredit && !actor.permissions.has('sales:credit-override')) throw forbidden(msg('credit.override-denied'));
    const lines = document.lines.map((l) => ({ line: Number(l.line), itemId: Number(l.item_id), qty: Number(l.qty), sku: String(l.sku) }));
    reservations = await reserveOrder(services, order, lines, tx);
    credit = await checkCredit(services, order, options.overrideCredit ?? false, tx);
  } else {
    reservations = await releaseOrder(services, order, tx);
  }
  const now = services.calendar.now();
  const stamps = {
    approve: { approved_by: actor.id, approved_at: now, credit_override_by: credit?.overridden ? actor.id : null },
    reopen: { approved_by: null, approved_at: null, credit_override_by: null },
    close: { closed_at: now },
    cancel: {},
  }[action];
  const changed: Record<string, unknown> = { status, ...stamps, version: order.version + 1, updated_at: now };
  const columns = Object.keys(changed);
  await executeLiteral(db, inlined(db, `UPDATE sales_orders SET ${columns.map((c) => `${c} = :${c}`).join(', ')} WHERE id = :id`, { ...changed, id }), tx);
  // The order is held under its lock and the use case knows what it changed: its view needs no second reading.
  return { from: order.status, after: orderView(withChanges(document, changed, reservations)), credit };
}

/** The document as the change leaves it: the header's new columns, and each line holding what it held plus the reservation changes. */
function withChanges(document: OrderDocument, header: Record<string, unknown>, reservations: Reservation[]): OrderDocument {
  const change = new Map<number, number>();
  for (const r of reservations) change.set(r.line, (change.get(r.line) ?? 0) + r.qty);
  return {
    header: { ...document.header, ...header },
    lines: document.lines.map((l) => ({ ...l, reserved: Number(l.reserved ?? 0) + (change.get(Number(l.line)) ?? 0) })),
  };
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
