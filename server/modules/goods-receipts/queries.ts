import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { ReceiptLineView, ReceiptsQuery, ReceiptView } from '../../../contract/goods-receipts';
import { selectOne, selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { assertWarehouseInScope, warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { findReceipt, ReceiptLineRow, ReceiptRow, receiptLines, receiptOf } from './receipt-store';

const qty = (v: number) => fromScaled(v, 'qty');

/** A receipt line as the API shows it; a shipment line has the same fields. */
export function lineView(l: ReceiptLineRow): ReceiptLineView {
  return {
    id: l.id,
    line: l.line,
    lineId: l.orderLineId,
    itemId: l.itemId,
    sku: l.sku,
    batchNo: l.batchNo || null,
    expiryDate: l.expiryDate,
    qty: qty(l.qty),
    unitCost: fromScaled(l.unitCost, 'price'),
    value: fromScaled(l.value, 'money'),
    returned: qty(l.returned),
    invoiced: qty(l.invoiced),
  };
}

function receiptView(r: ReceiptRow, orderNumber: string, lines: ReceiptLineRow[]): ReceiptView {
  return {
    id: r.id,
    number: r.number,
    status: r.status as ReceiptView['status'],
    purchaseOrderId: r.orderId,
    purchaseOrderNumber: orderNumber,
    supplierId: r.supplierId,
    warehouseId: r.warehouseId,
    date: r.date,
    baseValue: fromScaled(r.baseValue, 'money'),
    reversalOf: r.reversalOf,
    reversedBy: r.reversedBy,
    lines: lines.map(lineView),
  };
}

/** GET /goods-receipts/:id: the receipt with its lines and what of each is returned and invoiced. */
export async function getReceipt(services: Services, actor: Actor, id: number, tx?: Transaction): Promise<ReceiptView> {
  const receipt = await findReceipt(services.db, id, tx);
  assertWarehouseInScope(actor, receipt.warehouseId);
  const order = await selectOne<{ number: string }>(services.db, 'SELECT number FROM purchase_orders WHERE id = :id', { id: receipt.orderId }, tx);
  const lines = await receiptLines(services.db, [id], tx);
  return receiptView(receipt, order?.number ?? '', lines.get(id)!);
}

/** GET /goods-receipts, newest first, in the actor's warehouses. */
export async function listReceipts(services: Services, actor: Actor, q: ReceiptsQuery): Promise<{ data: ReceiptView[]; total: number }> {
  const clauses = [warehouseScopeSql(actor, 'r.warehouse_id', q.warehouseId)];
  const replacements: Record<string, unknown> = {};
  const add = (clause: string, values: Record<string, unknown>) => (clauses.push(clause), Object.assign(replacements, values));
  if (q.purchaseOrderId !== undefined) add('r.purchase_order_id = :orderId', { orderId: q.purchaseOrderId });
  if (q.supplierId !== undefined) add('r.supplier_id = :supplierId', { supplierId: q.supplierId });
  if (q.from !== undefined) add('r.date >= :from', { from: q.from });
  if (q.to !== undefined) add('r.date <= :to', { to: q.to });
  const where = `WHERE ${clauses.join(' AND ')}`;
  const [count] = await selectRows<{ n: number }>(services.db, `SELECT COUNT(*) AS n FROM goods_receipts r ${where}`, replacements);
  const rows = await selectRows<Record<string, unknown>>(
    services.db,
    `SELECT r.*, o.number AS order_number FROM goods_receipts r JOIN purchase_orders o ON o.id = r.purchase_order_id ${where}
      ORDER BY r.date DESC, r.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
    replacements,
  );
  const lines = await receiptLines(services.db, rows.map((r) => Number(r.id)));
  return { data: rows.map((r) => receiptView(receiptOf(r), String(r.order_number), lines.get(Number(r.id))!)), total: Number(count?.n ?? 0) };
}
