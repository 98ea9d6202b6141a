import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import { migrator } from '../../server/db/migrate';
import type { AuditRow } from '../../server/db/models';
import { execute, selectOne } from '../../server/db/sql';
import { AuditLog } from '../../server/platform/audit/audit-log';
import { auditKeyFile, loadServerKeys } from '../../server/platform/server-keys';
import { createTestDatabase } from '../support/databases';
import { ADMIN_PASSWORD, TestApp } from '../support/test-app';

const silent = pino({ level: 'silent' });
const OTHER_KEY = 'another-key-of-at-least-32-characters-0001';

/** The chain's digest written out here, independently of the server's code: plain SHA-256 (the old scheme) or HMAC. */
function chainDigest(key: Buffer | null, prev: string, r: Omit<AuditRow, 'id' | 'prevHash' | 'hash'>): string {
  const content = JSON.stringify([new Date(r.at).toISOString(), r.userId, r.username, r.action, r.entity, r.entityId, Boolean(r.ok), r.detail, r.ip]);
  const mac = key ? createHmac('sha256', key) : createHash('sha256');
  return mac.update(prev).update('\n').update(content).digest('hex');
}

/** What someone with write access to the database would do: edit a record and recompute every hash from it on. */
async function forge(t: { services: TestApp['services'] }, targetId: number, key: Buffer | null): Promise<void> {
  const { db, models } = t.services;
  const rows = await models.AuditLog.findAll({ order: [['id', 'ASC']], raw: true });
  let prev = '0'.repeat(64);
  await db.transaction(async (tx) => {
    for (const row of rows) {
      if (Number(row.id) < targetId) {
        prev = row.hash;
        continue;
      }
      const detail = Number(row.id) === targetId ? JSON.stringify({ forged: true }) : row.detail;
      const hash = chainDigest(key, prev, { ...row, detail });
      await execute(db, 'UPDATE audit_log SET detail = :detail, prev_hash = :prev, hash = :hash WHERE id = :id', { detail, prev, hash, id: row.id }, tx);
      prev = hash;
    }
    await execute(db, 'UPDATE audit_head SET last_hash = :prev WHERE id = 1', { prev }, tx);
  });
}

