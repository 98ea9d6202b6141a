import { Database, openDatabase } from '../../server/db/database';
import { verify } from '../../server/ledgers/verification';
import { Client } from '../support/api-client';
import { createTestDatabase, postgresUrl, TestDatabase } from '../support/databases';
import { expectStockInvariants } from '../support/invariants';
import { killAllServers, ServerProcess, startServer } from '../support/server-process';

const ADMIN_PASSWORD = 'purchasing-two-processes-1';

let database: TestDatabase;
let db: Database;
let viaA: Client;
let viaB: Client;

async function signIn(server: ServerProcess): Promise<Client> {
  const client = new Client(server.url);
  const res = await client.login('admin', ADMIN_PASSWORD);
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

function created(res: { status: number; body: any }, what: string) {
  if (res.status !== 201 && res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The ledger checks of GET /finance/verify but the audit chain's (the key file belongs to the server processes). */
async function expectLedgers(): Promise<void> {
  const result = await verify(db, { baseCurrency: 'CNY', auditChain: async () => ({ ok: true, checked: 0, firstBrokenId: null, reason: null }) });
  expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  await expectStockInvariants(db.sequelize);
}

/**
 * Receipts against one order line and payments against one invoice, raced
 * through two server processes on one database: neither tolerance nor an
 * invoice's open amount is ever exceeded.
 */
describe(`Purchasing races across two server processes on one ${postgresUrl() ? 'PostgreSQL database' : 'SQLite file'}`, () => {
  let supplierId: number;
  let warehouseId: number;
  let itemId: number;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ADMIN_PASSWORD, OVER_RECEIPT_TOLERANCE: '10' };
    const a = await startServer({ databaseUrl: database.url, env });
    const b = await startServer({ databaseUrl: database.url, env });
    db = openDatabase(database.url);
    viaA = await signIn(a);
    viaB = await signIn(b);
    supplierId = created(await viaA.post('/suppliers', { code: 'RACE-S', name: 'Race supplier' }), 'supplier').id;
    warehouseId = created(await viaA.post('/warehouses', { code: 'RACE-W', name: 'Race warehouse' }), 'warehouse').id;
    itemId = created(await viaA.post('/items', { sku: 'RACE-I', name: 'Race item', unit: 'pcs' }), 'item').id;
  });
  afterAll(async () => {
    await killAllServers();
    await db?.close();
    await database?.drop();
  });

  test('When 16 receipts of 1 race for an order line of 10 with 10 % tolerance through both processes, then exactly 11 are received', async () => {
    const order = created(await viaA.post('/purchase-orders', { supplierId, warehouseId, lines: [{ itemId, qty: 10, unitPrice: 2 }] }), 'order');
    created(await viaB.post(`/purchase-orders/${order.id}/approve`, {}), 'approve');

    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? viaB : viaA).post(`/purchase-orders/${order.id}/receipts`, { lines: [{ lineId: order.lines[0].id, qty: 1 }] })),
    );

    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(11);
    expect((await viaB.get(`/purchase-orders/${order.id}`)).body.lines[0].received).toBe(11);
    await expectLedgers();
  });

  test('When 10 payments of 30.00 race to settle one invoice of 100.00 through both processes, then exactly 3 are allocated', async () => {
    const order = created(await viaA.post('/purchase-orders', { supplierId, warehouseId, lines: [{ itemId, qty: 50, unitPrice: 2 }] }), 'order');
    created(await viaA.post(`/purchase-orders/${order.id}/approve`, {}), 'approve');
    const receipt = created(await viaA.post(`/purchase-orders/${order.id}/receipts`, { lines: [{ lineId: order.lines[0].id, qty: 50 }] }), 'receipt');
    const invoice = created(await viaB.post('/purchase-invoices', { supplierId, supplierInvoiceNo: 'RACE-INV', lines: [{ receiptLineId: receipt.lines[0].id, qty: 50 }] }), 'invoice');
    expect(invoice.total).toBe(100);
    created(await viaA.post('/cash-accounts', { code: 'RACE-BANK', name: 'Race bank', type: 'bank', allowOverdraft: true }), 'bank');

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? viaB : viaA).post('/supplier-payments', { supplierId, cashAccountCode: 'RACE-BANK', amount: 30, allocations: [{ invoiceId: invoice.id, amount: 30 }] }),
      ),
    );

    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 422 && s !== 409)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const payables = (await viaA.get(`/payables?supplierId=${supplierId}`)).body.data;
    expect(payables.find((p: { id: number }) => p.id === invoice.id)?.openAmount).toBe(10);
    await expectLedgers();
  });
});
