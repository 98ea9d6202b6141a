import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export interface SupplierRef {
  id: number;
  code: string;
  currency: string;
  paymentTermsDays: number | null;
  active: boolean;
}

function supplierRef(row: Record<string, unknown>): SupplierRef {
  return { id: Number(row.id), code: String(row.code), currency: String(row.currency), paymentTermsDays: row.payment_terms_days == null ? null : Number(row.payment_terms_days), active: Boolean(row.active) };
}

/**
 * A supplier named by `supplierId` or `supplierCode`. With `lock` its row is
 * held FOR UPDATE on PostgreSQL: writers of one supplier's contracts queue on
 * it, so two overlapping contracts cannot both pass the overlap check.
 */
export async function resolveSupplier(db: Database, ref: { supplierId?: number; supplierCode?: string }, tx: Transaction, lock = false): Promise<SupplierRef> {
  if (ref.supplierId === undefined && ref.supplierCode === undefined) {
    throw invalid(msg('validation.required:either', { field: 'supplierId', codeField: 'supplierCode' }), [fieldError(['supplierId'], msg('validation.required'))]);
  }
  const byId = ref.supplierId !== undefined;
  const forUpdate = lock && db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await selectOne<Record<string, unknown>>(
    db,
    `SELECT id, code, currency, payment_terms_days, active FROM suppliers WHERE ${byId ? 'id = :id' : 'code = :code'}${forUpdate}`,
    { id: ref.supplierId, code: ref.supplierCode },
    tx,
  );
  const path = byId ? 'supplierId' : 'supplierCode';
  if (!row) {
    const named = { ref: (ref.supplierId ?? ref.supplierCode)! };
    throw invalid(msg('reference.unknown:supplier'), [fieldError([path], msg('reference.unknown:field-supplier', named))]);
  }
  const supplier = supplierRef(row);
  if (byId && ref.supplierCode !== undefined && supplier.code !== ref.supplierCode) throw invalid(msg('reference.unknown:supplier'), [fieldError(['supplierCode'], msg('reference.unknown:field-supplier', { ref: ref.supplierCode }))]);
  if (!supplier.active) throw invalid(msg('supplier.inactive', { code: supplier.code }), [fieldError([path], msg('supplier.inactive:field'))]);
  return supplier;
}

/** The supplier of a `/suppliers/:id/…` path; unknown → 404. */
export async function supplierById(db: Database, id: number, tx?: Transaction): Promise<SupplierRef> {
  const row = await selectOne<Record<string, unknown>>(db, 'SELECT id, code, currency, payment_terms_days, active FROM suppliers WHERE id = :id', { id }, tx);
  if (!row) throw notFound(msg('entity.supplier', { id }));
  return supplierRef(row);
}

/** Suppliers are locked as the contracts' writers take them: by id, before anything is written. */
export async function lockSupplier(db: Database, id: number, tx: Transaction): Promise<void> {
  if (db.dialect === 'postgres') await selectOne(db, 'SELECT id FROM suppliers WHERE id = :id FOR UPDATE', { id }, tx);
}
