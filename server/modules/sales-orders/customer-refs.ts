import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

/** What sales documents need of a customer; money in cents, null limit = no credit check. */
export interface CustomerFacts {
  id: number;
  code: string;
  name: string;
  currency: string;
  paymentTermsDays: number | null;
  creditLimit: number | null;
  active: boolean;
}

const COLUMNS = 'id, code, name, currency, payment_terms_days, credit_limit, active';

function factsOf(r: Record<string, unknown>): CustomerFacts {
  return {
    id: Number(r.id),
    code: String(r.code),
    name: String(r.name),
    currency: String(r.currency),
    paymentTermsDays: r.payment_terms_days == null ? null : Number(r.payment_terms_days),
    creditLimit: r.credit_limit == null ? null : Number(r.credit_limit),
    active: Boolean(r.active),
  };
}

/**
 * A customer named by `customerId` or `customerCode` (API.md "References"):
 * none, unknown or the two naming different customers → 422 naming the field;
 * an inactive one takes no new documents unless `inactiveAllowed`.
 */
export async function resolveCustomer(
  db: Database,
  ref: { customerId?: number; customerCode?: string },
  tx?: Transaction,
  options: { inactiveAllowed?: boolean } = {},
): Promise<CustomerFacts> {
  if (ref.customerId === undefined && ref.customerCode === undefined) {
    throw invalid(msg('validation.required:either', { field: 'customerId', codeField: 'customerCode' }), [fieldError(['customerId'], msg('validation.required'))]);
  }
  const byId = ref.customerId !== undefined;
  const row = await selectOne<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM customers WHERE ${byId ? 'id = :id' : 'code = :code'}`, { id: ref.customerId, code: ref.customerCode }, tx);
  const field = byId ? 'customerId' : 'customerCode';
  const named = { ref: (ref.customerId ?? ref.customerCode)! };
  if (!row) throw invalid(msg('sales-order.customer-unknown', named), [fieldError([field], msg('sales-order.customer-unknown:field', named))]);
  const customer = factsOf(row);
  if (byId && ref.customerCode !== undefined && customer.code !== ref.customerCode) {
    throw invalid(msg('sales-order.customer-mismatch'), [fieldError(['customerCode'], msg('sales-order.customer-mismatch:field', { id: customer.id }))]);
  }
  if (!customer.active && !options.inactiveAllowed) throw invalid(msg('sales-order.customer-inactive', { code: customer.code }), [fieldError([field], msg('sales-order.customer-inactive:field'))]);
  return customer;
}

/** A customer named in a path (`/customers/:id/…`): 404 when there is none. */
export async function findCustomer(db: Database, id: number, tx?: Transaction): Promise<CustomerFacts> {
  const row = await selectOne<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM customers WHERE id = :id`, { id }, tx);
  if (!row) throw notFound(msg('entity.customer', { id }));
  return factsOf(row);
}
