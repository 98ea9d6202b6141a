import type { DocumentResult } from '../../contract/stock';
import { Database, openDatabase } from '../../server/db/database';
import { selectRows } from '../../server/db/sql';
import { Client } from '../support/api-client';
import { createTestDatabase, postgresUrl, TestDatabase } from '../support/databases';
import { expectStockInvariants } from '../support/invariants';
import { killAllServers, ServerProcess, startServer } from '../support/server-process';

const ADMIN_PASSWORD = 'durability-admin-1';
const CLIENTS = 8;
/** The server is killed when this many documents have been answered 201, with the other clients' requests in flight. */
const KILL_AFTER = 120;
const EXPIRY = '2099-12-31';

type Line = { itemId: number; qty: number; unitCost?: number; batchNo?: string; expiryDate?: string };
interface Sent {
  key: string;
  body: { warehouseId: number; reason: string; note: string; lines: Line[] };
  /** 201 or 409, or `lost` when the connection died before an answer came. */
  status: number | 'lost';
  document?: DocumentResult;
}
interface Stock {
  warehouses: number[];
  items: Array<{ id: number; batches: string[] }>;
}

let database: TestDatabase;
let db: Database | undefined;

const key = (itemId: number, warehouseId: number, batchNo: string | null | undefined) => `${itemId}|${warehouseId}|${batchNo ?? ''}`;
const cents = (n: number) => Math.round(n * 100);
const milli = (n: number) => Math.round(n * 1000);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One to four lines, receipts and issues mixed; a batch-tracked item always names its batch, so each line is one move. */
function adjustment(stock: Stock, next: () => number, ref: string): Sent['body'] {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const lines = Array.from({ length: 1 + Math.floor(next() * 4) }, (): Line => {
    const item = pick(stock.items);
    const qty = 1 + Math.floor(next() * 6);
    const batch = item.batches.length ? { batchNo: pick(item.batches) } : {};
    if (next() < 0.5) return { itemId: item.id, qty: -qty, ...batch };
    return { itemId: item.id, qty, unitCost: pick([1.25, 2, 3.3333, 7.5]), ...batch, ...(item.batches.length && { expiryDate: EXPIRY }) };
  });
  return { warehouseId: pick(stock.warehouses), reason: 'correction', note: ref, lines };
}

