import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../server/version';

export interface ServerProcess {
  /** Where the API is: `${url}/api/v1`. */
  url: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM: in-flight requests finish, then the database is closed. */
  stop(): Promise<void>;
  /** SIGKILL: gone at once, mid-request, mid-transaction. */
  kill(): Promise<void>;
  /** The last of what it printed (stdout and stderr), for failure messages. */
  output(): string;
}

export interface ServerOptions {
  databaseUrl: string;
  /** Further environment (e.g. AUTH_CACHE_SECONDS); PORT defaults to 0, a free port the server picks itself. */
  env?: Record<string, string>;
  /** `sources` runs server/main.ts through tests/support/transpile-ts.js; `built` runs dist/server/main.js (npm run build:server). */
  from?: 'sources' | 'built';
  /** Also copy the server's stderr to this process's stderr. */
  echoStderr?: boolean;
}

const OUTPUT_KEPT = 64 * 1024;
const STARTUP_MS = 45_000;
/** The line main.ts prints once it listens; it names the port actually bound. */
const READY = /JXC — admin page (https?:\/\/\S+?)\/admin\//;

/** Every server this process started and not yet seen exit: killed when this process exits, whatever happened. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function entryArgs(from: 'sources' | 'built'): string[] {
  if (from === 'built') return [path.join(projectRoot, 'dist', 'server', 'main.js')];
  return ['-r', path.join(projectRoot, 'tests', 'support', 'transpile-ts.js'), path.join(projectRoot, 'server', 'main.ts')];
}

/** Starts the server as its own process, as in production, and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, entryArgs(options.from ?? 'sources'), {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', PASSWORD_HASH_COST: '4', ...options.env, DATABASE_URL: options.databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (options.echoStderr) child.stderr!.pipe(process.stderr);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  exited.then(() => running.delete(child));

  const url = await new Promise<string>((resolve, reject) => {
    const waited = setTimeout(() => reject(new Error(`the server did not say it listens within ${STARTUP_MS / 1000} s:\n${output}`)), STARTUP_MS);
    exited.then(() => {
      clearTimeout(waited);
      reject(new Error(`the server exited before it listened:\n${output}`));
    });
    child.stdout!.on('data', () => {
      const ready = READY.exec(output);
      if (!ready) return;
      clearTimeout(waited);
      resolve(ready[1]!.replace('//localhost:', '//127.0.0.1:'));
    });
  });
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, pid: child.pid!, child, stop: signal('SIGTERM'), kill: signal('SIGKILL'), output: () => output };
}

/** For afterAll: kills whatever servers are still running, so a failed test leaves none behind. */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
