import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  dialect: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/** The PostgreSQL server named by DATABASE_URL, when it names one; tests then run there instead of SQLite. */
export function postgresUrl(): string | null {
  const url = process.env.DATABASE_URL ?? '';
  return /^postgres(ql)?:\/\//.test(url) ? url : null;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database per test suite: a temporary SQLite file, or a throwaway PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const pgUrl = postgresUrl();
  if (!pgUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jxc-test-'));
    const file = path.join(dir, 'jxc.sqlite');
    return { url: `sqlite:${file}`, dialect: 'sqlite', drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `jxc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(pgUrl, name),
    dialect: 'postgres',
    drop: async () => {
      const c = new Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