async function arrange(admin: Client): Promise<Stock> {
  const warehouses = [];
  for (const code of ['DUR-A', 'DUR-B']) warehouses.push((await admin.post('/warehouses', { code, name: code })).body.id as number);
  const items = [];
  for (let i = 0; i < 5; i++) {
    const batchTracked = i === 4;
    const item = (await admin.post('/items', { sku: `DUR-${i}`, name: `Durable ${i}`, unit: 'pcs', batchTracked })).body;
    items.push({ id: item.id as number, batches: batchTracked ? ['L1', 'L2'] : [] });
  }
  for (const warehouseId of warehouses) {
    const lines = items.flatMap((it) => (it.batches.length ? it.batches : [undefined]).map((batchNo) => ({ itemId: it.id, qty: 30, unitCost: 2, ...(batchNo && { batchNo, expiryDate: EXPIRY }) })));
    const res = await admin.post('/stock/adjustments', { warehouseId, reason: 'opening', lines });
    if (res.status !== 201) throw new Error(`opening stock: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { warehouses, items };
}

/** CLIENTS clients post until the server dies; every request is recorded with what came back. */
async function postUntilKilled(server: ServerProcess, token: string, stock: Stock): Promise<Sent[]> {
  const sent: Sent[] = [];
  let answered = 0;
  const client = async (c: number) => {
    const next = random(c + 1);
    const api = new Client(server.url, token);
    for (let i = 0; ; i++) {
      const ref = `dur-${c}-${i}`;
      const body = adjustment(stock, next, ref);
      const record: Sent = { key: ref, body, status: 'lost' };
      sent.push(record);
      try {
        const res = await api.post('/stock/adjustments', body, { 'Idempotency-Key': ref });
        record.status = res.status;
        if (res.status === 201) record.document = res.body;
      } catch {
        return; // the server is gone; this request's fate is found out after the restart
      }
      if (record.status === 201 && ++answered === KILL_AFTER) void server.kill();
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  return sent;
}

async function expectWholeDocuments(database: Database): Promise<void> {
  const partial = await selectRows(
    database,
    `SELECT d.number, d.line_count, COUNT(m.id) AS moves FROM stock_documents d
       LEFT JOIN stock_moves m ON m.doc_type = d.doc_type AND m.doc_id = d.id
      GROUP BY d.id, d.number, d.line_count HAVING COUNT(m.id) <> d.line_count`,
  );
  expect(partial).toEqual([]);
  const orphans = await selectRows(
    database,
    `SELECT m.id, m.doc_type, m.doc_id FROM stock_moves m
       LEFT JOIN stock_documents d ON d.doc_type = m.doc_type AND d.id = m.doc_id WHERE d.id IS NULL`,
  );
  expect(orphans).toEqual([]);
}

const asMoves = (lines: Array<{ itemId: number; warehouseId: number; batchNo: string | null; qty: number; value: number }>) =>
  lines.map((l) => `${key(l.itemId, l.warehouseId, l.batchNo)} ${milli(l.qty)} ${cents(l.value)}`).sort();

describe(`Durability under kill -9 (${postgresUrl() ? 'PostgreSQL' : 'SQLite file'})`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await killAllServers();
    await db?.close();
    await database?.drop();
  });

  test('When the server is killed mid-load and restarted, then every answered document is whole, none is half there, and balances add up', async () => {
    // Arrange
    const first = await startServer({ databaseUrl: database.url, env: { ADMIN_PASSWORD } });
    const admin = new Client(first.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const stock = await arrange(admin);
    const opening = new Map<string, { qty: number; cents: number }>();
    for (const row of (await admin.get('/stock/balances?limit=1000')).body.data) opening.set(key(row.itemId, row.warehouseId, row.batchNo), { qty: milli(row.onHand), cents: cents(row.value) });

    // Act
    const sent = await postUntilKilled(first, admin.token, stock);
    const restarted = await startServer({ databaseUrl: database.url, env: { ADMIN_PASSWORD } });
    const api = new Client(restarted.url, admin.token);
    db = openDatabase(database.url);

    // Assert: as the kill left it, before anything new is written
    // Answers already on their way when the kill came still arrive: at least KILL_AFTER.
    expect(sent.filter((s) => s.status === 201).length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(sent.filter((s) => s.status !== 201 && s.status !== 409 && s.status !== 'lost').map((s) => [s.key, s.status])).toEqual([]);
    await expectWholeDocuments(db);
    await expectStockInvariants(db.sequelize);
    for (const s of sent.filter((x) => x.status === 201)) {
      const ledger = (await api.get(`/stock/ledger?docNumber=${s.document!.number}`)).body.data;
      expect({ ref: s.key, moves: asMoves(ledger) }).toEqual({ ref: s.key, moves: asMoves(s.document!.lines) });
    }
    const stored = await selectRows<{ note: string; number: string }>(db, "SELECT note, number FROM stock_documents WHERE reason = 'correction'");
    const byRef = new Map(sent.map((s) => [s.key, s]));
    // Each stored document is one that was answered 201, or one whose answer the kill cut off.
    expect(stored.filter((d) => !['lost', 201].includes(byRef.get(d.note)?.status ?? 0))).toEqual([]);
    expect(new Set(stored.map((d) => d.note)).size).toBe(stored.length);
    const numbers = (await selectRows<{ number: string }>(db, 'SELECT number FROM stock_documents')).map((d) => Number(d.number.split('-').pop()));
    expect(numbers.sort((x, y) => x - y)).toEqual(numbers.map((_, i) => i + 1));

    // Retried with their keys, the cut-off requests replay what committed and post only what did not.
    const lost = sent.filter((s) => s.status === 'lost');
    for (const s of lost) {
      const committed = stored.find((d) => d.note === s.key);
      const res = await api.post('/stock/adjustments', s.body, { 'Idempotency-Key': s.key });
      if (committed) expect({ ref: s.key, status: res.status, number: res.body.number }).toEqual({ ref: s.key, status: 201, number: committed.number });
      s.status = res.status;
      if (res.status === 201) s.document = res.body;
    }
    expect((await selectRows(db, "SELECT id FROM stock_documents WHERE reason = 'correction'")).length).toBe(sent.filter((s) => s.status === 201).length);

    // An independent tally: the opening stock plus every line answered 201, per item × warehouse × batch.
    const tally = new Map(opening);
    for (const line of sent.flatMap((s) => s.document?.lines ?? [])) {
      const k = key(line.itemId, line.warehouseId, line.batchNo);
      const was = tally.get(k) ?? { qty: 0, cents: 0 };
      tally.set(k, { qty: was.qty + milli(line.qty), cents: was.cents + cents(line.value) });
    }
    const balances = new Map<string, { qty: number; cents: number }>();
    for (const row of (await api.get('/stock/balances?limit=1000&includeZero=true')).body.data) balances.set(key(row.itemId, row.warehouseId, row.batchNo), { qty: milli(row.onHand), cents: cents(row.value) });
    expect(Object.fromEntries(balances)).toEqual(Object.fromEntries(tally));
    await expectStockInvariants(db.sequelize);
    expect((await api.get('/audit-log/verify')).body).toMatchObject({ ok: true });
  });
});
