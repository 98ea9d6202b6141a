import type { Transaction } from 'sequelize';
import { fromScaled, scaledText } from '../../../contract/decimals';
import type { SalesInvoiceView } from '../../../contract/sales-invoices';
import { execute, selectOne, selectRows } from '../../db/sql';
import type { OpenItemView } from '../../ledgers/open-items';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { recordCustomerSales } from '../customers-admin/customer-sales-summary';
import { lockSalesOrder, lockSalesOrderLines } from '../sales-orders/order-locks';
import { getSalesInvoice, billedShipmentLines } from './invoice-store';
import { BilledPortion, recordProgress } from './post-sales-invoice';

/**
 * Cancels an invoice (or opening receivable) nothing depends on, dated
 * today: its journal is reversed, its open item closed, and the shipment and
 * order lines it billed take their quantities back, so they can be invoiced
 * again. Refused (409) once receipts or credit notes are allocated to it,
 * when goods it billed were since returned against it, and for a credit
 * note a return raised (cancel the return's effect by invoicing again).
 */
export async function cancelSalesInvoice(services: Services, actor: Actor, id: number, tx: Transaction): Promise<SalesInvoiceView> {
  const { db } = services;
  const billed = await billedShipmentLines(db, id, tx);
  // The orders first, in id order, then the invoice: the order every document of an order locks in.
  for (const orderId of [...new Set(billed.map((p) => p.orderId))].sort((a, b) => a - b)) {
    await lockSalesOrder(db, orderId, tx);
    await lockSalesOrderLines(db, orderId, tx);
  }
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const invoice = await selectOne<{ number: string; kind: string; status: string; return_id: number | null }>(db, `SELECT number, kind, status, return_id FROM sales_invoices WHERE id = :id${lock}`, { id }, tx);
  if (!invoice) throw notFound(msg('sales-invoice.not-found', { id }));
  const named = { number: invoice.number };
  if (invoice.status === 'cancelled') throw conflict(msg('document.already-cancelled', named));
  if (invoice.kind === 'credit-note' && invoice.return_id !== null) throw conflict(msg('sales-invoice.cancel-credit-note', named), [fieldError(['id'], msg('sales-invoice.cancel-credit-note:field'))]);
  // Its open item too, so no receipt is allocated to it between the check and the cancel.
  await selectRows(db, `SELECT id FROM open_items WHERE doc_type = 'SI' AND doc_id = :id${lock}`, { id }, tx);
  await assertNothingAllocated(services, id, invoice.number, tx);
  await assertNotReturned(services, invoice.number, billed, tx);

  const date = services.calendar.today();
  const source = { type: 'SI', id, number: invoice.number };
  const item = await services.openItems.itemOf({ type: 'SI', id }, tx);
  for (const entry of await services.generalLedger.entriesOf({ type: 'SI', id }, tx)) {
    if (entry.reversalOf !== null || entry.reversedBy !== null) continue;
    const reversal = await services.generalLedger.reverseJournal(entry.id, { date, source, userId: actor.id }, tx);
    if (reversal && item && item.openAmount !== 0) await closeOpenItem(services, item, reversal, date, actor.id, tx);
  }
  await recordProgress(services, billed, -1, tx);
  await recordCustomerSales(db, id, -1, tx);
  await execute(db, "UPDATE sales_invoices SET status = 'cancelled' WHERE id = :id", { id }, tx);
  return getSalesInvoice(db, id, tx);
}

/** Receipts and credit notes set against it must be undone first (409 naming each). */
async function assertNothingAllocated(services: Services, id: number, number: string, tx: Transaction): Promise<void> {
  const allocations = (await services.openItems.allocationsOf({ type: 'SI', id }, tx)).filter((a) => a.reversedOn === null);
  if (!allocations.length) return;
  const errors = allocations.map((a, i) => {
    const other = a.invoice.type === 'SI' && a.invoice.id === id ? a.payment : a.invoice;
    return fieldError(['allocations', i], msg('sales-invoice.cancel-allocated:field', { document: other.number, amount: scaledText(a.amount, 'money'), currency: a.currency }));
  });
  throw conflict(msg('sales-invoice.cancel-allocated', { number, count: allocations.length }), errors);
}

/** Giving the quantities back may not take a line below what its credit notes left invoiced: goods returned since depend on the invoice (409 naming its lines). */
async function assertNotReturned(services: Services, number: string, portions: Array<BilledPortion & { line: number }>, tx: Transaction): Promise<void> {
  if (!portions.length) return;
  const rows = await selectRows<{ id: unknown; invoiced: unknown; order_invoiced: unknown }>(
    services.db,
    `SELECT sl.id, sl.invoiced, ol.invoiced AS order_invoiced FROM shipment_lines sl JOIN sales_order_lines ol ON ol.id = sl.order_line_id WHERE sl.id IN (:ids)`,
    { ids: portions.map((p) => p.shipmentLineId) },
    tx,
  );
  const invoiced = new Map(rows.map((r) => [Number(r.id), { line: Number(r.invoiced), order: Number(r.order_invoiced) }]));
  const givenBack = { line: new Map<number, number>(), order: new Map<number, number>() };
  const errors: FieldIssue[] = [];
  for (const p of portions) {
    const line = (givenBack.line.get(p.shipmentLineId) ?? 0) + p.qty;
    const order = (givenBack.order.get(p.orderLineId) ?? 0) + p.qty;
    givenBack.line.set(p.shipmentLineId, line);
    givenBack.order.set(p.orderLineId, order);
    const now = invoiced.get(p.shipmentLineId)!;
    if (line > now.line || order > now.order) {
      errors.push(fieldError(['lines', p.line, 'qty'], msg('sales-invoice.cancel-returned:field', { returned: fromScaled(Math.max(line - now.line, order - now.order), 'qty') })));
    }
  }
  if (errors.length) throw conflict(msg('sales-invoice.cancel-returned', { number }), errors);
}

/**
 * The reversing entry takes the invoice's base off the receivable. The
 * open-items ledger has no way to void an item, so that entry is registered
 * as the credit note it amounts to and set against the invoice in full, at
 * the invoice's own rate: both are left with nothing open, the receivable
 * still equals its open items, and the allocation moves no money.
 */
async function closeOpenItem(services: Services, item: OpenItemView, reversal: { id: number; number: string }, date: string, userId: number, tx: Transaction): Promise<void> {
  const document = { type: 'JE', id: reversal.id, number: reversal.number };
  await services.openItems.openItem(
    { partnerType: 'customer', partnerId: item.partnerId, kind: 'credit-note', document, date, currency: item.currency, rate: item.rate, amount: item.openAmount, baseAmount: item.openBase, accountCode: item.accountCode },
    tx,
  );
  await services.openItems.allocate({ invoice: { type: 'SI', id: item.docId }, payment: document, amount: item.openAmount, date, userId }, tx);
}
