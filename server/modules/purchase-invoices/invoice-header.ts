import type { Transaction } from 'sequelize';
import type { PurchaseInvoiceRequest } from '../../../contract/purchase-invoices';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { conflict, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export interface SupplierFacts {
  id: number;
  code: string;
  currency: string;
  paymentTermsDays: number | null;
}

/** The supplier named by `supplierId` or `supplierCode` (API.md "References"); unknown or inactive → 422. */
export async function resolveSupplier(db: Database, input: Pick<PurchaseInvoiceRequest, 'supplierId' | 'supplierCode'>, tx: Transaction): Promise<SupplierFacts> {
  if (input.supplierId === undefined && input.supplierCode === undefined) {
    throw invalid(msg('validation.required:either', { field: 'supplierId', codeField: 'supplierCode' }), [fieldError(['supplierId'], msg('validation.required'))]);
  }
  const byId = input.supplierId !== undefined;
  const row = await selectOne<{ id: number; code: string; currency: string; payment_terms_days: number | null; active: boolean | number }>(
    db,
    `SELECT id, code, currency, payment_terms_days, active FROM suppliers WHERE ${byId ? 'id = :id' : 'code = :code'}`,
    { id: input.supplierId, code: input.supplierCode },
    tx,
  );
  const field = byId ? 'supplierId' : 'supplierCode';
  if (!row || (byId && input.supplierCode !== undefined && row.code !== input.supplierCode)) {
    throw invalid(msg('reference.unknown:supplier'), [fieldError([field], msg('reference.unknown:field-supplier', { ref: (input.supplierId ?? input.supplierCode)! }))]);
  }
  if (!row.active) throw invalid(msg('purchase-invoice.supplier-inactive', { code: row.code }), [fieldError([field], msg('purchase-invoice.supplier-inactive', { code: row.code }))]);
  return { id: Number(row.id), code: row.code, currency: row.currency, paymentTermsDays: row.payment_terms_days == null ? null : Number(row.payment_terms_days) };
}

/** A supplier's invoice number is entered once (409 naming it); the unique index keeps concurrent twins out too. */
export async function assertNewSupplierInvoiceNo(db: Database, supplier: SupplierFacts, supplierInvoiceNo: string | undefined, tx: Transaction): Promise<void> {
  if (supplierInvoiceNo === undefined) return;
  const taken = await selectOne<{ number: string }>(
    db,
    'SELECT number FROM purchase_invoices WHERE supplier_id = :supplierId AND supplier_invoice_no = :no',
    { supplierId: supplier.id, no: supplierInvoiceNo },
    tx,
  );
  if (taken) {
    const named = { no: supplierInvoiceNo, supplier: supplier.code, number: taken.number };
    throw conflict(msg('purchase-invoice.duplicate-no', named), [fieldError(['supplierInvoiceNo'], msg('purchase-invoice.duplicate-no:field', named))]);
  }
}

/** date + the partner's payment terms (none: due on the date), unless given; never before the date. */
export function dueDateOf(date: string, partner: Pick<SupplierFacts, 'paymentTermsDays'>, given: string | undefined): string {
  if (given !== undefined) {
    if (given < date) throw invalid(msg('purchase-invoice.due-before', { date }), [fieldError(['dueDate'], msg('purchase-invoice.due-before', { date }))]);
    return given;
  }
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + (partner.paymentTermsDays ?? 0));
  return d.toISOString().slice(0, 10);
}
