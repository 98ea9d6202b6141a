import type { Transaction } from 'sequelize';
import type { CreateTicketRequest, ServiceTicketView, TicketHistoryEntry, TicketStatus, TransitionTicketRequest, UpdateTicketRequest } from '../../../contract/customers-admin';
import { execute } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { conflict, fieldError } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { claimNextRowVersion, ExpectedVersions } from '../../platform/versions';
import { resolveCustomer } from '../sales-orders/customer-refs';
import { checkTicketReferences } from './ticket-references';
import { appendHistory, getTicket } from './ticket-store';

/*
 * After-sales service tickets (售后): opened for a customer, changed while
 * worked on, moved through their statuses. Every step leaves an entry in
 * the ticket's history, and changes are based on a version the way master
 * data are, so a stale sheet is refused (412) rather than overwriting.
 */

/** The statuses a ticket may move to from each status; anything else is a 409. */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in-progress', 'resolved', 'closed'],
  'in-progress': ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

/** The fields a PATCH can change, as the view names them: their before and after go into the history. */
const TRACKED = ['kind', 'subject', 'description', 'salesOrderId', 'itemId', 'priority', 'assigneeId'] as const;

export async function createTicket(services: Services, actorId: number, input: CreateTicketRequest, tx: Transaction): Promise<ServiceTicketView> {
  const { db } = services;
  // After-sales work goes on for customers who stopped buying: an inactive one still gets tickets.
  const customer = await resolveCustomer(db, input, tx, { inactiveAllowed: true });
  const references = await checkTicketReferences(db, customer, input, tx);
  const now = services.calendar.now();
  const { id } = await insertNumbered(db, tx, 'service_tickets', 'ST', services.calendar.today(), {
    customer_id: customer.id,
    kind: input.kind,
    subject: input.subject,
    description: input.description ?? null,
    sales_order_id: references.sales_order_id ?? null,
    item_id: references.item_id ?? null,
    priority: input.priority ?? 'normal',
    assignee_id: references.assignee_id ?? null,
    status: 'open',
    version: 1,
    user_id: actorId,
    created_at: now,
    updated_at: now,
  });
  await appendHistory(db, { ticketId: id, action: 'created', toStatus: 'open', userId: actorId, at: now }, tx);
  return getTicket(db, id, tx);
}

/** Changes the fields given; the history records those whose value actually changed. A stale version → 412. */
export async function updateTicket(services: Services, actorId: number, id: number, input: UpdateTicketRequest, expected: ExpectedVersions, tx: Transaction): Promise<{ before: ServiceTicketView; after: ServiceTicketView }> {
  const { db } = services;
  // The version first: it holds the row (PostgreSQL), so `before` is what this change is based on.
  await claimTicketVersion(services, id, expected, tx);
  const before = await getTicket(db, id, tx);
  const customer = { id: before.customerId, code: before.customerCode };
  const references = await checkTicketReferences(db, customer, input, tx);
  const columns: Record<string, unknown> = { kind: input.kind, subject: input.subject, description: input.description, priority: input.priority, ...references };
  const set = Object.keys(columns).filter((c) => columns[c] !== undefined);
  const now = services.calendar.now();
  await execute(db, `UPDATE service_tickets SET ${[...set.map((c) => `${c} = :${c}`), 'updated_at = :now'].join(', ')} WHERE id = :id`, { ...columns, now, id }, tx);
  const after = await getTicket(db, id, tx);
  const changes = changedFields(before, after);
  if (changes) await appendHistory(db, { ticketId: id, action: 'updated', changes, userId: actorId, at: now }, tx);
  return { before, after: changes ? await getTicket(db, id, tx) : after };
}

/**
 * Moves a ticket to another status, if TICKET_TRANSITIONS allows it (else
 * 409 naming both). Resolving stamps resolved_at, closing closed_at;
 * reopening clears both, the history keeping when they were.
 */
export async function transitionTicket(services: Services, actorId: number, id: number, input: TransitionTicketRequest, expected: ExpectedVersions, tx: Transaction): Promise<{ before: ServiceTicketView; after: ServiceTicketView }> {
  const { db } = services;
  await claimTicketVersion(services, id, expected, tx);
  const before = await getTicket(db, id, tx);
  const from = before.status;
  const to = input.status;
  const allowed = TICKET_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw conflict(msg('ticket.transition', { number: before.number, from, to, allowed: allowed.join(', ') }), [fieldError(['status'], msg('ticket.transition:field', { from, to }))]);
  }
  const now = services.calendar.now();
  const stamps = to === 'resolved' ? ', resolved_at = :now' : to === 'closed' ? ', closed_at = :now' : to === 'open' ? ', resolved_at = NULL, closed_at = NULL' : '';
  await execute(db, `UPDATE service_tickets SET status = :to, updated_at = :now${stamps} WHERE id = :id`, { to, now, id }, tx);
  await appendHistory(db, { ticketId: id, action: 'transition', fromStatus: from, toStatus: to, note: input.note ?? null, userId: actorId, at: now }, tx);
  return { before, after: await getTicket(db, id, tx) };
}

function claimTicketVersion(services: Services, id: number, expected: ExpectedVersions, tx: Transaction): Promise<void> {
  return claimNextRowVersion(services.db, 'service_tickets', id, expected, tx, (current) => msg('entity.service-ticket', { id: current?.number ?? id }));
}

function changedFields(before: ServiceTicketView, after: ServiceTicketView): TicketHistoryEntry['changes'] {
  const changes: NonNullable<TicketHistoryEntry['changes']> = {};
  for (const field of TRACKED) if (before[field] !== after[field]) changes[field] = [before[field], after[field]];
  return Object.keys(changes).length ? changes : null;
}
