import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { SupplierPaymentsQuery, SupplierPaymentView } from '../../../contract/supplier-payments';
import { selectOne, selectRows } from '../../db/sql';
import type { DocumentKey } from '../../ledgers/open-items';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

const cents = (n: number | string) => fromScaled(Number(n), 'money');

interface PayerRow {
  id: number;
  number: string;
  supplier_id: number;
  supplier_code: string;
  cash_account_id: number | null;
  cash_account_code: string | null;
  date: string;
  currency: string;
  rate: number | string;
  amount: number | string;
  base_amount: number | string;
  reference: string | null;
  journal_entry_id: number | null;
}

const PAYMENT_SELECT = `SELECT p.id, p.number, p.supplier_id, s.code AS supplier_code, p.cash_account_id, c.code AS cash_account_code, p.date, p.currency,
       p.rate, p.amount, p.base_amount, p.reference, p.journal_entry_id
  FROM supplier_payments p JOIN suppliers s ON s.id = p.supplier_id JOIN cash_accounts c ON c.id = p.cash_account_id`;

/** A payment (or debit note) with what it has allocated, what is left, and the FX its allocations realized. */
async function withAllocations(services: Services, doc: DocumentKey, row: PayerRow, tx?: Transaction): Promise<SupplierPaymentView> {
  const item = await services.openItems.itemOf(doc, tx);
  const allocations = (await services.openItems.allocationsOf(doc, tx)).filter((a) => a.reversedOn === null && a.payment.type === doc.type && a.payment.id === doc.id);
  const allocated = allocations.reduce((s, a) => s + a.amount, 0);
  return {
    id: Number(row.id),
    number: row.number,
    supplierId: Number(row.supplier_id),
    supplierCode: row.supplier_code,
    cashAccountId: row.cash_account_id === null ? null : Number(row.cash_account_id),
    cashAccountCode: row.cash_account_code,
    date: row.date,
    currency: row.currency,
    rate: fromScaled(Number(row.rate), 'rate'),
    amount: cents(Math.abs(Number(row.amount))),
    baseAmount: cents(Math.abs(Number(row.base_amount))),
    reference: row.reference,
    allocated: cents(allocated),
    unallocated: cents(-(item?.openAmount ?? 0)),
    fxDifference: cents(allocations.reduce((s, a) => s + a.fxDifference, 0)),
    journalEntryId: row.journal_entry_id === null ? null : Number(row.journal_entry_id),
    allocations: allocations.map((a) => ({
      id: a.id,
      invoiceId: a.invoice.id,
      invoiceNumber: a.invoice.number,
      date: a.date,
      amount: cents(a.amount),
      fxDifference: cents(a.fxDifference),
      journalEntryId: a.journalEntryId,
    })),
  };
}

export async function paymentView(services: Services, id: number, tx?: Transaction): Promise<SupplierPaymentView> {
  const row = await selectOne<PayerRow>(services.db, `${PAYMENT_SELECT} WHERE p.id = :id`, { id }, tx);
  if (!row) throw notFound(msg('entity.supplier-payment', { id }));
  return withAllocations(services, { type: 'SP', id }, row, tx);
}

/** A debit note as a payer: its total is negative, what it sets against invoices is its magnitude. */
export async function debitNoteView(services: Services, id: number, tx?: Transaction): Promise<SupplierPaymentView> {
  const row = await selectOne<PayerRow>(
    services.db,
    `SELECT d.id, d.number, d.supplier_id, s.code AS supplier_code, NULL AS cash_account_id, NULL AS cash_account_code, d.date, d.currency,
            d.rate, d.total AS amount, d.base_total AS base_amount, d.supplier_invoice_no AS reference, NULL AS journal_entry_id
       FROM purchase_invoices d JOIN suppliers s ON s.id = d.supplier_id WHERE d.id = :id`,
    { id },
    tx,
  );
  if (!row) throw notFound(msg('entity.debit-note', { id }));
  return withAllocations(services, { type: 'PI', id }, row, tx);
}

export async function listPayments(services: Services, query: SupplierPaymentsQuery): Promise<{ data: SupplierPaymentView[]; total: number }> {
  const clauses: string[] = [];
  if (query.supplierId !== undefined) clauses.push('p.supplier_id = :supplierId');
  if (query.from) clauses.push('p.date >= :from');
  if (query.to) clauses.push('p.date <= :to');
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = await selectRows<PayerRow>(services.db, `${PAYMENT_SELECT} ${where} ORDER BY p.date, p.id LIMIT :limit OFFSET :offset`, query);
  const [count] = await selectRows<{ n: number | string }>(services.db, `SELECT COUNT(*) AS n FROM supplier_payments p ${where}`, query);
  const data: SupplierPaymentView[] = [];
  for (const row of rows) data.push(await withAllocations(services, { type: 'SP', id: Number(row.id) }, row));
  return { data, total: Number(count!.n) };
}
