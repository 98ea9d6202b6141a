import { conflict } from '../platform/errors';

/**
 * Document statuses (DESIGN.md §4 "Documents"): which action is allowed from
 * which status, and where it leads. An action without a fixed target changes
 * what the status follows from instead: an order's line progress
 * (orderProgressStatus), an invoice's open amount (`pay` once it is used up).
 */

export type OrderStatus = 'draft' | 'approved' | 'partial' | 'done' | 'closed' | 'cancelled';
export type InvoiceStatus = 'open' | 'held' | 'paid' | 'cancelled';
/** Receipts, shipments, returns, payments, adjustments, transfers: posted when made. */
export type PostedStatus = 'posted' | 'cancelled';

export type OrderAction = 'approve' | 'reopen' | 'cancel' | 'close' | 'receive' | 'ship' | 'return' | 'invoice';
export type InvoiceAction = 'hold' | 'release' | 'allocate' | 'pay' | 'cancel';

interface Rule<S extends string> {
  from: readonly S[];
  to?: S;
}

export interface StatusMachine<S extends string, A extends string> {
  /** As the refusal names it: "an order". */
  noun: string;
  rules: Readonly<Record<A, Rule<S>>>;
}

export const ORDER_STATUS: StatusMachine<OrderStatus, OrderAction> = {
  noun: 'an order',
  rules: {
    approve: { from: ['draft'], to: 'approved' },
    // Back to draft to be changed; the credit check runs again on the next approval.
    reopen: { from: ['approved'], to: 'draft' },
    // Once something is received or shipped, documents depend on the order: close it instead.
    cancel: { from: ['draft', 'approved'], to: 'cancelled' },
    close: { from: ['approved', 'partial', 'done'], to: 'closed' },
    receive: { from: ['approved', 'partial', 'done'] },
    ship: { from: ['approved', 'partial', 'done'] },
    // A closed order still takes returns, and credit or debit notes for them.
    return: { from: ['partial', 'done', 'closed'] },
    invoice: { from: ['partial', 'done', 'closed'] },
  },
};

export const INVOICE_STATUS: StatusMachine<InvoiceStatus, InvoiceAction> = {
  noun: 'an invoice',
  rules: {
    // A price variance beyond tolerance holds an invoice from payment until it is released.
    hold: { from: ['open'], to: 'held' },
    release: { from: ['held'], to: 'open' },
    allocate: { from: ['open'] },
    // The allocation that uses up the open amount.
    pay: { from: ['open'], to: 'paid' },
    cancel: { from: ['open', 'held'], to: 'cancelled' },
  },
};

export const POSTED_STATUS: StatusMachine<PostedStatus, 'cancel'> = {
  noun: 'a document',
  rules: {
    cancel: { from: ['posted'], to: 'cancelled' },
  },
};

/** Refuses (409) an action the document's status does not allow, naming both. */
export function assertAllowed<S extends string, A extends string>(machine: StatusMachine<S, A>, current: S, action: A): void {
  if (!machine.rules[action].from.includes(current)) throw conflict(`Cannot ${action} ${machine.noun} that is ${current}.`);
}

/** The status an action leads to, or 409 when the current status does not allow it. */
export function transition<S extends string, A extends string>(machine: StatusMachine<S, A>, current: S, action: A): S {
  assertAllowed(machine, current, action);
  const to = machine.rules[action].to;
  if (to === undefined) throw new Error(`${action} moves ${machine.noun} along its progress, not to a fixed status`);
  return to;
}

/** Only drafts are changed; anything else is corrected by cancellation or a return (409). */
export function assertEditable(status: string): void {
  if (status !== 'draft') throw conflict(`Only a draft can be changed; this document is ${status}.`);
}

/** An order line's totals so far, in thousandths. */
export interface LineProgress {
  qty: number;
  /** Received on a purchase order, shipped on a sales order. */
  delivered: number;
  returned: number;
  /** Net of credit and debit notes. */
  invoiced: number;
}

/** qty − delivered + returned: a return reopens the line for a replacement; never below zero after an over-receipt. */
export function stillToDeliver(line: LineProgress): number {
  return Math.max(0, line.qty - line.delivered + line.returned);
}

/** delivered − returned − invoiced; below zero when more was invoiced than kept, so a credit or debit note is due. */
export function stillToInvoice(line: LineProgress): number {
  return line.delivered - line.returned - line.invoiced;
}

/**
 * The status an approved order's lines give it: approved until something is
 * delivered, partial until every line is, done then, closed once everything
 * kept is invoiced too. Draft, cancelled and closed are left as they are:
 * a closed order stays closed whatever returns and notes follow.
 */
export function orderProgressStatus(current: OrderStatus, lines: readonly LineProgress[]): OrderStatus {
  if (current === 'draft' || current === 'cancelled' || current === 'closed') return current;
  if (!lines.some((l) => l.delivered > 0)) return 'approved';
  if (lines.some((l) => stillToDeliver(l) > 0)) return 'partial';
  return lines.every((l) => stillToInvoice(l) === 0) ? 'closed' : 'done';
}
