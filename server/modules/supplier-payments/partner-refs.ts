import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { PartnerSide } from './partner-sides';

export interface PartnerRef {
  id: number;
  code: string;
  name: string;
}

const unknown = (side: PartnerSide, ref: string) =>
  side.partnerType === 'supplier'
    ? { problem: msg('reference.unknown:supplier'), field: msg('reference.unknown:field-supplier', { ref }) }
    : { problem: msg('reference.unknown:customer'), field: msg('reference.unknown:field-customer', { ref }) };

/** A supplier or customer named by `…Id` or `…Code` (API.md "References"); unknown → 422 naming the field. */
export async function resolvePartner(db: Database, side: PartnerSide, ref: { id?: number; code?: string }, tx: Transaction): Promise<PartnerRef> {
  const [idField, codeField] = [`${side.partnerType}Id`, `${side.partnerType}Code`];
  if (ref.id === undefined && ref.code === undefined) {
    throw invalid(msg('validation.required:either', { field: idField, codeField }), [fieldError([idField], msg('validation.required'))]);
  }
  const byId = ref.id !== undefined;
  const row = await selectOne<PartnerRef>(db, `SELECT id, code, name FROM ${side.partners} WHERE ${byId ? 'id = :id' : 'code = :code'}`, ref, tx);
  if (!row || (byId && ref.code !== undefined && row.code !== ref.code)) {
    const field = byId && row ? codeField : byId ? idField : codeField;
    const { problem, field: says } = unknown(side, String((byId && !row ? ref.id : ref.code) ?? ''));
    throw invalid(problem, [fieldError([field], says)]);
  }
  return { id: Number(row.id), code: row.code, name: row.name };
}

/** A partner named in a path (`/suppliers/:id/…`, `/customers/:id/…`): 404 when there is none. */
export async function findPartner(db: Database, side: PartnerSide, id: number, tx?: Transaction): Promise<PartnerRef> {
  const row = await selectOne<PartnerRef>(db, `SELECT id, code, name FROM ${side.partners} WHERE id = :id`, { id }, tx);
  if (!row) throw notFound(side.partnerType === 'supplier' ? msg('entity.supplier', { id }) : msg('entity.customer', { id }));
  return { id: Number(row.id), code: row.code, name: row.name };
}
