import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { openDirect, seedItems, seedWarehouses } from './seed';

export interface LargeAdjustmentResult {
  lines: number;
  httpMs: number;
  floorMs: number;
  ratio: number;
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The floor: the same ledger rows and balance upserts written by
 * better-sqlite3 with prepared statements in one transaction, on a copy of the
 * server's schema.
 */
function floorRun(schemaFrom: string, warehouseId: number, lines: number): number {
  const { file, dir } = tempSqliteUrl();
  const source = new Database(schemaFrom, { readonly: true });
  const ddl = source.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").all() as Array<{ sql: string }>;
  source.close();
  const db = openDirect(file);
  for (const { sql } of ddl) db.exec(sql);
  db.pragma('foreign_keys = OFF');
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const now = new Date().toISOString();
    const move = db.prepare(
      `INSERT INTO stock_moves (at, item_id, warehouse_id, batch_no, qty, unit_cost, value, date, doc_type, doc_id, doc_number, user_id)
       VALUES (?, ?, ?, '', ?, ?, ?, ?, 'ADJ', ?, ?, 1)`,
    );
    const balance = db.prepare(
      `INSERT INTO stock_balances (item_id, warehouse_id, batch_no, expiry_date, on_hand, reserved, value, updated_at) VALUES (?, ?, '', NULL, ?, 0, ?, ?)
       ON CONFLICT (item_id, warehouse_id, batch_no) DO UPDATE SET on_hand = on_hand + excluded.on_hand, value = value + excluded.value, updated_at = excluded.updated_at`,
    );
    const start = performance.now();
    db.transaction(() => {
      for (let i = 1; i <= lines; i++) {
        move.run(now, i, warehouseId, 2000, 15000, 300, '2026-01-01', run + 1, `ADJ-2026-${run}`);
        balance.run(i, warehouseId, 2000, 300, now);
      }
    })();
    times.push(performance.now() - start);
  }
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return median(times);
}

export async function benchLargeAdjustment(lines = 5000, port = 3801): Promise<LargeAdjustmentResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port); // applies the migrations
  await server.stop();
  seedItems(file, lines);
  const [warehouseId] = seedWarehouses(file, 1);
  server = await startServer(url, port);
  try {
    const client = new Client(server.url);
    await client.login();
    const doc = (qty: number) => ({
      warehouseId,
      reason: 'opening',
      lines: Array.from({ length: lines }, (_, i) => ({ sku: `B${String(i + 1).padStart(6, '0')}`, qty, unitCost: 1.5 })),
    });
    await client.request('POST', '/stock/adjustments', { warehouseId, reason: 'opening', lines: [{ sku: 'B000001', qty: 1, unitCost: 1 }] });
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const body = doc(2 + run);
      const start = performance.now();
      const res = await client.request('POST', '/stock/adjustments', body);
      times.push(performance.now() - start);
      if (res.status !== 201) throw new Error(`adjustment failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    const httpMs = median(times);
    const floorMs = floorRun(file, warehouseId!, lines);
    return { lines, httpMs, floorMs, ratio: httpMs / floorMs, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
