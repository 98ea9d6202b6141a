import fs from 'node:fs';
import { Client, percentile, startServer, tempSqliteUrl } from './server-process';
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
  const latencies: number[] = [];
  let documents = 0;
  let conflicts = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  // Signed in one after another: the sign-in limit counts attempts before checking the password,
  // so twenty parallel sign-ins of one user would be refused as a guessing attack.
  const signedIn: Client[] = [];
  for (let n = 0; n < clients; n++) {
    const c = new Client(url);
    const res = await c.login();
    if (res.status !== 200) throw new Error(`bench client could not sign in: ${res.status} ${JSON.stringify(res.body)}`);
    signedIn.push(c);
  }
  const until = performance.now() + seconds * 1000;
  async function client(n: number): Promise<void> {
    const c = signedIn[n]!;
    let i = 0;
    while (performance.now() < until) {
      i++;
      const item = `B${String(1 + ((n * 7919 + i * 104729) % itemCount)).padStart(6, '0')}`;
      const warehouseId = warehouseIds[(n + i) % warehouseIds.length];
      const line = i % 3 === 0 ? { sku: item, qty: -1 } : { sku: item, qty: 1, unitCost: 2.5 };
      const start = performance.now();
      const res = await c.request('POST', '/stock/adjustments', { warehouseId, reason: 'correction', lines: [line] });
      latencies.push(performance.now() - start);
      if (res.status === 201) documents++;
      else if (res.status === 409) conflicts++;
      else {
        errors++;
        if (firstErrors.length < 3) firstErrors.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  const elapsed = (performance.now() - started) / 1000;
  if (firstErrors.length) process.stderr.write(`unexpected responses: ${firstErrors.join(' | ')}\n`);
  latencies.sort((a, b) => a - b);
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
