import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../server/version';
import { Client as ApiClient } from '../tests/support/api-client';
import { startServer as startServerProcess } from '../tests/support/server-process';

export const ROOT = projectRoot;
export const ADMIN_PASSWORD = 'bench-admin-password';

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Peak resident memory of the server so far, in MB (VmHWM). */
  peakRssMb(): number;
  rssMb(): number;
}

function statusField(pid: number, field: string): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) / 1024 : NaN;
}

export function tempSqliteUrl(): { url: string; file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jxc-bench-'));
  const file = path.join(dir, 'jxc.sqlite');
  return { url: `sqlite:${file}`, file, dir };
}

/** Starts the built server (dist/server/main.js) as its own process, as in production. */
export async function startServer(databaseUrl: string, port: number): Promise<ServerProcess> {
  const server = await startServerProcess({ databaseUrl, from: 'built', echoStderr: true, env: { PORT: String(port), ADMIN_PASSWORD } });
  return {
    url: server.url,
    pid: server.pid,
    child: server.child,
    peakRssMb: () => statusField(server.pid, 'VmHWM'),
    rssMb: () => statusField(server.pid, 'VmRSS'),
    stop: server.stop,
  };
}

/** The tests' client, signing in as the bench's admin unless told otherwise. */
export class Client extends ApiClient {
  override login(username = 'admin', password = ADMIN_PASSWORD) {
    return super.login(username, password);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;
