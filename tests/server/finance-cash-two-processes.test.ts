import { Database, openDatabase } from '../../server/db/database';
import { Client } from '../support/api-client';
import { createTestDatabase, postgresUrl, TestDatabase } from '../support/databases';
import { expectCashInvariants } from '../support/finance-cash';
import { killAllServers, ServerProcess, startServer } from '../support/server-process';

const ADMIN_PASSWORD = 'cash-two-processes-1';

let database: TestDatabase;
let db: Database;
let a: ServerProcess;
let b: ServerProcess;
let viaA: Client;
let viaB: Client;

async function signIn(server: ServerProcess): Promise<Client> {
  const client = new Client(server.url);
  const res = await client.login('admin', ADMIN_PASSWORD);
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

async function openFunded(code: string, amount: number): Promise<number> {
  const account = await viaA.post('/cash-accounts', { code, name: code, type: 'bank' });
  if (account.status !== 201) throw new Error(`open ${code}: ${account.status} ${JSON.stringify(account.body)}`);
  const funded = await viaB.post('/cash-entries', { kind: 'income', cashAccountId: account.body.id, lines: [{ accountCode: '6051', amount }] });
  if (funded.status !== 201) throw new Error(`fund ${code}: ${funded.status} ${JSON.stringify(funded.body)}`);
  return account.body.id;
}

const balanceOf = async (id: number) => (await viaB.get(`/cash-accounts/${id}`)).body.balance;

describe(`Cash overdraft checks across two server processes on one ${postgresUrl() ? 'PostgreSQL database' : 'SQLite file'}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ADMIN_PASSWORD };
    a = await startServer({ databaseUrl: database.url, env });
    b = await startServer({ databaseUrl: database.url, env });
    db = openDatabase(database.url);
    viaA = await signIn(a);
    viaB = await signIn(b);
  });

  afterAll(async () => {
    await killAllServers();
    await db?.close();
    await database?.drop();
  });

  test('When 30 expenses of 100.00 race for 1,000.00 through both processes, then exactly 10 pass in total and the balance is 0.00', async () => {
    const id = await openFunded('RACE-2P', 1000);

    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? viaB : viaA).post('/cash-entries', { kind: 'expense', cashAccountId: id, lines: [{ accountCode: '6602', amount: 100 }] })),
    );

    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(await balanceOf(id)).toBe(0);
    await expectCashInvariants(db.sequelize);
  });

  // Expenses of one type queue on their document number's row; expenses and transfers take different
  // numbers, so only the money gate's lock on the cash account keeps them from spending the same 100.00 twice.
  test('When 15 expenses and 15 transfers of 100.00 race for 1,000.00 through both processes, then exactly 10 pass in total', async () => {
    const id = await openFunded('MIXED-2P', 1000);
    const sink = await openFunded('SINK-2P', 1);

    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? viaB : viaA).post(
          ...((i % 4 < 2
            ? ['/cash-entries', { kind: 'expense', cashAccountId: id, lines: [{ accountCode: '6602', amount: 100 }] }]
            : ['/cash-transfers', { fromCashAccountId: id, toCashAccountId: sink, amount: 100 }]) as [string, unknown]),
        ),
      ),
    );

    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(await balanceOf(id)).toBe(0);
    await expectCashInvariants(db.sequelize);
  });

  test('When transfers run both ways between two accounts through both processes, then none deadlocks, none overdraws and nothing is lost', async () => {
    const left = await openFunded('LEFT-2P', 500);
    const right = await openFunded('RIGHT-2P', 500);
    const directions = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? { from: right, to: left } : { from: left, to: right }));

    const results = await Promise.all(
      directions.map(async (d, i) => ({ ...d, res: await (i % 2 ? viaB : viaA).post('/cash-transfers', { fromCashAccountId: d.from, toCashAccountId: d.to, amount: 50 }) })),
    );

    expect(results.map((r) => r.res.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const moved = results.filter((r) => r.res.status === 201).reduce((sum, r) => sum + (r.from === left ? 50 : -50), 0);
    expect([await balanceOf(left), await balanceOf(right)]).toEqual([500 - moved, 500 + moved]);
    expect(await balanceOf(left)).toBeGreaterThanOrEqual(0);
    expect(await balanceOf(right)).toBeGreaterThanOrEqual(0);
    await expectCashInvariants(db.sequelize);
  });
});
