import { z } from 'zod';
import { id, version } from './platform';
import { expected, msgKey } from './validation-issues';

/*
 * Customer management (API.md "Sales and customers"): behaviour (RFM),
 * ABC classes by revenue, and after-sales service tickets (售后) with their
 * history.
 */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
const required = (max: number) => text(max).min(1, msgKey('validation.required'));
const optionalId = z.coerce.number({ error: expected('validation.type:id') }).int().positive().optional();
const page = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};

/** A window of dates, both inclusive: `to` defaults to today, `from` to the beginning (no lower bound). */
export const behaviourQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
export type BehaviourQuery = z.infer<typeof behaviourQuery>;

export const RFM_SEGMENTS = ['champions', 'loyal', 'new', 'at-risk', 'lost', 'others'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface CustomerBehaviourView {
  customerId: number;
  from: string | null;
  to: string;
  orders: number;
  revenue: number;
  averageOrderValue: number;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  /** null when the customer had no sales in the window. */
  rfm: { r: number; f: number; m: number } | null;
  segment: RfmSegment | null;
  topItems: Array<{ itemId: number; sku: string; name: string; qty: number; revenue: number }>;
  /** Mean days from an invoice's date to the allocation that settled it, weighted by amount; null with nothing paid. */
  averageDaysToPay: number | null;
}

/** GET /customers/abc: every customer with (positive) revenue in the window, largest first, by class. */
export const abcQuery = behaviourQuery.extend({ ...page, abc: z.enum(['A', 'B', 'C'], { error: msgKey('validation.choice') }).optional() });
export type AbcQuery = z.infer<typeof abcQuery>;
export interface CustomerAbcRow {
  customerId: number;
  customerCode: string;
  name: string;
  revenue: number;
  share: number;
  cumulativeShare: number;
  abc: 'A' | 'B' | 'C';
}

/** GET /customers/rfm: every customer with sales (an order) in the window, scored, by code; `segment` picks one. */
export const rfmQuery = behaviourQuery.extend({ ...page, segment: z.enum(RFM_SEGMENTS, { error: msgKey('validation.choice') }).optional() });
export type RfmQuery = z.infer<typeof rfmQuery>;
export interface CustomerRfmRow {
  customerId: number;
  customerCode: string;
  name: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

export const TICKET_KINDS = ['repair', 'return', 'complaint', 'inquiry', 'other'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high'] as const;
export const TICKET_STATUSES = ['open', 'in-progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const ticketFields = {
  kind: z.enum(TICKET_KINDS, { error: msgKey('validation.choice') }),
  subject: required(200),
  description: text(4000).nullable().optional(),
  salesOrderId: id.nullable().optional(),
  itemId: id.nullable().optional(),
  sku: required(64).optional(),
  priority: z.enum(TICKET_PRIORITIES, { error: msgKey('validation.choice') }).optional(),
  assigneeId: id.nullable().optional(),
};

export const createTicketRequest = z.strictObject({ customerId: id.optional(), customerCode: required(32).optional(), ...ticketFields });
export type CreateTicketRequest = z.infer<typeof createTicketRequest>;

export const updateTicketRequest = z.strictObject({
  kind: ticketFields.kind.optional(),
  subject: ticketFields.subject.optional(),
  description: ticketFields.description,
  salesOrderId: ticketFields.salesOrderId,
  itemId: ticketFields.itemId,
  sku: ticketFields.sku,
  priority: ticketFields.priority,
  assigneeId: ticketFields.assigneeId,
  version: version.optional(),
});
export type UpdateTicketRequest = z.infer<typeof updateTicketRequest>;

export const transitionTicketRequest = z.strictObject({
  status: z.enum(TICKET_STATUSES, { error: msgKey('validation.choice') }),
  note: text(1000).optional(),
  version: version.optional(),
});
export type TransitionTicketRequest = z.infer<typeof transitionTicketRequest>;

export const ticketsQuery = z.object({
  ...page,
  status: z.enum(TICKET_STATUSES, { error: msgKey('validation.choice') }).optional(),
  customerId: optionalId,
  assigneeId: optionalId,
  q: z.string().max(100).optional(),
});
export type TicketsQuery = z.infer<typeof ticketsQuery>;

export interface TicketHistoryEntry {
  at: string;
  userId: number | null;
  action: 'created' | 'updated' | 'transition';
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  changes: Record<string, [unknown, unknown]> | null;
  note: string | null;
}

export interface ServiceTicketView {
  id: number;
  number: string;
  customerId: number;
  customerCode: string;
  kind: (typeof TICKET_KINDS)[number];
  subject: string;
  description: string | null;
  salesOrderId: number | null;
  salesOrderNumber: string | null;
  itemId: number | null;
  sku: string | null;
  priority: (typeof TICKET_PRIORITIES)[number];
  assigneeId: number | null;
  status: TicketStatus;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  history: TicketHistoryEntry[];
}
