/**
 * Sheets whose rows become documents — adjustments, transfers, cash entries,
 * journal entries, purchase orders, receipts, supplier invoices and payments,
 * sales orders, shipments and sales invoices:
 * open an empty one, and post one — check every row, mark
 * each row's reference in its hidden key, send the whole sheet in one
 * request (a few when it is large), and write every row's document number or
 * its own error back beside it.
 */
import { ApiError } from '../api/api-client';
import type { Problem } from '../../contract/problem';
import { activateMatchingSheet } from '../excel/activate-sheet';
import { writeTableSheet } from '../excel/write-table-sheet';
import type { MessageKey } from '../i18n';
import { ADJUSTMENT_KIND } from '../sheets/adjustment-sheet';
import { CASH_ENTRY_KIND } from '../sheets/cash-entry-sheet';
import { AppliedResults, applyDocumentResults, DocumentKind, DocumentOutcome, planDocumentPost, PlannedDocument, PostPlan } from '../sheets/document-sheet';
import { JOURNAL_KIND } from '../sheets/journal-sheet';
import type { Language, SheetRows } from '../sheets/layout';
import type { ListsContent } from '../sheets/lookups';
import { TRANSFER_KIND } from '../sheets/transfer-sheet';
import { PurchaseLookups } from '../sheets/purchase-lookups';
import { PURCHASE_ORDER_KIND, wantsApproval } from '../sheets/purchase-order-sheet';
import { RECEIPT_KIND } from '../sheets/receipt-sheet';
import { PURCHASE_INVOICE_KIND } from '../sheets/purchase-invoice-sheet';
import { SUPPLIER_PAYMENT_KIND } from '../sheets/supplier-payment-sheet';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
// sales (xa)
import { SALES_INVOICE_KIND } from '../sheets/sales-invoice-sheet';
import { SALES_ORDER_KIND } from '../sheets/sales-order-sheet';
import { SHIPMENT_KIND } from '../sheets/shipment-sheet';
import { salesLookups } from './sales';
import { matchOf, readLayout, tableSpec, writeRowResults } from './sheet-io';
// customers (xb)
import { CUSTOMER_RECEIPT_KIND } from '../sheets/customer-receipt-sheet';
import { SALES_RETURN_KIND } from '../sheets/sales-return-sheet';
import { receiptLookups } from './customers';

export type DocumentSheetKind = 'adjustments' | 'transfers' | 'cashEntries' | 'journal' | 'purchaseOrders' | 'receipts' | 'purchaseInvoices' | 'supplierPayments' | SalesSheetKind | CustomerSheetKind;

/** Lines per request: large sheets go in a few requests, each document whole in one of them. */
export const LINES_PER_REQUEST = 2000;

interface CheckLists {
  lists(language: Language): ListsContent;
}

interface SheetKind {
  // Each kind is generic in its own header, line and lookup types; this table only routes to them.
  kind: DocumentKind<any, any, any>;
  newAction: MessageKey;
  /** The documents' endpoint; the sheet posts to `<endpoint>/batch`. */
  endpoint: string;
  lookups(ctx: WorkflowContext, refresh: boolean): Promise<CheckLists>;
  /** Row complaints that may only mean the cached lists are out of date: the rows are checked again with fresh ones. */
  staleWhen: MessageKey[];
  /** A step for each created document (approving an order), its answer kept in the document's outcome. */
  afterCreate?(ctx: WorkflowContext, document: PlannedDocument, created: DocumentOutcome): Promise<DocumentOutcome>;
}

const stockLookups = (ctx: WorkflowContext, refresh: boolean) => ctx.lookups(refresh);
const financeLookups = (ctx: WorkflowContext, refresh: boolean) => ctx.financeLookups(refresh);
const ACCOUNT_COMPLAINTS: MessageKey[] = ['row.unknownAccount', 'row.parentAccount', 'row.inactiveAccount'];
const CASH_ACCOUNT_COMPLAINTS: MessageKey[] = ['row.unknownCashAccount', 'row.inactiveCashAccount'];
const SUPPLIER_COMPLAINTS: MessageKey[] = ['row.unknownSupplier', 'row.inactiveSupplier', 'row.unknownSku', 'row.unknownWarehouse'];
const purchaseLookups = async (ctx: WorkflowContext, refresh: boolean) => new PurchaseLookups(await ctx.lookups(refresh), await ctx.suppliers(refresh));

