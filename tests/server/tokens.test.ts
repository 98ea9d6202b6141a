import { hashToken } from '../../server/platform/auth/tokens';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Bearer tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  async function deniedTokenRecords(): Promise<number> {
    return t.services.models.AuditLog.count({ where: { action: 'deny', entity: 'auth', ok: false } });
  }

  test('When no token is sent, then 401 with a WWW-Authenticate challenge', async () => {
    const res = await t.get('/warehouses');

    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  test('When the Authorization header is not a bearer token, then 401', async () => {
    expectProblem(await t.get('/warehouses', undefined, { Authorization: 'Basic YWRtaW46YWRtaW4=' }), 401);
  });

  test('When a garbage token is sent, then 401 and the refusal is audited', async () => {
    const before = await deniedTokenRecords();

    const res = await t.get('/warehouses', 'not-a-real-token');

    expectProblem(res, 401);
    expect(await deniedTokenRecords()).toBe(before + 1);
  });

  test('When a token has expired, then 401', async () => {
    const user = await t.createUser(['viewer']);
    expect((await t.get('/auth/me', user.token)).status).toBe(200);

    await t.services.models.AuthToken.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { tokenHash: hashToken(user.token) } });
    // An edit made behind the app's back: drop the few-seconds actor cache as an app-level change would.
    t.services.actors.clear();

    expectProblem(await t.get('/auth/me', user.token), 401);
  });

  test('When a user signs out, then that token stops working but their other sessions go on', async () => {
    const user = await t.createUser(['viewer']);
    const other = await t.login(user.username, user.password);

    expect((await t.post('/auth/logout', {}, user.token)).status).toBe(204);

    expectProblem(await t.get('/warehouses', user.token), 401);
    expectProblem(await t.post('/auth/logout', {}, user.token), 401);
    expect((await t.get('/warehouses', other)).status).toBe(200);
  });

  test('When a user is deactivated, then their old tokens stop working and they cannot sign in', async () => {
    const user = await t.createUser(['viewer']);

    const patched = await t.patch(`/users/${user.id}`, { active: false }, await t.adminToken());

    expect(patched.status).toBe(200);
    expectProblem(await t.get('/auth/me', user.token), 401);
    expect(await t.services.models.AuthToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expectProblem(await t.post('/auth/login', { username: user.username, password: user.password }), 401);
  });

  test('When a deactivated user is reactivated, then their old tokens stay revoked but they can sign in again', async () => {
    const user = await t.createUser(['viewer']);
    const admin = await t.adminToken();
    await t.patch(`/users/${user.id}`, { active: false }, admin);

    await t.patch(`/users/${user.id}`, { active: true }, admin);

    expectProblem(await t.get('/auth/me', user.token), 401);
    expect((await t.post('/auth/login', { username: user.username, password: user.password })).status).toBe(200);
  });

  test('When an admin resets a password, then the old sessions end and only the new password works', async () => {
    const user = await t.createUser(['viewer']);

    await t.patch(`/users/${user.id}`, { password: 'brand-new-pass' }, await t.adminToken());

    expectProblem(await t.get('/auth/me', user.token), 401);
    expectProblem(await t.post('/auth/login', { username: user.username, password: user.password }), 401);
    expect((await t.post('/auth/login', { username: user.username, password: 'brand-new-pass' })).status).toBe(200);
  });

  test('When a token is issued, then only its hash is stored', async () => {
    const user = await t.createUser(['viewer']);

    const rows = await t.services.models.AuthToken.findAll({ where: { userId: user.id }, raw: true });

    expect(rows.map((r) => r.tokenHash)).toContain(hashToken(user.token));
    expect(JSON.stringify(rows)).not.toContain(user.token);
  });

  test('When tokens are issued, then each is different and long', async () => {
    const user = await t.createUser(['viewer']);

    const tokens = await Promise.all([1, 2, 3].map(() => t.login(user.username, user.password)));

    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect(token.length).toBeGreaterThanOrEqual(43);
  });
});

describe('Bearer tokens with a short lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ tokenTtlMinutes: 0.01 });
  });
  afterAll(() => t.stop());

  test('When the lifetime passes, then the token stops working on its own', async () => {
    const res = await t.post('/auth/login', { username: 'admin', password: 'admin-password-1' });
    const token = res.body.token as string;
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(600);
    expect((await t.get('/auth/me', token)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 700));

    expectProblem(await t.get('/auth/me', token), 401);
  });
});
