import fs from 'node:fs';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { seedItems, seedWarehouses } from './seed';

export interface PurchaseFlowResult {
  lines: number;
  steps: Array<{ step: string; ms: number }>;
  totalMs: number;
}

/**
 * One purchase order of `lines` lines taken through the whole flow over HTTP
 * on a real server: create, approve, receive everything, invoice everything,
 * pay it. Each step must answer as API.md says, or the bench fails.
 */
export async function benchPurchaseFlow(lines = 1000, port = 3816): Promise<PurchaseFlowResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop(); // first start: migrations and the admin user
  seedItems(file, lines, 'P');
  seedWarehouses(file, 1);
  server = await startServer(url, port);
  try {
    const c = new Client(server.url);
    if ((await c.login()).status !== 200) throw new Error('bench client could not sign in');
    const expect = (res: { status: number; body: unknown }, status: number, what: string) => {
      if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body as Record<string, any>;
    };
    expect(await c.post('/suppliers', { code: 'BENCH-S', name: 'Bench supplier' }), 201, 'supplier');
    expect(await c.post('/cash-accounts', { code: 'BANK-B', name: 'Bench bank', type: 'bank', allowOverdraft: true }), 201, 'bank');
    const steps: PurchaseFlowResult['steps'] = [];
    const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const out = await work();
      steps.push({ step, ms: performance.now() - start });
      return out;
    };
    const skus = Array.from({ length: lines }, (_, i) => `P${String(i + 1).padStart(6, '0')}`);
    const order = await timed('create', async () =>
      expect(
        await c.post('/purchase-orders', {
          supplierCode: 'BENCH-S',
          warehouseCode: 'W1',
          lines: skus.map((sku, i) => ({ sku, qty: 1 + (i % 7), unitPrice: 2.5 + (i % 13) / 100, taxRate: 0.13 })),
        }),
        201,
        'purchase order',
      ),
    );
    await timed('approve', async () => expect(await c.post(`/purchase-orders/${order.id}/approve`, {}), 200, 'approve'));
    const receipt = await timed('receive', async () =>
      expect(await c.post(`/purchase-orders/${order.id}/receipts`, { lines: order.lines.map((l: any) => ({ lineId: l.id, qty: l.qty })) }), 201, 'receipt'),
    );
    const invoice = await timed('invoice', async () =>
      expect(
        await c.post('/purchase-invoices', {
          supplierCode: 'BENCH-S',
          supplierInvoiceNo: 'BENCH-INV-1',
          lines: receipt.lines.map((l: any) => ({ receiptLineId: l.id, qty: l.qty })),
        }),
        201,
        'invoice',
      ),
    );
    await timed('pay', async () =>
      expect(
        await c.post('/supplier-payments', { supplierCode: 'BENCH-S', cashAccountCode: 'BANK-B', amount: invoice.total, allocations: [{ invoiceId: invoice.id, amount: invoice.total }] }),
        201,
        'payment',
      ),
    );
    const verify = expect(await c.get('/finance/verify'), 200, 'verify');
    if (!verify.ok) throw new Error(`invariants after the flow: ${JSON.stringify(verify.checks.filter((x: any) => !x.ok))}`);
    return { lines, steps, totalMs: steps.reduce((s, x) => s + x.ms, 0) };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
