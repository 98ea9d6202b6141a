import fs from 'node:fs';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { openDirect, seedItems, seedWarehouses } from './seed';

export interface SalesFlowResult {
  lines: number;
  steps: Array<{ step: string; ms: number }>;
  totalMs: number;
}

/** Sale prices on the seeded items (the order takes them as its default prices). */
function priceItems(file: string, prefix: string): void {
  const db = openDirect(file);
  db.prepare(`UPDATE items SET sale_price = 99000 + (id % 13) * 100, tax_rate = 130000 WHERE sku LIKE ?`).run(`${prefix}%`);
  db.close();
}

/**
 * One sales order of `lines` lines taken through the whole flow over HTTP on
 * a real server: approve (credit check and reservation), ship everything,
 * invoice the shipment, receive the money. Creating the order and the
 * opening stock are set-up, not measured. Each step must answer as API.md
 * says, and the ledgers must verify afterwards, or the bench fails.
 */
export async function benchSalesFlow(lines = 1000, port = 3817): Promise<SalesFlowResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop(); // first start: migrations and the admin user
  seedItems(file, lines, 'S');
  priceItems(file, 'S');
  seedWarehouses(file, 1);
  server = await startServer(url, port);
  try {
    const c = new Client(server.url);
    if ((await c.login()).status !== 200) throw new Error('bench client could not sign in');
    const expect = (res: { status: number; body: unknown }, status: number, what: string) => {
      if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body as Record<string, any>;
    };
    const skus = Array.from({ length: lines }, (_, i) => `S${String(i + 1).padStart(6, '0')}`);
    expect(await c.post('/stock/adjustments', { warehouseCode: 'W1', reason: 'opening', lines: skus.map((sku) => ({ sku, qty: 20, unitCost: 4.5 })) }), 201, 'opening stock');
    expect(await c.post('/customers', { code: 'BENCH-C', name: '基准客户', creditLimit: 100_000_000 }), 201, 'customer');
    expect(await c.post('/cash-accounts', { code: 'BANK-S', name: 'Bench bank', type: 'bank' }), 201, 'bank');
    const order = expect(
      await c.post('/sales-orders', { customerCode: 'BENCH-C', warehouseCode: 'W1', lines: skus.map((sku, i) => ({ sku, qty: 1 + (i % 7), discount: i % 5 === 0 ? 0.05 : 0 })) }),
      201,
      'sales order',
    );
    const steps: SalesFlowResult['steps'] = [];
    const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const out = await work();
      steps.push({ step, ms: performance.now() - start });
      return out;
    };
    await timed('approve', async () => expect(await c.post(`/sales-orders/${order.id}/approve`, {}), 200, 'approve'));
    const shipment = await timed('ship', async () =>
      expect(await c.post(`/sales-orders/${order.id}/shipments`, { lines: order.lines.map((l: any) => ({ lineId: l.id, qty: l.qty })) }), 201, 'shipment'),
    );
    const invoice = await timed('invoice', async () => expect(await c.post('/sales-invoices', { customerCode: 'BENCH-C', shipmentIds: [shipment.id] }), 201, 'invoice'));
    await timed('receipt', async () =>
      expect(
        await c.post('/customer-receipts', { customerCode: 'BENCH-C', cashAccountCode: 'BANK-S', amount: invoice.total, allocations: [{ invoiceId: invoice.id, amount: invoice.total }] }),
        201,
        'receipt',
      ),
    );
    if (invoice.total !== order.total) throw new Error(`invoiced ${invoice.total}, ordered ${order.total}`);
    const verify = expect(await c.get('/finance/verify'), 200, 'verify');
    if (!verify.ok) throw new Error(`invariants after the flow: ${JSON.stringify(verify.checks.filter((x: any) => !x.ok))}`);
    return { lines, steps, totalMs: steps.reduce((s, x) => s + x.ms, 0) };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
