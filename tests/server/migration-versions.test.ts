import { QueryTypes } from 'sequelize';
import { Database, openDatabase } from '../../server/db/database';
import { migrator } from '../../server/db/migrate';
import { createTestDatabase, TestDatabase } from '../support/databases';

/** Migration 0004 applied to a database that already holds users, roles and sessions (as one upgraded in the field). */
describe('Migration 0004: versions and nullable approval limits', () => {
  let database: TestDatabase;
  let db: Database;
  const rows = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const stamp = "'2024-01-01 00:00:00'";

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url);
    await migrator(db).up({ to: '0003-posting-foundation' });
    await db.sequelize.query(`INSERT INTO roles (name, permissions, built_in, created_at, updated_at) VALUES ('admin', '[]', true, ${stamp}, ${stamp}), ('sales', '[]', true, ${stamp}, ${stamp})`);
    await db.sequelize.query(
      `INSERT INTO users (username, display_name, password_hash, active, all_warehouses, approval_limit, created_at, updated_at)
       VALUES ('admin', 'Admin', 'x', true, true, 0, ${stamp}, ${stamp}), ('clerk', 'Clerk', 'x', true, true, 50000, ${stamp}, ${stamp}), ('nobody', 'Nobody', 'x', true, true, 0, ${stamp}, ${stamp})`,
    );
    await db.sequelize.query("INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r WHERE (u.username, r.name) IN (('admin', 'admin'), ('clerk', 'sales'))");
    await db.sequelize.query(`INSERT INTO auth_tokens (user_id, token_hash, expires_at, created_at) SELECT id, 'h-' || username, '2099-01-01 00:00:00', ${stamp} FROM users`);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  test('When 0004 runs, then admins get no limit, others keep theirs, every record is at version 1, and no role or session is lost', async () => {
    await migrator(db).up({ to: '0004-versions' });

    const users = await rows<{ username: string; approval_limit: number | null; version: number }>('SELECT username, approval_limit, version FROM users ORDER BY username');
    expect(users.map((u) => ({ ...u, approval_limit: u.approval_limit === null ? null : Number(u.approval_limit) }))).toEqual([
      { username: 'admin', approval_limit: null, version: 1 },
      { username: 'clerk', approval_limit: 50000, version: 1 },
      { username: 'nobody', approval_limit: 0, version: 1 },
    ]);
    expect(await rows('SELECT DISTINCT version FROM roles')).toEqual([{ version: 1 }]);
    expect(Number((await rows<{ n: number }>('SELECT count(*) AS n FROM user_roles'))[0]!.n)).toBe(2);
    expect(Number((await rows<{ n: number }>('SELECT count(*) AS n FROM auth_tokens'))[0]!.n)).toBe(3);
    for (const table of ['items', 'warehouses', 'suppliers', 'customers']) expect(await rows(`SELECT version FROM ${table}`)).toEqual([]);
  });

  test('When 0004 has run, then the rebuilt users table still enforces its unique username and its references', async () => {
    const insert = (username: string) =>
      db.sequelize.query(`INSERT INTO users (username, display_name, password_hash, active, all_warehouses, created_at, updated_at) VALUES ('${username}', 'X', 'x', true, true, ${stamp}, ${stamp})`);

    await insert('fresh');
    await expect(insert('fresh')).rejects.toThrow();
    await expect(db.sequelize.query('INSERT INTO user_roles (user_id, role_id) VALUES (987654, 1)')).rejects.toThrow();
    // Deleting a user still cascades to their sessions.
    await db.sequelize.query("DELETE FROM users WHERE username = 'nobody'");
    expect(await rows("SELECT token_hash FROM auth_tokens WHERE token_hash = 'h-nobody'")).toEqual([]);
    const fresh = await rows<{ approval_limit: number; version: number }>("SELECT approval_limit, version FROM users WHERE username = 'fresh'");
    expect(fresh.map((u) => ({ limit: Number(u.approval_limit), version: u.version }))).toEqual([{ limit: 0, version: 1 }]);
  });

  test('When 0004 is undone and redone, then the data survives both ways', async () => {
    await migrator(db).down({ to: '0004-versions' });
    const [admin] = await rows<{ approval_limit: number }>("SELECT approval_limit FROM users WHERE username = 'admin'");
    expect(Number(admin!.approval_limit)).toBe(0);
    await expect(db.sequelize.query("UPDATE users SET approval_limit = NULL WHERE username = 'admin'")).rejects.toThrow();

    await migrator(db).up({ to: '0004-versions' });

    expect(await rows("SELECT approval_limit, version FROM users WHERE username = 'admin'")).toEqual([{ approval_limit: null, version: 1 }]);
    expect(Number((await rows<{ n: number }>('SELECT count(*) AS n FROM user_roles'))[0]!.n)).toBe(2);
  });
});
