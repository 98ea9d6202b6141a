/// <reference types="office-js" />
/**
 * The add-in's two big sheet operations, from the fake workbook through the
 * real server (its own process, SQLite):
 *  - posting a 10,000-row adjustment sheet (100 documents of 100 lines):
 *    syncs compared with a 10-row sheet, HTTP requests, milliseconds end to end;
 *  - pulling 50,000 balance rows into the Stock sheet: syncs compared with a
 *    5,000-row pull, HTTP requests, milliseconds end to end.
 *
 * Run on its own:
 *   npx tsc -p tsconfig.build.json && npx tsc -p tsconfig.bench.json && node dist/bench/bench/addin-sheets.js
 * `benchAddinSheets()` returns the figures for bench/main.ts's table.
 */
import fs from 'node:fs';
import { ApiClient } from '../addin/api/api-client';
import { translator } from '../addin/i18n';
import { createFakeExcel, FakeExcelHandle, installFakeExcel, WorkbookModel } from '../addin/preview/fake-excel/fake-excel';
import { ADJUSTMENT_LAYOUT } from '../addin/sheets/adjustment-sheet';
import type { WorkflowContext } from '../addin/workflows/context';
import { openDocumentSheet, postDocumentSheet } from '../addin/workflows/documents';
import { LookupsCache } from '../addin/workflows/lookups-cache';
import { pullStock } from '../addin/workflows/stock';
import { openDirect, seedItems, seedWarehouses } from './seed';
import { ADMIN_PASSWORD, startServer, tempSqliteUrl } from './server-process';

export interface SheetRun {
  rows: number;
  ms: number;
  httpMs: number;
  requests: number;
  syncs: number;
  largestRequestBytes: number;
}

export interface AddinBenchResult {
  postSmall: SheetRun;
  postLarge: SheetRun;
  pullSmall: SheetRun;
  pullLarge: SheetRun;
}

const ITEMS = 5_000;
const WAREHOUSES = 10;

/** One balance per item × warehouse, each backed by one opening move, written straight into the file. */
function seedBalances(file: string, items: number, warehouseIds: number[]): void {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const move = db.prepare(
    `INSERT INTO stock_moves (at, item_id, warehouse_id, batch_no, qty, unit_cost, value, date, doc_type, doc_id, doc_number, user_id)
     VALUES (?, ?, ?, '', 100000, 20000, 200000, '2026-01-01', 'ADJ', 1, 'ADJ-2026-000001', 1)`,
  );
  const balance = db.prepare(`INSERT INTO stock_balances (item_id, warehouse_id, batch_no, on_hand, reserved, value, updated_at) VALUES (?, ?, '', 100000, 0, 200000, ?)`);
  db.transaction(() => {
    for (let i = 1; i <= items; i++) {
      for (const w of warehouseIds) {
        move.run(now, i, w);
        balance.run(i, w, now);
      }
    }
  })();
  db.close();
}

