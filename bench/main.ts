import { benchAddinSheets } from './addin-sheets';
import { benchBalancesRead } from './balances-read';
import { benchCashThroughput } from './cash-throughput';
import { benchJournal } from './journal';
import { benchLargeAdjustment } from './large-adjustment';
import { benchPayables, benchReceivables } from './ageing';
import { benchPurchaseFlow } from './purchase-flow';
import { benchSalesFlow } from './sales-flow';
import { benchSalesThroughput } from './sales-throughput';
import { benchBehaviour } from './behaviour';
import { benchThroughputPostgres, postgresReachable } from './postgres';
import { benchReceipts } from './receipts';
import { benchReceiptsSheet } from './receipts-sheet';
import { benchThroughputSqlite, ThroughputResult } from './throughput';

interface Row {
  benchmark: string;
  measured: string;
  target: string;
  verdict: string;
}

const rows: Row[] = [];
const add = (benchmark: string, measured: string, target: string, ok: boolean | null) =>
  rows.push({ benchmark, measured, target, verdict: ok === null ? 'info' : ok ? 'meets' : 'MISSES' });
const fmt = (n: number, digits = 0) => n.toFixed(digits);

function throughputRow(r: ThroughputResult, target: boolean) {
  add(
    `${r.clients} clients × ${fmt(r.seconds, 1)} s one-line adjustments (${r.db})`,
    `${fmt(r.perSecond)} docs/s (${r.documents} posted, ${r.conflicts} intended 409, ${r.errors} errors), p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`,
    target ? '≥ 300 docs/s, 0 errors, p99 < 250 ms' : 'reported',
    target ? r.perSecond >= 300 && r.errors === 0 && r.p99 < 250 : r.errors === 0 ? null : false,
  );
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'large') {
    const r = await benchLargeAdjustment(5000);
    add('5,000-line adjustment over HTTP (SQLite)', `${fmt(r.httpMs)} ms; floor (better-sqlite3, same rows) ${fmt(r.floorMs)} ms; ratio ${fmt(r.ratio, 1)}×`, '< 1000 ms and ≤ 10× floor', r.httpMs < 1000 && r.ratio <= 10);
    const big = await benchLargeAdjustment(10000, 3806);
    add('10,000-line adjustment: peak server memory', `${fmt(big.peakRssMb)} MB (posted in ${fmt(big.httpMs)} ms)`, '< 512 MB', big.peakRssMb < 512);
  }
  if (!only || only === 'throughput') {
    throughputRow(await benchThroughputSqlite(20, 10), true);
    if (await postgresReachable()) throughputRow(await benchThroughputPostgres(20, 10), true);
    else add('throughput on PostgreSQL', 'skipped: no PostgreSQL at BENCH_POSTGRES_URL / 127.0.0.1:5432', '≥ 300 docs/s, 0 errors, p99 < 250 ms', null);
  }
  if (!only || only === 'cash') {
    const r = await benchCashThroughput(20, 10);
    add(
      `${r.clients} clients × ${fmt(r.seconds, 1)} s one-line cash entries on 4 accounts (sqlite)`,
      `${fmt(r.perSecond)} docs/s (${r.posted} posted, ${r.refused} refused for overdraft, ${r.errors} errors), ${r.overdrafts} overdrafts, ${r.mismatched} balances off, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`,
      '≥ 300 docs/s, 0 overdrafts, 0 errors',
      r.perSecond >= 300 && r.overdrafts === 0 && r.mismatched === 0 && r.errors === 0,
    );
  }
  if (!only || only === 'balances') {
    const r = await benchBalancesRead();
    const label = `GET /stock/balances on ${r.balances.toLocaleString('en')} balances over a ${r.ledgerRows.toLocaleString('en')}-row ledger`;
    add(`${label}: one request (a full page of 10,000)`, `slowest page ${fmt(r.slowestPageMs)} ms`, '< 500 ms', r.slowestPageMs < 500);
    add(`${label}: all of them, page by page`, `${fmt(r.totalMs)} ms for ${r.pages} pages`, '< 500 ms', r.totalMs < 500);
  }
  if (!only || only === 'addin') {
    const r = await benchAddinSheets();
    const run = (x: typeof r.postLarge) => `${fmt(x.ms)} ms end to end, ${x.requests} HTTP requests, ${x.syncs} syncs (largest ${fmt(x.largestRequestBytes / 1048576, 1)} MB)`;
    add(`add-in: post a ${r.postLarge.rows.toLocaleString('en')}-row adjustment sheet (fake workbook → server)`, `${run(r.postLarge)}; ${r.postSmall.rows} rows took ${r.postSmall.syncs} syncs`, '< 3000 ms, syncs constant', r.postLarge.ms < 3000 && r.postLarge.syncs === r.postSmall.syncs);
    add(`add-in: pull ${r.pullLarge.rows.toLocaleString('en')} balances into a sheet`, `${run(r.pullLarge)}; ${r.pullSmall.rows.toLocaleString('en')} rows took ${r.pullSmall.syncs} syncs`, '< 3000 ms', r.pullLarge.ms < 3000);
  }
  if (!only || only === 'journal') {
    const r = await benchJournal();
    const over = `over ${r.lines.toLocaleString('en')} journal lines, ${r.accounts} accounts (SQLite)`;
    add(`GET /finance/account-balances?to=<mid-month date> ${over}`, `${fmt(r.midMonthMs)} ms (to a month end: ${fmt(r.monthEndMs)} ms)`, '< 300 ms', r.midMonthMs < 300 && r.monthEndMs < 300);
    add(`${r.entryLines.toLocaleString('en')}-line journal entry over HTTP (SQLite, on that journal)`, `${fmt(r.entryMs)} ms`, '< 1000 ms', r.entryMs < 1000);
  }
  if (!only || only === 'payables') {
    const r = await benchPayables();
    const slowest = Math.max(r.invoiceMs, r.dueMs, r.pastMs);
    add(
      `GET /payables/ageing over ${r.openItems.toLocaleString('en')} open items, ${r.partners} suppliers, ${r.allocations.toLocaleString('en')} allocations (SQLite)`,
      `today by invoice ${fmt(r.invoiceMs)} ms, by due ${fmt(r.dueMs)} ms; a past asOf ${fmt(r.pastMs)} ms`,
      '< 500 ms',
      slowest < 500,
    );
  }
  if (!only || only === 'receipts') {
    const r = await benchReceipts(20, 10);
    add(
      `${r.clients} clients × ${fmt(r.seconds, 1)} s one-line goods receipts against open POs (sqlite)`,
      `${fmt(r.perSecond)} docs/s (${r.posted} posted, ${r.refused} refused as fully received, ${r.errors} errors), ${r.overReceived} lines over-received, ${r.mismatched} lines off, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`,
      '≥ 200 docs/s, no over-receipt, 0 errors',
      r.perSecond >= 200 && r.overReceived === 0 && r.mismatched === 0 && r.errors === 0,
    );
  }
  if (!only || only === 'receipts-sheet') {
    const r = await benchReceiptsSheet();
    add(
      'add-in: post a 5,000-row receipts sheet (100 orders, fake workbook → server)',
      `${fmt(r.large.ms)} ms end to end, ${r.large.requests} HTTP requests, ${r.large.syncs} syncs; 50 rows took ${r.small.syncs} syncs; pulling the 5,000 open lines ${fmt(r.pull.ms)} ms`,
      '< 3000 ms, syncs constant',
      r.large.ms < 3000 && r.large.syncs <= r.small.syncs,
    );
  }
  if (!only || only === 'purchase') {
    const r = await benchPurchaseFlow(1000);
    add(
      `${r.lines.toLocaleString('en')}-line purchase order: create, approve, receive, invoice, pay over HTTP (SQLite)`,
      `${fmt(r.totalMs)} ms (${r.steps.map((s) => `${s.step} ${fmt(s.ms)}`).join(', ')})`,
      '< 2000 ms in all',
      r.totalMs < 2000,
    );
  }
  if (!only || only === 'sales') {
    const r = await benchSalesFlow(1000);
    add(
      `${r.lines.toLocaleString('en')}-line sales order: approve, ship, invoice, receive over HTTP (SQLite)`,
      `${fmt(r.totalMs)} ms (${r.steps.map((s) => `${s.step} ${fmt(s.ms)}`).join(', ')})`,
      '< 2000 ms in all',
      r.totalMs < 2000,
    );
  }
  if (!only || only === 'sales-load') {
    const r = await benchSalesThroughput(20, 10);
    add(
      `${r.clients} clients × ${fmt(r.seconds, 1)} s approving and shipping one-line orders against shared stock and credit limits (sqlite)`,
      `${fmt(r.perSecond)} orders/s answered, ${fmt(r.shipped / r.seconds)}/s approved and shipped (${r.shipped} shipped, ${r.refusedCredit} refused for credit, ${r.refusedStock} for stock, ${r.errors} errors), ${r.oversold} balances oversold, ${r.creditOverrun} customers over their limit, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`,
      '≥ 200 orders/s approved and shipped, 0 oversell, 0 credit overrun, 0 errors',
      r.shipped / r.seconds >= 200 && r.oversold === 0 && r.creditOverrun === 0 && r.errors === 0,
    );
  }
  if (!only || only === 'receivables') {
    const r = await benchReceivables();
    const slowest = Math.max(r.invoiceMs, r.dueMs, r.pastMs);
    add(
      `GET /receivables/ageing over ${r.openItems.toLocaleString('en')} open items, ${r.partners} customers, ${r.allocations.toLocaleString('en')} allocations (SQLite)`,
      `today by invoice ${fmt(r.invoiceMs)} ms, by due ${fmt(r.dueMs)} ms; a past asOf ${fmt(r.pastMs)} ms`,
      '< 500 ms',
      slowest < 500,
    );
  }
  if (!only || only === 'behaviour') {
    const r = await benchBehaviour();
    add(
      `GET /customers/:id/behaviour over ${r.lines.toLocaleString('en')} sales lines of one customer, scored among ${r.customers} (SQLite)`,
      `all of them ${fmt(r.allMs)} ms, the last 90 days ${fmt(r.windowMs)} ms (segment ${r.segment})`,
      '< 200 ms',
      Math.max(r.allMs, r.windowMs) < 200,
    );
  }
  const widths = (['benchmark', 'measured', 'target', 'verdict'] as const).map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${line(['benchmark', 'measured', 'target', 'verdict'])}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line([r.benchmark, r.measured, r.target, r.verdict])}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
