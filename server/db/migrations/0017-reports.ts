import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Saved custom reports (API.md `/report-definitions`): a name, the spec as
 * JSON (checked again by the compiler whenever it runs, so a definition saved
 * before a field was renamed fails with a 422 naming it), private to its
 * owner or shared with everyone who may run custom reports; versioned like
 * master data.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('report_definitions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    spec: { type: DataTypes.TEXT, allowNull: false },
    shared: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    owner_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' } },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('report_definitions', ['owner_id']);
  await qi.addIndex('report_definitions', ['shared']);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('report_definitions');
}
