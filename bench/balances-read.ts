import fs from 'node:fs';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { openDirect, seedItems, seedWarehouses } from './seed';

export interface BalancesReadResult {
  balances: number;
  ledgerRows: number;
  pages: number;
  totalMs: number;
  slowestPageMs: number;
}

/** 10,000 items × 5 warehouses of balances over a ledger of 20 moves each (1,000,000 rows), written directly. */
function seedLedger(file: string, items: number, warehouseIds: number[], movesPerBalance: number): number {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const move = db.prepare(
    `INSERT INTO stock_moves (at, item_id, warehouse_id, batch_no, qty, unit_cost, value, date, doc_type, doc_id, doc_number, user_id)
     VALUES (?, ?, ?, '', 1000, 20000, 200, '2026-01-01', 'ADJ', ?, ?, 1)`,
  );
  const balance = db.prepare(`INSERT INTO stock_balances (item_id, warehouse_id, batch_no, on_hand, reserved, value, updated_at) VALUES (?, ?, '', ?, 0, ?, ?)`);
  let rows = 0;
  for (let m = 0; m < movesPerBalance; m++) {
    db.transaction(() => {
      for (let i = 1; i <= items; i++) for (const w of warehouseIds) move.run(now, i, w, m + 1, `ADJ-2026-${String(m + 1).padStart(6, '0')}`);
    })();
    rows += items * warehouseIds.length;
  }
  db.transaction(() => {
    for (let i = 1; i <= items; i++) for (const w of warehouseIds) balance.run(i, w, movesPerBalance * 1000, movesPerBalance * 200, now);
  })();
  db.close();
  return rows;
}

export async function benchBalancesRead(port = 3804): Promise<BalancesReadResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop();
  seedItems(file, 10_000);
  const warehouses = seedWarehouses(file, 5);
  const ledgerRows = seedLedger(file, 10_000, warehouses, 20);
  server = await startServer(url, port);
  try {
    const client = new Client(server.url);
    await client.login();
    await client.request('GET', '/stock/balances?limit=10');
    const started = performance.now();
    let slowest = 0;
    let pages = 0;
    let fetched = 0;
    for (let offset = 0; ; offset += 10_000) {
      const t0 = performance.now();
      const res = await client.request('GET', `/stock/balances?limit=10000&offset=${offset}`);
      slowest = Math.max(slowest, performance.now() - t0);
      if (res.status !== 200) throw new Error(`balances failed: ${res.status}`);
      pages++;
      fetched += res.body.data.length;
      if (fetched >= res.body.total) break;
    }
    return { balances: fetched, ledgerRows, pages, totalMs: performance.now() - started, slowestPageMs: slowest };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
