import { QueryTypes } from 'sequelize';
import { Database, openDatabase } from '../../server/db/database';
import { verify } from '../../server/ledgers/verification';
import { Client } from '../support/api-client';
import { createTestDatabase, postgresUrl, TestDatabase } from '../support/databases';
import { createItem, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { createCustomer, createOrder } from '../support/sales-orders';
import { killAllServers, ServerProcess, startServer } from '../support/server-process';
import { TestApp } from '../support/test-app';

const where = postgresUrl() ? 'PostgreSQL' : 'SQLite (one writer at a time)';

/**
 * Approvals raced against one customer's credit limit and one item's stock:
 * they never pass either together. On PostgreSQL they really run at once and
 * serialize on the balances' and the customer's row locks; on SQLite the
 * write queue runs them one after another, and the outcome must be the same.
 */
describe(`Sales order approvals raced in one process on ${where}`, () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse();
  });
  afterAll(async () => t.stop());
  afterEach(async () => {
    await expectInvariants(t);
    await expectStockInvariants(t);
  });

  const drafts = async (customerId: number, itemId: number, qtys: number[], unitPrice: number) => {
    const out = [];
    for (const qty of qtys) out.push(await createOrder(t, admin, { customerId, warehouseId: wh.id, lines: [{ itemId, qty, unitPrice }] }));
    return out;
  };
  const approveAll = (ids: number[]) => Promise.all(ids.map((id) => t.post(`/sales-orders/${id}/approve`, {}, admin)));

  test('When 20 orders of 100.00 for one customer with a limit of 1,000.00 are approved at once, then exactly 10 are approved and the rest refused for credit', async () => {
    const c = await createCustomer(t, { creditLimit: 1000 });
    // One item per order: no stock row is shared, so only the customer's lock keeps them apart.
    const orders = [];
    for (let i = 0; i < 20; i++) {
      const item = await createItem(t);
      await receive(t, wh.id, item.id, 5, 1);
      orders.push(...(await drafts(c.id, item.id, [1], 100)));
    }

    const results = await approveAll(orders.map((o) => o.id));

    expect(results.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(409)]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(10).fill('credit.exceeded'));
    expect((await t.get(`/customers/${c.id}/credit`, admin)).body).toMatchObject({ creditLimit: 1000, openOrders: 1000, used: 1000, available: 0 });
    const held = await t.services.db.sequelize.query<{ n: number | string }>("SELECT SUM(qty) AS n FROM stock_reservations WHERE doc_type = 'SO' AND doc_id IN (:ids)", {
      replacements: { ids: orders.map((o) => o.id) },
      type: QueryTypes.SELECT,
    });
    expect(Number(held[0]!.n)).toBe(10_000);
  });

  test('When 20 orders of 1 to 3 compete for a stock of 10, then those approved take at most 10 and each refused one wanted more than is left', async () => {
    const c = await createCustomer(t);
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1);
    const qtys = Array.from({ length: 20 }, (_, i) => 1 + (i % 3));
    const orders = await drafts(c.id, item.id, qtys, 5);

    const results = await approveAll(orders.map((o) => o.id));

    expect(results.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const approved = qtys.filter((_, i) => results[i]!.status === 200);
    const refused = qtys.filter((_, i) => results[i]!.status === 409);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(refused.map(() => 'stock.insufficient'));
    const taken = approved.reduce((s, q) => s + q, 0);
    const left = 10 - taken;
    expect(taken).toBeLessThanOrEqual(10);
    expect(refused.filter((q) => q <= left)).toEqual([]);
    const balance = (await t.get(`/stock/balances?warehouseId=${wh.id}&itemId=${item.id}`, admin)).body.data[0];
    expect(balance).toMatchObject({ onHand: 10, reserved: taken, available: left });
  });
});

const ADMIN_PASSWORD = 'sales-two-processes-1';

