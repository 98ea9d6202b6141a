import { DataTypes, QueryInterface } from 'sequelize';

const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };

export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('warehouses', {
    id,
    code: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    address: { type: DataTypes.STRING(300) },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.createTable('users', {
    id,
    username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    display_name: { type: DataTypes.STRING(100), allowNull: false },
    password_hash: { type: DataTypes.STRING(100), allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    all_warehouses: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    approval_limit: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await qi.createTable('roles', {
    id,
    name: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    description: { type: DataTypes.STRING(200) },
    permissions: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
    built_in: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });
  await qi.createTable('role_inherits', {
    role_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'roles', key: 'id' }, onDelete: 'CASCADE' },
    parent_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'roles', key: 'id' }, onDelete: 'RESTRICT' },
  });
  await qi.createTable('user_roles', {
    user_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
    role_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'roles', key: 'id' }, onDelete: 'RESTRICT' },
  });
  await qi.createTable('user_warehouses', {
    user_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
    warehouse_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'warehouses', key: 'id' }, onDelete: 'RESTRICT' },
  });
  await qi.createTable('auth_tokens', {
    id,
    user_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    expires_at: { type: DataTypes.DATE, allowNull: false },
    revoked_at: { type: DataTypes.DATE },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('audit_log', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    at: { type: DataTypes.DATE, allowNull: false },
    user_id: { type: DataTypes.INTEGER },
    username: { type: DataTypes.STRING(64) },
    action: { type: DataTypes.STRING(64), allowNull: false },
    entity: { type: DataTypes.STRING(64), allowNull: false },
    entity_id: { type: DataTypes.STRING(64) },
    ok: { type: DataTypes.BOOLEAN, allowNull: false },
    detail: { type: DataTypes.TEXT, allowNull: false },
    ip: { type: DataTypes.STRING(64) },
    prev_hash: { type: DataTypes.STRING(64), allowNull: false },
    hash: { type: DataTypes.STRING(64), allowNull: false },
  });
  await qi.addIndex('audit_log', ['at']);
  await qi.addIndex('audit_log', ['user_id', 'at']);
  await qi.addIndex('audit_log', ['entity', 'at']);
  // One row holding the chain's head; locking it serializes appends across connections.
  await qi.createTable('audit_head', {
    id: { type: DataTypes.INTEGER, primaryKey: true },
    last_id: { type: DataTypes.BIGINT, allowNull: false },
    last_hash: { type: DataTypes.STRING(64), allowNull: false },
  });
  await qi.bulkInsert('audit_head', [{ id: 1, last_id: 0, last_hash: '0'.repeat(64) }]);
  await qi.createTable('idempotency_keys', {
    user_id: { type: DataTypes.INTEGER, primaryKey: true },
    key: { type: DataTypes.STRING(200), primaryKey: true },
    request_hash: { type: DataTypes.STRING(64), allowNull: false },
    status: { type: DataTypes.INTEGER, allowNull: false },
    response: { type: DataTypes.TEXT, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('doc_sequences', {
    doc_type: { type: DataTypes.STRING(16), primaryKey: true },
    year: { type: DataTypes.INTEGER, primaryKey: true },
    last: { type: DataTypes.INTEGER, allowNull: false },
  });
}

export async function down(qi: QueryInterface): Promise<void> {
  for (const table of ['doc_sequences', 'idempotency_keys', 'audit_head', 'audit_log', 'auth_tokens', 'user_warehouses', 'user_roles', 'role_inherits', 'roles', 'users', 'warehouses']) {
    await qi.dropTable(table);
  }
}
