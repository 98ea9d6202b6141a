import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';
import type { OrderStatus } from '../../documents/status';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

/** Rows as the receipts and returns use cases read them; quantities ×1000, costs ×10000, money in cents. */
export interface OrderRow {
  id: number;
  number: string;
  status: OrderStatus;
  supplierId: number;
  warehouseId: number;
}

export interface OrderLineRow {
  id: number;
  line: number;
  itemId: number;
  sku: string;
  batchTracked: boolean;
  /** Fraction ×1,000,000; null = the global OVER_RECEIPT_TOLERANCE. */
  tolerance: number | null;
  qty: number;
  baseUnitCost: number;
  received: number;
  returned: number;
  invoiced: number;
}

export interface ReceiptRow {
  id: number;
  number: string;
  status: string;
  orderId: number;
  supplierId: number;
  warehouseId: number;
  date: string;
  baseValue: number;
  reversalOf: number | null;
  reversedBy: number | null;
}

export interface ReceiptLineRow {
  id: number;
  line: number;
  orderLineId: number;
  itemId: number;
  sku: string;
  batchNo: string;
  expiryDate: string | null;
  qty: number;
  unitCost: number;
  value: number;
  returned: number;
  invoiced: number;
}

const forUpdate = (db: Database) => (db.dialect === 'postgres' ? ' FOR UPDATE' : '');
const n = (v: unknown) => Number(v);
const nullableNumber = (v: unknown) => (v == null ? null : Number(v));

/**
 * The order, row-locked on PostgreSQL: every receipt, return and cancel of
 * one order runs after the other, so the over-receipt check sees what the
 * others committed.
 */
export async function lockOrder(db: Database, id: number, tx: Transaction): Promise<OrderRow> {
  const r = await selectOne<Record<string, unknown>>(db, `SELECT id, number, status, supplier_id, warehouse_id FROM purchase_orders WHERE id = :id${forUpdate(db)}`, { id }, tx);
  if (!r) throw notFound(msg('entity.purchase-order:receipts', { id }));
  return { id: n(r.id), number: String(r.number), status: r.status as OrderStatus, supplierId: n(r.supplier_id), warehouseId: n(r.warehouse_id) };
}

/** The order's lines with their items, locked (PostgreSQL) in id order before their progress is checked. */
export async function lockOrderLines(db: Database, orderId: number, tx: Transaction): Promise<OrderLineRow[]> {
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE OF l' : '';
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.id, l.line, l.item_id, i.sku, i.batch_tracked, i.over_receipt_tolerance, l.qty, l.base_unit_cost, l.received, l.returned, l.invoiced
       FROM purchase_order_lines l JOIN items i ON i.id = l.item_id
      WHERE l.order_id = :orderId ORDER BY l.id${lock}`,
    { orderId },
    tx,
  );
  return rows.map((r) => ({
    id: n(r.id),
    line: n(r.line),
    itemId: n(r.item_id),
    sku: String(r.sku),
    batchTracked: Boolean(r.batch_tracked),
    tolerance: nullableNumber(r.over_receipt_tolerance),
    qty: n(r.qty),
    baseUnitCost: n(r.base_unit_cost),
    received: n(r.received),
    returned: n(r.returned),
    invoiced: n(r.invoiced),
  }));
}

function receiptOf(r: Record<string, unknown>): ReceiptRow {
  return {
    id: n(r.id),
    number: String(r.number),
    status: String(r.status),
    orderId: n(r.purchase_order_id),
    supplierId: n(r.supplier_id),
    warehouseId: n(r.warehouse_id),
    date: String(r.date),
    baseValue: n(r.base_value),
    reversalOf: nullableNumber(r.reversal_of),
    reversedBy: nullableNumber(r.reversed_by),
  };
}

/** A receipt; `lock` row-locks it on PostgreSQL (a cancel or a return of it). */
export async function findReceipt(db: Database, id: number, tx?: Transaction, lock = false): Promise<ReceiptRow> {
  const r = await selectOne<Record<string, unknown>>(db, `SELECT * FROM goods_receipts WHERE id = :id${lock ? forUpdate(db) : ''}`, { id }, tx);
  if (!r) throw notFound(msg('entity.goods-receipt', { id }));
  return receiptOf(r);
}

export async function receiptLines(db: Database, receiptIds: number[], tx?: Transaction): Promise<Map<number, ReceiptLineRow[]>> {
  return postedLines(db, { table: 'goods_receipt_lines', parent: 'receipt_id' }, receiptIds, tx);
}

/**
 * The lines of posted stock documents against order lines — goods receipts,
 * and shipments, whose lines have the same columns — by document, in line order.
 */
export async function postedLines(
  db: Database,
  of: { table: 'goods_receipt_lines' | 'shipment_lines'; parent: 'receipt_id' | 'shipment_id' },
  ids: number[],
  tx?: Transaction,
): Promise<Map<number, ReceiptLineRow[]>> {
  const out = new Map<number, ReceiptLineRow[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.*, i.sku FROM ${of.table} l JOIN items i ON i.id = l.item_id WHERE l.${of.parent} IN (:ids) ORDER BY l.${of.parent}, l.line`,
    { ids },
    tx,
  );
  for (const r of rows) {
    out.get(n(r[of.parent]))!.push({
      id: n(r.id),
      line: n(r.line),
      orderLineId: n(r.order_line_id),
      itemId: n(r.item_id),
      sku: String(r.sku),
      batchNo: String(r.batch_no ?? ''),
      expiryDate: (r.expiry_date as string | null) ?? null,
      qty: n(r.qty),
      unitCost: n(r.unit_cost),
      value: n(r.value),
      returned: n(r.returned),
      invoiced: n(r.invoiced),
    });
  }
  return out;
}

export { receiptOf };