describe('The audit chain keyed by AUDIT_KEY', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start({ auditKey: undefined });
    admin = await t.adminToken();
    for (let i = 0; i < 4; i++) await t.createWarehouse(`KEY-${i}`);
  });
  afterAll(() => t.stop());

  const verify = async () => (await t.get('/audit-log/verify', admin)).body;
  const keyFile = () => auditKeyFile(t.database.url);
  const key = () => Buffer.from(fs.readFileSync(keyFile(), 'utf8').trim());

  test('When AUDIT_KEY is unset, then a random key is generated into the data folder, readable by its owner only', () => {
    if (t.database.dialect === 'sqlite') expect(path.dirname(keyFile())).toBe(path.dirname(t.database.url.slice('sqlite:'.length)));
    expect(fs.readFileSync(keyFile(), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
  });

  test('When someone edits a record and recomputes the chain with plain SHA-256, then verification fails; only the key could have made it pass', async () => {
    const ids = (await t.services.models.AuditLog.findAll({ attributes: ['id'], order: [['id', 'ASC']], raw: true })).map((r) => Number(r.id));
    expect(await verify()).toMatchObject({ ok: true });

    await forge(t, ids[2]!, null);

    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: ids[2] });
    await forge(t, ids[2]!, key());
    expect(await verify()).toMatchObject({ ok: true });
  });

  test('When a verifier holds a different key, then it reports the chain broken', async () => {
    const other = new AuditLog(t.services.models, t.services.db, Buffer.from(OTHER_KEY));

    expect(await other.verify()).toMatchObject({ ok: false, reason: expect.stringContaining('key') });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });
  });

  test('When the server restarts without AUDIT_KEY, then it reads the same key back and goes on with one chain', async () => {
    const db = openDatabase(t.database.url);
    const restarted = await createApp(t.services.config, db);
    try {
      await t.createWarehouse('KEY-AFTER');
      expect(await restarted.services.audit.verify()).toMatchObject({ ok: true });
    } finally {
      restarted.close();
      await db.close();
    }
  });

  test('When a server starts on this database with another AUDIT_KEY, then it refuses to start and writes nothing', async () => {
    const before = await t.services.models.AuditLog.count();
    const db = openDatabase(t.database.url);
    try {
      await expect(createApp({ ...t.services.config, auditKey: OTHER_KEY }, db)).rejects.toThrow(/same key/);
    } finally {
      await db.close();
    }
    expect(await t.services.models.AuditLog.count()).toBe(before);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('Where the audit key comes from', () => {
  const made: string[] = [];
  const tempDir = () => {
    made.push(fs.mkdtempSync(path.join(os.tmpdir(), 'jxc-key-')));
    return made[made.length - 1]!;
  };
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const config = (databaseUrl: string, auditKey?: string) => ({ ...loadConfig({}), databaseUrl, auditKey });

  test('When AUDIT_KEY is unset on PostgreSQL, then the key is generated into ./data and read back on the next start', () => {
    const cwd = tempDir();
    const first = loadServerKeys(config('postgres://db.example/jxc'), silent, cwd);

    expect(fs.existsSync(path.join(cwd, 'data', 'audit.key'))).toBe(true);
    expect(loadServerKeys(config('postgres://db.example/jxc'), silent, cwd)).toEqual(first);
  });

  test('When AUDIT_KEY is set, then it is the key and no file is written', () => {
    const cwd = tempDir();

    const keys = loadServerKeys(config(`sqlite:${path.join(cwd, 'jxc.sqlite')}`, OTHER_KEY), silent, cwd);

    expect(keys.audit.toString()).toBe(OTHER_KEY);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('When AUDIT_KEY is too short to be a key, then the server says so', () => {
    expect(() => loadServerKeys(config('sqlite:x.sqlite', 'short'), silent, tempDir())).toThrow(/AUDIT_KEY must be at least 32 characters/);
  });
});

describe('A chain written before the audit key existed', () => {
  const at = (n: number) => new Date(Date.UTC(2025, 0, 1, 9, 0, n));
  const legacy = [
    { userId: null, username: 'system', action: 'create', entity: 'user', entityId: '1', ok: true, detail: '{"bootstrap":true}', ip: null },
    { userId: 1, username: 'admin', action: 'login', entity: 'auth', entityId: '1', ok: true, detail: '{}', ip: '10.0.0.5' },
    { userId: 1, username: 'admin', action: 'create', entity: 'warehouse', entityId: '1', ok: true, detail: '{"after":{"code":"OLD"}}', ip: '10.0.0.5' },
  ];

  test('When a database chained with plain SHA-256 is upgraded, then its records keep verifying, new ones are keyed, and neither kind can be edited unnoticed', async () => {
    const database = await createTestDatabase();
    const old = openDatabase(database.url);
    await migrator(old).up({ to: '0004-versions' });
    let prev = '0'.repeat(64);
    for (const [i, entry] of legacy.entries()) {
      const hash = chainDigest(null, prev, { ...entry, at: at(i) });
      await execute(old, 'INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, ok, detail, ip, prev_hash, hash) VALUES (:id, :at, :userId, :username, :action, :entity, :entityId, :ok, :detail, :ip, :prev, :hash)', {
        ...entry,
        id: i + 1,
        at: at(i),
        prev,
        hash,
      });
      prev = hash;
    }
    await execute(old, 'UPDATE audit_head SET last_id = 3, last_hash = :prev WHERE id = 1', { prev });
    await old.close();

    const db = openDatabase(database.url);
    const { services, close } = await createApp({ ...loadConfig({}), databaseUrl: database.url, adminPassword: ADMIN_PASSWORD, passwordHashCost: 4, logLevel: 'silent', auditKey: undefined }, db);
    try {
      const key = Buffer.from(fs.readFileSync(auditKeyFile(database.url), 'utf8').trim());
      const rows = await services.models.AuditLog.findAll({ order: [['id', 'ASC']], raw: true });
      expect(rows.length).toBeGreaterThan(3);
      // The first keyed record links to the last unkeyed one and carries an HMAC.
      expect(rows[3]!.prevHash).toBe(rows[2]!.hash);
      expect(rows[3]!.hash).toBe(chainDigest(key, rows[2]!.hash, rows[3]!));
      expect(await services.audit.verify()).toEqual({ ok: true, checked: rows.length, firstBrokenId: null, reason: null });

      await execute(db, "UPDATE audit_log SET ip = '10.9.9.9' WHERE id = 2");
      expect(await services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: 2 });
      await execute(db, "UPDATE audit_log SET ip = '10.0.0.5' WHERE id = 2");

      // Re-hash the keyed records the old way and move the boundary past them: the key check catches it.
      await forge({ services }, 4, null);
      await execute(db, 'UPDATE audit_head SET hmac_from = last_id + 1 WHERE id = 1');
      expect(await services.audit.verify()).toMatchObject({ ok: false, reason: expect.stringContaining('key') });
      const head = await selectOne<{ key_check: string | null }>(db, 'SELECT key_check FROM audit_head WHERE id = 1');
      expect(head!.key_check).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      close();
      await db.close();
      await database.drop();
    }
  });
});
