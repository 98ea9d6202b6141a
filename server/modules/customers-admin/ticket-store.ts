import type { Transaction } from 'sequelize';
import type { ServiceTicketView, TicketHistoryEntry, TicketsQuery, TicketStatus } from '../../../contract/customers-admin';
import type { Database } from '../../db/database';
import { insertRow, selectOne, selectRows } from '../../db/sql';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

/*
 * Service tickets as stored, and their history: an append-only list of what
 * happened to each ticket (created, fields changed, status moved), read back
 * oldest first.
 */

const SELECT = `SELECT t.*, c.code AS customer_code, o.number AS sales_order_number, i.sku
  FROM service_tickets t
  JOIN customers c ON c.id = t.customer_id
  LEFT JOIN sales_orders o ON o.id = t.sales_order_id
  LEFT JOIN items i ON i.id = t.item_id`;

const stamp = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const idOrNull = (v: unknown) => (v == null ? null : Number(v));

function ticketView(r: Record<string, unknown>, history: TicketHistoryEntry[]): ServiceTicketView {
  return {
    id: Number(r.id),
    number: String(r.number),
    customerId: Number(r.customer_id),
    customerCode: String(r.customer_code),
    kind: r.kind as ServiceTicketView['kind'],
    subject: String(r.subject),
    description: (r.description as string | null) ?? null,
    salesOrderId: idOrNull(r.sales_order_id),
    salesOrderNumber: (r.sales_order_number as string | null) ?? null,
    itemId: idOrNull(r.item_id),
    sku: (r.sku as string | null) ?? null,
    priority: r.priority as ServiceTicketView['priority'],
    assigneeId: idOrNull(r.assignee_id),
    status: r.status as TicketStatus,
    resolvedAt: stamp(r.resolved_at),
    closedAt: stamp(r.closed_at),
    createdAt: stamp(r.created_at)!,
    updatedAt: stamp(r.updated_at)!,
    version: Number(r.version),
    history,
  };
}

function historyEntry(r: Record<string, unknown>): TicketHistoryEntry {
  return {
    at: stamp(r.created_at)!,
    userId: idOrNull(r.user_id),
    action: r.action as TicketHistoryEntry['action'],
    fromStatus: (r.from_status as TicketStatus | null) ?? null,
    toStatus: (r.to_status as TicketStatus | null) ?? null,
    changes: r.changes == null ? null : (JSON.parse(String(r.changes)) as TicketHistoryEntry['changes']),
    note: (r.note as string | null) ?? null,
  };
}

async function historyOf(db: Database, ids: number[], tx?: Transaction): Promise<Map<number, TicketHistoryEntry[]>> {
  const byTicket = new Map<number, TicketHistoryEntry[]>(ids.map((id) => [id, []]));
  if (!ids.length) return byTicket;
  const rows = await selectRows<Record<string, unknown>>(db, 'SELECT * FROM service_ticket_history WHERE ticket_id IN (:ids) ORDER BY ticket_id, id', { ids }, tx);
  for (const r of rows) byTicket.get(Number(r.ticket_id))!.push(historyEntry(r));
  return byTicket;
}

export async function getTicket(db: Database, id: number, tx?: Transaction): Promise<ServiceTicketView> {
  const row = await selectOne<Record<string, unknown>>(db, `${SELECT} WHERE t.id = :id`, { id }, tx);
  if (!row) throw notFound(msg('entity.service-ticket', { id }));
  return ticketView(row, (await historyOf(db, [id], tx)).get(id)!);
}

/** Newest first; `q` matches the number, the subject or the customer's code, ignoring case. */
export async function listTickets(db: Database, query: TicketsQuery): Promise<{ data: ServiceTicketView[]; total: number }> {
  const clauses: string[] = [];
  if (query.status) clauses.push('t.status = :status');
  if (query.customerId !== undefined) clauses.push('t.customer_id = :customerId');
  if (query.assigneeId !== undefined) clauses.push('t.assignee_id = :assigneeId');
  const position = db.dialect === 'postgres' ? 'strpos' : 'instr';
  if (query.q) clauses.push(`(${['t.number', 't.subject', 'c.code'].map((c) => `${position}(lower(${c}), :q) > 0`).join(' OR ')})`);
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const replacements = { ...query, q: query.q?.toLowerCase() };
  const rows = await selectRows<Record<string, unknown>>(db, `${SELECT} ${where} ORDER BY t.id DESC LIMIT :limit OFFSET :offset`, replacements);
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM service_tickets t JOIN customers c ON c.id = t.customer_id ${where}`, replacements);
  const history = await historyOf(db, rows.map((r) => Number(r.id)));
  return { data: rows.map((r) => ticketView(r, history.get(Number(r.id))!)), total: Number(count!.n) };
}

export interface HistoryInput {
  ticketId: number;
  action: TicketHistoryEntry['action'];
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  changes?: TicketHistoryEntry['changes'];
  note?: string | null;
  userId: number;
  at: Date;
}

/** Appends one entry; entries are never changed or removed. */
export async function appendHistory(db: Database, entry: HistoryInput, tx: Transaction): Promise<void> {
  await insertRow(
    db,
    'service_ticket_history',
    {
      ticket_id: entry.ticketId,
      action: entry.action,
      from_status: entry.fromStatus ?? null,
      to_status: entry.toStatus ?? null,
      changes: entry.changes ? JSON.stringify(entry.changes) : null,
      note: entry.note ?? null,
      user_id: entry.userId,
      created_at: entry.at,
    },
    tx,
  );
}
