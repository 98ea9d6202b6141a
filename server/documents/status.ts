import { conflict } from '../platform/errors';
import { Message, msg, render } from '../platform/i18n/message';

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
  noun: Message;
  rules: Readonly<Record<A, Rule<S>>>;
}

/** How a refusal names the status and the action, in the clerk's language. */
const STATUS_WORDS: Record<OrderStatus | InvoiceStatus | PostedStatus, Message> = {
  draft: msg('document.state:draft'),
  approved: msg('document.state:approved'),
  partial: msg('document.state:partial'),
  done: msg('document.state:done'),
  closed: msg('document.state:closed'),
  cancelled: msg('document.state:cancelled'),
  open: msg('document.state:open'),
  held: msg('document.state:held'),
  paid: msg('document.state:paid'),
  posted: msg('document.state:posted'),
};
const ACTION_WORDS: Record<OrderAction | InvoiceAction, Message> = {
  approve: msg('document.action:approve'),
  reopen: msg('document.action:reopen'),
  cancel: msg('document.action:cancel'),
  close: msg('document.action:close'),
  receive: msg('document.action:receive'),
  ship: msg('document.action:ship'),
  return: msg('document.action:return'),
  invoice: msg('document.action:invoice'),
  hold: msg('document.action:hold'),
  release: msg('document.action:release'),
  allocate: msg('document.action:allocate'),
  pay: msg('document.action:pay'),
};
const wordFor = (words: Record<string, Message>, name: string) => (Object.hasOwn(words, name) ? words[name]! : name);

export const ORDER_STATUS: StatusMachine<OrderStatus, OrderAction> = {
  noun: msg('document.noun:order'),
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
  noun: msg('document.noun:invoice'),
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
  noun: msg('document.noun:document'),
  rules: {
    cancel: { from: ['posted'], to: 'cancelled' },
  },
};

/** Refuses (409) an action the document's status does not allow, naming both. */
export function assertAllowed<S extends string, A extends string>(machine: StatusMachine<S, A>, current: S, action: A): void {
  if (!machine.rules[action].from.includes(current)) {
    throw conflict(msg('document.status', { action: wordFor(ACTION_WORDS, action), noun: machine.noun, status: wordFor(STATUS_WORDS, current) }));
  }
}

/** The status an action leads to, or 409 when the current status does not allow it. */
export function transition<S extends string, A extends string>(machine: StatusMachine<S, A>, current: S, action: A): S {
  assertAllowed(machine, current, action);
  const to = machine.rules[action].to;
  if (to === undefined) throw new Error(`${action} moves ${render(machine.noun, 'en')} along its progress, not to a fixed status`);
  return to;
}

/** Only drafts are changed; anything else is corrected by cancellation or a return (409). */
export function assertEditable(status: string): void {
  if (status !== 'draft') throw conflict(msg('document.status:not-draft', { status: wordFor(STATUS_WORDS, status) }));
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
