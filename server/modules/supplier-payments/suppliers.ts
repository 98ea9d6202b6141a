import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export interface SupplierRef {
  id: number;
  code: string;
  name: string;
}

/** A supplier named by `supplierId` or `supplierCode` (API.md "References"); unknown → 422 naming the field. */
export async function resolveSupplier(db: Database, ref: { supplierId?: number; supplierCode?: string }, tx: Transaction): Promise<SupplierRef> {
  if (ref.supplierId === undefined && ref.supplierCode === undefined) {
    throw invalid(msg('validation.required:either', { field: 'supplierId', codeField: 'supplierCode' }), [fieldError(['supplierId'], msg('validation.required'))]);
  }
  const byId = ref.supplierId !== undefined;
  const row = await selectOne<SupplierRef>(db, `SELECT id, code, name FROM suppliers WHERE ${byId ? 'id = :supplierId' : 'code = :supplierCode'}`, ref, tx);
  if (!row || (byId && ref.supplierCode !== undefined && row.code !== ref.supplierCode)) {
    const field = byId && row ? 'supplierCode' : byId ? 'supplierId' : 'supplierCode';
    throw invalid(msg('reference.unknown:supplier'), [fieldError([field], msg('reference.unknown:field-supplier', { ref: String((byId && !row ? ref.supplierId : ref.supplierCode) ?? '') }))]);
  }
  return { id: Number(row.id), code: row.code, name: row.name };
}

/** A supplier named in a path (`/suppliers/:id/…`): 404 when there is none. */
export async function findSupplier(db: Database, id: number, tx?: Transaction): Promise<SupplierRef> {
  const row = await selectOne<SupplierRef>(db, 'SELECT id, code, name FROM suppliers WHERE id = :id', { id }, tx);
  if (!row) throw notFound(msg('entity.supplier', { id }));
  return { id: Number(row.id), code: row.code, name: row.name };
}
