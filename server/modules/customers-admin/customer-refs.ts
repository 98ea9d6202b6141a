import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export interface CustomerRef {
  id: number;
  code: string;
  name: string;
}

const COLUMNS = 'SELECT id, code, name FROM customers';
const customerRef = (row: Record<string, unknown>): CustomerRef => ({ id: Number(row.id), code: String(row.code), name: String(row.name) });

/**
 * The customer a body names by `customerId` or `customerCode` (API.md
 * "References"); unknown → 422 naming the field that named it. An inactive
 * customer is still found: after-sales work goes on for customers who stopped buying.
 */
export async function resolveCustomer(db: Database, ref: { customerId?: number; customerCode?: string }, tx?: Transaction): Promise<CustomerRef> {
  if (ref.customerId === undefined && ref.customerCode === undefined) {
    throw invalid(msg('validation.required:either', { field: 'customerId', codeField: 'customerCode' }), [fieldError(['customerId'], msg('validation.required'))]);
  }
  const byId = ref.customerId !== undefined;
  const row = await selectOne<Record<string, unknown>>(db, `${COLUMNS} WHERE ${byId ? 'id = :id' : 'code = :code'}`, { id: ref.customerId, code: ref.customerCode }, tx);
  if (!row) {
    const named = { ref: (ref.customerId ?? ref.customerCode)! };
    throw invalid(msg('ticket.customer-unknown', named), [fieldError([byId ? 'customerId' : 'customerCode'], msg('ticket.customer-unknown:field', named))]);
  }
  const customer = customerRef(row);
  if (byId && ref.customerCode !== undefined && customer.code !== ref.customerCode) {
    throw invalid(msg('ticket.customer-mismatch'), [fieldError(['customerCode'], msg('ticket.customer-mismatch:field', { id: customer.id }))]);
  }
  return customer;
}

/** The customer of a `/customers/:id/…` path; unknown → 404. */
export async function customerById(db: Database, id: number, tx?: Transaction): Promise<CustomerRef> {
  const row = await selectOne<Record<string, unknown>>(db, `${COLUMNS} WHERE id = :id`, { id }, tx);
  if (!row) throw notFound(msg('entity.customer', { id }));
  return customerRef(row);
}
