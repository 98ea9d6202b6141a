import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('HTTP errors and the health check', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start({ bodyLimit: '1kb' });
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  test('When /health is asked without a token, then it answers ok with the dialect, version, time and business date', async () => {
    const res = await t.get('/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: t.database.dialect, version: expect.any(String), time: expect.any(String), businessDate: expect.any(String) });
    // Asia/Shanghai is UTC+8 all year: the business date is the UTC date eight hours on.
    const shanghai = new Date(Date.parse(res.body.time) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(res.body.businessDate).toBe(shanghai);
  });

  test('When a route is unknown, then a signed-in caller gets a 404 problem naming it', async () => {
    const res = await t.get('/no-such-thing', admin);

    expectProblem(res, 404);
    expect(res.body.code).toBe('route.not-found');
    expect(res.body.detail).toContain('/no-such-thing');
  });

  test('When a known path is called with a method it does not have, then 404', async () => {
    expectProblem(await t.put('/warehouses', { code: 'X', name: 'X' }, admin), 404);
  });

  test('When an id is not a number, then 422 names the id', async () => {
    const res = await t.get('/warehouses/abc', admin);

    expectProblem(res, 422, ['id']);
    expect(res.body.errors[0]).toMatchObject({ code: 'validation.type' });
  });

  test('When an id is beyond any stored id, then the answer is a problem, never a server error', async () => {
    const res = await t.get('/users/99999999999', admin);

    expect([404, 422]).toContain(res.status);
    expectProblem(res, res.status);
  });

  test('When an id is well-formed but unknown, then 404', async () => {
    const answers = [await t.get('/users/987654', admin), await t.patch('/warehouses/987654', { name: 'x' }, admin), await t.delete('/roles/987654', admin)];

    for (const res of answers) expectProblem(res, 404);
    expect(answers[1]!.body).toMatchObject({ code: 'not-found', detail: 'Warehouse 987654 was not found.' });
  });

  test('When the body is not valid JSON, then 400 and nothing is created', async () => {
    const before = await t.services.models.Warehouse.count();

    const res = await t.http
      .post('/api/v1/warehouses')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"code": "BAD", "name": ');

    expectProblem(res, 400);
    expect(res.body.code).toBe('request.malformed');
    expect(await t.services.models.Warehouse.count()).toBe(before);
  });

  test('When the body is over the limit, then 413 and nothing is created', async () => {
    const before = await t.services.models.Warehouse.count();

    const res = await t.post('/warehouses', { code: 'BIG', name: 'Big', address: 'x'.repeat(2000) }, admin);

    expectProblem(res, 413);
    expect(res.body.code).toBe('request.too-large');
    expect(await t.services.models.Warehouse.count()).toBe(before);
  });

  test('When the body is over the limit on sign-in, then 413 too', async () => {
    expectProblem(await t.post('/auth/login', { username: 'admin', password: 'p'.repeat(3000) }), 413);
  });

  test('When a field is missing, then 422 names it and the detail says what is wrong', async () => {
    const res = await t.post('/warehouses', { code: 'NONAME' }, admin);

    expectProblem(res, 422, ['name']);
    expect(res.body.code).toBe('validation.required');
    expect(res.body.errors[0]).toEqual({ path: 'name', message: 'is required', code: 'validation.required' });
    expect(res.body.detail).toContain('name');
  });

  test('When a body has unknown fields, then 422 names each of them', async () => {
    const res = await t.post('/warehouses', { code: 'UNK', name: 'Unknown', colour: 'red', size: 3 }, admin);

    expectProblem(res, 422, ['colour', 'size']);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['validation.unknown-field', 'validation.unknown-field']);
  });

  test('When the body is a JSON array instead of an object, then 422', async () => {
    const res = await t.post('/warehouses', [{ code: 'ARR', name: 'Arr' }], admin);

    expectProblem(res, 422);
    expect(res.body.errors).toEqual([{ path: '', message: 'must be a JSON object', code: 'validation.type' }]);
    expect(res.body.detail).toBe('body: must be a JSON object');
  });

  test('When an error happens, then every kind of refusal is problem+json with type, title, status and detail', async () => {
    const viewer = await t.createUser(['viewer']);
    const answers = await Promise.all([
      t.get('/users'),
      t.get('/users', 'garbage'),
      t.post('/warehouses', { code: 'V1', name: 'Viewer' }, viewer.token),
      t.get('/users/424242', admin),
      t.post('/warehouses', {}, admin),
      t.post('/auth/login', { username: 'admin', password: 'wrong-password' }),
    ]);

    expect(answers.map((r) => r.status)).toEqual([401, 401, 403, 404, 422, 401]);
    for (const res of answers) expectProblem(res, res.status);
    expect(answers.map((r) => r.body.code)).toEqual(['auth.required', 'auth.session-ended', 'permission.denied', 'not-found', 'validation.required', 'auth.bad-credentials']);
  });

  test('When a read fails unexpectedly, then 500 says nothing about the cause', async () => {
    const spy = jest.spyOn(t.services.models.Warehouse, 'findAndCountAll').mockRejectedValueOnce(new Error('secret connection string'));

    const res = await t.get('/warehouses', admin);

    spy.mockRestore();
    expectProblem(res, 500);
    expect(res.body.code).toBe('server.error');
    expect(res.text).not.toContain('secret');
  });

  test('When a write fails unexpectedly, then 500, nothing is kept and the failure is audited', async () => {
    const spy = jest.spyOn(t.services.audit, 'append');
    spy.mockImplementationOnce(async (_entry, tx) => {
      await t.services.db.sequelize.query('SELECT 1', { transaction: tx });
      throw new Error('disk on fire');
    });

    const res = await t.post('/warehouses', { code: 'BOOM', name: 'Boom' }, admin);

    spy.mockRestore();
    expectProblem(res, 500);
    expect(res.text).not.toContain('disk on fire');
    expect(await t.services.models.Warehouse.count({ where: { code: 'BOOM' } })).toBe(0);
    const [failure] = await t.services.models.AuditLog.findAll({ where: { entity: 'warehouse' }, order: [['id', 'DESC']], limit: 1, raw: true });
    expect(failure!.ok).toBeFalsy();
    expect(JSON.parse(failure!.detail)).toMatchObject({ status: 500 });
    expect((await t.get('/audit-log/verify', admin)).body.ok).toBe(true);
  });

  test('When the API answers, then helmet headers are set and the server does not name itself', async () => {
    const res = await t.get('/health');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('When a browser from a foreign origin calls, then CORS does not allow it', async () => {
    const res = await t.get('/health', undefined, { Origin: 'https://evil.example' });

    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
