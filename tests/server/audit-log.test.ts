import { Op } from 'sequelize';
import { expectProblem } from '../support/problems';
import { ADMIN_PASSWORD, TestApp } from '../support/test-app';

interface AuditBody {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ok: boolean;
  detail: Record<string, unknown>;
  ip: string | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Audit log', () => {
  let t: TestApp;
  let admin: string;
  let adminId: number;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    adminId = (await t.get('/auth/me', admin)).body.user.id;
  });
  afterAll(() => t.stop());

  const records = async (query: string): Promise<AuditBody[]> => {
    const res = await t.get(`/audit-log?${query}`, admin);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  test('When a warehouse is created, then exactly one ok record says who, what, which, from where and the result', async () => {
    const res = await t.post('/warehouses', { code: 'AUD-1', name: 'Audited' }, admin);

    const found = await records(`entity=warehouse&action=create`);
    const mine = found.filter((r) => r.entityId === String(res.body.id));
    expect(mine).toEqual([
      {
        id: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        userId: adminId,
        username: 'admin',
        action: 'create',
        entity: 'warehouse',
        entityId: String(res.body.id),
        ok: true,
        detail: { after: res.body },
        ip: expect.stringContaining('127.0.0.1'),
      },
    ]);
  });

  test('When a warehouse is updated, then the record holds the values before and after', async () => {
    const wh = await t.post('/warehouses', { code: 'AUD-2', name: 'Old name' }, admin);

    await t.patch(`/warehouses/${wh.body.id}`, { name: 'New name' }, admin);

    const [update] = (await records('entity=warehouse&action=update')).filter((r) => r.entityId === String(wh.body.id));
    expect(update!.ok).toBe(true);
    expect(update!.detail).toEqual({ before: wh.body, after: { ...wh.body, name: 'New name', version: 2 } });
  });

  test('When a user is updated, then the record names what changed without any password', async () => {
    const user = await t.createUser(['viewer']);

    await t.patch(`/users/${user.id}`, { displayName: 'Renamed', password: 'another-pass-1' }, admin);

    const [update] = (await records('entity=user&action=update')).filter((r) => r.entityId === String(user.id));
    expect(update!.detail).toMatchObject({ changed: ['displayName'], passwordReset: true, before: { displayName: user.username }, after: { displayName: 'Renamed' } });
    expect(JSON.stringify(update!.detail)).not.toContain('another-pass-1');
  });

  test('When a role is created and deleted, then both are recorded', async () => {
    const role = await t.createRole(['item:read']);

    await t.delete(`/roles/${role.id}`, admin);

    const actions = (await records('entity=role')).filter((r) => r.entityId === String(role.id)).map((r) => r.action);
    expect(actions).toEqual(['delete', 'create']);
  });

  test('When a request is refused for lack of permission, then a deny record with ok false names the permission', async () => {
    const viewer = await t.createUser(['viewer']);

    await t.post('/warehouses', { code: 'AUD-DENY', name: 'Nope' }, viewer.token);

    const denials = (await records(`userId=${viewer.id}&action=deny`));
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ ok: false, entity: 'warehouse', username: viewer.username, detail: { permission: 'warehouse:create', method: 'POST' } });
  });

  test('When a read is refused for being outside the warehouse scope, then it is recorded as a denial', async () => {
    const wh = await t.createWarehouse();
    const scoped = await t.createUser(['viewer'], []);

    await t.get(`/warehouses/${wh.id}`, scoped.token);

    const denials = await records(`userId=${scoped.id}&action=deny`);
    expect(denials).toEqual([expect.objectContaining({ ok: false, entity: 'warehouse', entityId: String(wh.id), detail: expect.objectContaining({ method: 'GET' }) })]);
  });

  test('When a write fails validation, then an ok false record of the attempt is kept and nothing else', async () => {
    const before = await t.services.models.AuditLog.count();

    await t.post('/warehouses', { code: 'AUD-BAD' }, admin);

    const [failed] = await records('entity=warehouse&action=create&limit=1');
    expect(failed).toMatchObject({ ok: false, userId: adminId, detail: { status: 422 } });
    expect(await t.services.models.AuditLog.count()).toBe(before + 1);
  });

  test('When a sign-in fails, then an ok false login record names the username tried; a success is recorded too', async () => {
    await t.post('/auth/login', { username: 'admin', password: 'wrong-password' });
    await t.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });

    const [success, failure] = await records('entity=auth&action=login&limit=2');
    expect(failure).toMatchObject({ ok: false, userId: null, detail: { username: 'admin', reason: 'bad credentials' } });
    expect(success).toMatchObject({ ok: true, userId: adminId, username: 'admin' });
  });

  test('When filtering by user, entity, action and time, then only matching records come back, newest first', async () => {
    const actor = await t.createUser(['manager']);
    await pause(5);
    const from = new Date().toISOString();
    const a = await t.post('/warehouses', { code: 'FILTER-A', name: 'A' }, actor.token);
    const b = await t.post('/warehouses', { code: 'FILTER-B', name: 'B' }, actor.token);
    await t.patch(`/warehouses/${a.body.id}`, { name: 'A2' }, actor.token);
    await pause(5);
    const to = new Date().toISOString();
    await t.post('/warehouses', { code: 'FILTER-C', name: 'C' }, actor.token);

    const byUser = await records(`userId=${actor.id}&entity=warehouse`);
    const creates = await records(`userId=${actor.id}&entity=warehouse&action=create`);
    const window = await records(`userId=${actor.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const today = new Date().toISOString().slice(0, 10);
    const wholeDay = await records(`userId=${actor.id}&entity=warehouse&from=${today}&to=${today}`);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const none = await records(`userId=${actor.id}&from=${tomorrow}`);

    expect(byUser.map((r) => r.action)).toEqual(['create', 'update', 'create', 'create']);
    expect(byUser.every((r) => r.userId === actor.id && r.entity === 'warehouse')).toBe(true);
    expect(creates.map((r) => r.entityId)).toEqual(expect.arrayContaining([String(a.body.id), String(b.body.id)]));
    expect(creates).toHaveLength(3);
    expect(window.map((r) => r.action)).toEqual(['update', 'create', 'create']);
    expect(wholeDay).toHaveLength(4);
    expect(none).toEqual([]);
  });

  test('When paging, then limit and offset slice the newest-first list and total counts them all', async () => {
    const all = await t.get('/audit-log?limit=10000', admin);
    const page = await t.get('/audit-log?limit=3&offset=2', admin);

    expect(page.body.total).toBe(all.body.total);
    expect(page.body.data.map((r: AuditBody) => r.id)).toEqual(all.body.data.slice(2, 5).map((r: AuditBody) => r.id));
    const ids = all.body.data.map((r: AuditBody) => r.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => y - x));
  });

  test('When a filter is malformed, then 422 names it', async () => {
    expectProblem(await t.get('/audit-log?from=yesterday', admin), 422, ['from']);
    expectProblem(await t.get('/audit-log?limit=0', admin), 422, ['limit']);
    expectProblem(await t.get('/audit-log?limit=10001', admin), 422, ['limit']);
    expectProblem(await t.get('/audit-log?userId=abc', admin), 422, ['userId']);
  });

  test('When someone without audit:read asks, then 403; a manager may read and verify', async () => {
    const viewer = await t.createUser(['viewer']);
    const manager = await t.createUser(['manager']);

    expectProblem(await t.get('/audit-log', viewer.token), 403);
    expectProblem(await t.get('/audit-log/verify', viewer.token), 403);
    expect((await t.get('/audit-log', manager.token)).status).toBe(200);
    expect((await t.get('/audit-log/verify', manager.token)).status).toBe(200);
  });

  test('When anyone tries to change or remove audit records over the API, then there is no such route', async () => {
    const [latest] = await records('limit=1');

    expectProblem(await t.delete(`/audit-log/${latest!.id}`, admin), 404);
    expectProblem(await t.patch(`/audit-log/${latest!.id}`, { ok: true }, admin), 404);
    expectProblem(await t.post('/audit-log', { action: 'forged' }, admin), 404);
  });

  test('When the log is untouched, then verify says ok and how many records it checked', async () => {
    const count = await t.services.models.AuditLog.count();

    const res = await t.get('/audit-log/verify', admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checked: expect.any(Number), firstBrokenId: null, reason: null });
    expect(res.body.checked).toBeGreaterThanOrEqual(count);
  });
});

describe('Audit log tampering', () => {
  let t: TestApp;
  let admin: string;
  let ids: number[];
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    for (let i = 0; i < 6; i++) await t.createWarehouse(`TAMPER-${i}`);
    const rows = await t.services.models.AuditLog.findAll({ attributes: ['id'], order: [['id', 'ASC']], raw: true });
    ids = rows.map((r) => Number(r.id));
  });
  afterAll(() => t.stop());

  const verify = async () => (await t.get('/audit-log/verify', admin)).body;

  test('When a record\'s detail is edited in the database, then verify names that record; restoring it heals the chain', async () => {
    const { AuditLog } = t.services.models;
    const target = ids[3]!;
    const original = (await AuditLog.findOne({ where: { id: target }, raw: true }))!.detail;

    await AuditLog.update({ detail: JSON.stringify({ after: { code: 'FORGED' } }) }, { where: { id: target } });

    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: target, reason: expect.stringContaining('edited') });
    await AuditLog.update({ detail: original }, { where: { id: target } });
    expect(await verify()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  test('When a record\'s actor is changed with raw SQL, then verify names that record', async () => {
    const { sequelize } = t.services.db;
    const target = ids[2]!;
    const [[row]] = (await sequelize.query(`SELECT username FROM audit_log WHERE id = ${target}`)) as [Array<{ username: string | null }>, unknown];

    await sequelize.query(`UPDATE audit_log SET username = 'someone-else' WHERE id = ${target}`);

    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: target });
    await t.services.models.AuditLog.update({ username: row!.username }, { where: { id: target } });
    expect((await verify()).ok).toBe(true);
  });

  test('When a middle record is deleted, then verify names the record after the gap', async () => {
    const { AuditLog } = t.services.models;

    const removed = (await AuditLog.findOne({ where: { id: ids[2]! }, raw: true }))!;

    await AuditLog.destroy({ where: { id: removed.id } });

    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: ids[3], reason: expect.stringContaining('removed') });
    await AuditLog.create(removed);
    expect((await verify()).ok).toBe(true);
  });

  test('When the newest records are deleted, then verify is not ok', async () => {
    const { AuditLog } = t.services.models;
    const newest = (await AuditLog.findOne({ order: [['id', 'DESC']], raw: true }))!;

    await AuditLog.destroy({ where: { id: { [Op.gte]: newest.id } } });

    expect((await verify()).ok).toBe(false);
  });
});
