import { DataTypes, QueryInterface } from 'sequelize';

export async function up(qi: QueryInterface): Promise<void> {
  // The audit log is append-only, so records written before this migration keep the unkeyed
  // SHA-256 digest they were chained with; HMAC starts at the next id. key_check binds that
  // boundary to the key (written on first start, when the key is known).
  await qi.addColumn('audit_head', 'hmac_from', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 1 });
  await qi.addColumn('audit_head', 'key_check', { type: DataTypes.STRING(64), allowNull: true });
  await qi.sequelize.query('UPDATE audit_head SET hmac_from = last_id + 1');

  // Sign-in attempts per username and per client address, shared by every server on the database.
  // Keys are HMACs (no usernames or addresses stored); times are epoch milliseconds.
  await qi.createTable('login_limits', {
    key: { type: DataTypes.STRING(64), primaryKey: true },
    points: { type: DataTypes.INTEGER, allowNull: false },
    expires_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await qi.addIndex('login_limits', ['expires_at']);

  await qi.addIndex('idempotency_keys', ['created_at']);
  await qi.addIndex('auth_tokens', ['expires_at']);
  // Old fingerprints were plain SHA-256 of bodies that may hold passwords. They cannot be turned
  // into HMACs, so they are overwritten: a late retry of such a request gets 422, never a second document.
  await qi.sequelize.query("UPDATE idempotency_keys SET request_hash = 'superseded'");
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeIndex('auth_tokens', ['expires_at']);
  await qi.removeIndex('idempotency_keys', ['created_at']);
  await qi.dropTable('login_limits');
  await qi.removeColumn('audit_head', 'key_check');
  await qi.removeColumn('audit_head', 'hmac_from');
}