type Approve = (ctx: WorkflowContext, id: number, idempotencyKey: string) => Promise<unknown>;

/**
 * Approves a created order whose Approve cell said so, keyed by the order's
 * ref; a refusal (above the user's limit, the customer's credit, the stock)
 * is kept, the draft stays. An approval that got no answer leaves the rows
 * pending: posting again gets the same draft back for the ref and asks again
 * under the same key, so the order is approved once either way.
 */
const approvingWith =
  (approve: Approve) =>
  async (ctx: WorkflowContext, document: PlannedDocument, created: DocumentOutcome): Promise<DocumentOutcome> => {
    if (!wantsApproval(document.header) || !created.document) return created;
    try {
      await approve(ctx, created.document.id, `${document.ref}-approve`);
      return { ...created, followUp: { problem: null } };
    } catch (error) {
      if (!(error instanceof ApiError) || error.kind === 'unauthorized') throw error;
      if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.status === 429) return { status: error.status, problem: error.problem as Problem };
      return { ...created, followUp: { problem: error.problem as Problem } };
    }
  };
const approveOrder = approvingWith((ctx, id, key) => ctx.api.approvePurchaseOrder(id, key));

const KINDS: Record<DocumentSheetKind, SheetKind> = {
  adjustments: { kind: ADJUSTMENT_KIND, newAction: 'action.newAdjustments', endpoint: '/stock/adjustments', lookups: stockLookups, staleWhen: ['row.unknownSku'] },
  transfers: { kind: TRANSFER_KIND, newAction: 'action.newTransfers', endpoint: '/stock/transfers', lookups: stockLookups, staleWhen: ['row.unknownSku'] },
  cashEntries: {
    kind: CASH_ENTRY_KIND,
    newAction: 'action.newCashEntries',
    endpoint: '/cash-entries',
    lookups: financeLookups,
    staleWhen: [...ACCOUNT_COMPLAINTS, 'row.unknownCashAccount', 'row.inactiveCashAccount'],
  },
  journal: { kind: JOURNAL_KIND, newAction: 'action.newJournal', endpoint: '/journal-entries', lookups: financeLookups, staleWhen: ACCOUNT_COMPLAINTS },
  purchaseOrders: { kind: PURCHASE_ORDER_KIND, newAction: 'action.newPurchaseOrders', endpoint: '/purchase-orders', lookups: purchaseLookups, staleWhen: SUPPLIER_COMPLAINTS, afterCreate: approveOrder },
  receipts: { kind: RECEIPT_KIND, newAction: 'action.pullOpenLines', endpoint: '/goods-receipts', lookups: stockLookups, staleWhen: ['row.unknownSku'] },
  purchaseInvoices: { kind: PURCHASE_INVOICE_KIND, newAction: 'action.pullUninvoiced', endpoint: '/purchase-invoices', lookups: purchaseLookups, staleWhen: SUPPLIER_COMPLAINTS },
  supplierPayments: { kind: SUPPLIER_PAYMENT_KIND, newAction: 'action.pullPayables', endpoint: '/supplier-payments', lookups: financeLookups, staleWhen: CASH_ACCOUNT_COMPLAINTS },
  ...salesKinds(),
  ...customerKinds(),
};

// sales (xa)
type SalesSheetKind = 'salesOrders' | 'shipments' | 'salesInvoices';

