import { Database, openDatabase } from '../../server/db/database';
import { verify } from '../../server/ledgers/verification';
import { Client } from '../support/api-client';
import { createTestDatabase, postgresUrl, TestDatabase } from '../support/databases';
import { killAllServers, startServer } from '../support/server-process';

const ADMIN_PASSWORD = 'receipts-two-processes-1';

/**
 * Receipts allocating one invoice's open amount, raced through two server
 * processes on one database: the invoice is never allocated beyond what it
 * has open, and every ledger check (receivables and advances against their
 * open items among them) still holds.
 */
describe(`Customer receipts raced across two server processes on one ${postgresUrl() ? 'PostgreSQL database' : 'SQLite file'}`, () => {
  let database: TestDatabase;
  let db: Database;
  const via: Client[] = [];

  const ok = (res: { status: number; body: any }, what: string) => {
    if (res.status !== 201 && res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const server = await startServer({ databaseUrl: database.url, env: { ADMIN_PASSWORD } });
      const client = new Client(server.url);
      ok(await client.login('admin', ADMIN_PASSWORD), 'login');
      via.push(client);
    }
    db = openDatabase(database.url);
  });
  afterAll(async () => {
    await killAllServers();
    await db?.close();
    await database?.drop();
  });

  test('When 10 receipts of 30.00 race to settle one invoice of 100.00 through both processes, then exactly 3 are posted and 10.00 stays open', async () => {
    const customer = ok(await via[0]!.post('/customers', { code: 'RACE-C', name: 'Race customer' }), 'customer');
    ok(await via[1]!.post('/cash-accounts', { code: 'RACE-BANK', name: 'Race bank', type: 'bank' }), 'bank');
    const invoice = ok(await via[1]!.post('/sales-invoices', { customerId: customer.id, opening: true, amount: 100 }), 'invoice');

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => via[i % 2]!.post('/customer-receipts', { customerId: customer.id, cashAccountCode: 'RACE-BANK', amount: 30, allocations: [{ invoiceId: invoice.id, amount: 30 }] })),
    );

    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 422)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const receivables = ok(await via[0]!.get(`/receivables?customerId=${customer.id}`), 'receivables').data;
    expect(receivables.map((r: { kind: string; openAmount: number }) => [r.kind, r.openAmount])).toEqual([['invoice', 10]]);
    const checks = await verify(db, { baseCurrency: 'CNY', auditChain: async () => ({ ok: true, checked: 0, firstBrokenId: null, reason: null }) });
    expect(checks.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
