import fs from 'node:fs';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { openDirect } from './seed';

export interface PayablesResult {
  openItems: number;
  allocations: number;
  suppliers: number;
  /** GET /payables/ageing as of today (the open columns), by invoice date and by due date. */
  invoiceMs: number;
  dueMs: number;
  /** As of a past day: the allocations in force then are taken back out. */
  pastMs: number;
}

const DAY_MS = 86_400_000;
const dayOf = (start: number, offset: number) => new Date(start + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * 100,000 supplier open items (invoices, debit notes, payments) over 1,000
 * suppliers and the 500 days before today, with 20,000 allocations, written
 * straight into open_items (not what is measured); then the ageing over HTTP.
 */
function seedPayables(file: string, suppliers: number, items: number, allocations: number): void {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const start = Date.now() - 500 * DAY_MS;
  const supplier = db.prepare(`INSERT INTO suppliers (code, name, currency, active, created_at, updated_at) VALUES (?, ?, 'CNY', 1, ?, ?)`);
  const item = db.prepare(
    `INSERT INTO open_items (partner_type, partner_id, kind, doc_type, doc_id, doc_number, date, due_date, currency, rate, amount, base_amount, open_amount, open_base, account_code, created_at)
     VALUES ('supplier', ?, ?, ?, ?, ?, ?, ?, 'CNY', 1000000, ?, ?, ?, ?, ?, ?)`,
  );
  const allocation = db.prepare(
    `INSERT INTO open_item_allocations (invoice_item_id, payment_item_id, date, amount, invoice_base, payment_base, fx_difference, created_at)
     VALUES (?, ?, ?, 1000, 1000, 1000, 0, ?)`,
  );
  const move = db.prepare('UPDATE open_items SET open_amount = open_amount + ?, open_base = open_base + ? WHERE id = ?');
  db.transaction(() => {
    for (let s = 1; s <= suppliers; s++) supplier.run(`BS${String(s).padStart(5, '0')}`, `供应商 ${s}`, now, now);
    for (let i = 1; i <= items; i++) {
      const kind = i % 10 === 0 ? 'payment' : i % 25 === 1 ? 'debit-note' : 'invoice';
      const sign = kind === 'invoice' ? 1 : -1;
      const amount = sign * (10_000 + (i % 997) * 100);
      const day = (i * 7) % 500;
      item.run((i % suppliers) + 1, kind, kind === 'payment' ? 'SP' : 'PI', i, `${kind === 'payment' ? 'SP' : 'PI'}-B-${i}`, dayOf(start, day), dayOf(start, day + 30), amount, amount, amount, amount, kind === 'payment' ? '1123' : '2202.01', now);
    }
    // Payment i (i % 10 = 0) pays 10.00 of invoice i − 1, allocated 3 days after the later of the two.
    for (let n = 0, p = 10; n < allocations && p <= items; p += 10) {
      const invoice = p - 1;
      if (invoice % 25 === 1) continue;
      const day = Math.min(Math.max((p * 7) % 500, (invoice * 7) % 500) + 3, 499);
      allocation.run(invoice, p, dayOf(start, day), now);
      move.run(-1000, -1000, invoice);
      move.run(1000, 1000, p);
      n++;
    }
  })();
  db.close();
}

export async function benchPayables(port = 3808): Promise<PayablesResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop();
  const [suppliers, items, allocations] = [1000, 100_000, 10_000];
  seedPayables(file, suppliers, items, allocations);
  server = await startServer(url, port);
  try {
    const client = new Client(server.url);
    await client.login();
    const timed = async (path: string) => {
      await client.request('GET', path); // warm
      const t0 = performance.now();
      const res = await client.request('GET', path);
      const ms = performance.now() - t0;
      if (res.status !== 200 || res.body.data.length === 0) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return ms;
    };
    const past = dayOf(Date.now() - 500 * DAY_MS, 300);
    return {
      openItems: items,
      allocations,
      suppliers,
      invoiceMs: await timed('/payables/ageing'),
      dueMs: await timed('/payables/ageing?basis=due'),
      pastMs: await timed(`/payables/ageing?asOf=${past}&basis=due`),
    };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