function salesKinds(): Record<SalesSheetKind, SheetKind> {
  const customerComplaints: MessageKey[] = ['row.unknownCustomer', 'row.inactiveCustomer', 'row.unknownSku', 'row.unknownWarehouse'];
  const approveSalesOrder = approvingWith((ctx, id, key) => ctx.api.approveSalesOrder(id, key));
  return {
    salesOrders: { kind: SALES_ORDER_KIND, newAction: 'action.newSalesOrders', endpoint: '/sales-orders', lookups: salesLookups, staleWhen: customerComplaints, afterCreate: approveSalesOrder },
    shipments: { kind: SHIPMENT_KIND, newAction: 'action.pullShipLines', endpoint: '/shipments', lookups: stockLookups, staleWhen: ['row.unknownSku'] },
    salesInvoices: { kind: SALES_INVOICE_KIND, newAction: 'action.pullUninvoicedShipments', endpoint: '/sales-invoices', lookups: salesLookups, staleWhen: customerComplaints },
  };
}
// end sales (xa)

// customers (xb)
type CustomerSheetKind = 'customerReceipts' | 'salesReturns';

function customerKinds(): Record<CustomerSheetKind, SheetKind> {
  const receiptComplaints: MessageKey[] = [...CASH_ACCOUNT_COMPLAINTS, 'row.unknownCustomer', 'row.inactiveCustomer'];
  return {
    customerReceipts: { kind: CUSTOMER_RECEIPT_KIND, newAction: 'action.pullReceivables', endpoint: '/customer-receipts', lookups: receiptLookups, staleWhen: receiptComplaints },
    salesReturns: { kind: SALES_RETURN_KIND, newAction: 'action.newSalesReturns', endpoint: '/sales-returns', lookups: stockLookups, staleWhen: ['row.unknownSku'] },
  };
}
// end customers (xb)

export async function openDocumentSheet(ctx: WorkflowContext, sheetKind: DocumentSheetKind): Promise<Outcome> {
  const { kind, lookups } = KINDS[sheetKind];
  ctx.progress('progress.fetching', null);
  const lists = (await lookups(ctx, true)).lists(ctx.language);
  ctx.progress('progress.writing', null);
  const existing = await activateMatchingSheet(matchOf(kind.layout), lists);
  if (existing) return outcome('ok', 'result.templateReady', { sheet: existing });
  const written = await writeTableSheet(tableSpec(ctx, kind.layout, [], { lists, refresh: false }));
  return outcome('ok', 'result.templateReady', { sheet: written.sheetName });
}

function complainsOf(plan: PostPlan, keys: MessageKey[]): boolean {
  for (const status of plan.statuses.values()) if (status.kind === 'error' && status.messages.some((m) => keys.includes(m.key))) return true;
  return false;
}

/** Documents packed into requests of about LINES_PER_REQUEST lines. */
export function packRequests(documents: PlannedDocument[], linesPerRequest = LINES_PER_REQUEST): PlannedDocument[][] {
  const requests: PlannedDocument[][] = [];
  let current: PlannedDocument[] = [];
  let lines = 0;
  for (const doc of documents) {
    if (current.length > 0 && lines + doc.rows.length > linesPerRequest) {
      requests.push(current);
      current = [];
      lines = 0;
    }
    current.push(doc);
    lines += doc.rows.length;
  }
  if (current.length) requests.push(current);
  return requests;
}

interface Sent {
  outcomes: Map<string, DocumentOutcome>;
  /** Why sending stopped early, when it did. */
  stoppedBy: ApiError | null;
}

const FOLLOW_UPS_AT_ONCE = 4;

/** Runs a kind's step after creation for the documents created, a few at a time. */
async function followUp(ctx: WorkflowContext, sheet: SheetKind, documents: PlannedDocument[], outcomes: Map<string, DocumentOutcome>): Promise<void> {
  const step = sheet.afterCreate;
  if (!step) return;
  const created = documents.filter((d) => (outcomes.get(d.ref)?.status ?? 0) < 300 && outcomes.get(d.ref)?.document);
  for (let i = 0; i < created.length; i += FOLLOW_UPS_AT_ONCE) {
    const slice = created.slice(i, i + FOLLOW_UPS_AT_ONCE);
    const answers = await Promise.all(slice.map((d) => step(ctx, d, outcomes.get(d.ref)!)));
    slice.forEach((d, j) => outcomes.set(d.ref, answers[j]!));
  }
}

