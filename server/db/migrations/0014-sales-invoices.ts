import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Which shipment lines each sales invoice line billed, and how much of each
 * (an order line's quantity may span several shipments): what a cancelled
 * invoice gives back to exactly those lines, and what a return of invoiced
 * goods can find its invoice by. Quantities ×1000, cost in base cents; a
 * credit note's portions are negative.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('sales_invoice_portions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    invoice_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'sales_invoices', key: 'id' } },
    /** The invoice line's `line`. */
    line: { type: DataTypes.INTEGER, allowNull: false },
    shipment_line_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'shipment_lines', key: 'id' } },
    qty: { type: DataTypes.BIGINT, allowNull: false },
    base_cost: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('sales_invoice_portions', ['invoice_id']);
  await qi.addIndex('sales_invoice_portions', ['shipment_line_id']);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('sales_invoice_portions');
}
