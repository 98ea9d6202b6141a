/*
 * `npm run verify`: checks the invariants of DESIGN §5 on the database at
 * DATABASE_URL (the same checks as GET /finance/verify), prints each with
 * what it expected and what it found, and exits 0 when all hold, 1 when any
 * fails, 2 when it cannot check at all. Reads only; `--json` prints the result
 * as the API answers it.
 */
import fs from 'node:fs';
import { loadConfig } from './config';
import { Database, openDatabase } from './db/database';
import { migrator } from './db/migrate';
import { definePlatformModels } from './db/models';
import { selectRows } from './db/sql';
import { verify } from './ledgers/verification';
import { AuditLog, ChainVerification } from './platform/audit/audit-log';
import { auditKeyFile, serverKeysFrom } from './platform/server-keys';
import type { VerifyCheck } from '../contract/finance';

/** AUDIT_KEY, or the key file a server on this database generated; never a new one. */
function auditKey(databaseUrl: string, configured: string | undefined): string | null {
  if (configured) return configured;
  const file = auditKeyFile(databaseUrl);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
}

async function assertMigrated(db: Database): Promise<void> {
  await db.sequelize.query('SELECT 1'); // a database that cannot be reached says why, in its own words
  const applied = await selectRows<{ name: string }>(db, 'SELECT name FROM schema_migrations').catch(() => {
    throw new Error('the database has no JXC schema: start the server on it once (npm start)');
  });
  const done = new Set(applied.map((m) => m.name));
  const pending = (await migrator(db).migrations(db.sequelize.getQueryInterface())).map((m) => m.name).filter((name) => !done.has(name));
  if (pending.length) throw new Error(`the database is missing migrations ${pending.join(', ')}: start this version of the server on it once`);
}

const line = (c: VerifyCheck) =>
  `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(28)} expected ${JSON.stringify(c.expected)}  actual ${JSON.stringify(c.actual)}${c.mismatches ? `  (${c.mismatches} differ)` : ''}`;

async function main(): Promise<number> {
  const config = loadConfig();
  const url = config.databaseUrl;
  if (url.startsWith('sqlite:') && !fs.existsSync(url.slice('sqlite:'.length))) throw new Error(`there is no database at ${url.slice('sqlite:'.length)}`);
  const db = openDatabase(url);
  try {
    await assertMigrated(db);
    const key = auditKey(url, config.auditKey);
    const audit = key ? new AuditLog(definePlatformModels(db.sequelize), db, serverKeysFrom(key).audit) : null;
    const noKey: ChainVerification = { ok: false, checked: 0, firstBrokenId: null, reason: `no audit key: set AUDIT_KEY, or run where ${auditKeyFile(url)} is` };
    const result = await verify(db, { baseCurrency: config.baseCurrency, auditChain: async () => (audit ? audit.verify() : noKey) });
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`JXC verification (${db.dialect})\n${result.checks.map(line).join('\n')}\n`);
      const failed = result.checks.filter((c) => !c.ok).length;
      process.stdout.write(failed ? `${failed} of ${result.checks.length} checks FAILED\n` : `all ${result.checks.length} checks hold\n`);
    }
    return result.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`JXC verify could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
