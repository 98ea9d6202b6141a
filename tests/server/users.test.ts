import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Users', () => {
  let t: TestApp;
  let admin: string;
  let adminId: number;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    adminId = (await t.get('/auth/me', admin)).body.user.id;
  });
  afterAll(() => t.stop());

  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: `u${Math.random().toString(36).slice(2, 10)}`,
    displayName: 'New User',
    password: 'password-123',
    ...overrides,
  });

  test('When a user is created, then 201 returns the view without any password and GET finds it', async () => {
    const wh = await t.createWarehouse();

    const res = await t.post('/users', newUser({ username: 'Zhang.San', displayName: '张三', roles: ['sales', 'viewer'], warehouseIds: [wh.id], approvalLimit: 5000.5 }), admin);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      username: 'zhang.san',
      displayName: '张三',
      roles: ['sales', 'viewer'],
      permissions: expect.arrayContaining(['sales:create', 'item:read']),
      warehouseIds: [wh.id],
      approvalLimit: 5000.5,
      active: true,
      version: 1,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    expect((await t.get(`/users/${res.body.id}`, admin)).body).toEqual(res.body);
  });

  test('When a user is created with defaults, then no roles, every warehouse, limit 0 and active', async () => {
    const res = await t.post('/users', newUser(), admin);

    expect(res.body).toMatchObject({ roles: [], permissions: [], warehouseIds: null, approvalLimit: 0, active: true });
  });

  test('When the display name is omitted, blank or null, then it is the username', async () => {
    const { displayName: _omitted, ...withoutName } = newUser({ username: 'No.Name' });

    const answers = [
      await t.post('/users', withoutName, admin),
      await t.post('/users', newUser({ username: 'blank.name', displayName: '   ' }), admin),
      await t.post('/users', newUser({ username: 'null.name', displayName: null }), admin),
    ];

    expect(answers.map((r) => [r.status, r.body.displayName])).toEqual([[201, 'no.name'], [201, 'blank.name'], [201, 'null.name']]);
  });

  test('When a PATCH blanks the display name, then 422 names it: only a new user takes the default', async () => {
    const created = await t.post('/users', newUser(), admin);

    expectProblem(await t.patch(`/users/${created.body.id}`, { displayName: ' ' }, admin), 422, ['displayName']);
  });

  test('When the approval limit is null, then the user has no limit; a number sets one again, and 0 means may not approve', async () => {
    const created = await t.post('/users', newUser({ approvalLimit: null }), admin);

    const capped = await t.patch(`/users/${created.body.id}`, { approvalLimit: 0 }, admin);
    const cleared = await t.patch(`/users/${created.body.id}`, { approvalLimit: null }, admin);
    const limited = await t.patch(`/users/${created.body.id}`, { approvalLimit: 1500.25 }, admin);

    expect([created.status, created.body.approvalLimit]).toEqual([201, null]);
    expect([capped.body.approvalLimit, cleared.body.approvalLimit, limited.body.approvalLimit]).toEqual([0, null, 1500.25]);
    expect((await t.get(`/users/${created.body.id}`, admin)).body.approvalLimit).toBe(1500.25);
  });

  test('When the first-start admin signs in, then they have no approval limit', async () => {
    const me = await t.get('/auth/me', admin);

    expect(me.body.user).toMatchObject({ username: 'admin', approvalLimit: null, version: expect.any(Number) });
  });

  test('When users are listed, then data and total come back, searchable by username or display name ignoring case', async () => {
    await t.post('/users', newUser({ username: 'findme.one', displayName: 'Wang Wu' }), admin);
    await t.post('/users', newUser({ username: 'other.two', displayName: 'FINDME Two' }), admin);

    const all = await t.get('/users', admin);
    const found = await t.get('/users?q=FindMe', admin);
    const paged = await t.get('/users?limit=1&offset=0', admin);

    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.data.length);
    expect(all.body.data.map((u: { username: string }) => u.username)).toContain('admin');
    expect(found.body.data.map((u: { username: string }) => u.username).sort()).toEqual(['findme.one', 'other.two']);
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.total).toBe(all.body.total);
  });

  test('When a user is patched, then only what was sent changes', async () => {
    const wh = await t.createWarehouse();
    const created = await t.post('/users', newUser({ displayName: 'Before', roles: ['viewer'], approvalLimit: 10 }), admin);

    const res = await t.patch(`/users/${created.body.id}`, { displayName: 'After', warehouseIds: [wh.id], approvalLimit: 99.99 }, admin);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'After', roles: ['viewer'], warehouseIds: [wh.id], approvalLimit: 99.99, active: true });
    expect((await t.get(`/users/${created.body.id}`, admin)).body).toEqual(res.body);
  });

  test('When a scope is set back to null, then the user sees every warehouse again', async () => {
    const wh = await t.createWarehouse();
    const created = await t.post('/users', newUser({ warehouseIds: [wh.id] }), admin);

    const res = await t.patch(`/users/${created.body.id}`, { warehouseIds: null }, admin);

    expect(res.body.warehouseIds).toBeNull();
  });

  test('When a user who never acted is deleted, then 204 and the user is gone', async () => {
    const created = await t.post('/users', newUser({ roles: ['viewer'] }), admin);

    const res = await t.delete(`/users/${created.body.id}`, admin);

    expect(res.status).toBe(204);
    expectProblem(await t.get(`/users/${created.body.id}`, admin), 404);
  });

  test('When a user with a history is deleted, then 409 and the user stays', async () => {
    const user = await t.createUser(['viewer']);

    expectProblem(await t.delete(`/users/${user.id}`, admin), 409);
    expect((await t.get(`/users/${user.id}`, admin)).status).toBe(200);
  });

  test('When an id is unknown, then GET, PATCH and DELETE are 404', async () => {
    expectProblem(await t.get('/users/99999', admin), 404);
    expectProblem(await t.patch('/users/99999', { displayName: 'x' }, admin), 404);
    expectProblem(await t.delete('/users/99999', admin), 404);
  });

  test('When a username is taken, in any letter case, then 409 naming username', async () => {
    await t.post('/users', newUser({ username: 'li.si' }), admin);

    expectProblem(await t.post('/users', newUser({ username: 'Li.Si' }), admin), 409, ['username']);
    expectProblem(await t.post('/users', newUser({ username: 'admin' }), admin), 409, ['username']);
  });

  test('When the body is invalid, then 422 names each field', async () => {
    const { password: _omitted, ...withoutPassword } = newUser();
    expectProblem(await t.post('/users', withoutPassword, admin), 422, ['password']);
    expectProblem(await t.post('/users', newUser({ displayName: 'x'.repeat(101) }), admin), 422, ['displayName']);
    expectProblem(await t.post('/users', newUser({ password: 'short' }), admin), 422, ['password']);
    expectProblem(await t.post('/users', newUser({ username: 'has space' }), admin), 422, ['username']);
    expectProblem(await t.post('/users', newUser({ roles: ['viewer', 'wizard'] }), admin), 422, ['roles[1]']);
    expectProblem(await t.post('/users', newUser({ warehouseIds: [987654] }), admin), 422, ['warehouseIds[0]']);
    expectProblem(await t.post('/users', newUser({ approvalLimit: 10.123 }), admin), 422, ['approvalLimit']);
    expectProblem(await t.post('/users', newUser({ approvalLimit: -1 }), admin), 422, ['approvalLimit']);
    expectProblem(await t.post('/users', newUser({ isAdmin: true }), admin), 422, ['isAdmin']);
    expectProblem(await t.patch(`/users/${adminId}`, { username: 'root' }, admin), 422, ['username']);
  });

  test('When the missing field is required, then its message says so', async () => {
    const { password: _omitted, ...withoutPassword } = newUser();

    const res = await t.post('/users', withoutPassword, admin);

    expect(res.body.errors).toEqual([{ path: 'password', message: 'is required', code: 'validation.required' }]);
  });

  test('When a refused creation is retried with a valid body, then nothing of the first attempt remains', async () => {
    const body = newUser({ roles: ['viewer'] });
    await t.post('/users', { ...body, warehouseIds: [987654] }, admin);

    const res = await t.post('/users', body, admin);

    expect(res.status).toBe(201);
  });

  test('When names look like SQL, HTML or hold Chinese and emoji, then they are stored and returned literally', async () => {
    for (const displayName of ["Robert'); DROP TABLE users;--", '<img src=x onerror=alert(1)>', '仓库一号 📦']) {
      const res = await t.post('/users', newUser({ displayName }), admin);
      expect(res.status).toBe(201);
      expect((await t.get(`/users/${res.body.id}`, admin)).body.displayName).toBe(displayName);
    }
    const chinese = await t.post('/users', newUser({ username: '王小明', displayName: '王小明' }), admin);
    expect(chinese.status).toBe(201);
    expect((await t.get(`/users?q=${encodeURIComponent('小明')}`, admin)).body.data.map((u: { username: string }) => u.username)).toEqual(['王小明']);
    expect((await t.get('/users', admin)).status).toBe(200);
  });

  describe('the last active administrator', () => {
    test('When the only admin is deleted, deactivated or demoted, then 409 and they stay an active admin', async () => {
      expectProblem(await t.delete(`/users/${adminId}`, admin), 409);
      expectProblem(await t.patch(`/users/${adminId}`, { active: false }, admin), 409);
      expectProblem(await t.patch(`/users/${adminId}`, { roles: ['manager'] }, admin), 409);
      expectProblem(await t.patch(`/users/${adminId}`, { roles: [] }, admin), 409);

      const me = await t.get('/auth/me', admin);
      expect(me.status).toBe(200);
      expect(me.body.user.roles).toEqual(['admin']);
    });

    test('When a second admin exists, then one may be demoted and another deactivated, but never the last one', async () => {
      const second = await t.createUser(['admin']);
      const first = await t.createUser(['admin']);

      expect((await t.patch(`/users/${first.id}`, { roles: ['viewer'] }, admin)).status).toBe(200);
      expect((await t.patch(`/users/${second.id}`, { active: false }, admin)).status).toBe(200);

      expectProblem(await t.patch(`/users/${adminId}`, { active: false }, second.token), 401);
      expectProblem(await t.patch(`/users/${adminId}`, { roles: ['viewer'] }, admin), 409);
    });

    test('When an inactive admin is among the admins, then they do not count', async () => {
      const inactive = await t.createUser(['admin']);
      await t.patch(`/users/${inactive.id}`, { active: false }, admin);

      expectProblem(await t.patch(`/users/${adminId}`, { roles: ['viewer'] }, admin), 409);
    });
  });

  describe('a user administrator who is not an admin', () => {
    let clerk: { id: number; token: string };
    let mine: { id: number };
    let theirs: { id: number };
    beforeAll(async () => {
      mine = await t.createWarehouse();
      theirs = await t.createWarehouse();
      const role = await t.createRole(['user:read', 'user:create', 'user:update', 'user:delete', 'item:read', 'warehouse:read']);
      clerk = await t.createUser([role.name], [mine.id]);
    });

    test('When they create a user with the admin role, then 403, nothing is created and the denial is audited', async () => {
      const body = newUser({ roles: ['admin'], warehouseIds: [mine.id] });

      const res = await t.post('/users', body, clerk.token);

      expectProblem(res, 403);
      expect((await t.get(`/users?q=${body.username as string}`, admin)).body.total).toBe(0);
      const denials = await t.services.models.AuditLog.findAll({ where: { userId: clerk.id, action: 'deny', entity: 'user' }, raw: true });
      expect(denials).toHaveLength(1);
      expect(denials[0]!.ok).toBeFalsy();
    });

    test('When they give themselves or another user the admin role, then 403', async () => {
      const other = await t.post('/users', newUser({ warehouseIds: [mine.id] }), clerk.token);

      expectProblem(await t.patch(`/users/${clerk.id}`, { roles: ['admin'] }, clerk.token), 403);
      expectProblem(await t.patch(`/users/${other.body.id}`, { roles: ['manager'] }, clerk.token), 403);
      expect((await t.get('/auth/me', clerk.token)).body.user.roles).not.toContain('admin');
    });

    test('When they reset an admin\'s password or deactivate an admin, then 403 and the admin is untouched', async () => {
      const target = await t.createUser(['admin']);

      expectProblem(await t.patch(`/users/${target.id}`, { password: 'taken-over-1' }, clerk.token), 403);
      expectProblem(await t.patch(`/users/${target.id}`, { active: false }, clerk.token), 403);
      expectProblem(await t.patch(`/users/${adminId}`, { roles: ['viewer'] }, clerk.token), 403);
      expect((await t.get('/auth/me', target.token)).status).toBe(200);
      expectProblem(await t.post('/auth/login', { username: target.username, password: 'taken-over-1' }), 401);
    });

    test('When they grant warehouses outside their own scope, or all warehouses, then 403', async () => {
      expectProblem(await t.post('/users', newUser({ warehouseIds: [theirs.id] }), clerk.token), 403);
      expectProblem(await t.post('/users', newUser({ warehouseIds: null }), clerk.token), 403);
      expectProblem(await t.post('/users', newUser(), clerk.token), 403);
      expectProblem(await t.patch(`/users/${clerk.id}`, { warehouseIds: null }, clerk.token), 403);
    });

    test('When they create a user within their own permissions and scope, then it works', async () => {
      const res = await t.post('/users', newUser({ roles: [], warehouseIds: [mine.id] }), clerk.token);

      expect(res.status).toBe(201);
      expect((await t.patch(`/users/${res.body.id}`, { displayName: 'Renamed' }, clerk.token)).status).toBe(200);
    });
  });

  test('When a viewer lists users, then 403', async () => {
    const viewer = await t.createUser(['viewer']);

    expectProblem(await t.get('/users', viewer.token), 403);
    expectProblem(await t.get(`/users/${viewer.id}`, viewer.token), 403);
  });
});
