import { DataTypes, QueryInterface, QueryTypes, Sequelize } from 'sequelize';

/** Master data whose rows carry a version (server/platform/versions.ts). */
const VERSIONED = ['items', 'warehouses', 'suppliers', 'customers', 'users', 'roles'];

/**
 * SQLite cannot change a column's NOT NULL in place, so the table is rebuilt
 * the way SQLite documents (https://sqlite.org/lang_altertable.html, "other
 * kinds of table schema changes"): with foreign keys off, so that dropping the
 * old table neither cascades into the rows that reference it nor is refused,
 * and with the references checked before COMMIT. Sequelize's own changeColumn
 * drops the table with foreign keys on, which would delete every user's roles
 * and tokens. Foreign keys cannot be switched off inside a transaction, so this
 * runs on the connection's autocommit state and opens its own.
 */
async function rebuildSqliteTable(s: Sequelize, table: string, rewrite: (createSql: string) => string): Promise<void> {
  const select = <T extends object>(sql: string) => s.query<T>(sql, { type: QueryTypes.SELECT, replacements: { table } });
  const [current] = await select<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :table");
  const created = rewrite(current!.sql);
  if (created === current!.sql) throw new Error(`migration 0004: the definition of ${table} is not the one expected: ${current!.sql}`);
  const indexes = await select<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table AND sql IS NOT NULL");
  const rebuilt = `${table}_rebuilt`;
  await s.query('PRAGMA foreign_keys = OFF');
  try {
    const [fk] = await select<{ foreign_keys: number }>('PRAGMA foreign_keys');
    if (Number(fk!.foreign_keys) !== 0) throw new Error('migration 0004 must run outside a transaction: foreign keys could not be switched off');
    await s.query('BEGIN IMMEDIATE');
    try {
      await s.query(created.replace(/^CREATE TABLE [`"]?\w+[`"]?/, `CREATE TABLE \`${rebuilt}\``));
      await s.query(`INSERT INTO \`${rebuilt}\` SELECT * FROM \`${table}\``);
      await s.query(`DROP TABLE \`${table}\``);
      await s.query(`ALTER TABLE \`${rebuilt}\` RENAME TO \`${table}\``);
      for (const index of indexes) await s.query(index.sql);
      const broken = await select<object>('PRAGMA foreign_key_check');
      if (broken.length) throw new Error(`migration 0004: rebuilding ${table} broke ${broken.length} reference(s)`);
      await s.query('COMMIT');
    } catch (err) {
      await s.query('ROLLBACK');
      throw err;
    }
  } finally {
    await s.query('PRAGMA foreign_keys = ON');
  }
}

async function setApprovalLimitNullable(qi: QueryInterface, nullable: boolean): Promise<void> {
  const s = qi.sequelize;
  if (s.getDialect() === 'postgres') {
    await s.query(`ALTER TABLE users ALTER COLUMN approval_limit ${nullable ? 'DROP' : 'SET'} NOT NULL`);
    return;
  }
  const column = /(`approval_limit` BIGINT)( NOT NULL)?/;
  await rebuildSqliteTable(s, 'users', (sql) => sql.replace(column, (_m, def: string) => (nullable ? def : `${def} NOT NULL`)));
}

export async function up(qi: QueryInterface): Promise<void> {
  for (const table of VERSIONED) {
    await qi.addColumn(table, 'version', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 });
  }
  // approvalLimit: null = no limit, 0 = may not approve. Admins had 0 only because null was not possible.
  await setApprovalLimitNullable(qi, true);
  await qi.sequelize.query(
    "UPDATE users SET approval_limit = NULL WHERE id IN (SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = 'admin')",
  );
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('UPDATE users SET approval_limit = 0 WHERE approval_limit IS NULL');
  await setApprovalLimitNullable(qi, false);
  // Plain DROP COLUMN (SQLite ≥ 3.35): Sequelize's removeColumn rebuilds the table with foreign keys on.
  for (const table of VERSIONED) await qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN version`);
}
