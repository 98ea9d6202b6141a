import { DataTypes, QueryInterface } from 'sequelize';

/**
 * A credit note's line names the invoice line it credits: returned goods
 * are credited at that line's price and tax, each of its amounts in
 * proportion to the quantity, so what the credit notes of an invoice line
 * took decides what the next one takes, and crediting all of it credits
 * exactly what was invoiced.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.addColumn('sales_invoice_lines', 'credits_line_id', { type: DataTypes.INTEGER, allowNull: true, references: { model: 'sales_invoice_lines', key: 'id' } });
  await qi.addIndex('sales_invoice_lines', ['credits_line_id']);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeIndex('sales_invoice_lines', ['credits_line_id']);
  await qi.removeColumn('sales_invoice_lines', 'credits_line_id');
}
