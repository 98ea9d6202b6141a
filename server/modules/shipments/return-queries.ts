import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { SalesReturnsQuery, SalesReturnView } from '../../../contract/shipments';
import { selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope, warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { returnLineView } from '../goods-receipts/post-return';

const HEADER = `SELECT r.*, s.number AS shipment_number, n.number AS credit_note_number
                  FROM sales_returns r JOIN shipments s ON s.id = r.shipment_id LEFT JOIN sales_invoices n ON n.id = r.credit_note_id`;

async function returnViews(services: Services, headers: Array<Record<string, unknown>>, tx?: Transaction): Promise<SalesReturnView[]> {
  if (!headers.length) return [];
  const lines = await selectRows<Record<string, unknown>>(
    services.db,
    'SELECT l.*, i.sku FROM sales_return_lines l JOIN items i ON i.id = l.item_id WHERE l.return_id IN (:ids) ORDER BY l.return_id, l.line',
    { ids: headers.map((r) => Number(r.id)) },
    tx,
  );
  const byReturn = new Map<number, Array<Record<string, unknown>>>();
  for (const l of lines) byReturn.set(Number(l.return_id), [...(byReturn.get(Number(l.return_id)) ?? []), l]);
  return headers.map((r) => ({
    id: Number(r.id),
    number: String(r.number),
    customerId: Number(r.customer_id),
    shipmentId: Number(r.shipment_id),
    shipmentNumber: String(r.shipment_number),
    salesOrderId: Number(r.sales_order_id),
    warehouseId: Number(r.warehouse_id),
    date: String(r.date),
    reason: (r.reason as string | null) ?? null,
    baseValue: fromScaled(Number(r.base_value), 'money'),
    creditNoteId: r.credit_note_id == null ? null : Number(r.credit_note_id),
    creditNoteNumber: (r.credit_note_number as string | null) ?? null,
    lines: (byReturn.get(Number(r.id)) ?? []).map((l) => ({ ...returnLineView(l), shipmentLineId: Number(l.shipment_line_id) })),
  }));
}

/** GET /sales-returns/:id: the return with its lines and its credit note, if any. */
export async function getSalesReturn(services: Services, actor: Actor, id: number, tx?: Transaction): Promise<SalesReturnView> {
  const [r] = await selectRows<Record<string, unknown>>(services.db, `${HEADER} WHERE r.id = :id`, { id }, tx);
  if (!r) throw notFound(msg('entity.sales-return', { id }));
  assertWarehouseInScope(actor, Number(r.warehouse_id));
  return (await returnViews(services, [r], tx))[0]!;
}

/** GET /sales-returns, newest first, in the actor's warehouses. */
export async function listSalesReturns(services: Services, actor: Actor, q: SalesReturnsQuery): Promise<{ data: SalesReturnView[]; total: number }> {
  const clauses = [warehouseScopeSql(actor, 'r.warehouse_id', q.warehouseId)];
  const replacements: Record<string, unknown> = {};
  const add = (clause: string, values: Record<string, unknown>) => (clauses.push(clause), Object.assign(replacements, values));
  if (q.shipmentId !== undefined) add('r.shipment_id = :shipmentId', { shipmentId: q.shipmentId });
  if (q.customerId !== undefined) add('r.customer_id = :customerId', { customerId: q.customerId });
  if (q.from !== undefined) add('r.date >= :from', { from: q.from });
  if (q.to !== undefined) add('r.date <= :to', { to: q.to });
  const where = `WHERE ${clauses.join(' AND ')}`;
  const [count] = await selectRows<{ n: number }>(services.db, `SELECT COUNT(*) AS n FROM sales_returns r ${where}`, replacements);
  const rows = await selectRows<Record<string, unknown>>(services.db, `${HEADER} ${where} ORDER BY r.date DESC, r.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`, replacements);
  return { data: await returnViews(services, rows), total: Number(count?.n ?? 0) };
}
