import type { PurchaseOrdersQuery, PurchaseOrderView } from '../../../contract/purchase-orders';
import type { Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope, warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { orderViews, selectOrderIds } from './order-documents';

/** Orders in the actor's warehouses, newest first; `q` matches the number, the supplier's code or name, or the note. */
export async function listOrders(services: Services, actor: Actor, q: PurchaseOrdersQuery): Promise<{ data: PurchaseOrderView[]; total: number }> {
  const where = [warehouseScopeSql(actor, 'o.warehouse_id', q.warehouseId)];
  if (q.status) where.push('o.status = :status');
  if (q.supplierId !== undefined) where.push('o.supplier_id = :supplierId');
  if (q.from) where.push('o.date >= :from');
  if (q.to) where.push('o.date <= :to');
  if (q.q) {
    // As server/platform/search.ts: ASCII case ignored, `%` and `_` taken literally, on both databases.
    const position = services.db.dialect === 'postgres' ? 'strpos' : 'instr';
    where.push(`(${['o.number', 's.code', 's.name', 'o.note'].map((c) => `${position}(LOWER(${c}), :needle) > 0`).join(' OR ')})`);
  }
  const { ids, total } = await selectOrderIds(services.db, where, { ...q, needle: q.q?.toLowerCase() }, { limit: q.limit, offset: q.offset });
  return { data: await orderViews(services.db, ids), total };
}

export async function getOrder(services: Services, actor: Actor, id: number): Promise<PurchaseOrderView> {
  const [order] = await orderViews(services.db, [id]);
  if (!order) throw notFound(msg('entity.purchase-order', { id }));
  assertWarehouseInScope(actor, order.warehouseId);
  return order;
}