async function sendDocuments(ctx: WorkflowContext, endpoint: string, documents: PlannedDocument[]): Promise<Sent> {
  const outcomes = new Map<string, DocumentOutcome>();
  const requests = packRequests(documents);
  let sentLines = 0;
  const totalLines = documents.reduce((n, d) => n + d.rows.length, 0);
  ctx.progress('progress.posting', 0);
  for (const request of requests) {
    try {
      const results = await ctx.api.postBatch(endpoint, request.map((d) => ({ ref: d.ref, document: d.body })));
      for (const r of results) outcomes.set(r.ref, { status: r.status, number: r.document?.number, problem: r.problem, document: r.document });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === 'unauthorized' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server') return { outcomes, stoppedBy: error };
      // The request as a whole was refused (403, 413, …): every document in it carries that answer.
      for (const d of request) outcomes.set(d.ref, { status: error.status, problem: error.problem as Problem });
    }
    sentLines += request.reduce((n, d) => n + d.rows.length, 0);
    ctx.progress('progress.posting', fractionOf(sentLines, totalLines));
  }
  return { outcomes, stoppedBy: null };
}

async function plan(ctx: WorkflowContext, sheet: SheetKind, rows: SheetRows): Promise<PostPlan> {
  const first = planDocumentPost(sheet.kind, rows, await sheet.lookups(ctx, false));
  return complainsOf(first, sheet.staleWhen) ? planDocumentPost(sheet.kind, rows, await sheet.lookups(ctx, true)) : first;
}

/** The summary of a post: rows posted, failed, already posted, and posted rows edited since (flagged, not sent). */
function postOutcome(plan: PostPlan, applied: AppliedResults | null): Outcome {
  const failed = (applied?.failedRows ?? 0) + plan.invalid;
  const params = { posted: applied?.postedRows ?? 0, documents: applied?.documents ?? 0, failed, skipped: plan.alreadyPosted };
  const attention = applied?.attentionRows ?? 0;
  const tone = failed + plan.editedAfterPost + attention === 0 ? 'ok' : applied ? 'warn' : 'error';
  if (plan.editedAfterPost > 0) return outcome(tone, 'result.postedWithEdited', { ...params, edited: plan.editedAfterPost });
  if (attention > 0) return outcome(tone, 'result.postedAttention', { ...params, attention });
  return outcome(tone, 'result.posted', params);
}

export async function postDocumentSheet(ctx: WorkflowContext, sheetKind: DocumentSheetKind): Promise<Outcome> {
  const sheet = KINDS[sheetKind];
  const { kind, newAction } = sheet;
  // A dead session is found before anything on the sheet changes.
  await ctx.api.me();
  const rows = await readLayout(ctx, kind.layout, matchOf(kind.layout), newAction);
  const postPlan = await plan(ctx, sheet, rows);
  await writeRowResults(ctx, kind.layout, rows, { statuses: postPlan.statuses, keys: postPlan.keys });
  if (postPlan.documents.length === 0) {
    if (postPlan.invalid + postPlan.editedAfterPost > 0) return postOutcome(postPlan, null);
    return outcome(postPlan.alreadyPosted > 0 ? 'ok' : 'warn', postPlan.alreadyPosted > 0 ? 'result.nothingToPost' : 'error.emptySheet', { sheet: rows.grid.sheetName });
  }

  const sent = await sendDocuments(ctx, sheet.endpoint, postPlan.documents);
  if (!sent.stoppedBy) await followUp(ctx, sheet, postPlan.documents, sent.outcomes);
  if (sent.outcomes.size > 0) {
    // Rows are matched by their key again: the clerk may have sorted the sheet while the request was out.
    const now = await readLayout(ctx, kind.layout, matchOf(kind.layout), newAction);
    const applied = applyDocumentResults(kind, now, sent.outcomes);
    await writeRowResults(ctx, kind.layout, now, { statuses: applied.statuses, keys: applied.keys });
    if (!sent.stoppedBy) return postOutcome(postPlan, applied);
    if (sent.stoppedBy.kind !== 'unauthorized') throw new WorkflowError('error.partial');
  }
  throw sent.stoppedBy ?? new WorkflowError('error.network');
}
