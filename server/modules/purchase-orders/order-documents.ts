import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { PurchaseOrderView, PurchaseOrderWarning } from '../../../contract/purchase-orders';
import type { Database } from '../../db/database';
import { execute, executeLiteral, selectOne, selectRows } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { OrderStatus, stillToDeliver, stillToInvoice } from '../../documents/status';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { PricedOrder, PricedOrderLine } from './price-order';

export interface OrderHeader {
  supplierId: number;
  warehouseId: number;
  date: string;
  expectedDate: string | null;
  note: string | null;
}

/** A stored order's header as the use cases need it. */
export interface OrderRow {
  id: number;
  status: OrderStatus;
  warehouseId: number;
  supplierId: number;
  baseTotal: number;
  version: number;
}

/** An order's pricing as its header stores it (purchase and sales orders alike). */
export const pricedColumns = (priced: Omit<PricedOrder, 'lines'>) => ({
  prices_include_tax: priced.pricesIncludeTax,
  currency: priced.currency,
  rate: priced.rate,
  subtotal: priced.subtotal,
  tax: priced.tax,
  total: priced.total,
  base_subtotal: priced.baseSubtotal,
  base_tax: priced.baseTax,
  base_total: priced.baseTotal,
});

const headerColumns = (header: OrderHeader, priced: PricedOrder) => ({
  supplier_id: header.supplierId,
  warehouse_id: header.warehouseId,
  date: header.date,
  expected_date: header.expectedDate,
  ...pricedColumns(priced),
  note: header.note,
});

/** Numbers and stores a new draft header (the number's row is hot, so this comes last), then its lines. */
export async function insertDraft(
  db: Database,
  tx: Transaction,
  doc: { table: 'purchase_orders' | 'sales_orders'; prefix: 'PO' | 'SO'; date: string; userId: number; now: Date },
  columns: Record<string, unknown>,
  storeLines: (orderId: number) => Promise<void>,
): Promise<number> {
  const { id } = await insertNumbered(db, tx, doc.table, doc.prefix, doc.date, { status: 'draft', ...columns, version: 1, user_id: doc.userId, created_at: doc.now, updated_at: doc.now });
  await storeLines(id);
  return id;
}

/** Rewrites a draft's header and lines (a draft's lines are referenced by nothing yet), moving it to its next version. */
export async function replaceDraft(
  db: Database,
  tx: Transaction,
  doc: { table: 'purchase_orders' | 'sales_orders'; linesTable: string; id: number; now: Date },
  columns: Record<string, unknown>,
  storeLines: (orderId: number) => Promise<void>,
): Promise<void> {
  const sets = Object.keys(columns).map((c) => `${c} = :${c}`).join(', ');
  await execute(db, `UPDATE ${doc.table} SET ${sets}, version = version + 1, updated_at = :now WHERE id = :id`, { ...columns, now: doc.now, id: doc.id }, tx);
  await execute(db, `DELETE FROM ${doc.linesTable} WHERE order_id = :id`, { id: doc.id }, tx);
  await storeLines(doc.id);
}

export async function storeDraft(db: Database, header: OrderHeader, priced: PricedOrder, userId: number, now: Date, tx: Transaction): Promise<number> {
  return insertDraft(db, tx, { table: 'purchase_orders', prefix: 'PO', date: header.date, userId, now }, headerColumns(header, priced), (id) => storeLines(db, id, priced.lines, tx));
}

export async function rewriteDraft(db: Database, id: number, header: OrderHeader, priced: PricedOrder, now: Date, tx: Transaction): Promise<void> {
  await replaceDraft(db, tx, { table: 'purchase_orders', linesTable: 'purchase_order_lines', id, now }, headerColumns(header, priced), (orderId) => storeLines(db, orderId, priced.lines, tx));
}

async function storeLines(db: Database, orderId: number, lines: PricedOrderLine[], tx: Transaction): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    const values = lines.slice(i, i + 500).map(
      (l) =>
        `(${orderId}, ${l.line}, ${l.itemId}, ${l.qty}, ${l.unitPrice}, ${l.discount}, ${l.taxRate}, ${l.amount}, ${l.tax}, ${l.baseAmount}, ${l.baseTax}, ${l.baseUnitCost}, ${l.contractPrice ?? 'NULL'}, 0, 0, 0)`,
    );
    await executeLiteral(
      db,
      `INSERT INTO purchase_order_lines (order_id, line, item_id, qty, unit_price, discount, tax_rate, amount, tax, base_amount, base_tax, base_unit_cost, contract_price, received, returned, invoiced) VALUES ${values.join(',')}`,
      tx,
    );
  }
}