export class TimedFetch {
  httpMs = 0;
  readonly fetch: typeof fetch = async (input, init) => {
    const t0 = performance.now();
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    this.httpMs += performance.now() - t0;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

export function session(url: string, token: string) {
  const timed = new TimedFetch();
  const api = new ApiClient({ baseUrl: url, token, fetchImpl: timed.fetch });
  const cache = new LookupsCache(api, () => null);
  const ctx: WorkflowContext = { api, language: 'zh', t: translator('zh'), lookups: (refresh) => cache.get(refresh), financeLookups: (refresh) => cache.finance(refresh), suppliers: (refresh) => cache.suppliers(refresh), progress: () => undefined };
  return { api, ctx, timed, cache };
}

export function freshWorkbook(): FakeExcelHandle {
  const handle = createFakeExcel(new WorkbookModel('Sheet1'));
  installFakeExcel(handle);
  return handle;
}

/** An adjustment sheet as a clerk pastes it: 100 lines per document, adding and removing stock across warehouses. */
function adjustmentRows(count: number): unknown[][] {
  const columns = ADJUSTMENT_LAYOUT.columns.map((c) => c.key);
  return Array.from({ length: count }, (_, i) => {
    const values: Record<string, unknown> = {
      docRef: `D${Math.floor(i / 100)}`,
      warehouse: `W${(Math.floor(i / 100) % WAREHOUSES) + 1}`,
      reason: '更正',
      sku: `B${String((i % ITEMS) + 1).padStart(6, '0')}`,
      qty: i % 2 === 0 ? 3 : -2,
      unitCost: i % 2 === 0 ? 2.5 : '',
    };
    return columns.map((k) => values[k] ?? '');
  });
}

export async function measure(handle: FakeExcelHandle, s: ReturnType<typeof session>, rows: number, work: () => Promise<unknown>): Promise<SheetRun> {
  handle.stats.reset();
  s.timed.httpMs = 0;
  const requestsBefore = s.api.requestCount;
  const t0 = performance.now();
  await work();
  return {
    rows,
    ms: performance.now() - t0,
    httpMs: s.timed.httpMs,
    requests: s.api.requestCount - requestsBefore,
    syncs: handle.stats.syncCount,
    largestRequestBytes: Math.max(0, ...handle.stats.requestBytes),
  };
}

async function postSheet(url: string, token: string, rows: number): Promise<SheetRun> {
  const handle = freshWorkbook();
  const s = session(url, token);
  await s.cache.get();
  await openDocumentSheet(s.ctx, 'adjustments');
  const sheet = handle.model.sheetByName(ADJUSTMENT_LAYOUT.names.zh)!;
  handle.model.typeValues(sheet, 1, 0, adjustmentRows(rows));
  const run = await measure(handle, s, rows, async () => {
    const result = await postDocumentSheet(s.ctx, 'adjustments');
    if (result.params?.posted !== rows) throw new Error(`posted ${JSON.stringify(result)}`);
  });
  return run;
}

async function pullSheet(url: string, token: string, warehouseId: number | undefined, expected: number): Promise<SheetRun> {
  const handle = freshWorkbook();
  const s = session(url, token);
  return measure(handle, s, expected, async () => {
    const result = await pullStock(s.ctx, { warehouseId });
    if (result.params?.count !== expected) throw new Error(`pulled ${JSON.stringify(result)}`);
  });
}

export async function benchAddinSheets(port = 3807): Promise<AddinBenchResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port);
  await server.stop();
  seedItems(file, ITEMS);
  const warehouses = seedWarehouses(file, WAREHOUSES);
  seedBalances(file, ITEMS, warehouses);
  server = await startServer(url, port);
  try {
    const login = await new ApiClient({ baseUrl: server.url }).login('admin', ADMIN_PASSWORD);
    const postSmall = await postSheet(server.url, login.token, 10);
    const postLarge = await postSheet(server.url, login.token, 10_000);
    const pullSmall = await pullSheet(server.url, login.token, warehouses[0], ITEMS);
    const pullLarge = await pullSheet(server.url, login.token, undefined, ITEMS * WAREHOUSES);
    return { postSmall, postLarge, pullSmall, pullLarge };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function describeRun(label: string, r: SheetRun): string {
  return `${label.padEnd(34)} ${String(r.rows).padStart(6)} rows  ${r.ms.toFixed(0).padStart(5)} ms (HTTP ${r.httpMs.toFixed(0)} ms)  ${r.requests} HTTP requests  ${r.syncs} syncs  largest sync ${(r.largestRequestBytes / 1024 / 1024).toFixed(2)} MB`;
}

if (require.main === module) {
  benchAddinSheets()
    .then((r) => {
      const lines = [
        describeRun('post adjustment sheet', r.postSmall),
        describeRun('post adjustment sheet', r.postLarge),
        describeRun('pull stock into sheet', r.pullSmall),
        describeRun('pull stock into sheet', r.pullLarge),
        '',
        `post: syncs ${r.postLarge.syncs} for 10,000 rows vs ${r.postSmall.syncs} for 10 (ratio ${(r.postLarge.syncs / r.postSmall.syncs).toFixed(2)}); ${r.postLarge.ms < 3000 ? 'under' : 'OVER'} the 3 s target`,
        `pull: syncs ${r.pullLarge.syncs} for 50,000 rows vs ${r.pullSmall.syncs} for 5,000 (one more per ~4 MB written); ${r.pullLarge.ms < 3000 ? 'under' : 'OVER'} the 3 s target`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    })
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
