import { QueryTypes, Transaction } from 'sequelize';
import { Database, openDatabase } from '../../server/db/database';
import { createTestDatabase, TestDatabase } from '../support/databases';

/**
 * How use cases get their transaction: on SQLite, group commit (one
 * transaction, a savepoint per use case, answers after COMMIT); on
 * PostgreSQL, a use case that deadlocks is run again whole.
 */
describe('Write transactions', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url);
    await db.sequelize.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });
  beforeEach(() => db.sequelize.query('DELETE FROM notes'));

  const insert = (tx: Transaction, id: number) => db.sequelize.query('INSERT INTO notes (id, body) VALUES (:id, :body)', { replacements: { id, body: `note ${id}` }, transaction: tx });
  const ids = async () => (await db.sequelize.query<{ id: number }>('SELECT id FROM notes ORDER BY id', { type: QueryTypes.SELECT })).map((r) => Number(r.id));

  const sqliteOnly = process.env.DATABASE_URL?.startsWith('postgres') ? test.skip : test;
  const postgresOnly = process.env.DATABASE_URL?.startsWith('postgres') ? test : test.skip;

  sqliteOnly('When use cases arrive together, then they share one transaction, and one that fails is rolled back alone with its own error', async () => {
    const seen: Transaction[] = [];
    const first = db.transaction(async (tx) => (seen.push(tx), await insert(tx, 1), 'one'));
    const second = db.transaction(async (tx) => {
      seen.push(tx);
      await insert(tx, 2);
      throw new Error('second refused');
    });
    const third = db.transaction(async (tx) => (seen.push(tx), await insert(tx, 3), 'three'));
    const fourth = db.transaction(async (tx) => (seen.push(tx), await insert(tx, 3), 'duplicate of three'));

    const results = await Promise.allSettled([first, second, third, fourth]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('second refused');
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/UNIQUE|Validation/i);
    // The first ran alone (the queue was empty); the three queued behind it ran as one group.
    expect(new Set(seen.slice(1)).size).toBe(1);
    expect(await ids()).toEqual([1, 3]);
  });

  sqliteOnly('When a use case is answered, then what it wrote is already committed and visible to other connections', async () => {
    const visibleAtAnswer: number[][] = [];
    const answered = [1, 2, 3].map((id) => db.transaction((tx) => insert(tx, id)).then(async () => visibleAtAnswer.push(await ids())));

    await Promise.all(answered);

    for (const [i, visible] of visibleAtAnswer.entries()) expect(visible.length).toBeGreaterThanOrEqual(i + 1);
    expect(visibleAtAnswer.at(-1)).toEqual([1, 2, 3]);
  });

  sqliteOnly('When a use case fails in a way SQLite may have rolled the whole transaction back for, then every use case of its group fails and nothing is kept', async () => {
    const blocker = db.transaction(async (tx) => insert(tx, 10));
    const ok = db.transaction(async (tx) => insert(tx, 11));
    const disk = db.transaction(async (tx) => {
      await insert(tx, 12);
      throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
    });

    const results = await Promise.allSettled([blocker, ok, disk]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await ids()).toEqual([10]);
  });

  sqliteOnly('When 200 use cases write at once, then all are committed and none fails for a busy database', async () => {
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => db.transaction((tx) => insert(tx, 1000 + i))));

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await ids()).length).toBe(200);
  });

  postgresOnly('When two use cases deadlock, then the one PostgreSQL aborts is run again whole and both succeed', async () => {
    await db.sequelize.query("INSERT INTO notes (id, body) VALUES (1, 'a'), (2, 'b')");
    let attempts = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => {
      let holding = 0;
      release = () => {
        if (++holding === 2) resolve();
      };
    });
    const crossing = (first: number, second: number) =>
      db.transaction(async (tx) => {
        attempts++;
        await db.sequelize.query('UPDATE notes SET body = body || :mark WHERE id = :id', { replacements: { id: first, mark: `+${first}` }, transaction: tx });
        if (attempts <= 2) {
          release();
          await bothHoldOne;
        }
        await db.sequelize.query('UPDATE notes SET body = body || :mark WHERE id = :id', { replacements: { id: second, mark: `+${first}` }, transaction: tx });
      });

    await Promise.all([crossing(1, 2), crossing(2, 1)]);

    expect(attempts).toBe(3);
    const bodies = await db.sequelize.query<{ body: string }>('SELECT body FROM notes ORDER BY id', { type: QueryTypes.SELECT });
    // Each row got exactly one mark from each use case: the aborted attempt left nothing behind.
    expect(bodies.map((b) => b.body.split('+').length - 1)).toEqual([2, 2]);
  });
});