/** The same races through two server processes on one database. */
describe(`Sales order approvals raced across two server processes on one ${postgresUrl() ? 'PostgreSQL database' : 'SQLite file'}`, () => {
  let database: TestDatabase;
  let db: Database;
  let viaA: Client;
  let viaB: Client;
  let warehouseId: number;

  const signIn = async (server: ServerProcess) => {
    const client = new Client(server.url);
    const res = await client.login('admin', ADMIN_PASSWORD);
    if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  };
  const created = (res: { status: number; body: any }, what: string) => {
    if (res.status !== 201 && res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const expectLedgers = async () => {
    const result = await verify(db, { baseCurrency: 'CNY', auditChain: async () => ({ ok: true, checked: 0, firstBrokenId: null, reason: null }) });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    await expectStockInvariants(db.sequelize);
  };
  const stockedItem = async (sku: string, qty: number) => {
    const item = created(await viaA.post('/items', { sku, name: sku, unit: 'pcs' }), 'item');
    created(await viaA.post('/stock/adjustments', { warehouseId, reason: 'opening', lines: [{ itemId: item.id, qty, unitCost: 1 }] }), 'stock');
    return item;
  };
  const drafts = async (customerId: number, itemId: number, qtys: number[], unitPrice: number) => {
    const out: number[] = [];
    for (const qty of qtys) out.push(created(await viaA.post('/sales-orders', { customerId, warehouseId, lines: [{ itemId, qty, unitPrice }] }), 'order').id);
    return out;
  };
  const reservedOf = async (itemIds: number[]) =>
    Number(
      ((await db.sequelize.query('SELECT SUM(reserved) AS n FROM stock_balances WHERE item_id IN (:itemIds)', { replacements: { itemIds }, type: QueryTypes.SELECT })) as Array<{ n: string | number }>)[0]!.n,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ADMIN_PASSWORD };
    const a = await startServer({ databaseUrl: database.url, env });
    const b = await startServer({ databaseUrl: database.url, env });
    db = openDatabase(database.url);
    viaA = await signIn(a);
    viaB = await signIn(b);
    warehouseId = created(await viaA.post('/warehouses', { code: 'RACE-SO', name: 'Race warehouse' }), 'warehouse').id;
  });
  afterAll(async () => {
    await killAllServers();
    await db?.close();
    await database?.drop();
  });

  test('When 20 orders of 100.00 against a limit of 1,000.00 are approved through both processes at once, then exactly 10 pass', async () => {
    const customer = created(await viaA.post('/customers', { code: 'RACE-C', name: 'Race customer', creditLimit: 1000 }), 'customer');
    // One item per order: only the customer's lock keeps them apart.
    const items: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      items.push((await stockedItem(`RACE-CREDIT-${i}`, 5)).id);
      ids.push(...(await drafts(customer.id, items[i]!, [1], 100)));
    }

    const results = await Promise.all(ids.map((id, i) => (i % 2 ? viaB : viaA).post(`/sales-orders/${id}/approve`, {})));

    expect(results.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(409)]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(10).fill('credit.exceeded'));
    expect((await viaB.get(`/customers/${customer.id}/credit`)).body).toMatchObject({ used: 1000, available: 0 });
    expect(await reservedOf(items)).toBe(10_000);
    await expectLedgers();
  });

  test('When 20 orders of 1 compete for a stock of 10 through both processes, then exactly 10 are approved', async () => {
    const customer = created(await viaA.post('/customers', { code: 'RACE-S', name: 'Race stock customer' }), 'customer');
    const item = await stockedItem('RACE-STOCK', 10);
    const ids = await drafts(customer.id, item.id, Array(20).fill(1), 5);

    const results = await Promise.all(ids.map((id, i) => (i % 2 ? viaB : viaA).post(`/sales-orders/${id}/approve`, {})));

    expect(results.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(409)]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(10).fill('stock.insufficient'));
    expect(await reservedOf([item.id])).toBe(10_000);
    await expectLedgers();
  });
});
