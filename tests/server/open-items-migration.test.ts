import { Database, openDatabase } from '../../server/db/database';
import { migrator } from '../../server/db/migrate';
import { createTestDatabase, TestDatabase } from '../support/databases';

describe('Migration 0007: open items', () => {
  let database: TestDatabase;
  let db: Database;
  const tables = async () => {
    const names = (await db.sequelize.getQueryInterface().showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName));
    return ['open_items', 'open_item_allocations'].filter((t) => names.includes(t));
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  test('When 0007 runs, is undone and runs again, then its two tables come, go and come back, and one document has one open item', async () => {
    await migrator(db).up({ to: '0007-open-items' });
    expect(await tables()).toEqual(['open_items', 'open_item_allocations']);
    await migrator(db).down({ to: '0007-open-items' });
    expect(await tables()).toEqual([]);
    await migrator(db).up({ to: '0007-open-items' });
    expect(await tables()).toEqual(['open_items', 'open_item_allocations']);

    const insert = () =>
      db.sequelize.query(
        `INSERT INTO open_items (partner_type, partner_id, kind, doc_type, doc_id, doc_number, date, due_date, currency, rate, amount, base_amount, open_amount, open_base, account_code, created_at)
         VALUES ('customer', 1, 'invoice', 'SI', 1, 'SI-2026-000001', '2026-01-01', '2026-01-01', 'CNY', 1000000, 100, 100, 100, 100, '1122', '2026-01-01 00:00:00')`,
      );
    await insert();
    await expect(insert()).rejects.toThrow();
  });
});
