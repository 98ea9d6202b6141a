import { driveClients, signInClients } from './load';
import fs from 'node:fs';
import { openDirect } from './seed';
import { Client, percentile, startServer, tempSqliteUrl } from './server-process';

export interface ReceiptsResult {
  clients: number;
  seconds: number;
  /** Receipts answered 201, or 409 because their line was fully received, per second. */
  perSecond: number;
  posted: number;
  /** Refused because the line had nothing left to receive (intended 409). */
  refused: number;
  errors: number;
  /** Order lines received beyond their quantity (tolerance 0), or not equal to what the answers say was posted. */
  overReceived: number;
  mismatched: number;
  p50: number;
  p99: number;
}

const ORDERS = 100;
/** Each order line takes this many one-unit receipts: the lines fill up under load, so late receipts meet full lines. */
const LINE_QTY = 30;

/** Approved one-line orders written straight into the file (the orders API is measured elsewhere). */
function seedOrders(file: string, supplierId: number, warehouseId: number, items: Array<{ id: number; sku: string }>): Array<{ id: number; sku: string }> {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const order = db.prepare(
    `INSERT INTO purchase_orders (number, status, supplier_id, warehouse_id, date, prices_include_tax, currency, rate, subtotal, tax, total, base_subtotal, base_tax, base_total, version, created_at, updated_at)
     VALUES (?, 'approved', ?, ?, ?, 0, 'CNY', 1000000, ?, 0, ?, ?, 0, ?, 1, ?, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO purchase_order_lines (order_id, line, item_id, qty, unit_price, discount, tax_rate, amount, tax, base_amount, base_tax, base_unit_cost, received, returned, invoiced)
     VALUES (?, 1, ?, ?, ?, 0, 0, ?, 0, ?, 0, ?, 0, 0, 0)`,
  );
  const ids: Array<{ id: number; sku: string }> = [];
  db.transaction(() => {
    for (let i = 0; i < ORDERS; i++) {
      const price = 12_3400 + i; // ×10000
      const amount = Math.round((LINE_QTY * price) / 100);
      const orderId = Number(order.run(`PO-BENCH-${i}`, supplierId, warehouseId, today, amount, amount, amount, amount, now, now).lastInsertRowid);
      const item = items[i % items.length]!;
      line.run(orderId, item.id, LINE_QTY * 1000, price, amount, amount, price);
      ids.push({ id: orderId, sku: item.sku });
    }
  })();
  db.close();
  return ids;
}

async function runLoad(url: string, file: string, orders: Array<{ id: number; sku: string }>, clients: number, seconds: number, counts: Map<number, number>): Promise<ReceiptsResult> {
  const run = await driveClients(await signInClients(url, clients), seconds, async (c, n, k) => {
    const { id: orderId, sku } = orders[(n * 7 + k * 13) % orders.length]!;
    const res = await c.post('/goods-receipts', { purchaseOrderId: orderId, lines: [{ sku, qty: 1 }] });
    if (res.status === 201) counts.set(orderId, (counts.get(orderId) ?? 0) + 1);
    return { ...res, outcome: res.status === 201 ? 'posted' : res.status === 409 ? 'refused' : 'error' };
  });
  const { posted, refused, errors, elapsed, latencies } = run;
  const db = openDirect(file);
  const lines = db.prepare('SELECT order_id, qty, received FROM purchase_order_lines').all() as Array<{ order_id: number; qty: number; received: number }>;
  db.close();
  return {
    clients,
    seconds: elapsed,
    perSecond: (posted + refused) / elapsed,
    posted,
    refused,
    errors,
    overReceived: lines.filter((l) => l.received > l.qty).length,
    mismatched: lines.filter((l) => l.received !== (counts.get(l.order_id) ?? 0) * 1000).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** 20 clients posting one-line receipts against open orders on a fresh SQLite file, after 2 s of warm-up whose figures are discarded. */
export async function benchReceipts(clients = 20, seconds = 10, port = 3813): Promise<ReceiptsResult> {
  const { url, file, dir } = tempSqliteUrl();
  const server = await startServer(url, port);
  try {
    const admin = new Client(server.url);
    await admin.login();
    const wh = await admin.post('/warehouses', { code: 'RW', name: 'Receipts bench' });
    const supplier = await admin.post('/suppliers', { code: 'RS', name: 'Receipts bench supplier' });
    const items: Array<{ id: number; sku: string }> = [];
    for (let i = 0; i < 50; i++) items.push((await admin.post('/items', { sku: `RB-${i}`, name: `Bench ${i}`, unit: 'pcs' })).body);
    if (wh.status !== 201 || supplier.status !== 201) throw new Error(`bench receipts setup: ${wh.status} ${supplier.status}`);
    // Each receipt names its order's one line by the item's SKU, as the sheet does.
    const orders = seedOrders(file, supplier.body.id, wh.body.id, items);
    const counts = new Map<number, number>();
    await runLoad(server.url, file, orders, clients, 2, counts);
    return await runLoad(server.url, file, orders, clients, seconds, counts);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
