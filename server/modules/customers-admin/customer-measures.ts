import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';
import { divRound } from '../../ledgers/valuation';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { customerItemSalesSql } from './customer-sales-summary';

/*
 * What customer analysis measures, over a window of dates (both inclusive),
 * set-based: one grouped query per measure, for one customer or all at once.
 * - orders: sales orders dated in the window that were placed and stand —
 *   neither draft nor cancelled (approved, partial, done, closed);
 * - revenue: base amounts excluding tax of the invoices and credit notes
 *   (negative) dated in the window, cancelled ones left out; opening
 *   receivables are balances carried in, not sales, and do not count;
 * - top items: the same, item by item, from the maintained summary of what
 *   each customer bought per month (customer-sales-summary.ts) and, for the
 *   part-months at the window's edges, from sales_invoice_lines;
 * - days to pay: of the customer's invoices dated in the window, the days
 *   from each invoice's date to each receipt allocated to it (as of `to`,
 *   not undone), weighted by the base amount allocated. A credit note set
 *   against an invoice is not a payment and does not count, nor does what
 *   is still open.
 */

export interface Window {
  from: string | null;
  to: string;
}

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The window asked for: `to` today unless given, `from` open unless given; from after to → 422. */
export function windowOf(services: Services, query: { from?: string; to?: string }): Window {
  const to = query.to ?? services.calendar.today();
  const from = query.from ?? null;
  if (from !== null && from > to) throw invalid(msg('customer-analysis.window', { from, to }), [fieldError(['from'], msg('customer-analysis.window:field', { to }))]);
  return { from, to };
}

/** `column` within the window, as SQL, with its replacements named :from and :to. */
function inWindow(column: string, window: Window): string {
  return window.from === null ? `${column} <= :to` : `${column} BETWEEN :from AND :to`;
}

const STANDING_ORDER = "o.status NOT IN ('draft', 'cancelled')";
const REVENUE_DOCUMENT = "i.kind IN ('invoice', 'credit-note') AND i.status <> 'cancelled'";

export interface OrderMeasures {
  customerId: number;
  orders: number;
  firstOrderDate: string;
  lastOrderDate: string;
}

/** Per customer with at least one order in the window; one customer's or everyone's. */
export async function orderMeasures(db: Database, window: Window, customerId?: number): Promise<Map<number, OrderMeasures>> {
  const only = customerId === undefined ? '' : ' AND o.customer_id = :customerId';
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT o.customer_id, COUNT(*) AS n, MIN(o.date) AS first_date, MAX(o.date) AS last_date FROM sales_orders o
      WHERE ${inWindow('o.date', window)} AND ${STANDING_ORDER}${only} GROUP BY o.customer_id`,
    { ...window, customerId },
  );
  return new Map(rows.map((r) => [Number(r.customer_id), { customerId: Number(r.customer_id), orders: Number(r.n), firstOrderDate: String(r.first_date), lastOrderDate: String(r.last_date) }]));
}

/** Base cents per customer with invoices or credit notes in the window. */
export async function revenueByCustomer(db: Database, window: Window, customerId?: number): Promise<Map<number, number>> {
  const only = customerId === undefined ? '' : ' AND i.customer_id = :customerId';
  const rows = await selectRows<{ customer_id: number; revenue: number | string }>(
    db,
    `SELECT i.customer_id, SUM(i.base_subtotal) AS revenue FROM sales_invoices i
      WHERE ${inWindow('i.date', window)} AND ${REVENUE_DOCUMENT}${only} GROUP BY i.customer_id`,
    { ...window, customerId },
  );
  return new Map(rows.map((r) => [Number(r.customer_id), Number(r.revenue)]));
}

export interface TopItem {
  itemId: number;
  sku: string;
  name: string;
  /** ×1000, net of credit notes. */
  qty: number;
  /** Base cents, net of credit notes. */
  revenue: number;
}

/** The customer's items by revenue in the window, largest first (then by item id), at most `limit`. */
export async function topItems(db: Database, window: Window, customerId: number, limit = 10): Promise<TopItem[]> {
  const sales = customerItemSalesSql(window);
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT t.item_id, t.qty, t.revenue, it.sku, it.name FROM (
        SELECT s.item_id, s.qty, s.revenue FROM (${sales.sql}) s WHERE s.lines > 0 ORDER BY s.revenue DESC, s.item_id LIMIT :limit) t
      JOIN items it ON it.id = t.item_id ORDER BY t.revenue DESC, t.item_id`,
    { ...sales.replacements, customerId, limit },
  );
  return rows.map((r) => ({ itemId: Number(r.item_id), sku: String(r.sku), name: String(r.name), qty: Number(r.qty), revenue: Number(r.revenue) }));
}

/** Amount-weighted mean days from invoice to receipt, 2 decimals half-up; null when nothing of the window's invoices was paid. */
export async function averageDaysToPay(db: Database, window: Window, customerId: number): Promise<number | null> {
  const days = db.dialect === 'postgres' ? 'CAST(a.date AS date) - CAST(oi.date AS date)' : 'CAST(ROUND(julianday(a.date) - julianday(oi.date)) AS INTEGER)';
  const row = await selectOne<{ weighted: number | string | null; amount: number | string | null }>(
    db,
    `SELECT SUM(a.invoice_base * (${days})) AS weighted, SUM(a.invoice_base) AS amount
       FROM sales_invoices i
       JOIN open_items oi ON oi.doc_type = 'SI' AND oi.doc_id = i.id AND oi.kind = 'invoice'
       JOIN open_item_allocations a ON a.invoice_item_id = oi.id AND a.reversed_on IS NULL AND a.date <= :to
       JOIN open_items p ON p.id = a.payment_item_id AND p.kind = 'receipt'
      WHERE i.customer_id = :customerId AND i.kind = 'invoice' AND ${inWindow('i.date', window)}`,
    { ...window, customerId },
  );
  const amount = BigInt(row?.amount ?? 0);
  if (amount === 0n) return null;
  return Number(divRound(BigInt(row!.weighted!) * 100n, amount)) / 100;
}
