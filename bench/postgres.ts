import { Client as PgClient } from 'pg';
import { startServer } from './server-process';
import { runLoad, ThroughputResult } from './throughput';

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function withPg<T>(url: string, work: (c: PgClient) => Promise<T>): Promise<T> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await withPg(POSTGRES_ADMIN_URL, (c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** The throughput run on a throwaway PostgreSQL database. */
export async function benchThroughputPostgres(clients = 20, seconds = 10, port = 3805): Promise<ThroughputResult> {
  const name = `jxc_bench_${process.pid}`;
  await withPg(POSTGRES_ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(POSTGRES_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const server = await startServer(url, port);
  try {
    const warehouses = await withPg(url, async (c) => {
      const now = new Date().toISOString();
      await c.query(
        `INSERT INTO items (sku, name, unit, batch_tracked, active, created_at, updated_at)
         SELECT 'B' || lpad(g::text, 6, '0'), '商品 ' || g, 'pcs', FALSE, TRUE, $1, $1 FROM generate_series(1, 1000) g`,
        [now],
      );
      const res = await c.query(`INSERT INTO warehouses (code, name, active, created_at, updated_at) SELECT 'W' || g, '仓库 ' || g, TRUE, $1, $1 FROM generate_series(1, 5) g RETURNING id`, [now]);
      return res.rows.map((r: { id: number }) => Number(r.id));
    });
    await runLoad(server.url, warehouses, 1000, clients, 2, 'warm-up');
    return await runLoad(server.url, warehouses, 1000, clients, seconds, 'postgres');
  } finally {
    await server.stop();
    await withPg(POSTGRES_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
