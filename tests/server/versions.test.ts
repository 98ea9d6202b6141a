import type { Response } from 'supertest';
import { bootstrap } from '../../server/platform/bootstrap';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

/** Every kind of master data: where it lives, how to create one, and a change to make to it. */
interface Kind {
  path: string;
  entity: string;
  create(n: number): Record<string, unknown>;
  change(n: number): Record<string, unknown>;
}

const KINDS: Kind[] = [
  { path: '/items', entity: 'item', create: (n) => ({ sku: `V-${n}`, name: `Item ${n}`, unit: 'pcs' }), change: (n) => ({ name: `Item renamed ${n}` }) },
  { path: '/warehouses', entity: 'warehouse', create: (n) => ({ code: `VW-${n}`, name: `Warehouse ${n}` }), change: (n) => ({ name: `Warehouse renamed ${n}` }) },
  { path: '/suppliers', entity: 'supplier', create: (n) => ({ code: `VS-${n}`, name: `Supplier ${n}` }), change: (n) => ({ phone: `021-${n}` }) },
  { path: '/customers', entity: 'customer', create: (n) => ({ code: `VC-${n}`, name: `Customer ${n}` }), change: (n) => ({ creditLimit: n }) },
  { path: '/users', entity: 'user', create: (n) => ({ username: `version.user${n}`, password: 'password-123' }), change: (n) => ({ displayName: `User renamed ${n}` }) },
  { path: '/roles', entity: 'role', create: (n) => ({ name: `version-role-${n}`, permissions: ['item:read'] }), change: (n) => ({ description: `Role described ${n}` }) },
];

