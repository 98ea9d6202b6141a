/**
 * The customer sheets and the customer panel: the customers sheet (pulled
 * and published as every master-data sheet is, records.ts), open receivables
 * pulled for receipts, open service tickets pulled and published with their
 * versions, and what the task pane shows about the customer on the selected
 * row. Receipts and returns post through the document sheets (documents.ts).
 */
import type { PartnerRequest, PartnerView, UpdatePartnerRequest } from '../../contract/master-data';
import { ApiError } from '../api/api-client';
import { locateColumns, SheetRows } from '../sheets/layout';
import { receivableRows, CUSTOMER_RECEIPT_LAYOUT, ReceiptLookups } from '../sheets/customer-receipt-sheet';
import { CustomerRecord, CUSTOMERS_SHEET } from '../sheets/customers-sheet';
import type { CustomerRef } from '../sheets/sales-lookups';
import { readSheet } from '../excel/read-sheet';
import type { RowStatus } from '../sheets/row-status';
import { Assignee, planTicketPublish, SERVICE_TICKETS_LAYOUT, TicketChange, ticketLists, ticketResult, ticketRows, TicketStepOutcome } from '../sheets/service-tickets-sheet';
import type { Cell } from '../sheets/cells';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { writePulled } from './purchasing';
import { publishRecords, pullRecords, RecordEndpoints } from './records';
import { customersOf, salesLookups } from './sales';
import { matchOf, readLayout, writeRowResults } from './sheet-io';

const CUSTOMERS: RecordEndpoints<PartnerView, CustomerRecord> = {
  sheet: CUSTOMERS_SHEET,
  list: (ctx) => ctx.api.customers(),
  create: (ctx, body, ref) => ctx.api.createCustomer(body as PartnerRequest, ref),
  update: (ctx, id, body, version) => ctx.api.updateCustomer(id, body as UpdatePartnerRequest, version),
  refresh: (ctx) => customersOf(ctx, true),
  pullAction: 'action.pullCustomers',
  pulled: 'result.customersPulled',
  published: 'result.customersPublished',
  unpublished: 'result.customersUnpublished',
  offer: 'pullCustomersAnyway',
};

export const pullCustomers = (ctx: WorkflowContext, force: boolean): Promise<Outcome> => pullRecords(ctx, CUSTOMERS, force);
export const publishCustomers = (ctx: WorkflowContext): Promise<Outcome> => publishRecords(ctx, CUSTOMERS);

/** What receipt rows are checked against: cash accounts and customers, each fetched again when `refresh`. */
export async function receiptLookups(ctx: WorkflowContext, refresh = false): Promise<ReceiptLookups> {
  return new ReceiptLookups(await ctx.financeLookups(refresh), await salesLookups(ctx, refresh));
}

/** The customer a filter names, or null for none; one the server does not know stops the pull. */
async function customerOf(ctx: WorkflowContext, text: string): Promise<CustomerRef | null> {
  if (!text.trim()) return null;
  const found = (await receiptLookups(ctx)).sales.customer(text) ?? (await receiptLookups(ctx, true)).sales.customer(text);
  if (!found) throw new WorkflowError('error.unknownCustomer', { value: text.trim() });
  return found;
}

/** Open invoices of one customer (or all) into the receipts sheet, one row each. */
export async function pullReceivables(ctx: WorkflowContext, customerText: string): Promise<Outcome> {
  const customer = await customerOf(ctx, customerText);
  ctx.progress('progress.fetching', null);
  const receivables = await ctx.api.receivables({ customerId: customer?.id }, (done, total) => ctx.progress('progress.fetching', fractionOf(done, total)));
  const rows = receivableRows(receivables);
  const sheet = await writePulled(ctx, CUSTOMER_RECEIPT_LAYOUT, rows, (await receiptLookups(ctx)).lists(ctx.language));
  return outcome('ok', 'result.receivablesPulled', { count: rows.length, sheet });
}

/** Tickets still being worked on. */
const OPEN_TICKET_STATUSES = ['open', 'in-progress'];

/** The users tickets may be assigned to, by name; null when this user may not list users (assignees are typed as ids then). */
async function assigneesOf(ctx: WorkflowContext): Promise<Assignee[] | null> {
  try {
    return (await ctx.api.users()).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'forbidden') return null;
    throw error;
  }
}

async function unpublishedTickets(ctx: WorkflowContext): Promise<number> {
  ctx.progress('progress.reading', null);
  const grid = await readSheet(matchOf(SERVICE_TICKETS_LAYOUT));
  const located = grid ? locateColumns(grid.header, SERVICE_TICKETS_LAYOUT) : null;
  if (!grid || !located?.ok) return 0;
  const plan = planTicketPublish(new SheetRows(grid, located.positions), await assigneesOf(ctx));
  return plan.changes.length + plan.invalid;
}

