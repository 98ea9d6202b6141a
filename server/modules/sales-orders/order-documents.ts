import type { Transaction } from 'sequelize';
import type { SalesOrderLineView, SalesOrderStatus, SalesOrderView } from '../../../contract/sales-orders';
import type { Database } from '../../db/database';
import { executeLiteral, selectRows } from '../../db/sql';
import { stillToDeliver, stillToInvoice } from '../../documents/status';
import { insertDraft, pricedColumns, pricedHeaderView, pricedLineView, qty, replaceDraft, stamp } from '../purchase-orders/order-documents';
import type { PricedLines } from '../purchase-orders/price-order';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export interface SalesOrderHeader {
  customerId: number;
  warehouseId: number;
  date: string;
  requestedDate: string | null;
  note: string | null;
  salespersonId: number | null;
}

const headerColumns = (header: SalesOrderHeader, priced: PricedLines) => ({
  customer_id: header.customerId,
  warehouse_id: header.warehouseId,
  date: header.date,
  requested_date: header.requestedDate,
  ...pricedColumns(priced),
  note: header.note,
  salesperson_id: header.salespersonId,
});

export async function storeDraft(db: Database, header: SalesOrderHeader, priced: PricedLines, userId: number, now: Date, tx: Transaction): Promise<number> {
  return insertDraft(db, tx, { table: 'sales_orders', prefix: 'SO', date: header.date, userId, now }, headerColumns(header, priced), (id) => storeLines(db, id, priced.lines, tx));
}

/** A draft holds no stock and nothing refers to its lines: they are written again. */
export async function rewriteDraft(db: Database, id: number, header: SalesOrderHeader, priced: PricedLines, now: Date, tx: Transaction): Promise<void> {
  await replaceDraft(db, tx, { table: 'sales_orders', linesTable: 'sales_order_lines', id, now }, headerColumns(header, priced), (orderId) => storeLines(db, orderId, priced.lines, tx));
}

async function storeLines(db: Database, orderId: number, lines: PricedLines['lines'], tx: Transaction): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    const values = lines
      .slice(i, i + 500)
      .map((l) => `(${orderId}, ${l.line}, ${l.itemId}, ${l.qty}, ${l.unitPrice}, ${l.discount}, ${l.taxRate}, ${l.amount}, ${l.tax}, ${l.baseAmount}, ${l.baseTax}, 0, 0, 0)`);
    await executeLiteral(
      db,
      `INSERT INTO sales_order_lines (order_id, line, item_id, qty, unit_price, discount, tax_rate, amount, tax, base_amount, base_tax, shipped, returned, invoiced) VALUES ${values.join(',')}`,
      tx,
    );
  }
}

const idOrNull = (v: unknown) => (v == null ? null : Number(v));

const SELECT_ORDERS = `SELECT o.*, c.code AS customer_code, w.code AS warehouse_code
  FROM sales_orders o JOIN customers c ON c.id = o.customer_id JOIN warehouses w ON w.id = o.warehouse_id`;

/** An order's header (its columns, `customer_code`, `warehouse_code`) and lines (theirs, `sku`, `reserved`) as stored: what its view is made of. */
export interface OrderDocument {
  header: Record<string, unknown>;
  lines: Array<Record<string, unknown>>;
}

/** The documents of the orders that exist; `lock` row-locks their headers (PostgreSQL), as lockSalesOrder does. */
async function orderDocuments(db: Database, ids: number[], tx?: Transaction, lock = false): Promise<Map<number, OrderDocument>> {
  const forUpdate = lock && db.dialect === 'postgres' ? ' FOR UPDATE OF o' : '';
  const headers = await selectRows<Record<string, unknown>>(db, `${SELECT_ORDERS} WHERE o.id IN (:ids)${forUpdate}`, { ids }, tx);
  const lines = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.*, i.sku, r.reserved FROM sales_order_lines l JOIN items i ON i.id = l.item_id
       LEFT JOIN (SELECT doc_id, line, SUM(qty) AS reserved FROM stock_reservations WHERE doc_type = 'SO' AND doc_id IN (:ids) GROUP BY doc_id, line) r
         ON r.doc_id = l.order_id AND r.line = l.line
      WHERE l.order_id IN (:ids) ORDER BY l.order_id, l.line`,
    { ids },
    tx,
  );
  const documents = new Map<number, OrderDocument>(headers.map((h) => [Number(h.id), { header: h, lines: [] }]));
  for (const l of lines) documents.get(Number(l.order_id))?.lines.push(l);
  return documents;
}

/** One order's document under its lock (404 when there is none): for a use case that changes the order and answers with its view. */
export async function lockOrderDocument(db: Database, id: number, tx: Transaction): Promise<OrderDocument> {
  const document = (await orderDocuments(db, [id], tx, true)).get(id);
  if (!document) throw notFound(msg('entity.sales-order', { id }));
  return document;
}

/** Orders as the API answers them, with their lines, what each line holds and its progress, in the order of `ids` (those that exist). */
export async function orderViews(db: Database, ids: number[], tx?: Transaction): Promise<SalesOrderView[]> {
  if (!ids.length) return [];
  const documents = await orderDocuments(db, ids, tx);
  return ids.filter((id) => documents.has(id)).map((id) => orderView(documents.get(id)!));
}

export function orderView({ header: h, lines }: OrderDocument): SalesOrderView {
  return {
    id: Number(h.id),
    number: String(h.number),
    status: h.status as SalesOrderStatus,
    customerId: Number(h.customer_id),
    customerCode: String(h.customer_code),
    warehouseId: Number(h.warehouse_id),
    warehouseCode: String(h.warehouse_code),
    date: String(h.date),
    requestedDate: (h.requested_date as string | null) ?? null,
    ...pricedHeaderView(h),
    note: (h.note as string | null) ?? null,
    salespersonId: idOrNull(h.salesperson_id),
    approvedBy: idOrNull(h.approved_by),
    approvedAt: stamp(h.approved_at),
    creditOverrideBy: idOrNull(h.credit_override_by),
    closedAt: stamp(h.closed_at),
    version: Number(h.version),
    warnings: [],
    lines: lines.map(lineView),
  };
}

function lineView(l: Record<string, unknown>): SalesOrderLineView {
  const progress = { qty: Number(l.qty), delivered: Number(l.shipped), returned: Number(l.returned), invoiced: Number(l.invoiced) };
  return {
    ...pricedLineView(l),
    reserved: qty(l.reserved ?? 0),
    shipped: qty(l.shipped),
    returned: qty(l.returned),
    invoiced: qty(l.invoiced),
    toShip: qty(stillToDeliver(progress)),
    toInvoice: qty(stillToInvoice(progress)),
  };
}

/** One page of orders, newest first. */
export async function selectOrderIds(db: Database, where: string[], replacements: Record<string, unknown>, page: { limit: number; offset: number }): Promise<{ ids: number[]; total: number }> {
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await selectRows<{ id: number }>(db, `SELECT o.id FROM sales_orders o JOIN customers c ON c.id = o.customer_id ${clause} ORDER BY o.date DESC, o.id DESC LIMIT :limit OFFSET :offset`, { ...replacements, ...page });
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM sales_orders o JOIN customers c ON c.id = o.customer_id ${clause}`, replacements);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count!.n) };
}
