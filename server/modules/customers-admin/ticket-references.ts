import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { Message, msg } from '../../platform/i18n/message';

/** What a ticket body may name besides its customer: undefined leaves it as it is, null clears it. */
export interface TicketReferenceInput {
  salesOrderId?: number | null;
  itemId?: number | null;
  sku?: string;
  assigneeId?: number | null;
}

export interface TicketReferenceColumns {
  sales_order_id?: number | null;
  item_id?: number | null;
  assignee_id?: number | null;
}

interface Refusal {
  problem: Message;
  field: FieldIssue;
}

/**
 * Checks every reference a ticket body makes — the order must be one of the
 * ticket's customer's, the item must exist (by id or sku), the assignee must
 * be an active user — and refuses them all at once (422, each naming its
 * field), so nothing is saved on a bad reference.
 */
export async function checkTicketReferences(db: Database, customer: { id: number; code: string }, input: TicketReferenceInput, tx: Transaction): Promise<TicketReferenceColumns> {
  const refusals: Refusal[] = [];
  const columns: TicketReferenceColumns = {};
  const refuse = (r: Refusal | null) => r && refusals.push(r);

  if (input.salesOrderId !== undefined) {
    columns.sales_order_id = input.salesOrderId;
    if (input.salesOrderId !== null) refuse(await orderRefusal(db, customer, input.salesOrderId, tx));
  }
  if (input.itemId !== undefined || input.sku !== undefined) {
    const item = await resolveItem(db, input, tx);
    if ('refusal' in item) refuse(item.refusal);
    else columns.item_id = item.id;
  }
  if (input.assigneeId !== undefined) {
    columns.assignee_id = input.assigneeId;
    if (input.assigneeId !== null) refuse(await assigneeRefusal(db, input.assigneeId, tx));
  }
  if (refusals.length) throw invalid(refusals[0]!.problem, refusals.map((r) => r.field));
  return columns;
}

async function orderRefusal(db: Database, customer: { id: number; code: string }, id: number, tx: Transaction): Promise<Refusal | null> {
  const order = await selectOne<{ number: string; customer_id: number }>(db, 'SELECT number, customer_id FROM sales_orders WHERE id = :id', { id }, tx);
  if (!order) return { problem: msg('ticket.order-unknown', { ref: id }), field: fieldError(['salesOrderId'], msg('ticket.order-unknown:field', { ref: id })) };
  if (Number(order.customer_id) === customer.id) return null;
  const named = { number: order.number, customer: customer.code };
  return { problem: msg('ticket.order-of-other', named), field: fieldError(['salesOrderId'], msg('ticket.order-of-other:field', named)) };
}

/** By id when one is given, else by sku; both given must name the same item. */
async function resolveItem(db: Database, input: TicketReferenceInput, tx: Transaction): Promise<{ id: number | null } | { refusal: Refusal }> {
  if (input.itemId === null && input.sku === undefined) return { id: null };
  const byId = typeof input.itemId === 'number';
  const row = await selectOne<{ id: number; sku: string }>(db, `SELECT id, sku FROM items WHERE ${byId ? 'id = :id' : 'sku = :sku'}`, { id: input.itemId, sku: input.sku }, tx);
  if (!row) {
    const ref = (byId ? input.itemId : input.sku)!;
    return { refusal: { problem: msg('ticket.item-unknown', { ref }), field: fieldError([byId ? 'itemId' : 'sku'], msg('reference.unknown:field-item', { ref })) } };
  }
  if (byId && input.sku !== undefined && row.sku !== input.sku) {
    return { refusal: { problem: msg('ticket.item-mismatch'), field: fieldError(['sku'], msg('reference.mismatch:field-item', { id: Number(row.id) })) } };
  }
  return { id: Number(row.id) };
}

async function assigneeRefusal(db: Database, id: number, tx: Transaction): Promise<Refusal | null> {
  const user = await selectOne<{ username: string; active: boolean | number }>(db, 'SELECT username, active FROM users WHERE id = :id', { id }, tx);
  if (!user) return { problem: msg('ticket.assignee-unknown', { ref: id }), field: fieldError(['assigneeId'], msg('ticket.assignee-unknown:field', { ref: id })) };
  if (user.active) return null;
  const named = { username: user.username };
  return { problem: msg('ticket.assignee-inactive', named), field: fieldError(['assigneeId'], msg('ticket.assignee-inactive:field', named)) };
}
