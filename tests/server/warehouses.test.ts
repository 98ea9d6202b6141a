import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Warehouses', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  test('When a warehouse is created, then 201 returns it and GET finds it', async () => {
    const created = await t.post('/warehouses', { code: 'SH-01', name: '上海仓', address: '上海市浦东新区' }, admin);

    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), code: 'SH-01', name: '上海仓', address: '上海市浦东新区', active: true, version: 1 });
    const fetched = await t.get(`/warehouses/${created.body.id}`, admin);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  test('When warehouses are listed, then the list has data and total, ordered by code, and honours limit and offset', async () => {
    await t.createWarehouse('LIST-B');
    await t.createWarehouse('LIST-A');
    await t.createWarehouse('LIST-C');

    const all = await t.get('/warehouses?q=LIST-', admin);
    const page = await t.get('/warehouses?q=LIST-&limit=1&offset=1', admin);

    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.data.map((w: { code: string }) => w.code)).toEqual(['LIST-A', 'LIST-B', 'LIST-C']);
    expect(page.body).toEqual({ data: [expect.objectContaining({ code: 'LIST-B' })], total: 3 });
  });

  test('When q is given, then it matches code or name, ignoring case', async () => {
    await t.post('/warehouses', { code: 'QMATCH-1', name: 'North Depot' }, admin);
    await t.post('/warehouses', { code: 'QOTHER-1', name: 'south depot' }, admin);

    const byCode = await t.get('/warehouses?q=qmatch', admin);
    const byName = await t.get('/warehouses?q=DEPOT', admin);

    expect(byCode.body.data.map((w: { code: string }) => w.code)).toEqual(['QMATCH-1']);
    expect(byName.body.data.map((w: { code: string }) => w.code).sort()).toEqual(['QMATCH-1', 'QOTHER-1']);
  });

  test('When q holds LIKE wildcards, then they match only themselves', async () => {
    await t.post('/warehouses', { code: 'PCT-100%', name: 'Percent' }, admin);
    await t.post('/warehouses', { code: 'PCT-1000', name: 'Plain' }, admin);

    const percent = await t.get(`/warehouses?q=${encodeURIComponent('0%')}`, admin);
    const underscore = await t.get(`/warehouses?q=${encodeURIComponent('PCT_')}`, admin);

    expect(percent.body.data.map((w: { code: string }) => w.code)).toEqual(['PCT-100%']);
    expect(underscore.body.total).toBe(0);
  });

  test('When a warehouse is patched, then only the fields sent change', async () => {
    const wh = await t.post('/warehouses', { code: 'PATCH-1', name: 'Before', address: 'Old road 1', active: false }, admin);

    const res = await t.patch(`/warehouses/${wh.body.id}`, { name: 'After' }, admin);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: wh.body.id, code: 'PATCH-1', name: 'After', address: 'Old road 1', active: false, version: 2 });
    expect((await t.get(`/warehouses/${wh.body.id}`, admin)).body).toEqual(res.body);
  });

  test('When a warehouse is deactivated and its address cleared, then both stick', async () => {
    const wh = await t.post('/warehouses', { code: 'DEACT-1', name: 'Closing', address: 'Somewhere' }, admin);

    const res = await t.patch(`/warehouses/${wh.body.id}`, { active: false, address: null }, admin);

    expect(res.body).toMatchObject({ active: false, address: null });
  });

  test('When a code is taken, then creating or renaming to it is a 409 naming code', async () => {
    await t.post('/warehouses', { code: 'DUP-1', name: 'First' }, admin);
    const second = await t.post('/warehouses', { code: 'DUP-2', name: 'Second' }, admin);

    expectProblem(await t.post('/warehouses', { code: 'DUP-1', name: 'Again' }, admin), 409, ['code']);
    expectProblem(await t.patch(`/warehouses/${second.body.id}`, { code: 'DUP-1' }, admin), 409, ['code']);
    expect((await t.patch(`/warehouses/${second.body.id}`, { code: 'DUP-2', name: 'Same code' }, admin)).status).toBe(200);
  });

  test('When required fields are missing or blank, then 422 names them', async () => {
    expectProblem(await t.post('/warehouses', { code: 'NO-NAME' }, admin), 422, ['name']);
    expectProblem(await t.post('/warehouses', { code: '   ', name: 'Blank code' }, admin), 422, ['code']);
    expectProblem(await t.post('/warehouses', { code: 'X'.repeat(33), name: 'Long' }, admin), 422, ['code']);
    expectProblem(await t.patch('/warehouses/1', { active: 'yes' }, admin), 422, ['active']);
  });

  test('When an id is unknown, then GET and PATCH are 404', async () => {
    expectProblem(await t.get('/warehouses/99999', admin), 404);
    expectProblem(await t.patch('/warehouses/99999', { name: 'x' }, admin), 404);
  });

  test('When a viewer creates or edits a warehouse, then 403 and nothing changes', async () => {
    const viewer = await t.createUser(['viewer']);
    const wh = await t.createWarehouse();

    expectProblem(await t.post('/warehouses', { code: 'VIEWER-1', name: 'Nope' }, viewer.token), 403);
    expectProblem(await t.patch(`/warehouses/${wh.id}`, { name: 'Nope' }, viewer.token), 403);
    expect((await t.get('/warehouses?q=VIEWER-1', admin)).body.total).toBe(0);
    expect((await t.get(`/warehouses/${wh.id}`, admin)).body.name).not.toBe('Nope');
  });

  test('When a user is scoped to some warehouses, then the list holds only those and others are 403', async () => {
    const mine = await t.createWarehouse('SCOPE-MINE');
    const theirs = await t.createWarehouse('SCOPE-THEIRS');
    const scoped = await t.createUser(['manager'], [mine.id]);

    const list = await t.get('/warehouses?q=SCOPE-', scoped.token);
    const unfiltered = await t.get('/warehouses', scoped.token);

    expect(list.body).toEqual({ data: [expect.objectContaining({ id: mine.id })], total: 1 });
    expect(unfiltered.body.data.map((w: { id: number }) => w.id)).toEqual([mine.id]);
    expect((await t.get(`/warehouses/${mine.id}`, scoped.token)).status).toBe(200);
    expectProblem(await t.get(`/warehouses/${theirs.id}`, scoped.token), 403);
    expectProblem(await t.patch(`/warehouses/${theirs.id}`, { name: 'Taken over' }, scoped.token), 403);
    expect((await t.get(`/warehouses/${theirs.id}`, admin)).body.name).toBe('Warehouse SCOPE-THEIRS');
  });

  test('When names look like SQL, HTML or hold Chinese and emoji, then they are stored and returned literally', async () => {
    const names = ["Robert'); DROP TABLE users;--", '<img src=x onerror=alert(1)>', '仓库一号 📦'];

    const created = await Promise.all(names.map((name, i) => t.post('/warehouses', { code: `LIT-${i}`, name, address: name }, admin)));

    for (const [i, res] of created.entries()) {
      expect(res.status).toBe(201);
      const fetched = await t.get(`/warehouses/${res.body.id}`, admin);
      expect(fetched.body).toMatchObject({ name: names[i], address: names[i] });
    }
    const search = await t.get(`/warehouses?q=${encodeURIComponent("'); DROP")}`, admin);
    expect(search.body.data.map((w: { name: string }) => w.name)).toEqual([names[0]]);
    expect((await t.get(`/warehouses?q=${encodeURIComponent('📦')}`, admin)).body.total).toBe(1);
    expect((await t.get('/users', admin)).status).toBe(200);
  });

  test('When a code holds Chinese characters, then it can be found by them', async () => {
    await t.post('/warehouses', { code: '北京-01', name: '北京仓' }, admin);

    const res = await t.get(`/warehouses?q=${encodeURIComponent('北京')}`, admin);

    expect(res.body.data.map((w: { code: string }) => w.code)).toEqual(['北京-01']);
  });
});
