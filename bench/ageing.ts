import fs from 'node:fs';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { openDirect } from './seed';

/** Which ledger an ageing bench fills and asks: the suppliers' payables or the customers' receivables. */
interface Side {
  partner: 'supplier' | 'customer';
  table: 'suppliers' | 'customers';
  code: string;
  invoice: { docType: string; account: string };
  note: { kind: string; docType: string; account: string };
  payment: { kind: string; docType: string; account: string };
  path: string;
}

const PAYABLES: Side = {
  partner: 'supplier',
  table: 'suppliers',
  code: 'BS',
  invoice: { docType: 'PI', account: '2202.01' },
  note: { kind: 'debit-note', docType: 'PI', account: '2202.01' },
  payment: { kind: 'payment', docType: 'SP', account: '1123' },
  path: '/payables/ageing',
};

const RECEIVABLES: Side = {
  partner: 'customer',
  table: 'customers',
  code: 'BC',
  invoice: { docType: 'SI', account: '1122' },
  note: { kind: 'credit-note', docType: 'SI', account: '1122' },
  payment: { kind: 'receipt', docType: 'CR', account: '2203' },
  path: '/receivables/ageing',
};

export interface PayablesResult {
  openItems: number;
  allocations: number;
  partners: number;
  /** GET /payables/ageing as of today (the open columns), by invoice date and by due date. */
  invoiceMs: number;
  dueMs: number;
  /** As of a past day: the allocations in force then are taken back out. */
  pastMs: number;
}

const DAY_MS = 86_400_000;
const dayOf = (start: number, offset: number) => new Date(start + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * 100,000 open items (invoices, debit or credit notes, payments or receipts)
 * over 1,000 partners and the 500 days before today, with 10,000 allocations,
 * written straight into open_items (not what is measured); then the ageing over HTTP.
 */
function seedOpenItems(file: string, side: Side, partners: number, items: number, allocations: number): void {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const start = Date.now() - 500 * DAY_MS;
  const partner = db.prepare(`INSERT INTO ${side.table} (code, name, currency, active, created_at, updated_at) VALUES (?, ?, 'CNY', 1, ?, ?)`);
  const item = db.prepare(
    `INSERT INTO open_items (partner_type, partner_id, kind, doc_type, doc_id, doc_number, date, due_date, currency, rate, amount, base_amount, open_amount, open_base, account_code, created_at)
     VALUES ('${side.partner}', ?, ?, ?, ?, ?, ?, ?, 'CNY', 1000000, ?, ?, ?, ?, ?, ?)`,
  );
  const allocation = db.prepare(
    `INSERT INTO open_item_allocations (invoice_item_id, payment_item_id, date, amount, invoice_base, payment_base, fx_difference, created_at)
     VALUES (?, ?, ?, 1000, 1000, 1000, 0, ?)`,
  );
  const move = db.prepare('UPDATE open_items SET open_amount = open_amount + ?, open_base = open_base + ? WHERE id = ?');
  db.transaction(() => {
    for (let s = 1; s <= partners; s++) partner.run(`${side.code}${String(s).padStart(5, '0')}`, `伙伴 ${s}`, now, now);
    for (let i = 1; i <= items; i++) {
      const doc = i % 10 === 0 ? side.payment : i % 25 === 1 ? side.note : { kind: 'invoice', ...side.invoice };
      const sign = doc.kind === 'invoice' ? 1 : -1;
      const amount = sign * (10_000 + (i % 997) * 100);
      const day = (i * 7) % 500;
      item.run((i % partners) + 1, doc.kind, doc.docType, i, `${doc.docType}-B-${i}`, dayOf(start, day), dayOf(start, day + 30), amount, amount, amount, amount, doc.account, now);
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

export const benchPayables = (port = 3808) => benchAgeing(PAYABLES, port);
export const benchReceivables = (port = 3819) => benchAgeing(RECEIVABLES, port);

async function benchAgeing(side: Side, port: number): Promise<PayablesResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop();
  const [partners, items, allocations] = [1000, 100_000, 10_000];
  seedOpenItems(file, side, partners, items, allocations);
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
      partners,
      invoiceMs: await timed(side.path),
      dueMs: await timed(`${side.path}?basis=due`),
      pastMs: await timed(`${side.path}?asOf=${past}&basis=due`),
    };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