describe('Versions on master data', () => {
  let t: TestApp;
  let admin: string;
  let counter = 0;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const ifMatch = (tag: string) => ({ 'If-Match': tag });

  describe.each(KINDS)('$path', (kind) => {
    async function create(): Promise<{ id: number; res: Response }> {
      const res = await t.post(kind.path, kind.create(++counter), admin);
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
      return { id: res.body.id, res };
    }
    const read = (id: number) => t.get(`${kind.path}/${id}`, admin);
    const patch = (id: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => t.patch(`${kind.path}/${id}`, body, admin, headers);

    test('When one is created, then it is at version 1, answered as ETag "1" by the POST and by GET, and its list row carries it', async () => {
      const { id, res } = await create();

      const fetched = await read(id);
      const list = await t.get(`${kind.path}?limit=10000`, admin);

      expect(res.body.version).toBe(1);
      expect(res.headers.etag).toBe('"1"');
      expect(fetched.body.version).toBe(1);
      expect(fetched.headers.etag).toBe('"1"');
      expect(list.body.data.find((r: { id: number }) => r.id === id)).toMatchObject({ id, version: 1 });
    });

    test('When it is patched three times, then each PATCH answers the next version, one more each time, as body and ETag', async () => {
      const { id } = await create();

      const answers: Response[] = [];
      for (let i = 1; i <= 3; i++) answers.push(await patch(id, kind.change(i), ifMatch(`"${i}"`)));

      expect(answers.map((r) => [r.status, r.body.version, r.headers.etag])).toEqual([
        [200, 2, '"2"'],
        [200, 3, '"3"'],
        [200, 4, '"4"'],
      ]);
      expect((await read(id)).headers.etag).toBe('"4"');
    });

    test('When If-Match names a version it has moved on from, then 412 names the current version, nothing changes and the refusal is audited', async () => {
      const { id } = await create();
      await patch(id, kind.change(1));
      const before = await read(id);

      const res = await patch(id, kind.change(2), ifMatch('"1"'));

      expectProblem(res, 412);
      expect(res.body).toMatchObject({ title: 'Precondition failed', currentVersion: 2 });
      expect(res.body.detail).toMatch(/changed by someone else since you read it/);
      expect((await read(id)).body).toEqual(before.body);
      const refused = (await t.get(`/audit-log?entity=${kind.entity}&action=update`, admin)).body.data.filter((r: { entityId: string; ok: boolean }) => r.entityId === String(id) && !r.ok);
      expect(refused).toEqual([expect.objectContaining({ detail: expect.objectContaining({ status: 412 }) })]);
    });

    test('When the body names the version instead, then the current one is taken and a stale one is refused with 412', async () => {
      const { id } = await create();

      const current = await patch(id, { ...kind.change(1), version: 1 });
      const stale = await patch(id, { ...kind.change(2), version: 1 });

      expect([current.status, current.body.version]).toEqual([200, 2]);
      expectProblem(stale, 412);
      expect(stale.body.currentVersion).toBe(2);
      expect((await read(id)).body).toEqual(current.body);
    });

    test('When a PATCH names no version, then it is taken whatever happened meanwhile (last write wins)', async () => {
      const { id } = await create();
      await patch(id, kind.change(1));

      const res = await patch(id, kind.change(2));

      expect([res.status, res.body.version]).toEqual([200, 3]);
      expect(res.body).toMatchObject(kind.change(2));
    });

    test('When two PATCHes based on the same version arrive at once, then exactly one is taken and the other is refused with 412', async () => {
      for (let round = 0; round < 5; round++) {
        const { id } = await create();

        const answers = await Promise.all([patch(id, kind.change(1), ifMatch('"1"')), patch(id, kind.change(2), ifMatch('"1"'))]);

        expect(answers.map((r) => r.status).sort()).toEqual([200, 412]);
        const taken = answers.find((r) => r.status === 200)!;
        expect((await read(id)).body).toEqual(taken.body);
        expect(taken.body.version).toBe(2);
      }
    });
  });

  describe('If-Match spellings', () => {
    let id: number;
    beforeAll(async () => {
      id = (await t.createWarehouse('IFM-1')).id;
    });
    const rename = (name: string, headers: Record<string, string>) => t.patch(`/warehouses/${id}`, { name }, admin, headers);

    test('When the version is given bare, quoted, weak or in a list, then each is understood', async () => {
      const answers = [
        await rename('a', ifMatch('1')),
        await rename('b', ifMatch('"2"')),
        await rename('c', ifMatch('W/"3"')),
        await rename('d', ifMatch('"1", "4"')),
        await rename('e', ifMatch('*')),
      ];

      expect(answers.map((r) => [r.status, r.body.version])).toEqual([[200, 2], [200, 3], [200, 4], [200, 5], [200, 6]]);
    });

    test('When If-Match is not a version, then 422 names If-Match and nothing changes', async () => {
      const before = (await t.get(`/warehouses/${id}`, admin)).body;

      expectProblem(await rename('x', ifMatch('"abc"')), 422, ['If-Match']);
      expectProblem(await rename('x', ifMatch('')), 422, ['If-Match']);

      expect((await t.get(`/warehouses/${id}`, admin)).body).toEqual(before);
    });

    test('When If-Match and the body name different versions, then one of them is stale: 412', async () => {
      const { version } = (await t.get(`/warehouses/${id}`, admin)).body;

      const res = await t.patch(`/warehouses/${id}`, { name: 'y', version: version - 1 }, admin, ifMatch(`"${version}"`));

      expectProblem(res, 412);
      expect(res.body.currentVersion).toBe(version);
    });

    test('When the body version is not a positive whole number, then 422 names version', async () => {
      expectProblem(await t.patch(`/warehouses/${id}`, { version: 'one' }, admin), 422, ['version']);
      expectProblem(await t.patch(`/warehouses/${id}`, { version: 0 }, admin), 422, ['version']);
    });

    test('When an unknown record is patched with If-Match, then it is still 404', async () => {
      expectProblem(await t.patch('/warehouses/987654', { name: 'z' }, admin, ifMatch('"1"')), 404);
    });
  });

  test('When a release brings the admin role new permissions, then its version moves on once; a start with nothing new leaves it', async () => {
    const { Role } = t.services.models;
    const adminRole = async () => (await t.get('/roles', admin)).body.data.find((r: { name: string }) => r.name === 'admin');
    const before = await adminRole();
    // As an older release left it: one permission fewer.
    await Role.update({ permissions: JSON.stringify(before.permissions.slice(1)) }, { where: { id: before.id } });

    await bootstrap(t.services, () => undefined);
    const upgraded = await adminRole();
    await bootstrap(t.services, () => undefined);

    expect(upgraded).toMatchObject({ permissions: before.permissions, version: before.version + 1 });
    expect((await adminRole()).version).toBe(before.version + 1);
  });

  test('When a stale PATCH would also change roles and scope, then none of it is applied', async () => {
    const wh = await t.createWarehouse();
    const user = (await t.post('/users', { username: 'stale.roles', password: 'password-123', roles: ['viewer'] }, admin)).body;
    await t.patch(`/users/${user.id}`, { displayName: 'Moved on' }, admin);
    const before = (await t.get(`/users/${user.id}`, admin)).body;

    const res = await t.patch(`/users/${user.id}`, { roles: ['sales'], warehouseIds: [wh.id], approvalLimit: 5, active: false }, admin, ifMatch('"1"'));

    expectProblem(res, 412);
    expect((await t.get(`/users/${user.id}`, admin)).body).toEqual(before);
    expect(before).toMatchObject({ roles: ['viewer'], warehouseIds: null, active: true });
  });
});
