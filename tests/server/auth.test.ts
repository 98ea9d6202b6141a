import { expectProblem } from '../support/problems';
import { ADMIN_PASSWORD, TestApp } from '../support/test-app';

describe('Sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ loginFailuresPerUsername: 5 });
  });
  afterAll(() => t.stop());

  test('When the admin signs in with the first-start password, then a token and the user come back', async () => {
    const res = await t.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.body.user).toMatchObject({ username: 'admin', roles: ['admin'], warehouseIds: null });
    expect(res.body.user.permissions).toContain('audit:read');
  });

  test('When the password is wrong or the user unknown, then both get the same 401', async () => {
    const wrong = await t.post('/auth/login', { username: 'admin', password: 'nope-nope' });
    const unknown = await t.post('/auth/login', { username: 'ghost', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  test('When a token is sent, then /auth/me answers; after logout the token stops working', async () => {
    const token = await t.login('admin', ADMIN_PASSWORD);
    expect((await t.get('/auth/me', token)).body.user.username).toBe('admin');
    expect((await t.post('/auth/logout', {}, token)).status).toBe(204);
    const after = await t.get('/auth/me', token);
    expect(after.status).toBe(401);
  });

  test('When a username fails too often, then it is rate limited with 429 even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await t.post('/auth/login', { username: 'victim', password: 'wrong-pass' })).status).toBe(401);
    const blocked = await t.post('/auth/login', { username: 'victim', password: 'wrong-pass' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  test('When a username is locked out, then even the right password gets 429 until the window passes', async () => {
    const user = await t.createUser(['viewer']);
    for (let i = 0; i < 5; i++) await t.post('/auth/login', { username: user.username, password: 'wrong-pass' });

    const right = await t.post('/auth/login', { username: user.username, password: user.password });

    expectProblem(right, 429);
  });

  test('When failures are spread over spellings of one username (case, spaces), then they count together', async () => {
    const user = await t.createUser(['viewer']);
    const spellings = [user.username, ` ${user.username}`, `${user.username} `, user.username.toUpperCase(), `  ${user.username}  `];
    for (const username of spellings) expect((await t.post('/auth/login', { username, password: 'wrong-pass' })).status).toBe(401);

    expectProblem(await t.post('/auth/login', { username: `\t${user.username}`, password: 'wrong-pass' }), 429);
    expectProblem(await t.post('/auth/login', { username: user.username, password: user.password }), 429);
  });

  test('When a sign-in succeeds, then earlier failures of that username are forgotten', async () => {
    const user = await t.createUser(['viewer']);
    for (let i = 0; i < 4; i++) await t.post('/auth/login', { username: user.username, password: 'wrong-pass' });

    await t.login(user.username, user.password);
    for (let i = 0; i < 4; i++) await t.post('/auth/login', { username: user.username, password: 'wrong-pass' });

    expect((await t.post('/auth/login', { username: user.username, password: user.password })).status).toBe(200);
  });

  test('When the username differs only in case or surrounding spaces, then sign-in still works', async () => {
    const res = await t.post('/auth/login', { username: '  ADMIN ', password: ADMIN_PASSWORD });

    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('admin');
  });

  test('When a deactivated user signs in with the right password, then the answer is the same as for a wrong one', async () => {
    const user = await t.createUser(['viewer']);
    await t.patch(`/users/${user.id}`, { active: false }, await t.adminToken());

    const inactive = await t.post('/auth/login', { username: user.username, password: user.password });
    const wrong = await t.post('/auth/login', { username: 'admin', password: 'not-the-password' });

    expectProblem(inactive, 401);
    expect(inactive.body).toEqual(wrong.body);
  });

  test('When the sign-in body is incomplete or has extra fields, then 422 names the field', async () => {
    expectProblem(await t.post('/auth/login', { username: 'admin' }), 422, ['password']);
    expectProblem(await t.post('/auth/login', { password: 'x' }), 422, ['username']);
    expectProblem(await t.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD, remember: true }), 422, ['remember']);
    expectProblem(await t.post('/auth/login', {}), 422);
  });

  test('When /auth/me is asked, then it describes the signed-in user with roles, permissions, scope and limit', async () => {
    const wh = await t.createWarehouse();
    const user = await t.createUser(['sales'], [wh.id], { approvalLimit: 2500.75 });

    const res = await t.get('/auth/me', user.token);

    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: user.id,
      username: user.username,
      displayName: user.username,
      roles: ['sales'],
      permissions: expect.arrayContaining(['sales:create', 'customer:read', 'item:read']),
      warehouseIds: [wh.id],
      approvalLimit: 2500.75,
      active: true,
      version: 1,
    });
    expect(res.body.user.permissions).not.toContain('user:read');
  });

  test('When a user signs out, then 204, the sign-out is audited and /auth/me refuses the token', async () => {
    const user = await t.createUser(['viewer']);

    const res = await t.post('/auth/logout', undefined, user.token);

    expect(res.status).toBe(204);
    expect(await t.services.models.AuditLog.count({ where: { userId: user.id, action: 'logout', ok: true } })).toBe(1);
    expectProblem(await t.get('/auth/me', user.token), 401);
  });

  test('When /auth/me or logout is called without a token, then 401', async () => {
    expectProblem(await t.get('/auth/me'), 401);
    expectProblem(await t.post('/auth/logout', {}), 401);
  });
});

describe('Sign-in rate limit per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ loginFailuresPerIp: 4, loginFailuresPerUsername: 100 });
  });
  afterAll(() => t.stop());

  test('When one address fails with many different usernames, then it is rate limited', async () => {
    for (let i = 0; i < 4; i++) expect((await t.post('/auth/login', { username: `guess${i}`, password: 'wrong-pass' })).status).toBe(401);

    const blocked = await t.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });

    expectProblem(blocked, 429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const [record] = await t.services.models.AuditLog.findAll({ where: { action: 'login' }, order: [['id', 'DESC']], limit: 1, raw: true });
    expect(record!.ok).toBeFalsy();
    expect(JSON.parse(record!.detail)).toMatchObject({ reason: 'rate limited' });
  });
});
