import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { SalesOrderLineView, SalesOrderStatus, SalesOrderView } from '../../../contract/sales-orders';
import type { Database } from '../../db/database';
import { execute, executeLiteral, selectOne, selectRows } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { OrderStatus, stillToDeliver, stillToInvoice } from '../../documents/status';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { PricedLines } from '../purchase-orders/price-order';

export interface SalesOrderHeader {
  customerId: number;
  warehouseId: number;
  date: string;
  requestedDate: string | null;
  note: string | null;
  salespersonId: number | null;
}

/** A stored order's header as the use cases need it. */
export interface SalesOrderRecord {
  id: number;
  number: string;
  status: OrderStatus;
  customerId: number;
  warehouseId: number;
  baseTotal: number;
  version: number;
}

const headerColumns = (header: SalesOrderHeader, priced: PricedLines) => ({
  customer_id: header.customerId,
  warehouse_id: header.warehouseId,
  date: header.date,
  requested_date: header.requestedDate,
  prices_include_tax: priced.pricesIncludeTax,
  currency: priced.currency,
  rate: priced.rate,
  subtotal: priced.subtotal,
  tax: priced.tax,
  total: priced.total,
  base_subtotal: priced.baseSubtotal,
  base_tax: priced.baseTax,
  base_total: priced.baseTotal,
  note: header.note,
  salesperson_id: header.salespersonId,
});

/** Numbers and stores a new draft with its lines; the number's row is hot, so this comes last. */
export async function storeDraft(db: Database, header: SalesOrderHeader, priced: PricedLines, userId: number, now: Date, tx: Transaction): Promise<number> {
  const { id } = await insertNumbered(db, tx, 'sales_orders', 'SO', header.date, {
    status: 'draft',
    ...headerColumns(header, priced),
    version: 1,
    user_id: userId,
    created_at: now,
    updated_at: now,
  });
  await storeLines(db, id, priced.lines, tx);
  return id;
}

/** Rewrites a draft's header and lines (a draft holds no stock and nothing refers to its lines), moving it to its next version. */
export async function rewriteDraft(db: Database, id: number, header: SalesOrderHeader, priced: PricedLines, now: Date, tx: Transaction): Promise<void> {
  const columns = headerColumns(header, priced);
  const sets = Object.keys(columns).map((c) => `${c} = :${c}`).join(', ');
  await execute(db, `UPDATE sales_orders SET ${sets}, version = version + 1, updated_at = :now WHERE id = :id`, { ...columns, now, id }, tx);
  await execute(db, 'DELETE FROM sales_order_lines WHERE order_id = :id', { id }, tx);
  await storeLines(db, id, priced.lines, tx);
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

/** The order's header, locked against concurrent changes on PostgreSQL; 404 when there is none. */
export async function findOrder(db: Database, id: number, tx: Transaction): Promise<SalesOrderRecord> {
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await selectOne<Record<string, unknown>>(db, `SELECT id, number, status, customer_id, warehouse_id, base_total, version FROM sales_orders WHERE id = :id${lock}`, { id }, tx);
  if (!row) throw notFound(msg('entity.sales-order', { id }));
  return {
    id: Number(row.id),
    number: String(row.number),
    status: row.status as OrderStatus,
    customerId: Number(row.customer_id),
    warehouseId: Number(row.warehouse_id),
    baseTotal: Number(row.base_total),
    version: Number(row.version),
  };
}

const money = (v: unknown) => fromScaled(Number(v), 'money');
const price = (v: unknown) => fromScaled(Number(v), 'price');
const rate = (v: unknown) => fromScaled(Number(v), 'rate');
const qty = (v: unknown) => fromScaled(Number(v), 'qty');
const stamp = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const idOrNull = (v: unknown) => (v == null ? null : Number(v));

const SELECT_ORDERS = `SELECT o.*, c.code AS customer_code, w.code AS warehouse_code
  FROM sales_orders o JOIN customers c ON c.id = o.customer_id JOIN warehouses w ON w.id = o.warehouse_id`;

/** Orders as the API answers them, with their lines, what each line holds and its progress, in the order of `ids`. */
export async function orderViews(db: Database, ids: number[], tx?: Transaction): Promise<SalesOrderView[]> {
  if (!ids.length) return [];
  const headers = await selectRows<Record<string, unknown>>(db, `${SELECT_ORDERS} WHERE o.id IN (:ids)`, { ids }, tx);
  const lines = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.*, i.sku, r.reserved FROM sales_order_lines l JOIN items i ON i.id = l.item_id
       LEFT JOIN (SELECT doc_id, line, SUM(qty) AS reserved FROM stock_reservations WHERE doc_type = 'SO' AND doc_id IN (:ids) GROUP BY doc_id, line) r
         ON r.doc_id = l.order_id AND r.line = l.line
      WHERE l.order_id IN (:ids) ORDER BY l.order_id, l.line`,
    { ids },
    tx,
  );
  const byId = new Map(headers.map((h) => [Number(h.id), h]));
  const linesOf = new Map<number, SalesOrderLineView[]>();
  for (const l of lines) linesOf.set(Number(l.order_id), [...(linesOf.get(Number(l.order_id)) ?? []), lineView(l)]);
  return ids.map((id) => {
    const h = byId.get(id)!;
    return {
      id,
      number: String(h.number),
      status: h.status as SalesOrderStatus,
      customerId: Number(h.customer_id),
      customerCode: String(h.customer_code),
      warehouseId: Number(h.warehouse_id),
      warehouseCode: String(h.warehouse_code),
      date: String(h.date),
      requestedDate: (h.requested_date as string | null) ?? null,
      currency: String(h.currency),
      rate: rate(h.rate),
      pricesIncludeTax: Boolean(h.prices_include_tax),
      subtotal: money(h.subtotal),
      tax: money(h.tax),
      total: money(h.total),
      baseSubtotal: money(h.base_subtotal),
      baseTax: money(h.base_tax),
      baseTotal: money(h.base_total),
      note: (h.note as string | null) ?? null,
      salespersonId: idOrNull(h.salesperson_id),
      approvedBy: idOrNull(h.approved_by),
      approvedAt: stamp(h.approved_at),
      creditOverrideBy: idOrNull(h.credit_override_by),
      closedAt: stamp(h.closed_at),
      version: Number(h.version),
      warnings: [],
      lines: linesOf.get(id) ?? [],
    };
  });
}

function lineView(l: Record<string, unknown>): SalesOrderLineView {
  const progress = { qty: Number(l.qty), delivered: Number(l.shipped), returned: Number(l.returned), invoiced: Number(l.invoiced) };
  return {
    id: Number(l.id),
    line: Number(l.line),
    itemId: Number(l.item_id),
    sku: String(l.sku),
    qty: qty(l.qty),
    unitPrice: price(l.unit_price),
    discount: rate(l.discount),
    taxRate: rate(l.tax_rate),
    amount: money(l.amount),
    tax: money(l.tax),
    baseAmount: money(l.base_amount),
    baseTax: money(l.base_tax),
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
