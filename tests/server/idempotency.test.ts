import { createHash } from 'node:crypto';
import { execute, selectOne } from '../../server/db/sql';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const warehousesCoded = (code: string) => t.services.models.Warehouse.count({ where: { code } });
  const createRecordsOf = (id: number) =>
    t.services.models.AuditLog.count({ where: { entity: 'warehouse', action: 'create', entityId: String(id) } });

  test('When the same key and body are sent twice, then the second gets the first answer and nothing new is created or audited', async () => {
    const body = { code: 'IDEM-1', name: 'Once' };
    const headers = { 'Idempotency-Key': 'key-idem-1' };

    const first = await t.post('/warehouses', body, admin, headers);
    const auditAfterFirst = await t.services.models.AuditLog.count();
    const second = await t.post('/warehouses', body, admin, headers);

    expect(first.status).toBe(201);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(await warehousesCoded('IDEM-1')).toBe(1);
    expect(await createRecordsOf(first.body.id)).toBe(1);
    expect(await t.services.models.AuditLog.count()).toBe(auditAfterFirst);
  });

  test('When the first answer is replayed, then it is the answer as it was, even after the record changed', async () => {
    const headers = { 'Idempotency-Key': 'key-idem-2' };
    const first = await t.post('/warehouses', { code: 'IDEM-2', name: 'Original' }, admin, headers);
    await t.patch(`/warehouses/${first.body.id}`, { name: 'Changed since' }, admin);

    const replay = await t.post('/warehouses', { code: 'IDEM-2', name: 'Original' }, admin, headers);

    expect(replay.body).toEqual(first.body);
  });

  test('When the same key comes with a different body, then 422 naming the key and nothing is created', async () => {
    const headers = { 'Idempotency-Key': 'key-idem-3' };
    await t.post('/warehouses', { code: 'IDEM-3', name: 'First' }, admin, headers);

    const res = await t.post('/warehouses', { code: 'IDEM-3B', name: 'Second' }, admin, headers);

    expectProblem(res, 422, ['Idempotency-Key']);
    expect(await warehousesCoded('IDEM-3B')).toBe(0);
  });

  test('When the same key is used on another path, then it is a different request: 422', async () => {
    const headers = { 'Idempotency-Key': 'key-idem-path' };
    await t.post('/warehouses', { code: 'IDEM-P', name: 'Path' }, admin, headers);

    expectProblem(await t.post('/roles', { name: 'IDEM-P' }, admin, headers), 422, ['Idempotency-Key']);
    expect((await t.get('/roles', admin)).body.data.map((r: { name: string }) => r.name)).not.toContain('IDEM-P');
  });

  test('When two users use the same key, then each request stands on its own', async () => {
    const other = await t.createUser(['manager']);
    const headers = { 'Idempotency-Key': 'shared-key' };

    const mine = await t.post('/warehouses', { code: 'IDEM-U1', name: 'Mine' }, admin, headers);
    const theirs = await t.post('/warehouses', { code: 'IDEM-U2', name: 'Theirs' }, other.token, headers);

    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await warehousesCoded('IDEM-U1')).toBe(1);
    expect(await warehousesCoded('IDEM-U2')).toBe(1);
  });

  test('When the first attempt failed, then a retry with the same key is acted on', async () => {
    const headers = { 'Idempotency-Key': 'key-idem-retry' };
    const failed = await t.post('/warehouses', { code: 'IDEM-R' }, admin, headers);

    const retried = await t.post('/warehouses', { code: 'IDEM-R', name: 'Retried' }, admin, headers);

    expect(failed.status).toBe(422);
    expect(retried.status).toBe(201);
    expect(await warehousesCoded('IDEM-R')).toBe(1);
  });

  test('When ten requests with the same key arrive at once, then one warehouse is created and all ten get the same answer', async () => {
    const body = { code: 'IDEM-RACE', name: 'Raced' };
    const headers = { 'Idempotency-Key': 'key-race' };

    const answers = await Promise.all(Array.from({ length: 10 }, () => t.post('/warehouses', body, admin, headers)));

    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const res of answers) expect(res.body).toEqual(answers[0]!.body);
    expect(await warehousesCoded('IDEM-RACE')).toBe(1);
    expect(await createRecordsOf(answers[0]!.body.id)).toBe(1);
    expect((await t.get('/audit-log/verify', admin)).body.ok).toBe(true);
  });

  test('When a delete is retried with its key, then the retry answers 204 again instead of 404', async () => {
    const role = await t.createRole(['item:read']);
    const headers = { 'Idempotency-Key': 'key-delete' };

    const first = await t.delete(`/roles/${role.id}`, admin, headers);
    const again = await t.delete(`/roles/${role.id}`, admin, headers);

    expect(first.status).toBe(204);
    expect(again.status).toBe(204);
    expectProblem(await t.delete(`/roles/${role.id}`, admin), 404);
  });

  test('When a key is empty or longer than 200 characters, then 422 naming the header', async () => {
    expectProblem(await t.post('/warehouses', { code: 'IDEM-K', name: 'K' }, admin, { 'Idempotency-Key': 'k'.repeat(201) }), 422, ['Idempotency-Key']);
    expectProblem(await t.post('/warehouses', { code: 'IDEM-K', name: 'K' }, admin, { 'Idempotency-Key': '' }), 422, ['Idempotency-Key']);
    expect(await warehousesCoded('IDEM-K')).toBe(0);
  });

  test('When no key is sent, then the same body twice is two requests: the second is a 409', async () => {
    const body = { code: 'IDEM-NOKEY', name: 'No key' };

    const first = await t.post('/warehouses', body, admin);
    const second = await t.post('/warehouses', body, admin);

    expect(first.status).toBe(201);
    expectProblem(second, 409, ['code']);
  });
});

