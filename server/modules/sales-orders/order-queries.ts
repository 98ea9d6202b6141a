import type { CustomerCreditView, SalesOrdersQuery, SalesOrderView } from '../../../contract/sales-orders';
import { fromScaled } from '../../../contract/decimals';
import type { Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope, warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { customerCredit } from './credit';
import { findCustomer } from './customer-refs';
import { orderViews, selectOrderIds } from './order-documents';

/** Orders in the actor's warehouses, newest first; `q` matches the number, the customer's code or name, or the note. */
export async function listOrders(services: Services, actor: Actor, q: SalesOrdersQuery): Promise<{ data: SalesOrderView[]; total: number }> {
  const where = [warehouseScopeSql(actor, 'o.warehouse_id', q.warehouseId)];
  if (q.status) where.push('o.status = :status');
  if (q.customerId !== undefined) where.push('o.customer_id = :customerId');
  if (q.from) where.push('o.date >= :from');
  if (q.to) where.push('o.date <= :to');
  if (q.q) {
    // As server/platform/search.ts: ASCII case ignored, `%` and `_` taken literally, on both databases.
    const position = services.db.dialect === 'postgres' ? 'strpos' : 'instr';
    where.push(`(${['o.number', 'c.code', 'c.name', 'o.note'].map((c) => `${position}(LOWER(${c}), :needle) > 0`).join(' OR ')})`);
  }
  const { ids, total } = await selectOrderIds(services.db, where, { ...q, needle: q.q?.toLowerCase() }, { limit: q.limit, offset: q.offset });
  return { data: await orderViews(services.db, ids), total };
}

export async function getOrder(services: Services, actor: Actor, id: number): Promise<SalesOrderView> {
  const [order] = await orderViews(services.db, [id]);
  if (!order) throw notFound(msg('entity.sales-order', { id }));
  assertWarehouseInScope(actor, order.warehouseId);
  return order;
}

/** GET /customers/:id/credit: limit, open receivables and orders, used and available, in base currency. */
export async function creditView(services: Services, customerId: number): Promise<CustomerCreditView> {
  const customer = await findCustomer(services.db, customerId);
  const credit = await customerCredit(services.db, customer.id);
  const money = (cents: number | null) => (cents === null ? null : fromScaled(cents, 'money'));
  return {
    customerId: customer.id,
    customerCode: customer.code,
    creditLimit: money(credit.creditLimit),
    openReceivables: money(credit.openReceivables)!,
    openOrders: money(credit.openOrders)!,
    used: money(credit.used)!,
    available: money(credit.available),
  };
}
