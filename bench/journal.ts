import fs from 'node:fs';
import { Client, startServer, tempSqliteUrl } from './server-process';
import { openDirect } from './seed';

export interface JournalBenchResult {
  lines: number;
  accounts: number;
  /** `to` inside a month: that month's lines up to the day are read as well. */
  midMonthMs: number;
  monthEndMs: number;
  entryLines: number;
  entryMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const FIRST_DAY = '2025-01-01';
const DAYS = 700; // to 2026-12-01
const MID_MONTH = '2026-06-15';
const MONTH_END = '2026-06-30';

/**
 * A chart grown to a realistic size (100 expense sub-accounts) and a journal of
 * `entries` two-line entries spread over 700 days, written set-based in the
 * server's own tables: entries, their lines, and account_balances summed from
 * those lines, so the three agree as the money gate keeps them.
 */
function seedJournal(file: string, entries: number): { lines: number; accounts: number } {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const sub = db.prepare("INSERT INTO accounts (code, name, name_en, type, parent_code, active, version, created_at, updated_at) VALUES (?, ?, ?, 'expense', ?, 1, 1, ?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= 60; i++) sub.run(`6602.${String(i).padStart(2, '0')}`, `管理费用 ${i}`, `Administrative ${i}`, '6602', now, now);
    for (let i = 1; i <= 40; i++) sub.run(`6601.${String(i).padStart(2, '0')}`, `销售费用 ${i}`, `Selling ${i}`, '6601', now, now);
  })();
  db.exec(`CREATE TEMP TABLE leaves AS
    SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS k, code FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_code = a.code)`);
  const leaves = (db.prepare('SELECT COUNT(*) AS n FROM temp.leaves').get() as { n: number }).n;
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :entries),
            d(i, date) AS (SELECT i, date(:first, '+' || (i * :days / (:entries + 1)) || ' days') FROM n)
       INSERT INTO journal_entries (id, number, date, period, memo, source_type, source_id, source_number, user_id, created_at)
       SELECT i, 'JE-BENCH-' || i, date, substr(date, 1, 7), 'bench', 'JE', i, 'JE-BENCH-' || i, 1, :now FROM d`,
    ).run({ entries, first: FIRST_DAY, days: DAYS, now });
    // Line 0 debits one leaf, line 1 credits another, the same amount.
    for (const [line, debit, credit, offset] of [[0, 'amount', '0', 0], [1, '0', 'amount', 1 + Math.floor(leaves / 2)]] as const) {
      db.prepare(
        `INSERT INTO journal_lines (entry_id, line, account_code, date, period, debit, credit, currency, amount, rate)
         SELECT e.id, ${line}, l.code, e.date, e.period, ${debit}, ${credit}, 'CNY', amount, 1000000
           FROM (SELECT id, date, period, id % 10000 + 1 AS amount FROM journal_entries) e JOIN temp.leaves l ON l.k = (e.id + ${offset}) % ${leaves}`,
      ).run();
    }
    db.exec('INSERT INTO account_balances (account_code, period, debit, credit) SELECT account_code, period, SUM(debit), SUM(credit) FROM journal_lines GROUP BY account_code, period');
  })();
  const lines = (db.prepare('SELECT COUNT(*) AS n FROM journal_lines').get() as { n: number }).n;
  const accounts = (db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
  db.close();
  return { lines, accounts };
}

/** What every leaf holds through `to`, summed from the lines themselves: the answer the endpoint must give. */
function expectedClosing(file: string, to: string): Map<string, number> {
  const db = openDirect(file);
  const rows = db.prepare('SELECT account_code AS code, SUM(debit) - SUM(credit) AS closing FROM journal_lines WHERE date <= ? GROUP BY account_code').all(to) as Array<{ code: string; closing: number }>;
  db.close();
  return new Map(rows.map((r) => [r.code, r.closing]));
}

async function timeBalances(client: Client, to: string, expected: Map<string, number>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const res = await client.request('GET', `/finance/account-balances?to=${to}`);
    times.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`account balances failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    for (const row of res.body.data as Array<{ accountCode: string; leaf: boolean; closing: number }>) {
      if (row.leaf && Math.round(row.closing * 100) !== (expected.get(row.accountCode) ?? 0)) throw new Error(`account ${row.accountCode} closes at ${row.closing}, its lines say ${(expected.get(row.accountCode) ?? 0) / 100}`);
    }
  }
  return median(times);
}

/** A balanced entry of `lines` lines: debits over the expense sub-accounts, as many credits to paid-in capital. */
function largeEntry(lines: number) {
  const half = lines / 2;
  const amount = (i: number) => (i % 100) + 1.25;
  return {
    memo: `bench ${lines} lines`,
    lines: [
      ...Array.from({ length: half }, (_, i) => ({ accountCode: `6602.${String((i % 60) + 1).padStart(2, '0')}`, debit: amount(i), memo: `line ${i}` })),
      ...Array.from({ length: half }, (_, i) => ({ accountCode: '4001', credit: amount(i) })),
    ],
  };
}

export async function benchJournal(entries = 500_000, entryLines = 5000, port = 3810): Promise<JournalBenchResult> {
  const { url, file, dir } = tempSqliteUrl();
  let server = await startServer(url, port); // applies the migrations
  await server.stop();
  const { lines, accounts } = seedJournal(file, entries);
  const midMonth = expectedClosing(file, MID_MONTH);
  const monthEnd = expectedClosing(file, MONTH_END);
  server = await startServer(url, port);
  try {
    const client = new Client(server.url);
    await client.login();
    await client.request('GET', '/finance/account-balances?to=2025-01-31');
    const midMonthMs = await timeBalances(client, MID_MONTH, midMonth);
    const monthEndMs = await timeBalances(client, MONTH_END, monthEnd);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const res = await client.request('POST', '/journal-entries', largeEntry(entryLines));
      times.push(performance.now() - start);
      if (res.status !== 201 || res.body.lines.length !== entryLines) throw new Error(`journal entry failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return { lines, accounts, midMonthMs, monthEndMs, entryLines, entryMs: median(times) };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