describe('Idempotency-Key records over time and at rest', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start({ idempotencyTtlHours: 24 });
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const recordOf = (key: string) =>
    selectOne<{ request_hash: string; response: string; created_at: string | Date }>(t.services.db, 'SELECT request_hash, response, created_at FROM idempotency_keys WHERE key = :key', { key });
  const backdate = (key: string, hours: number) =>
    t.services.db.transaction((tx) => execute(t.services.db, 'UPDATE idempotency_keys SET created_at = :at WHERE key = :key', { key, at: new Date(Date.now() - hours * 3_600_000) }, tx));

  test('When a key comes back after its record has outlived IDEMPOTENCY_TTL_HOURS, then nothing is replayed: the request is acted on and recorded afresh', async () => {
    const headers = { 'Idempotency-Key': 'key-ttl-old' };
    const first = await t.post('/warehouses', { code: 'TTL-1', name: 'First' }, admin, headers);
    await backdate('key-ttl-old', 25);

    const later = await t.post('/warehouses', { code: 'TTL-2', name: 'Later' }, admin, headers);

    expect(first.status).toBe(201);
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
    expect(JSON.parse((await recordOf('key-ttl-old'))!.response)).toEqual(later.body);
  });

  test('When a record is younger than the TTL, then it is still replayed', async () => {
    const headers = { 'Idempotency-Key': 'key-ttl-young' };
    const first = await t.post('/warehouses', { code: 'TTL-3', name: 'Young' }, admin, headers);
    await backdate('key-ttl-young', 23);

    const retry = await t.post('/warehouses', { code: 'TTL-3', name: 'Young' }, admin, headers);

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  test('When a request holding a password is recorded, then the record holds neither the password nor a plain hash of the body', async () => {
    const body = { username: 'idem-secret', displayName: 'Secret', password: 'guessable-1', roles: ['viewer'] };

    const res = await t.post('/users', body, admin, { 'Idempotency-Key': 'key-secret' });

    expect(res.status).toBe(201);
    const row = (await recordOf('key-secret'))!;
    expect(JSON.stringify(row)).not.toContain('guessable-1');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(row.request_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.request_hash).not.toBe(sha(`POST /api/v1/users\n${JSON.stringify(body)}`));
    expect(row.request_hash).not.toBe(sha(JSON.stringify(body)));
  });
});
