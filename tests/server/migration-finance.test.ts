import { QueryTypes } from 'sequelize';
import { Database, openDatabase } from '../../server/db/database';
import { migrator } from '../../server/db/migrate';
import { CHART } from '../../server/ledgers/chart-of-accounts';
import { createTestDatabase, TestDatabase } from '../support/databases';

/** Migration 0006 on a database that already holds stock (one upgraded in the field): what is on hand is journaled once. */
describe('Migration 0006: finance on a database with stock', () => {
  let database: TestDatabase;
  let db: Database;
  const rows = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url);
    await migrator(db).up({ to: '0005-security' });
    const stamp = "'2024-01-01 00:00:00'";
    await db.sequelize.query(`INSERT INTO warehouses (code, name, active, created_at, updated_at) VALUES ('W1', 'W1', true, ${stamp}, ${stamp})`);
    await db.sequelize.query(`INSERT INTO items (sku, name, unit, batch_tracked, active, created_at, updated_at) VALUES ('A', 'A', 'pcs', false, true, ${stamp}, ${stamp}), ('B', 'B', 'pcs', false, true, ${stamp}, ${stamp})`);
    // 12.34 + 0.66 in, 3.00 out: 10.00 on hand.
    await db.sequelize.query(
      `INSERT INTO stock_moves (at, date, item_id, warehouse_id, batch_no, qty, unit_cost, value, doc_type, doc_id, doc_number, user_id)
       SELECT ${stamp}, d, i.id, w.id, '', q, 0, v, 'ADJ', 1, 'ADJ-2025-000001', NULL
         FROM (SELECT 'A' AS sku, '2025-11-03' AS d, 1000 AS q, 1234 AS v UNION ALL SELECT 'B', '2025-11-20', 1000, 66 UNION ALL SELECT 'A', '2025-12-02', -1000, -300) m
         JOIN items i ON i.sku = m.sku CROSS JOIN warehouses w`,
    );
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  test('When 0006 runs, then the chart is seeded and what stock holds is journaled Dr 1405 / Cr 4199, dated its last move, with balances to match', async () => {
    await migrator(db).up({ to: '0006-finance' });

    expect((await rows<{ code: string }>('SELECT code FROM accounts ORDER BY code')).map((r) => r.code)).toEqual(CHART.map((a) => a.code).sort());
    const entries = await rows<{ id: number; date: string; period: string }>('SELECT id, date, period FROM journal_entries');
    expect(entries).toEqual([expect.objectContaining({ date: '2025-12-02', period: '2025-12' })]);
    const lines = await rows<{ account_code: string; debit: number; credit: number }>('SELECT account_code, debit, credit FROM journal_lines ORDER BY line');
    expect(lines.map((l) => [l.account_code, Number(l.debit), Number(l.credit)])).toEqual([
      ['1405', 1000, 0],
      ['4199', 0, 1000],
    ]);
    const balances = await rows<{ account_code: string; period: string; debit: number; credit: number }>('SELECT account_code, period, debit, credit FROM account_balances ORDER BY account_code');
    expect(balances.map((b) => [b.account_code, b.period, Number(b.debit), Number(b.credit)])).toEqual([
      ['1405', '2025-12', 1000, 0],
      ['4199', '2025-12', 0, 1000],
    ]);
  });
});
