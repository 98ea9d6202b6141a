import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Cash documents keep their lines (a cash entry's accounts, amounts and tax
 * rates, as the sheet and GET /cash-entries/:id show them) and, for a
 * transfer, the rate the receiving account was booked at.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('cash_entry_lines', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    document_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'cash_documents', key: 'id' } },
    line: { type: DataTypes.INTEGER, allowNull: false },
    account_code: { type: DataTypes.STRING(16), allowNull: false, references: { model: 'accounts', key: 'code' } },
    // Cents in the document's currency, net of tax; tax rate ×1,000,000.
    amount: { type: DataTypes.BIGINT, allowNull: false },
    tax_rate: { type: DataTypes.BIGINT, allowNull: false },
    tax: { type: DataTypes.BIGINT, allowNull: false },
    base_amount: { type: DataTypes.BIGINT, allowNull: false },
    base_tax: { type: DataTypes.BIGINT, allowNull: false },
    memo: { type: DataTypes.STRING(500) },
  });
  await qi.addIndex('cash_entry_lines', ['document_id', 'line'], { unique: true });
  await qi.addColumn('cash_documents', 'to_rate', { type: DataTypes.BIGINT, allowNull: true });
  await qi.addIndex('cash_documents', ['doc_type', 'date']);
  await qi.addIndex('cash_documents', ['cash_account_id', 'date']);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeIndex('cash_documents', ['cash_account_id', 'date']);
  await qi.removeIndex('cash_documents', ['doc_type', 'date']);
  await qi.removeColumn('cash_documents', 'to_rate');
  await qi.dropTable('cash_entry_lines');
}
