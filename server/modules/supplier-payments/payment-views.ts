import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { SupplierPaymentsQuery, SupplierPaymentView } from '../../../contract/supplier-payments';
import { selectOne, selectRows } from '../../db/sql';
import type { DocumentKey } from '../../ledgers/open-items';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { PartnerSide, SUPPLIERS } from './partner-sides';

const cents = (n: number | string) => fromScaled(Number(n), 'money');

/** A payment, receipt or note as its allocations answer it, its partner not yet named as a supplier or a customer. */
export type PayerView = Omit<SupplierPaymentView, 'supplierId' | 'supplierCode'> & { partnerId: number; partnerCode: string };

interface PayerRow {
  id: number;
  number: string;
  partner_id: number;
  partner_code: string;
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

const paymentSelect = (side: PartnerSide) => `SELECT p.id, p.number, p.${side.partnerColumn} AS partner_id, s.code AS partner_code, p.cash_account_id, c.code AS cash_account_code,
       p.date, p.currency, p.rate, p.amount, p.base_amount, p.reference, p.journal_entry_id
  FROM ${side.payments} p JOIN ${side.partners} s ON s.id = p.${side.partnerColumn} JOIN cash_accounts c ON c.id = p.cash_account_id`;

/** A payment (or note) with what it has allocated, what is left, and the FX its allocations realized. */
async function withAllocations(services: Services, doc: DocumentKey, row: PayerRow, tx?: Transaction): Promise<PayerView> {
  const item = await services.openItems.itemOf(doc, tx);
  const allocations = (await services.openItems.allocationsOf(doc, tx)).filter((a) => a.reversedOn === null && a.payment.type === doc.type && a.payment.id === doc.id);
  const allocated = allocations.reduce((s, a) => s + a.amount, 0);
  return {
    id: Number(row.id),
    number: row.number,
    partnerId: Number(row.partner_id),
    partnerCode: row.partner_code,
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

export const asSupplierPayment = ({ partnerId, partnerCode, ...rest }: PayerView): SupplierPaymentView => ({ ...rest, supplierId: partnerId, supplierCode: partnerCode });

export async function payerView(services: Services, side: PartnerSide, id: number, tx?: Transaction): Promise<PayerView> {
  const row = await selectOne<PayerRow>(services.db, `${paymentSelect(side)} WHERE p.id = :id`, { id }, tx);
  if (!row) throw notFound(msg(`entity.${side.messages}`, { id }));
  return withAllocations(services, { type: side.paymentType, id }, row, tx);
}

export async function paymentView(services: Services, id: number, tx?: Transaction): Promise<SupplierPaymentView> {
  return asSupplierPayment(await payerView(services, SUPPLIERS, id, tx));
}

/** A debit (credit) note as a payer: its total is negative, what it sets against invoices is its magnitude. */
export async function noteView(services: Services, side: PartnerSide, id: number, tx?: Transaction): Promise<PayerView> {
  const reference = side.partnerType === 'supplier' ? 'd.supplier_invoice_no' : 'NULL';
  const row = await selectOne<PayerRow>(
    services.db,
    `SELECT d.id, d.number, d.${side.partnerColumn} AS partner_id, s.code AS partner_code, NULL AS cash_account_id, NULL AS cash_account_code, d.date, d.currency,
            d.rate, d.total AS amount, d.base_total AS base_amount, ${reference} AS reference, NULL AS journal_entry_id
       FROM ${side.invoices} d JOIN ${side.partners} s ON s.id = d.${side.partnerColumn} WHERE d.id = :id`,
    { id },
    tx,
  );
  if (!row) throw notFound(msg(`entity.${side.noteKind}`, { id }));
  return withAllocations(services, { type: side.invoiceType, id }, row, tx);
}

export async function listPayers(services: Services, side: PartnerSide, query: Omit<SupplierPaymentsQuery, 'supplierId'> & { partnerId?: number }): Promise<{ data: PayerView[]; total: number }> {
  const clauses: string[] = [];
  if (query.partnerId !== undefined) clauses.push(`p.${side.partnerColumn} = :partnerId`);
  if (query.from) clauses.push('p.date >= :from');
  if (query.to) clauses.push('p.date <= :to');
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = await selectRows<PayerRow>(services.db, `${paymentSelect(side)} ${where} ORDER BY p.date, p.id LIMIT :limit OFFSET :offset`, query);
  const [count] = await selectRows<{ n: number | string }>(services.db, `SELECT COUNT(*) AS n FROM ${side.payments} p ${where}`, query);
  const data: PayerView[] = [];
  for (const row of rows) data.push(await withAllocations(services, { type: side.paymentType, id: Number(row.id) }, row));
  return { data, total: Number(count!.n) };
}

export async function listPayments(services: Services, query: SupplierPaymentsQuery): Promise<{ data: SupplierPaymentView[]; total: number }> {
  const { data, total } = await listPayers(services, SUPPLIERS, { ...query, partnerId: query.supplierId });
  return { data: data.map(asSupplierPayment), total };
}
