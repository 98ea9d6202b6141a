import { DataTypes, QueryInterface } from 'sequelize';

const big = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });

/** The summary of the lines already there (also how bench/behaviour.ts fills it after seeding lines straight into the table). */
export const FILL = `INSERT INTO sales_customer_item_months (customer_id, month, item_id, lines, qty, base_amount, base_cost)
  SELECT l.customer_id, SUBSTR(l.date, 1, 7), l.item_id, COUNT(*), SUM(l.qty), SUM(l.base_amount), SUM(l.base_cost)
    FROM sales_invoice_lines l JOIN sales_invoices i ON i.id = l.invoice_id
   WHERE i.status <> 'cancelled' AND l.item_id IS NOT NULL
   GROUP BY l.customer_id, SUBSTR(l.date, 1, 7), l.item_id`;

/**
 * What each customer bought of each item per month, maintained with the
 * invoice lines it sums (server/modules/customers-admin/customer-sales-summary.ts):
 * the sales lines of invoices and credit notes that stand (not cancelled),
 * so a customer's top items over a window read whole months here and only
 * the part-months at its edges from sales_invoice_lines. `lines` counts
 * them: an item bought and credited back to nothing still was bought.
 * An upgraded database starts from the lines it already holds.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('sales_customer_item_months', {
    customer_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'customers', key: 'id' } },
    month: { type: DataTypes.STRING(7), primaryKey: true },
    item_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'items', key: 'id' } },
    lines: big(),
    /** ×1000, net of credit notes. */
    qty: big(),
    /** Base cents excluding tax, net of credit notes. */
    base_amount: big(),
    base_cost: big(),
  });
  await qi.sequelize.query(FILL);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('sales_customer_item_months');
}
