import { Op } from 'sequelize';
import type { Response } from 'supertest';
import { TestApp, TestUser } from '../support/test-app';

describe('Concurrent writes', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  test('When 50 warehouse creations and user edits arrive at once, then all succeed, all are kept, and each has one audit record', async () => {
    const users: TestUser[] = [];
    for (let i = 0; i < 5; i++) users.push(await t.createUser(['viewer']));
    const auditBefore = await t.services.models.AuditLog.count();
    const creations = Array.from({ length: 25 }, (_, i) => () => t.post('/warehouses', { code: `PAR-${i}`, name: `并发仓 ${i}` }, admin));
    const edits = Array.from({ length: 25 }, (_, i) => () => t.patch(`/users/${users[i % 5]!.id}`, i < 5 ? { displayName: `Edited ${i}` } : { approvalLimit: i }, admin));
    const mixed = creations.flatMap((create, i) => [create, edits[i]!]);

    const answers: Response[] = await Promise.all(mixed.map((send) => send()));

    const failures = answers.filter((r) => r.status >= 300).map((r) => `${r.status} ${r.text}`);
    expect(failures).toEqual([]);
    const codes = (await t.get('/warehouses?q=PAR-&limit=100', admin)).body.data.map((w: { code: string }) => w.code);
    expect(codes.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `PAR-${i}`).sort());
    for (const [i, user] of users.entries()) {
      const view = (await t.get(`/users/${user.id}`, admin)).body;
      expect(view.displayName).toBe(`Edited ${i}`);
      expect([5, 10, 15, 20].map((k) => k + i)).toContain(view.approvalLimit);
    }
    expect(await t.services.models.AuditLog.count()).toBe(auditBefore + 50);
    const ids = answers.filter((r) => r.status === 201).map((r) => String(r.body.id));
    expect(await t.services.models.AuditLog.count({ where: { entity: 'warehouse', action: 'create', ok: true, entityId: { [Op.in]: ids } } })).toBe(25);
    expect(await t.services.models.AuditLog.count({ where: { entity: 'user', action: 'update', ok: true, entityId: { [Op.in]: users.map((u) => String(u.id)) } } })).toBe(25);
    expect((await t.get('/audit-log/verify', admin)).body).toMatchObject({ ok: true });
  });

  test('When different fields of one user are edited at once, then no edit is lost', async () => {
    const user = await t.createUser(['viewer']);
    const wh = await t.createWarehouse();

    const answers = await Promise.all([
      t.patch(`/users/${user.id}`, { displayName: 'Both kept' }, admin),
      t.patch(`/users/${user.id}`, { approvalLimit: 1234.56 }, admin),
      t.patch(`/users/${user.id}`, { warehouseIds: [wh.id] }, admin),
      t.patch(`/users/${user.id}`, { roles: ['viewer', 'sales'] }, admin),
    ]);

    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await t.get(`/users/${user.id}`, admin)).body).toMatchObject({
      displayName: 'Both kept',
      approvalLimit: 1234.56,
      warehouseIds: [wh.id],
      roles: ['sales', 'viewer'],
    });
  });

  test('When the same new code is posted many times at once, then exactly one wins and the rest are 409', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.post('/warehouses', { code: 'RACE-CODE', name: 'Race' }, admin)));

    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await t.services.models.Warehouse.count({ where: { code: 'RACE-CODE' } })).toBe(1);
  });

  test('When the chain is verified while writes go on, then it is always ok', async () => {
    const writes = Promise.all(Array.from({ length: 30 }, (_, i) => t.post('/warehouses', { code: `VER-${i}`, name: 'During verify' }, admin)));
    const checks = Promise.all(Array.from({ length: 10 }, () => t.get('/audit-log/verify', admin)));

    const [written, verified] = await Promise.all([writes, checks]);

    expect(written.every((r) => r.status === 201)).toBe(true);
    expect(verified.map((r) => r.body.ok)).toEqual(Array(10).fill(true));
  });
});

describe('Concurrent removal of the last admins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  async function createAdmin(token: string, username: string): Promise<{ id: number; token: string }> {
    const res = await t.post('/users', { username, displayName: username, password: 'password-123', roles: ['admin'] }, token);
    expect(res.status).toBe(201);
    return { id: res.body.id, token: await t.login(username, 'password-123') };
  }

  async function activeAdminCount(token: string): Promise<number> {
    const users = (await t.get('/users?limit=10000', token)).body.data as Array<{ roles: string[]; active: boolean }>;
    return users.filter((u) => u.active && u.roles.includes('admin')).length;
  }

  test('When each of the last two admins removes the other at the same moment, then only one succeeds and one admin remains', async () => {
    let current = { id: (await t.get('/auth/me', await t.adminToken())).body.user.id as number, token: await t.adminToken() };
    for (let round = 0; round < 6; round++) {
      const other = await createAdmin(current.token, `second-admin-${round}`);

      const [demoteOther, deactivateCurrent] = await Promise.all([
        t.patch(`/users/${other.id}`, { roles: ['viewer'] }, current.token),
        t.patch(`/users/${current.id}`, { active: false }, other.token),
      ]);

      // The loser is refused as the last admin (409), or arrives after the winner already took its rights (401/403).
      expect([demoteOther.status, deactivateCurrent.status].filter((s) => s === 200)).toHaveLength(1);
      const survivor = demoteOther.status === 200 ? current : other;
      expect(await activeAdminCount(survivor.token)).toBe(1);
      current = survivor;
    }
  });
});