/** The order's header, locked against concurrent changes on PostgreSQL; 404 when there is none. */
export async function findOrder(db: Database, id: number, tx: Transaction): Promise<OrderRow> {
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await selectOne<Record<string, unknown>>(db, `SELECT id, status, warehouse_id, supplier_id, base_total, version FROM purchase_orders WHERE id = :id${lock}`, { id }, tx);
  if (!row) throw notFound(msg('entity.purchase-order', { id }));
  return { id: Number(row.id), status: row.status as OrderStatus, warehouseId: Number(row.warehouse_id), supplierId: Number(row.supplier_id), baseTotal: Number(row.base_total), version: Number(row.version) };
}

/** Stored values as an order's view shows them. */
export const money = (v: unknown) => fromScaled(Number(v), 'money');
export const price = (v: unknown) => fromScaled(Number(v), 'price');
export const rate = (v: unknown) => fromScaled(Number(v), 'rate');
export const qty = (v: unknown) => fromScaled(Number(v), 'qty');
export const stamp = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

/** What an order's header shows of its pricing (purchase and sales orders alike). */
export const pricedHeaderView = (h: Record<string, unknown>) => ({
  currency: String(h.currency),
  rate: rate(h.rate),
  pricesIncludeTax: Boolean(h.prices_include_tax),
  subtotal: money(h.subtotal),
  tax: money(h.tax),
  total: money(h.total),
  baseSubtotal: money(h.base_subtotal),
  baseTax: money(h.base_tax),
  baseTotal: money(h.base_total),
});

/** What an order line shows of its item and pricing (purchase and sales orders alike). */
export const pricedLineView = (l: Record<string, unknown>) => ({
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
});

const SELECT_ORDERS = `SELECT o.*, s.code AS supplier_code, w.code AS warehouse_code
  FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id JOIN warehouses w ON w.id = o.warehouse_id`;

/** Orders as the API answers them, with their lines and progress, in the order of `ids`. */
export async function orderViews(db: Database, ids: number[], tx?: Transaction): Promise<PurchaseOrderView[]> {
  if (!ids.length) return [];
  const headers = await selectRows<Record<string, unknown>>(db, `${SELECT_ORDERS} WHERE o.id IN (:ids)`, { ids }, tx);
  const lines = await selectRows<Record<string, unknown>>(
    db,
    'SELECT l.*, i.sku FROM purchase_order_lines l JOIN items i ON i.id = l.item_id WHERE l.order_id IN (:ids) ORDER BY l.order_id, l.line',
    { ids },
    tx,
  );
  const byId = new Map(headers.map((h) => [Number(h.id), h]));
  return ids.filter((id) => byId.has(id)).map((id) => {
    const h = byId.get(id)!;
    const own = lines.filter((l) => Number(l.order_id) === id).map(lineView);
    return {
      id,
      number: String(h.number),
      status: h.status as OrderStatus,
      supplierId: Number(h.supplier_id),
      supplierCode: String(h.supplier_code),
      warehouseId: Number(h.warehouse_id),
      warehouseCode: String(h.warehouse_code),
      date: String(h.date),
      expectedDate: (h.expected_date as string | null) ?? null,
      ...pricedHeaderView(h),
      note: (h.note as string | null) ?? null,
      approvedBy: h.approved_by == null ? null : Number(h.approved_by),
      approvedAt: stamp(h.approved_at),
      closedAt: stamp(h.closed_at),
      version: Number(h.version),
      warnings: warningsOf(own),
      lines: own,
    };
  });
}

function lineView(l: Record<string, unknown>) {
  const progress = { qty: Number(l.qty), delivered: Number(l.received), returned: Number(l.returned), invoiced: Number(l.invoiced) };
  return {
    ...pricedLineView(l),
    baseUnitCost: price(l.base_unit_cost),
    contractPrice: l.contract_price == null ? null : price(l.contract_price),
    received: qty(l.received),
    returned: qty(l.returned),
    invoiced: qty(l.invoiced),
    toReceive: qty(stillToDeliver(progress)),
    toInvoice: qty(stillToInvoice(progress)),
  };
}

/** Kept with the lines (their contract price), so every answer about the order names them, not only the first. */
function warningsOf(lines: ReturnType<typeof lineView>[]): PurchaseOrderWarning[] {
  return lines.flatMap((l, row) =>
    l.contractPrice !== null && l.unitPrice > l.contractPrice
      ? [{ code: 'purchase-order.above-contract' as const, path: `lines[${row}].unitPrice`, row, unitPrice: l.unitPrice, contractPrice: l.contractPrice }]
      : [],
  );
}

/** One page of orders, newest first. */
export async function selectOrderIds(db: Database, where: string[], replacements: Record<string, unknown>, page: { limit: number; offset: number }): Promise<{ ids: number[]; total: number }> {
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await selectRows<{ id: number }>(db, `${SELECT_ORDERS} ${clause} ORDER BY o.date DESC, o.id DESC LIMIT :limit OFFSET :offset`, { ...replacements, ...page });
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id ${clause}`, replacements);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count!.n) };
}
