import request from 'supertest';
import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db/database';
import { selectRows, execute } from '../../server/db/sql';
import { expectProblem } from '../support/problems';
import { TestApp, TestUser } from '../support/test-app';

const LIMIT = 10;
const wrong = (username: string) => ({ username, password: 'wrong-guess' });
const statuses = (answers: Array<{ status: number }>) => answers.map((r) => r.status).sort();

/** Lets every sign-in window of this database pass, as waiting out LOGIN_WINDOW_SECONDS would. */
async function letWindowsPass(t: TestApp): Promise<void> {
  await t.services.db.transaction((tx) => execute(t.services.db, 'UPDATE login_limits SET expires_at = :past', { past: Date.now() - 1 }, tx));
}

describe('Sign-in limit under parallel guessing', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await TestApp.start({ loginFailuresPerUsername: LIMIT, loginFailuresPerIp: 10_000 });
    user = await t.createUser(['viewer']);
  });
  afterAll(() => t.stop());
  afterEach(() => jest.restoreAllMocks());

  test('When 60 wrong passwords for one username arrive at once, then only the limit of them is checked, the rest get 429, and even the right password waits for the window', async () => {
    const checks = jest.spyOn(t.services.passwords, 'verify');

    const answers = await Promise.all(Array.from({ length: 60 }, () => t.post('/auth/login', wrong(user.username))));

    expect(checks).toHaveBeenCalledTimes(LIMIT);
    expect(statuses(answers)).toEqual([...Array(LIMIT).fill(401), ...Array(60 - LIMIT).fill(429)]);
    const right = await t.post('/auth/login', { username: user.username, password: user.password });
    expectProblem(right, 429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(checks).toHaveBeenCalledTimes(LIMIT);

    await letWindowsPass(t);

    expect((await t.post('/auth/login', { username: user.username, password: user.password })).status).toBe(200);
  });

  test('When guesses spread over spellings of one username arrive at once, then they share one limit', async () => {
    const other = await t.createUser(['viewer']);
    const spellings = [other.username, other.username.toUpperCase(), ` ${other.username}`];
    const checks = jest.spyOn(t.services.passwords, 'verify');

    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => t.post('/auth/login', wrong(spellings[i % 3]!))));

    expect(checks).toHaveBeenCalledTimes(LIMIT);
    expect(statuses(answers).filter((s) => s === 401)).toHaveLength(LIMIT);
  });

  test('When counters are stored, then they hold neither usernames nor addresses', async () => {
    const rows = await selectRows<{ key: string }>(t.services.db, 'SELECT key FROM login_limits');

    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(key).not.toContain(user.username);
    }
  });
});

describe('Sign-in limit shared by two servers on one database', () => {
  test('When guesses for one username are split between two servers, then together they still get only the limit checked', async () => {
    const first = await TestApp.start({ loginFailuresPerUsername: LIMIT, loginFailuresPerIp: 10_000 });
    const secondDb = openDatabase(first.database.url);
    const second = await createApp(first.services.config, secondDb);
    try {
      const user = await first.createUser(['viewer']);
      const checks = [jest.spyOn(first.services.passwords, 'verify'), jest.spyOn(second.services.passwords, 'verify')];

      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0 ? first.post('/auth/login', wrong(user.username)) : request(second.app).post('/api/v1/auth/login').send(wrong(user.username)),
        ),
      );

      expect(checks[0]!.mock.calls.length + checks[1]!.mock.calls.length).toBe(LIMIT);
      expect(statuses(answers)).toEqual([...Array(LIMIT).fill(401), ...Array(40 - LIMIT).fill(429)]);
      expectProblem(await request(second.app).post('/api/v1/auth/login').send({ username: user.username, password: user.password }), 429);
    } finally {
      second.close();
      await secondDb.close();
      await first.stop();
    }
  });
});
