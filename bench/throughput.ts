import fs from 'node:fs';
import { driveClients, signInClients } from './load';
import { percentile, startServer, tempSqliteUrl } from './server-process';
import { seedItems, seedWarehouses } from './seed';

export interface ThroughputResult {
  db: string;
  clients: number;
  seconds: number;
  documents: number;
  perSecond: number;
  conflicts: number;
  errors: number;
  p50: number;
  p99: number;
}

/**
 * `clients` concurrent clients posting one-line adjustments for `seconds`
 * (callers run 2 s first and discard them, so the figures are the warm server's):
 * receipts and issues mixed, so some issues meet an empty shelf (intended 409s).
 */
export async function runLoad(url: string, warehouseIds: number[], itemCount: number, clients: number, seconds: number, db: string): Promise<ThroughputResult> {
  const run = await driveClients(await signInClients(url, clients), seconds, async (c, n, k) => {
    const i = k + 1;
    const item = `B${String(1 + ((n * 7919 + i * 104729) % itemCount)).padStart(6, '0')}`;
    const warehouseId = warehouseIds[(n + i) % warehouseIds.length];
    const line = i % 3 === 0 ? { sku: item, qty: -1 } : { sku: item, qty: 1, unitCost: 2.5 };
    const res = await c.request('POST', '/stock/adjustments', { warehouseId, reason: 'correction', lines: [line] });
    return { ...res, outcome: res.status === 201 ? 'posted' : res.status === 409 ? 'refused' : 'error' };
  });
  const { posted: documents, refused: conflicts, errors, elapsed, latencies } = run;
  return { db, clients, seconds: elapsed, documents, perSecond: (documents + conflicts) / elapsed, conflicts, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function benchThroughputSqlite(clients = 20, seconds = 10, port = 3802): Promise<ThroughputResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop();
  seedItems(file, 1000);
  const warehouses = seedWarehouses(file, 5);
  server = await startServer(url, port);
  try {
    await runLoad(server.url, warehouses, 1000, clients, 2, 'warm-up');
    return await runLoad(server.url, warehouses, 1000, clients, seconds, 'sqlite');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
