import { driveClients, signInClients } from './load';
import fs from 'node:fs';
import { Client, percentile, startServer, tempSqliteUrl } from './server-process';

export interface CashThroughputResult {
  clients: number;
  seconds: number;
  /** Entries answered 201 or 409 per second. */
  perSecond: number;
  posted: number;
  /** Expenses the money gate refused because the account had too little (intended 409). */
  refused: number;
  errors: number;
  /** Cash accounts below zero at the end (none allows overdraft). */
  overdrafts: number;
  /** Cash accounts whose balance is not opening + what the answers say was posted. */
  mismatched: number;
  p50: number;
  p99: number;
}

const ACCOUNTS = ['CASH-1', 'CASH-2', 'BANK-1', 'BANK-2'];
const OPENING = 500;
const cents = (n: number) => Math.round(n * 100);

/** 30.00 + 6 % VAT out, 25.00 + 13 % VAT in: the accounts drift down, so expenses meet empty accounts under load. */
const entryOf = (i: number, cashAccountCode: string) =>
  i % 2 === 0
    ? { kind: 'expense', cashAccountCode, lines: [{ accountCode: '6602', amount: 30, taxRate: 0.06 }] }
    : { kind: 'income', cashAccountCode, lines: [{ accountCode: '6001', amount: 25, taxRate: 0.13 }] };

async function balances(c: Client): Promise<Map<string, number>> {
  const res = await c.get('/cash-accounts');
  return new Map((res.body.data as Array<{ code: string; balance: number }>).map((a) => [a.code, cents(a.balance)]));
}

async function openAccounts(c: Client): Promise<void> {
  for (const [i, code] of ACCOUNTS.entries()) {
    const opened = await c.post('/cash-accounts', { code, name: `Bench ${code}`, type: i < 2 ? 'cash' : 'bank' });
    const funded = await c.post('/cash-entries', { kind: 'income', cashAccountCode: code, lines: [{ accountCode: '6051', amount: OPENING }] });
    if (opened.status !== 201 || funded.status !== 201) throw new Error(`bench cash account ${code}: ${opened.status} ${funded.status} ${JSON.stringify(funded.body)}`);
  }
}

/** `clients` concurrent clients posting one-line cash entries for `seconds`, each checked afterwards against the balances. */
async function runLoad(url: string, clients: number, seconds: number): Promise<CashThroughputResult> {
  const signedIn = await signInClients(url, clients);
  const before = await balances(signedIn[0]!);
  const moved = new Map(ACCOUNTS.map((code) => [code, 0]));
  const run = await driveClients(signedIn, seconds, async (c, n, k) => {
    const i = n + k;
    const code = ACCOUNTS[(n + i) % ACCOUNTS.length]!;
    const res = await c.post('/cash-entries', entryOf(i, code));
    if (res.status === 201) moved.set(code, moved.get(code)! + (res.body.kind === 'income' ? 1 : -1) * cents(res.body.total));
    return { ...res, outcome: res.status === 201 ? 'posted' : res.status === 409 && res.body?.code === 'cash.overdraft' ? 'refused' : 'error' };
  });
  const { posted, refused, errors, elapsed, latencies } = run;
  const after = await balances(signedIn[0]!);
  return {
    clients,
    seconds: elapsed,
    perSecond: (posted + refused) / elapsed,
    posted,
    refused,
    errors,
    overdrafts: ACCOUNTS.filter((code) => after.get(code)! < 0).length,
    mismatched: ACCOUNTS.filter((code) => after.get(code) !== before.get(code)! + moved.get(code)!).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** On a fresh SQLite file, after 2 s of warm-up whose figures are discarded. */
export async function benchCashThroughput(clients = 20, seconds = 10, port = 3812): Promise<CashThroughputResult> {
  const { url, dir } = tempSqliteUrl();
  const server = await startServer(url, port);
  try {
    const admin = new Client(server.url);
    await admin.login();
    await openAccounts(admin);
    await runLoad(server.url, clients, 2);
    return await runLoad(server.url, clients, seconds);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
