import { toScaled } from '../../contract/decimals';
import { insertRow } from '../../server/db/sql';
import { recordCustomerSales } from '../../server/modules/customers-admin/customer-sales-summary';
import type { TestApp } from './test-app';

/**
 * Customer-management scenarios: service tickets through the API, and sales
 * rows written straight into their tables (0011-sales) as measuring fixtures
 * for behaviour, RFM and ABC: window edges and hand-computed figures need
 * orders, invoices and allocations on chosen dates, which the posting APIs
 * (dated never after today, journaled, reserving stock) cannot give cheaply.
 * They move no stock and journal nothing, so the ledgers' invariants are not
 * theirs to keep; the flow test drives the whole path through the APIs.
 * Amounts are given in API units (money, qty) and stored scaled, in base (CNY, rate 1).
 */
let counter = 0;
const next = (prefix: string) => `${prefix}-T-${String(++counter).padStart(6, '0')}`;
const now = () => new Date();
const CNY = { currency: 'CNY', rate: 1_000_000 };

/** Opens a ticket as the given user; anything but 201 throws. */
export async function openTicket(t: TestApp, token: string, body: Record<string, unknown>): Promise<TicketBody> {
  const res = await t.post('/service-tickets', { kind: 'repair', subject: `Ticket ${++counter}`, ...body }, token);
  if (res.status !== 201) throw new Error(`open ticket failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface TicketBody {
  id: number;
  number: string;
  status: string;
  version: number;
  history: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** A sales order header (no lines): what counts as an order for frequency and recency, and what a ticket may name. */
export async function insertSalesOrder(t: TestApp, o: { customerId: number; warehouseId: number; date: string; status?: string; baseTotal?: number }): Promise<{ id: number; number: string }> {
  const number = next('SO');
  const total = toScaled(o.baseTotal ?? 0, 'money');
  const id = await insertRow(t.services.db, 'sales_orders', {
    number, status: o.status ?? 'approved', customer_id: o.customerId, warehouse_id: o.warehouseId, date: o.date, prices_include_tax: false,
    ...CNY, subtotal: total, tax: 0, total, base_subtotal: total, base_tax: 0, base_total: total, version: 1, created_at: now(), updated_at: now(),
  });
  return { id, number };
}

export interface InvoiceLineInput {
  itemId: number;
  /** Signed: negative on a credit note. */
  qty: number;
  /** Base money excl. tax, signed as qty. */
  amount: number;
}

/**
 * A sales invoice (or credit note, or opening receivable) with its lines,
 * the header's base subtotal being the lines' sum (an opening's `amount`),
 * recorded in the customer sales summary unless cancelled (as posting and
 * cancelling do), and, unless `openItem: false`, its open item (kind
 * invoice, document SI) for allocations to settle.
 */
export async function insertSalesInvoice(
  t: TestApp,
  i: { customerId: number; date: string; kind?: 'invoice' | 'credit-note' | 'opening'; status?: string; lines?: InvoiceLineInput[]; amount?: number; openItem?: boolean },
): Promise<{ id: number; number: string; openItemId: number | null }> {
  const db = t.services.db;
  const kind = i.kind ?? 'invoice';
  const lines = i.lines ?? [];
  const subtotal = i.amount !== undefined ? toScaled(i.amount, 'money') : lines.reduce((s, l) => s + toScaled(l.amount, 'money'), 0);
  const number = next('SI');
  const id = await insertRow(db, 'sales_invoices', {
    number, kind, customer_id: i.customerId, status: i.status ?? 'open', date: i.date, due_date: i.date,
    ...CNY, subtotal, tax: 0, total: subtotal, base_subtotal: subtotal, base_tax: 0, base_total: subtotal, base_cost: 0, created_at: now(),
  });
  for (const [n, l] of lines.entries()) {
    const amount = toScaled(l.amount, 'money');
    await insertRow(db, 'sales_invoice_lines', {
      invoice_id: id, line: n, item_id: l.itemId, customer_id: i.customerId, date: i.date, qty: toScaled(l.qty, 'qty'), unit_price: 0, tax_rate: 0,
      amount, tax: 0, base_amount: amount, base_tax: 0, base_cost: 0,
    });
  }
  if (i.status !== 'cancelled') await db.transaction((tx) => recordCustomerSales(db, id, 1, tx));
  if (i.openItem === false || kind === 'credit-note' || subtotal <= 0) return { id, number, openItemId: null };
  const openItemId = await insertOpenItem(t, { customerId: i.customerId, kind: 'invoice', docType: 'SI', docId: id, number, date: i.date, amount: subtotal, accountCode: '1122' });
  return { id, number, openItemId };
}

async function insertOpenItem(t: TestApp, o: { customerId: number; kind: string; docType: string; docId: number; number: string; date: string; amount: number; accountCode: string }): Promise<number> {
  return insertRow(t.services.db, 'open_items', {
    partner_type: 'customer', partner_id: o.customerId, kind: o.kind, doc_type: o.docType, doc_id: o.docId, doc_number: o.number, date: o.date, due_date: o.date,
    ...CNY, amount: o.amount, base_amount: o.amount, open_amount: o.amount, open_base: o.amount, account_code: o.accountCode, created_at: now(),
  });
}

let receiptIds = 900_000;

/**
 * A receipt's open item and its allocation of `amount` to an invoice's open
 * item on `date` (as services.openItems would record it; nothing journaled).
 * `reversedOn` marks it undone.
 */
export async function insertAllocation(t: TestApp, a: { customerId: number; invoiceOpenItemId: number; date: string; amount: number; reversedOn?: string; kind?: 'receipt' | 'credit-note' }): Promise<void> {
  const amount = toScaled(a.amount, 'money');
  const kind = a.kind ?? 'receipt';
  const paymentItemId = await insertOpenItem(t, {
    customerId: a.customerId, kind, docType: kind === 'receipt' ? 'CR' : 'SI', docId: ++receiptIds, number: next(kind === 'receipt' ? 'CR' : 'SI'), date: a.date, amount, accountCode: kind === 'receipt' ? '2203' : '1122',
  });
  await insertRow(t.services.db, 'open_item_allocations', {
    invoice_item_id: a.invoiceOpenItemId, payment_item_id: paymentItemId, date: a.date, amount, invoice_base: amount, payment_base: amount, fx_difference: 0,
    reversed_on: a.reversedOn ?? null, created_at: now(),
  });
}
