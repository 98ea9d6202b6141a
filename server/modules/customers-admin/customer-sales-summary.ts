import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { execute } from '../../db/sql';
import { monthOf } from '../../platform/periods';
import { lastDayOf } from '../periods/period-rows';

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

/** Dates both inclusive; `from` null for the beginning. */
export interface SalesWindow {
  from: string | null;
  to: string;
}

/** What to read for a window: the summary's months from `first` (null: from the beginning) to `last`, and lines of part-months, added or taken away. */
interface WindowParts {
  months: { first: string | null; last: string } | null;
  lines: Array<{ from: string; to: string; sign: 1 | -1 }>;
}

const DAY_MS = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysIn = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
const firstDayOf = (date: string) => `${monthOf(date)}-01`;
const nextMonth = (month: string) => monthOf(shift(lastDayOf(month), 1));
const previousMonth = (month: string) => monthOf(shift(`${month}-01`, -1));

/**
 * A window as whole months and edges. An edge that cuts a month reads the
 * shorter part of it from the lines: the days inside the window added, or
 * the month read whole and the days outside taken away — as
 * GET /finance/account-balances does with account balances.
 */
export function windowParts({ from, to }: SalesWindow): WindowParts {
  const end = lastDayOf(monthOf(to));
  if (from !== null && monthOf(from) === monthOf(to)) {
    const start = firstDayOf(from);
    if (daysIn(from, to) <= daysIn(start, end) - daysIn(from, to)) return { months: null, lines: [{ from, to, sign: 1 }] };
    const outside = [
      { from: start, to: shift(from, -1), sign: -1 as const },
      { from: shift(to, 1), to: end, sign: -1 as const },
    ];
    return { months: { first: monthOf(to), last: monthOf(to) }, lines: outside.filter((l) => l.from <= l.to) };
  }
  let first = from === null ? null : monthOf(from);
  let last = monthOf(to);
  const lines: WindowParts['lines'] = [];
  if (from !== null && from !== firstDayOf(from)) {
    const monthEnd = lastDayOf(monthOf(from));
    if (daysIn(from, monthEnd) <= daysIn(firstDayOf(from), monthEnd) / 2) {
      lines.push({ from, to: monthEnd, sign: 1 });
      first = nextMonth(monthOf(from));
    } else lines.push({ from: firstDayOf(from), to: shift(from, -1), sign: -1 });
  }
  if (to !== end) {
    if (daysIn(firstDayOf(to), to) <= daysIn(firstDayOf(to), end) / 2) {
      lines.push({ from: firstDayOf(to), to, sign: 1 });
      last = previousMonth(monthOf(to));
    } else lines.push({ from: shift(to, 1), to: end, sign: -1 });
  }
  return { months: first !== null && first > last ? null : { first, last }, lines };
}

/**
 * A customer's sales per item over a window, as SQL with the replacements
 * it names (:customerId among them): item_id, lines, qty, revenue (base
 * cents) — the sums of its lines dated in the window of invoices
 * and credit notes that stand. Whole months come from the summary, the
 * edges' part-months from sales_invoice_lines through its (customer_id,
 * date, item_id) index. An item with lines > 0 was sold in the window.
 */
export function customerItemSalesSql(window: SalesWindow): { sql: string; replacements: Record<string, unknown> } {
  const { months, lines } = windowParts(window);
  const replacements: Record<string, unknown> = {};
  const parts: string[] = [];
  if (months) {
    const first = months.first === null ? '' : ' AND s.month >= :firstMonth';
    Object.assign(replacements, { firstMonth: months.first, lastMonth: months.last });
    parts.push(`SELECT s.item_id, s.lines, s.qty, s.base_amount AS revenue FROM sales_customer_item_months s
                 WHERE s.customer_id = :customerId${first} AND s.month <= :lastMonth`);
  }
  lines.forEach((part, k) => {
    Object.assign(replacements, { [`from${k}`]: part.from, [`to${k}`]: part.to });
    const signed = (sum: string) => (part.sign === 1 ? sum : `-${sum}`);
    parts.push(`SELECT l.item_id, ${signed('COUNT(*)')} AS lines, ${signed('SUM(l.qty)')} AS qty, ${signed('SUM(l.base_amount)')} AS revenue
                  FROM sales_invoice_lines l
                 WHERE l.customer_id = :customerId AND l.date BETWEEN :from${k} AND :to${k} AND l.item_id IS NOT NULL
                   AND l.invoice_id NOT IN (SELECT i.id FROM sales_invoices i WHERE i.customer_id = :customerId AND i.status = 'cancelled')
                 GROUP BY l.item_id`);
  });
  const sql = `SELECT p.item_id, SUM(p.lines) AS lines, SUM(p.qty) AS qty, SUM(p.revenue) AS revenue
                 FROM (${parts.join(' UNION ALL ')}) p GROUP BY p.item_id`;
  return { sql, replacements };
}
