import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';

/** A customer's credit in base-currency cents (API.md `GET /customers/:id/credit`); no limit = no check. */
export interface CustomerCredit {
  creditLimit: number | null;
  /** Σ open base of its receivables: invoices less credit notes and unallocated receipts. */
  openReceivables: number;
  /** What its approved orders will still invoice. */
  openOrders: number;
  used: number;
  /** creditLimit − used (below zero when the limit was lowered below use); null without a limit. */
  available: number | null;
}

/**
 * One line's uninvoiced quantity (thousandths): on an open order, whatever
 * of the larger of ordered and kept (shipped − returned) is not invoiced yet;
 * on a closed one only what was kept and not invoiced (a short close gives up
 * the rest). Valued at the line's gross base amount pro rata, rounded half up
 * per line; a whole line is taken as it is (no product to overflow).
 */
const KEPT = '(l.shipped - l.returned)';
const OPEN_QTY = `CASE WHEN l.qty > ${KEPT} THEN l.qty ELSE ${KEPT} END - l.invoiced`;
const UNINVOICED = `CASE WHEN o.status = 'closed' THEN ${KEPT} - l.invoiced ELSE ${OPEN_QTY} END`;
const VALUE = `CASE WHEN u.open_qty = u.qty THEN u.gross ELSE (2 * u.gross * u.open_qty + u.qty) / (2 * u.qty) END`;

/**
 * The customer's credit now, in one statement of two indexed aggregates: its open items, and
 * the lines of its orders that are approved, partial, done or closed (the
 * one being approved left out by `excludeOrderId`). Run under the customer's
 * lock (`lockCustomer`) when it decides an approval.
 */
export async function customerCredit(db: Database, customerId: number, tx?: Transaction, options: { excludeOrderId?: number } = {}): Promise<CustomerCredit> {
  const row = await selectOne<{ credit_limit: number | string | null; receivables: number | string | null; orders: number | string | null }>(
    db,
    `SELECT c.credit_limit,
            (SELECT SUM(open_base) FROM open_items WHERE partner_type = 'customer' AND partner_id = c.id) AS receivables,
            (SELECT SUM(${VALUE}) FROM (
               SELECT l.qty, l.base_amount + l.base_tax AS gross, ${UNINVOICED} AS open_qty
                 FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id
                WHERE o.customer_id = :customerId AND o.status IN ('approved', 'partial', 'done', 'closed') AND o.id <> :exclude
             ) u WHERE u.open_qty > 0 AND u.qty > 0) AS orders
       FROM customers c WHERE c.id = :customerId`,
    { customerId, exclude: options.excludeOrderId ?? 0 },
    tx,
  );
  const creditLimit = row?.credit_limit == null ? null : Number(row.credit_limit);
  const openReceivables = Number(row?.receivables ?? 0);
  const openOrders = Number(row?.orders ?? 0);
  const used = openReceivables + openOrders;
  return { creditLimit, openReceivables, openOrders, used, available: creditLimit === null ? null : creditLimit - used };
}

/**
 * Locks the customer's row (PostgreSQL) so approvals for one customer decide
 * one after another; SQLite's single writer already does. Lock order: stock
 * balances first (the reservation), then the customer.
 */
export async function lockCustomer(db: Database, customerId: number, tx: Transaction): Promise<void> {
  if (db.dialect === 'postgres') await selectRows(db, 'SELECT id FROM customers WHERE id = :customerId FOR UPDATE', { customerId }, tx);
}
