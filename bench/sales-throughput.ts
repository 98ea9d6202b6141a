import fs from 'node:fs';
import { driveClients, signInClients } from './load';
import { openDirect } from './seed';
import { Client, percentile, startServer, tempSqliteUrl } from './server-process';

export interface SalesThroughputResult {
  clients: number;
  seconds: number;
  /** Orders answered (approved and shipped, or refused for credit or stock) per second. */
  perSecond: number;
  shipped: number;
  refusedCredit: number;
  refusedStock: number;
  errors: number;
  /** Balances below zero or reserving more than they hold. */
  oversold: number;
  /** Customers whose approved orders exceed their credit limit. */
  creditOverrun: number;
  p50: number;
  p99: number;
}

const ITEMS = 50;
const CUSTOMERS = 20;
const ORDERS = 8000;
const STOCK_PER_ITEM = 60;
const CREDIT_LIMIT = 1000_00; // cents: room for about 50 orders a customer, so credit and stock run out near the end of the run

/**
 * Draft one-line orders, their customers (with credit limits) and opening
 * stock straight in the file (creating them is measured elsewhere); what is
 * measured is approving (credit check, reservation) and shipping them.
 */
function seed(file: string, warehouseId: number, items: number[]): Array<{ id: number; lineId: number }> {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const customer = db.prepare(`INSERT INTO customers (code, name, currency, credit_limit, active, version, created_at, updated_at) VALUES (?, ?, 'CNY', ?, 1, 1, ?, ?)`);
  const customers: number[] = [];
  const order = db.prepare(
    `INSERT INTO sales_orders (number, status, customer_id, warehouse_id, date, prices_include_tax, currency, rate, subtotal, tax, total, base_subtotal, base_tax, base_total, version, created_at, updated_at)
     VALUES (?, 'draft', ?, ?, ?, 0, 'CNY', 1000000, ?, 0, ?, ?, 0, ?, 1, ?, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO sales_order_lines (order_id, line, item_id, qty, unit_price, discount, tax_rate, amount, tax, base_amount, base_tax, shipped, returned, invoiced)
     VALUES (?, 0, ?, ?, 100000, 0, 0, ?, 0, ?, 0, 0, 0, 0)`,
  );
  const orders: Array<{ id: number; lineId: number }> = [];
  db.transaction(() => {
    for (let c = 0; c < CUSTOMERS; c++) customers.push(Number(customer.run(`SC${c}`, `客户 ${c}`, CREDIT_LIMIT, now, now).lastInsertRowid));
    for (let i = 0; i < ORDERS; i++) {
      const qty = 1 + (i % 3);
      const amount = qty * 10_00;
      const id = Number(order.run(`SO-BENCH-${i}`, customers[i % CUSTOMERS], warehouseId, today, amount, amount, amount, amount, now, now).lastInsertRowid);
      const lineId = Number(line.run(id, items[(i * 7) % items.length], qty * 1000, amount, amount).lastInsertRowid);
      orders.push({ id, lineId });
    }
  })();
  db.close();
  return orders;
}

async function runLoad(url: string, orders: Array<{ id: number; lineId: number; qty?: number }>, next: { i: number }, clients: number, seconds: number) {
  const refusals = { credit: 0, stock: 0 };
  const run = await driveClients(await signInClients(url, clients), seconds, async (c) => {
    const o = orders[next.i++ % orders.length]!;
    const approved = await c.post(`/sales-orders/${o.id}/approve`, {});
    if (approved.status === 409) {
      if (approved.body?.code === 'credit.exceeded') refusals.credit++;
      else refusals.stock++;
      return { ...approved, outcome: 'refused' };
    }
    if (approved.status !== 200) return { ...approved, outcome: 'error' };
    const line = approved.body.lines[0];
    const shipped = await c.post(`/sales-orders/${o.id}/shipments`, { lines: [{ lineId: line.id, qty: line.qty }] });
    return { ...shipped, outcome: shipped.status === 201 ? 'posted' : 'error' };
  });
  return { run, refusals };
}

/** 20 clients approving and shipping one-line orders against shared stock and per-customer credit limits, after 2 s of warm-up whose figures are discarded. */
export async function benchSalesThroughput(clients = 20, seconds = 10, port = 3818): Promise<SalesThroughputResult> {
  const { url, file, dir } = tempSqliteUrl();
  const server = await startServer(url, port);
  try {
    const admin = new Client(server.url);
    await admin.login();
    const wh = await admin.post('/warehouses', { code: 'SW', name: 'Sales bench' });
    if (wh.status !== 201) throw new Error(`sales bench warehouse: ${wh.status}`);
    const items: number[] = [];
    for (let i = 0; i < ITEMS; i++) items.push((await admin.post('/items', { sku: `SB-${i}`, name: `销售基准 ${i}`, unit: 'pcs', salePrice: 10 })).body.id);
    const stock = await admin.post('/stock/adjustments', { warehouseId: wh.body.id, reason: 'opening', lines: items.map((itemId) => ({ itemId, qty: STOCK_PER_ITEM, unitCost: 6 })) });
    if (stock.status !== 201) throw new Error(`sales bench stock: ${stock.status} ${JSON.stringify(stock.body).slice(0, 200)}`);
    const orders = seed(file, wh.body.id, items);
    const next = { i: 0 };
    await runLoad(server.url, orders, next, clients, 2);
    const { run, refusals } = await runLoad(server.url, orders, next, clients, seconds);
    const db = openDirect(file);
    const oversold = (db.prepare('SELECT COUNT(*) AS n FROM stock_balances WHERE on_hand < 0 OR reserved > on_hand OR reserved < 0').get() as { n: number }).n;
    const creditOverrun = (
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM (SELECT c.id FROM customers c JOIN sales_orders o ON o.customer_id = c.id
            WHERE o.status IN ('approved', 'partial', 'done', 'closed') AND o.credit_override_by IS NULL
            GROUP BY c.id, c.credit_limit HAVING SUM(o.base_total) > c.credit_limit) x`,
        )
        .get() as { n: number }
    ).n;
    db.close();
    return {
      clients,
      seconds: run.elapsed,
      perSecond: (run.posted + run.refused) / run.elapsed,
      shipped: run.posted,
      refusedCredit: refusals.credit,
      refusedStock: refusals.stock,
      errors: run.errors,
      oversold,
      creditOverrun,
      p50: percentile(run.latencies, 50),
      p99: percentile(run.latencies, 99),
    };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
