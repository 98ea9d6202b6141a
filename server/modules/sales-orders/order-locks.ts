import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';
import type { OrderStatus } from '../../documents/status';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

/**
 * A sales order and its lines as the shipments, returns and invoices use
 * cases read them, locked: every document of one order runs after the
 * other, so progress checks see what the others committed. The order's row
 * first, then its lines in id order — the order every use case of an order
 * takes them in. Quantities ×1000, prices ×10000, money in cents.
 */
export interface SalesOrderRow {
  id: number;
  number: string;
  status: OrderStatus;
  customerId: number;
  customerCode: string;
  warehouseId: number;
  currency: string;
  rate: number;
  pricesIncludeTax: boolean;
  salespersonId: number | null;
  /** Base cents, with tax. */
  baseTotal: number;
  version: number;
}

export interface SalesOrderLineRow {
  id: number;
  /** 0-based: the line its reservations are held under (holder SO / order id). */
  line: number;
  itemId: number;
  sku: string;
  batchTracked: boolean;
  qty: number;
  unitPrice: number;
  discount: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  shipped: number;
  returned: number;
  invoiced: number;
}

const n = (v: unknown) => Number(v);

export async function lockSalesOrder(db: Database, id: number, tx: Transaction): Promise<SalesOrderRow> {
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await selectOne<Record<string, unknown>>(
    db,
    `SELECT o.id, o.number, o.status, o.customer_id, (SELECT c.code FROM customers c WHERE c.id = o.customer_id) AS customer_code, o.warehouse_id, o.currency, o.rate,
            o.prices_include_tax, o.salesperson_id, o.base_total, o.version
       FROM sales_orders o WHERE o.id = :id${lock}`,
    { id },
    tx,
  );
  if (!r) throw notFound(msg('entity.sales-order', { id }));
  return salesOrderRowOf(r);
}

/** A sales order's row (its columns as stored, and `customer_code`) as the use cases hold it. */
export function salesOrderRowOf(r: Record<string, unknown>): SalesOrderRow {
  return {
    id: n(r.id),
    number: String(r.number),
    status: r.status as OrderStatus,
    customerId: n(r.customer_id),
    customerCode: String(r.customer_code),
    warehouseId: n(r.warehouse_id),
    currency: String(r.currency),
    rate: n(r.rate),
    pricesIncludeTax: Boolean(r.prices_include_tax),
    salespersonId: r.salesperson_id == null ? null : n(r.salesperson_id),
    baseTotal: n(r.base_total),
    version: n(r.version),
  };
}

export async function lockSalesOrderLines(db: Database, orderId: number, tx: Transaction): Promise<SalesOrderLineRow[]> {
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE OF l' : '';
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.*, i.sku, i.batch_tracked FROM sales_order_lines l JOIN items i ON i.id = l.item_id WHERE l.order_id = :orderId ORDER BY l.id${lock}`,
    { orderId },
    tx,
  );
  return rows.map((r) => ({
    id: n(r.id),
    line: n(r.line),
    itemId: n(r.item_id),
    sku: String(r.sku),
    batchTracked: Boolean(r.batch_tracked),
    qty: n(r.qty),
    unitPrice: n(r.unit_price),
    discount: n(r.discount),
    taxRate: n(r.tax_rate),
    amount: n(r.amount),
    tax: n(r.tax),
    baseAmount: n(r.base_amount),
    baseTax: n(r.base_tax),
    shipped: n(r.shipped),
    returned: n(r.returned),
    invoiced: n(r.invoiced),
  }));
}
