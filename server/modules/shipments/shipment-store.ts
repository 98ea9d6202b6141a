import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { insertNumbered } from '../../documents/numbering';
import { selectOne } from '../../db/sql';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { postedLines, ReceiptLineRow } from '../goods-receipts/receipt-store';

/** Shipments and their lines as the use cases read them; quantities ×1000, unit costs ×10000, money in cents. */
export interface ShipmentRow {
  id: number;
  number: string;
  status: string;
  orderId: number;
  customerId: number;
  warehouseId: number;
  date: string;
  baseValue: number;
  reversalOf: number | null;
  reversedBy: number | null;
}

/** A shipment line has a receipt line's columns: `value` is the base cents the stock left with (positive). */
export type ShipmentLineRow = ReceiptLineRow;

const n = (v: unknown) => Number(v);
const nullableNumber = (v: unknown) => (v == null ? null : Number(v));

export function shipmentOf(r: Record<string, unknown>): ShipmentRow {
  return {
    id: n(r.id),
    number: String(r.number),
    status: String(r.status),
    orderId: n(r.sales_order_id),
    customerId: n(r.customer_id),
    warehouseId: n(r.warehouse_id),
    date: String(r.date),
    baseValue: n(r.base_value),
    reversalOf: nullableNumber(r.reversal_of),
    reversedBy: nullableNumber(r.reversed_by),
  };
}

/** A shipment by id (or, for the returns sheet, by number); `lock` row-locks it on PostgreSQL (a cancel or a return of it). */
export async function findShipment(db: Database, ref: { id?: number; number?: string }, tx?: Transaction, lock = false): Promise<ShipmentRow> {
  const where = ref.id !== undefined ? 'id = :id' : 'number = :number';
  const forUpdate = lock && db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await selectOne<Record<string, unknown>>(db, `SELECT * FROM shipments WHERE ${where}${forUpdate}`, ref, tx);
  if (!r) throw notFound(msg('entity.shipment', { id: ref.id ?? ref.number ?? '' }));
  return shipmentOf(r);
}

export async function shipmentLines(db: Database, shipmentIds: number[], tx?: Transaction): Promise<Map<number, ShipmentLineRow[]>> {
  return postedLines(db, { table: 'shipment_lines', parent: 'shipment_id' }, shipmentIds, tx);
}

/** A shipment's header, numbered SH (the hot row: call it once the stock gate has prepared the moves); a reversal carries `reversal_of` and a negative value. */
export async function insertShipment(
  db: Database,
  tx: Transaction,
  header: { orderId: number; customerId: number; warehouseId: number; date: string; baseValue: number; reversalOf?: number; userId: number; at: Date },
): Promise<{ id: number; number: string }> {
  return insertNumbered(db, tx, 'shipments', 'SH', header.date, {
    sales_order_id: header.orderId,
    customer_id: header.customerId,
    warehouse_id: header.warehouseId,
    date: header.date,
    status: 'posted',
    base_value: header.baseValue,
    reversal_of: header.reversalOf ?? null,
    user_id: header.userId,
    created_at: header.at,
  });
}