export async function pullTickets(ctx: WorkflowContext, force: boolean): Promise<Outcome> {
  if (!force) {
    const unpublished = await unpublishedTickets(ctx);
    if (unpublished > 0) return { ...outcome('warn', 'result.ticketsUnpublished', { count: unpublished }), offer: 'pullTicketsAnyway' };
  }
  ctx.progress('progress.fetching', null);
  const tickets = [];
  for (const status of OPEN_TICKET_STATUSES) tickets.push(...(await ctx.api.serviceTickets({ status })));
  const rows = ticketRows(tickets, await assigneesOf(ctx), ctx.language);
  const sheet = await writePulled(ctx, SERVICE_TICKETS_LAYOUT, rows, ticketLists(ctx.language));
  return outcome('ok', 'result.ticketsPulled', { count: rows.length, sheet });
}

const TICKETS_AT_ONCE = 4;

async function step(send: () => Promise<TicketStepOutcome['ticket']>): Promise<TicketStepOutcome> {
  try {
    return { status: 200, ticket: await send() };
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind === 'unauthorized') throw error;
    return { status: error.status, problem: error.problem };
  }
}

interface SentTicket {
  change: TicketChange;
  patch?: TicketStepOutcome;
  transition?: TicketStepOutcome;
}

/** The edit first, then the status change at the version the edit left; a refused edit stops the row there. */
async function sendTicket(ctx: WorkflowContext, change: TicketChange): Promise<SentTicket> {
  const sent: SentTicket = { change };
  let version = change.version;
  if (change.patch) {
    sent.patch = await step(() => ctx.api.updateTicket(change.id, change.patch!, version));
    if (!sent.patch.ticket) return sent;
    version = sent.patch.ticket.version;
  }
  if (change.transition) {
    const { status } = change.transition;
    const body = { ...change.transition, ...(version === undefined ? {} : { version }) };
    sent.transition = await step(() => ctx.api.transitionTicket(change.id, body, `ticket-${change.id}-v${version ?? 0}-${status}`));
  }
  return sent;
}

const lostAnswer = (sent: SentTicket) => sent.patch?.status === 0 || sent.transition?.status === 0;

export async function publishTickets(ctx: WorkflowContext): Promise<Outcome> {
  const layout = SERVICE_TICKETS_LAYOUT;
  await ctx.api.me();
  const rows = await readLayout(ctx, layout, matchOf(layout), 'action.pullTickets');
  const assignees = await assigneesOf(ctx);
  const plan = planTicketPublish(rows, assignees);
  await writeRowResults(ctx, layout, rows, { statuses: plan.statuses });

  const sent = new Map<string, SentTicket>();
  let networkFailure = false;
  ctx.progress('progress.posting', 0);
  for (let i = 0; i < plan.changes.length && !networkFailure; i += TICKETS_AT_ONCE) {
    const slice = plan.changes.slice(i, i + TICKETS_AT_ONCE);
    for (const s of await Promise.all(slice.map((change) => sendTicket(ctx, change)))) {
      sent.set(s.change.sentKey, s);
      networkFailure ||= lostAnswer(s);
    }
    ctx.progress('progress.posting', fractionOf(i + slice.length, plan.changes.length));
  }

  const counts = { updated: 0, moved: 0, failed: plan.invalid, unchanged: plan.unchanged };
  if (sent.size > 0) {
    // Rows are matched by their key again: the clerk may have sorted the sheet while the requests were out.
    const now = await readLayout(ctx, layout, matchOf(layout), 'action.pullTickets');
    const statuses = new Map<number, RowStatus>();
    const keys = new Map<number, string>();
    const versions = new Map<number, Cell>();
    const notes = new Map<number, Cell>();
    for (let row = 0; row < now.count; row++) {
      const s = sent.get(String(now.cell(row, 'key')).trim());
      if (!s) continue;
      const result = ticketResult(s.change, s.patch, s.transition, ctx.language);
      statuses.set(row, result.status);
      if (result.key) keys.set(row, result.key);
      if (result.version !== null) versions.set(row, result.version);
      if (result.noteTaken) notes.set(row, '');
      if (result.status.kind !== 'ok') counts.failed += 1;
      else if (result.noteTaken) counts.moved += 1;
      else counts.updated += 1;
    }
    await writeRowResults(ctx, layout, now, { statuses, keys, columns: { version: versions, note: notes } });
  }
  if (networkFailure) throw sent.size > 1 ? new WorkflowError('error.partial') : new WorkflowError('error.network');
  return outcome(counts.failed > 0 ? 'warn' : 'ok', 'result.ticketsPublished', counts);
}
