import { Client } from './server-process';

/** What one request of a load run came to: posted (201), an intended refusal, or an error. */
export type Outcome = 'posted' | 'refused' | 'error';

export interface LoadRun {
  posted: number;
  refused: number;
  errors: number;
  /** Seconds from the first request to the last answer. */
  elapsed: number;
  /** Sorted, milliseconds. */
  latencies: number[];
}

/**
 * Signs `count` clients in one after another: the sign-in limit counts
 * attempts before it checks the password, so parallel sign-ins of one user
 * would be refused as a guessing attack.
 */
export async function signInClients(url: string, count: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let n = 0; n < count; n++) {
    const c = new Client(url);
    const res = await c.login();
    if (res.status !== 200) throw new Error(`bench client could not sign in: ${res.status} ${JSON.stringify(res.body)}`);
    clients.push(c);
  }
  return clients;
}

/**
 * Every client sends requests one after another for `seconds`: `send` makes
 * the i-th request of client n and says what its answer came to. The first
 * few unexpected answers are printed.
 */
export async function driveClients(
  clients: Client[],
  seconds: number,
  send: (c: Client, n: number, i: number) => Promise<{ outcome: Outcome; status: number; body: unknown }>,
): Promise<LoadRun> {
  const run: LoadRun = { posted: 0, refused: 0, errors: 0, elapsed: 0, latencies: [] };
  const firstErrors: string[] = [];
  const until = performance.now() + seconds * 1000;
  const client = async (c: Client, n: number) => {
    for (let i = 0; performance.now() < until; i++) {
      const start = performance.now();
      const res = await send(c, n, i);
      run.latencies.push(performance.now() - start);
      if (res.outcome === 'posted') run.posted++;
      else if (res.outcome === 'refused') run.refused++;
      else {
        run.errors++;
        if (firstErrors.length < 3) firstErrors.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
  };
  const started = performance.now();
  await Promise.all(clients.map(client));
  run.elapsed = (performance.now() - started) / 1000;
  if (firstErrors.length) process.stderr.write(`unexpected responses: ${firstErrors.join(' | ')}\n`);
  run.latencies.sort((a, b) => a - b);
  return run;
}
