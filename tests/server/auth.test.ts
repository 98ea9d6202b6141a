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
});
