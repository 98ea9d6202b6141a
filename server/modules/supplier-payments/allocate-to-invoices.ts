import type { Transaction } from 'sequelize';
import { scaledText, toScaled } from '../../../contract/decimals';
import type { AllocationLine } from '../../../contract/supplier-payments';
import type { Database } from '../../db/database';
import { execute, selectRows } from '../../db/sql';
import type { AllocationView } from '../../ledgers/open-items';
import { conflict, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import type { PartnerSide } from './partner-sides';

/** What pays invoices: a payment or receipt (SP, CR), or a debit or credit note (PI, SI), as its open item names it. */
export interface Payer {
  side: PartnerSide;
  docType: string;
  id: number;
  number: string;
  partnerId: number;
  currency: string;
  /** Cents still unallocated. */
  unallocated: number;
}

interface InvoiceRow {
  id: number;
  number: string;
  kind: string;
  partner_id: number;
  status: string;
  currency: string;
}

const money = (cents: number) => scaledText(cents, 'money');

/**
 * Sets a payment, receipt or note against invoices of its partner, in the
 * request's order: every invoice is resolved and checked first (unknown, a
 * note, another partner, another currency → 422; held or cancelled → 409),
 * the lines may not take more than the payer has left (422), then the
 * invoices' items are locked in id order (so two payments naming the same
 * invoices never deadlock) and the open-items ledger allocates each — its
 * check of what is open runs under that lock, so concurrent payments never
 * over-allocate an invoice. An invoice left with nothing open is 'paid'.
 */
export async function allocateToInvoices(services: Services, payer: Payer, lines: AllocationLine[], date: string | undefined, userId: number, tx: Transaction): Promise<AllocationView[]> {
  if (!lines.length) return [];
  const { db, openItems } = services;
  const { side } = payer;
  const invoices = await resolveInvoices(db, payer, lines, tx);
  const amounts = lines.map((l) => toScaled(l.amount, 'money'));
  const total = amounts.reduce((s, a) => s + a, 0);
  if (total > payer.unallocated) {
    const facts = { number: payer.number, amount: money(total), open: money(payer.unallocated), currency: payer.currency };
    throw invalid(msg(`${side.messages}.over-allocated`, facts), [fieldError(['allocations'], msg(`${side.messages}.over-allocated:field`, facts))]);
  }
  await lockItems(db, payer, invoices.map((i) => i.id), tx);
  const done: AllocationView[] = [];
  for (const [i, invoice] of invoices.entries()) {
    done.push(
      await openItems.allocate(
        { invoice: { type: side.invoiceType, id: invoice.id }, payment: { type: payer.docType, id: payer.id }, amount: amounts[i]!, date, userId, path: ['allocations', i] },
        tx,
      ),
    );
  }
  await markSettled(services, side, [...new Set([...invoices.map((i) => i.id), ...(payer.docType === side.invoiceType ? [payer.id] : [])])], tx);
  return done;
}

async function resolveInvoices(db: Database, payer: Payer, lines: AllocationLine[], tx: Transaction): Promise<InvoiceRow[]> {
  const { side } = payer;
  const ids = lines.flatMap((l) => (l.invoiceId !== undefined ? [l.invoiceId] : []));
  const numbers = lines.flatMap((l) => (l.invoiceId === undefined && l.invoiceNumber !== undefined ? [l.invoiceNumber] : []));
  const rows = await selectRows<InvoiceRow>(
    db,
    `SELECT id, number, kind, ${side.partnerColumn} AS partner_id, status, currency FROM ${side.invoices}
      WHERE ${[ids.length ? 'id IN (:ids)' : '', numbers.length ? 'number IN (:numbers)' : ''].filter(Boolean).join(' OR ') || '1 = 0'}`,
    { ids, numbers },
    tx,
  );
  return lines.map((l, i) => {
    const field = l.invoiceId !== undefined ? 'invoiceId' : 'invoiceNumber';
    const at = ['allocations', i, field];
    if (l.invoiceId === undefined && l.invoiceNumber === undefined) {
      throw invalid(msg('validation.required:either', { field: 'invoiceId', codeField: 'invoiceNumber' }), [fieldError(['allocations', i, 'invoiceId'], msg('validation.required'))]);
    }
    const row = rows.find((r) => (l.invoiceId !== undefined ? Number(r.id) === l.invoiceId : r.number === l.invoiceNumber));
    const ref = { ref: String(l.invoiceId ?? l.invoiceNumber) };
    if (!row) throw invalid(msg(`${side.messages}.unknown-invoice`, ref), [fieldError(at, msg(`${side.messages}.unknown-invoice:field`, ref))]);
    const facts = { number: row.number, payment: payer.number };
    if (row.kind === side.noteKind) throw invalid(msg(`${side.messages}.not-invoice`, facts), [fieldError(at, msg(`${side.messages}.not-invoice:field`, facts))]);
    if (Number(row.partner_id) !== payer.partnerId) {
      const { problem, says } =
        side.partnerType === 'supplier'
          ? { problem: msg('supplier-payment.other-supplier', facts), says: msg('supplier-payment.other-supplier:field', facts) }
          : { problem: msg('customer-receipt.other-customer', facts), says: msg('customer-receipt.other-customer:field', facts) };
      throw invalid(problem, [fieldError(at, says)]);
    }
    if (row.currency !== payer.currency) {
      const currencies = { ...facts, invoiceCurrency: row.currency, currency: payer.currency };
      throw invalid(msg(`${side.messages}.currency`, currencies), [fieldError(at, msg(`${side.messages}.currency:field`, currencies))]);
    }
    // Only purchase invoices are ever held (for a price variance).
    if (row.status === 'held') throw conflict(msg('supplier-payment.invoice-held', facts), [fieldError(at, msg('supplier-payment.invoice-held:field', facts))]);
    if (row.status === 'cancelled') throw conflict(msg(`${side.messages}.invoice-cancelled`, facts), [fieldError(at, msg(`${side.messages}.invoice-cancelled:field`, facts))]);
    return { ...row, id: Number(row.id), partner_id: Number(row.partner_id) };
  });
}

/** The payer's and the invoices' items, row-locked (PostgreSQL) together in id order, before any allocation takes them one pair at a time. */
async function lockItems(db: Database, payer: Payer, invoiceIds: number[], tx: Transaction): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await selectRows(
    db,
    'SELECT id FROM open_items WHERE (doc_type = :invoiceType AND doc_id IN (:invoiceIds)) OR (doc_type = :payerType AND doc_id = :payerId) ORDER BY id FOR UPDATE',
    { invoiceType: payer.side.invoiceType, invoiceIds, payerType: payer.docType, payerId: payer.id },
    tx,
  );
}

/** Invoices (and notes) with nothing left open are 'paid'. */
async function markSettled(services: Services, side: PartnerSide, invoiceIds: number[], tx: Transaction): Promise<void> {
  await execute(
    services.db,
    `UPDATE ${side.invoices} SET status = 'paid'
      WHERE id IN (:invoiceIds) AND status = 'open'
        AND EXISTS (SELECT 1 FROM open_items o WHERE o.doc_type = :invoiceType AND o.doc_id = ${side.invoices}.id AND o.open_amount = 0)`,
    { invoiceIds, invoiceType: side.invoiceType },
    tx,
  );
}
