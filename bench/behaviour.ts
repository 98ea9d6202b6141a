import fs from 'node:fs';
import { FILL as FILL_CUSTOMER_SALES } from '../server/db/migrations/0016-customer-sales';
import { openDirect, seedItems } from './seed';
import { Client, startServer, tempSqliteUrl } from './server-process';

export interface BehaviourResult {
  lines: number;
  customers: number;
  /** GET /customers/:id/behaviour for the customer holding the million lines, over all of them, and over the last 90 days. */
  allMs: number;
  windowMs: number;
  /** The RFM scores the answer came with: the customer is scored among the others. */
  segment: string | null;
}

const DAY_MS = 86_400_000;
const dayOf = (start: number, offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(start + offset * DAY_MS));

/**
 * One big customer with 10,000 closed orders and 10,000 invoices of 100
 * lines (1,000,000 sales lines over the 500 days before today), and 200
 * smaller customers to be scored against, written straight into the file,
 * and the customer sales summary filled from them as an upgrade fills it
 * (not what is measured).
 */
function seedSales(file: string, items: number, others: number): number {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const start = Date.now() - 500 * DAY_MS;
  const customer = db.prepare(`INSERT INTO customers (code, name, currency, active, version, created_at, updated_at) VALUES (?, ?, 'CNY', 1, 1, ?, ?)`);
  const warehouse = Number(db.prepare(`INSERT INTO warehouses (code, name, active, created_at, updated_at) VALUES ('BW', 'Behaviour bench', 1, ?, ?)`).run(now, now).lastInsertRowid);
  const order = db.prepare(
    `INSERT INTO sales_orders (number, status, customer_id, warehouse_id, date, prices_include_tax, currency, rate, subtotal, tax, total, base_subtotal, base_tax, base_total, version, created_at, updated_at)
     VALUES (?, 'closed', ?, ?, ?, 0, 'CNY', 1000000, ?, 0, ?, ?, 0, ?, 1, ?, ?)`,
  );
  const invoice = db.prepare(
    `INSERT INTO sales_invoices (number, kind, customer_id, status, date, due_date, currency, rate, subtotal, tax, total, base_subtotal, base_tax, base_total, base_cost, created_at)
     VALUES (?, 'invoice', ?, 'open', ?, ?, 'CNY', 1000000, ?, 0, ?, ?, 0, ?, ?, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO sales_invoice_lines (invoice_id, line, item_id, customer_id, date, qty, unit_price, tax_rate, amount, tax, base_amount, base_tax, base_cost)
     VALUES (?, ?, ?, ?, ?, 1000, ?, 0, ?, 0, ?, 0, ?)`,
  );
  let n = 0;
  const sale = (customerId: number, day: number, lines: number) => {
    const date = dayOf(start, day);
    n++;
    const amounts = Array.from({ length: lines }, (_, l) => 1_00 + ((n + l) % 50) * 10);
    const total = amounts.reduce((s, a) => s + a, 0);
    order.run(`SO-B-${n}`, customerId, warehouse, date, total, total, total, total, now, now);
    const id = Number(invoice.run(`SI-B-${n}`, customerId, date, date, total, total, total, total, Math.round(total * 0.6), now).lastInsertRowid);
    amounts.forEach((a, l) => line.run(id, l, ((n * 31 + l) % items) + 1, customerId, date, a * 100, a, a, Math.round(a * 0.6)));
  };
  let big = 0;
  db.transaction(() => {
    big = Number(customer.run('BIG', '大客户', now, now).lastInsertRowid);
    for (let i = 0; i < 10_000; i++) sale(big, (i * 7) % 500, 100);
    for (let c = 0; c < others; c++) {
      const id = Number(customer.run(`BC${c}`, `客户 ${c}`, now, now).lastInsertRowid);
      for (let i = 0; i <= c % 40; i++) sale(id, (c * 13 + i * 11) % 500, 3);
    }
  })();
  db.exec(FILL_CUSTOMER_SALES);
  db.close();
  return big;
}

export async function benchBehaviour(port = 3820): Promise<BehaviourResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop();
  seedItems(file, 500, 'R');
  const others = 200;
  const big = seedSales(file, 500, others);
  server = await startServer(url, port);
  try {
    const client = new Client(server.url);
    await client.login();
    const timed = async (path: string) => {
      await client.request('GET', path); // warm
      const t0 = performance.now();
      const res = await client.request('GET', path);
      const ms = performance.now() - t0;
      if (res.status !== 200 || !res.body.orders) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return { ms, body: res.body };
    };
    const all = await timed(`/customers/${big}/behaviour?from=${dayOf(Date.now() - 600 * DAY_MS, 0)}`);
    const recent = await timed(`/customers/${big}/behaviour?from=${dayOf(Date.now() - 90 * DAY_MS, 0)}`);
    return { lines: 1_000_000, customers: others + 1, allMs: all.ms, windowMs: recent.ms, segment: all.body.segment ?? null };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
