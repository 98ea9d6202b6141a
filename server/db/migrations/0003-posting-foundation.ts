import { DataTypes, QueryInterface } from 'sequelize';

/**
 * What the posting foundation adds: accounting periods the gates consult,
 * reservations held by documents, and the link between a document and its
 * reversal.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('periods', {
    month: { type: DataTypes.STRING(7), primaryKey: true },
    status: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'open' },
    changed_at: { type: DataTypes.DATE },
    changed_by: { type: DataTypes.INTEGER },
  });
  // What each document line holds per balance; stock_balances.reserved is their sum, both written only by the stock gate.
  await qi.createTable('stock_reservations', {
    doc_type: { type: DataTypes.STRING(16), primaryKey: true },
    doc_id: { type: DataTypes.INTEGER, primaryKey: true },
    line: { type: DataTypes.INTEGER, primaryKey: true },
    item_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'items', key: 'id' } },
    warehouse_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'warehouses', key: 'id' } },
    batch_no: { type: DataTypes.STRING(64), primaryKey: true, defaultValue: '' },
    doc_number: { type: DataTypes.STRING(32), allowNull: false },
    qty: { type: DataTypes.BIGINT, allowNull: false },
  });
  await qi.addIndex('stock_reservations', ['item_id', 'warehouse_id', 'batch_no']);
  await qi.addColumn('stock_documents', 'reversal_of', { type: DataTypes.INTEGER, allowNull: true, references: { model: 'stock_documents', key: 'id' } });
  await qi.addColumn('stock_documents', 'reversed_by', { type: DataTypes.INTEGER, allowNull: true, references: { model: 'stock_documents', key: 'id' } });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeColumn('stock_documents', 'reversed_by');
  await qi.removeColumn('stock_documents', 'reversal_of');
  await qi.dropTable('stock_reservations');
  await qi.dropTable('periods');
}
