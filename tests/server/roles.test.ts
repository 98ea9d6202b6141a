import { ALL_PERMISSIONS } from '../../server/platform/permissions/catalogue';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

interface RoleBody {
  id: number;
  name: string;
  builtIn: boolean;
  permissions: string[];
  inherits: string[];
  effectivePermissions: string[];
}

describe('Roles and permissions', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const roleNamed = async (name: string): Promise<RoleBody> =>
    ((await t.get('/roles', admin)).body.data as RoleBody[]).find((r) => r.name === name)!;

  test('When roles are listed, then the seven built-in roles are there, manager inheriting the clerks', async () => {
    const res = await t.get('/roles', admin);

    expect(res.status).toBe(200);
    const builtIn = (res.body.data as RoleBody[]).filter((r) => r.builtIn).map((r) => r.name).sort();
    expect(builtIn).toEqual(['accountant', 'admin', 'manager', 'purchaser', 'sales', 'viewer', 'warehouse']);
    expect(res.body.total).toBe(res.body.data.length);
    const manager = await roleNamed('manager');
    expect(manager.inherits).toEqual(['accountant', 'purchaser', 'sales', 'warehouse']);
    expect(manager.effectivePermissions).toEqual(expect.arrayContaining(['stock:adjust', 'sales:ship', 'finance:journal', 'item:read']));
    expect((await roleNamed('admin')).effectivePermissions).toEqual([...ALL_PERMISSIONS].sort());
  });

  test('When permissions are listed, then every permission comes with English and Chinese descriptions', async () => {
    const res = await t.get('/permissions', admin);

    expect(res.status).toBe(200);
    expect(res.body.total).toBe(ALL_PERMISSIONS.length);
    expect(res.body.data.map((p: { name: string }) => p.name).sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(res.body.data).toContainEqual({ name: 'stock:adjust', module: 'stock', description: expect.any(String), descriptionZh: expect.any(String) });
  });

  test('When a role is created, then 201 returns it and GET /roles/:id finds it', async () => {
    const res = await t.post('/roles', { name: 'clerk', description: '文员', permissions: ['item:read', 'stock:read', 'item:read'], inherits: [] }, admin);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      name: 'clerk',
      description: '文员',
      builtIn: false,
      permissions: ['item:read', 'stock:read'],
      inherits: [],
      effectivePermissions: ['item:read', 'stock:read'],
      version: 1,
    });
    expect((await t.get(`/roles/${res.body.id}`, admin)).body).toEqual(res.body);
  });

  test('When a role is patched with only a description, then its permissions and inheritance stay', async () => {
    const base = await t.createRole(['item:read']);
    const role = await t.createRole(['stock:read'], [base.name]);

    const res = await t.patch(`/roles/${role.id}`, { description: 'only the description' }, admin);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ description: 'only the description', permissions: ['stock:read'], inherits: [base.name] });
    expect((await t.get(`/roles/${role.id}`, admin)).body).toMatchObject({ permissions: ['stock:read'], inherits: [base.name] });
  });

  test('When a role is renamed and its permissions replaced, then holders get the new permissions at once', async () => {
    const role = await t.createRole(['item:read']);
    const holder = await t.createUser([role.name]);

    const res = await t.patch(`/roles/${role.id}`, { name: `${role.name}-renamed`, permissions: ['warehouse:read', 'warehouse:create'] }, admin);

    expect(res.status).toBe(200);
    const me = await t.get('/auth/me', holder.token);
    expect(me.body.user.roles).toEqual([`${role.name}-renamed`]);
    expect(me.body.user.permissions).toEqual(['warehouse:create', 'warehouse:read']);
    expect((await t.post('/warehouses', { code: 'RENAMED-1', name: 'By holder' }, holder.token)).status).toBe(201);
  });

  test('When an unused custom role is deleted, then 204 and it is gone', async () => {
    const role = await t.createRole(['item:read']);

    const res = await t.delete(`/roles/${role.id}`, admin);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await t.get(`/roles/${role.id}`, admin), 404);
  });

  test('When role C inherits B inherits A, then a holder of C has A\'s permissions and may use A\'s routes', async () => {
    const a = await t.createRole(['warehouse:create']);
    const b = await t.createRole(['warehouse:read'], [a.name]);
    const c = await t.createRole(['item:read'], [b.name]);
    const user = await t.createUser([c.name]);

    const me = await t.get('/auth/me', user.token);
    const created = await t.post('/warehouses', { code: 'INHERIT-1', name: 'Inherited' }, user.token);

    expect(me.body.user.permissions).toEqual(['item:read', 'warehouse:create', 'warehouse:read']);
    expect(created.status).toBe(201);
    expect((await t.get(`/roles/${c.id}`, admin)).body.effectivePermissions).toEqual(['item:read', 'warehouse:create', 'warehouse:read']);
  });

  test('When a grandparent role loses a permission, then the grandchild\'s holders lose it too', async () => {
    const a = await t.createRole(['warehouse:create', 'warehouse:read']);
    const b = await t.createRole([], [a.name]);
    const c = await t.createRole([], [b.name]);
    const user = await t.createUser([c.name]);

    await t.patch(`/roles/${a.id}`, { permissions: ['warehouse:read'] }, admin);

    expectProblem(await t.post('/warehouses', { code: 'INHERIT-2', name: 'Lost' }, user.token), 403);
  });

  test('When a name is taken, then creating or renaming to it is a 409 naming name', async () => {
    const role = await t.createRole(['item:read']);

    expectProblem(await t.post('/roles', { name: 'viewer', permissions: [] }, admin), 409, ['name']);
    expectProblem(await t.patch(`/roles/${role.id}`, { name: 'sales' }, admin), 409, ['name']);
  });

  test('When a built-in role is deleted or renamed, then 409', async () => {
    const viewer = await roleNamed('viewer');

    expectProblem(await t.delete(`/roles/${viewer.id}`, admin), 409);
    expectProblem(await t.patch(`/roles/${viewer.id}`, { name: 'readers' }, admin), 409, ['name']);
    expect((await t.get(`/roles/${viewer.id}`, admin)).body.name).toBe('viewer');
  });

  test('When the admin role\'s permissions or inheritance are changed, then 409; its description may change', async () => {
    const adminRole = await roleNamed('admin');

    expectProblem(await t.patch(`/roles/${adminRole.id}`, { permissions: ['item:read'] }, admin), 409);
    expectProblem(await t.patch(`/roles/${adminRole.id}`, { inherits: ['viewer'] }, admin), 409);
    expect((await t.patch(`/roles/${adminRole.id}`, { description: 'Superuser' }, admin)).status).toBe(200);
    expect((await roleNamed('admin')).effectivePermissions).toHaveLength(ALL_PERMISSIONS.length);
  });

  test('When a role someone holds is deleted, then 409 and it stays', async () => {
    const role = await t.createRole(['item:read']);
    await t.createUser([role.name]);

    expectProblem(await t.delete(`/roles/${role.id}`, admin), 409);
    expect((await t.get(`/roles/${role.id}`, admin)).status).toBe(200);
  });

  test('When a role another role inherits is deleted, then 409', async () => {
    const parent = await t.createRole(['item:read']);
    await t.createRole([], [parent.name]);

    expectProblem(await t.delete(`/roles/${parent.id}`, admin), 409);
  });

  test('When a permission is unknown, then 422 names its position', async () => {
    const res = await t.post('/roles', { name: 'bad-perm', permissions: ['item:read', 'item:fly'] }, admin);

    expectProblem(res, 422, ['permissions[1]']);
    expectProblem(await t.post('/roles', { name: 'bad-perm', permissions: ['nope'] }, admin), 422, ['permissions[0]']);
  });

  test('When an inherited role is unknown, then 422 names its position', async () => {
    expectProblem(await t.post('/roles', { name: 'bad-parent', inherits: ['viewer', 'ghost'] }, admin), 422, ['inherits[1]']);
  });

  test('When inheritance would make a cycle, directly or through others, then 422 names inherits', async () => {
    const a = await t.createRole(['item:read']);
    const b = await t.createRole([], [a.name]);
    const c = await t.createRole([], [b.name]);

    expectProblem(await t.patch(`/roles/${a.id}`, { inherits: [c.name] }, admin), 422, ['inherits']);
    expectProblem(await t.patch(`/roles/${a.id}`, { inherits: [a.name] }, admin), 422, ['inherits']);
    expect((await t.get(`/roles/${a.id}`, admin)).body.inherits).toEqual([]);
  });

  test('When the body is missing a name or has unknown fields, then 422 names them', async () => {
    expectProblem(await t.post('/roles', { permissions: [] }, admin), 422, ['name']);
    expectProblem(await t.post('/roles', { name: 'extra', permissions: [], colour: 'red' }, admin), 422, ['colour']);
  });

  test('When names look like SQL, HTML or hold Chinese and emoji, then they are stored and returned literally', async () => {
    for (const name of ["Robert'); DROP TABLE roles;--", '<img src=x onerror=alert(1)>', '仓库一号 📦']) {
      const res = await t.post('/roles', { name, description: name, permissions: ['item:read'] }, admin);
      expect(res.status).toBe(201);
      expect((await t.get(`/roles/${res.body.id}`, admin)).body).toMatchObject({ name, description: name });
    }
  });

  test('When a viewer reads roles or permissions, then 403', async () => {
    const viewer = await t.createUser(['viewer']);

    expectProblem(await t.get('/roles', viewer.token), 403);
    expectProblem(await t.get('/permissions', viewer.token), 403);
    expectProblem(await t.post('/roles', { name: 'by-viewer' }, viewer.token), 403);
  });

  describe('a role administrator who is not an admin', () => {
    let roleAdmin: { id: number; token: string };
    let ownRole: { id: number; name: string };
    beforeAll(async () => {
      ownRole = await t.createRole(['role:read', 'role:create', 'role:update', 'item:read']);
      roleAdmin = await t.createUser([ownRole.name]);
    });

    test('When they create a role with a permission they do not hold, then 403', async () => {
      expectProblem(await t.post('/roles', { name: 'escalate-1', permissions: ['user:create'] }, roleAdmin.token), 403);
    });

    test('When they create a role that inherits admin, then 403', async () => {
      expectProblem(await t.post('/roles', { name: 'escalate-2', inherits: ['admin'] }, roleAdmin.token), 403);
      expectProblem(await t.post('/roles', { name: 'escalate-3', inherits: ['manager'] }, roleAdmin.token), 403);
    });

    test('When they make their own role inherit admin, then 403 and they gain nothing', async () => {
      const res = await t.patch(`/roles/${ownRole.id}`, { inherits: ['admin'] }, roleAdmin.token);

      expectProblem(res, 403);
      const me = await t.get('/auth/me', roleAdmin.token);
      expect(me.body.user.permissions).not.toContain('user:create');
      expect((await t.get(`/roles/${ownRole.id}`, admin)).body.inherits).toEqual([]);
    });

    test('When they create a role within their own permissions, then it works', async () => {
      const res = await t.post('/roles', { name: 'within-reach', permissions: ['item:read'], inherits: [] }, roleAdmin.token);

      expect(res.status).toBe(201);
    });
  });
});
