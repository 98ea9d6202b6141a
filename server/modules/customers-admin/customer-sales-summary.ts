import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { execute } from '../../db/sql';

/*
 * sales_customer_item_months (0016-customer-sales): per customer × month ×
 * item, the lines of the invoices and credit notes that stand, maintained in
 * the transaction that posts or cancels them, the way account balances
 * follow the journal. Verified against the lines by `customer-sales-summary`
 * (server/ledgers/verification.ts).
 */

/**
 * Adds an invoice's lines to the summary (`sign` −1 takes them out, when it
 * is cancelled): one grouped upsert, rows in key order so that two postings
 * of one customer lock them in the same order. A credit note is recorded
 * with +1, its lines being negative. Rows left with no lines are removed.
 */
export async function recordCustomerSales(db: Database, invoiceId: number, sign: 1 | -1, tx: Transaction): Promise<void> {
  const add = (column: string) => `${column} = sales_customer_item_months.${column} + excluded.${column}`;
  await execute(
    db,
    `INSERT INTO sales_customer_item_months (customer_id, month, item_id, lines, qty, base_amount, base_cost)
     SELECT l.customer_id, SUBSTR(l.date, 1, 7), l.item_id, :sign * COUNT(*), :sign * SUM(l.qty), :sign * SUM(l.base_amount), :sign * SUM(l.base_cost)
       FROM sales_invoice_lines l WHERE l.invoice_id = :invoiceId AND l.item_id IS NOT NULL
      GROUP BY l.customer_id, SUBSTR(l.date, 1, 7), l.item_id
      ORDER BY l.customer_id, SUBSTR(l.date, 1, 7), l.item_id
     ON CONFLICT (customer_id, month, item_id) DO UPDATE SET ${['lines', 'qty', 'base_amount', 'base_cost'].map(add).join(', ')}`,
    { invoiceId, sign },
    tx,
  );
  if (sign > 0) return;
  await execute(
    db,
    `DELETE FROM sales_customer_item_months WHERE lines = 0
        AND customer_id = (SELECT customer_id FROM sales_invoices WHERE id = :invoiceId)
        AND month IN (SELECT SUBSTR(date, 1, 7) FROM sales_invoice_lines WHERE invoice_id = :invoiceId)`,
    { invoiceId },
    tx,
  );
}
