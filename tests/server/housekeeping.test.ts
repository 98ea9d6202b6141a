import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db/database';
import { execute, selectRows } from '../../server/db/sql';
import { hashToken } from '../../server/platform/auth/tokens';
import { Housekeeping } from '../../server/platform/housekeeping';
import { TestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe('Housekeeping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ idempotencyTtlHours: 24 });
  });
  afterAll(() => t.stop());
  afterEach(() => jest.useRealTimers());

  const sql = (text: string, replacements: Record<string, unknown> = {}) => t.services.db.transaction((tx) => execute(t.services.db, text, replacements, tx));
  const keys = async () => (await selectRows<{ key: string }>(t.services.db, 'SELECT key FROM idempotency_keys ORDER BY key')).map((r) => r.key);

  test('When the server starts, then Idempotency-Key records past the TTL, expired tokens and passed sign-in windows are deleted, and nothing younger', async () => {
    const admin = await t.adminToken();
    await t.post('/warehouses', { code: 'HK-OLD', name: 'Old' }, admin, { 'Idempotency-Key': 'hk-old' });
    await t.post('/warehouses', { code: 'HK-NEW', name: 'New' }, admin, { 'Idempotency-Key': 'hk-new' });
    await sql("UPDATE idempotency_keys SET created_at = :at WHERE key = 'hk-old'", { at: new Date(Date.now() - 25 * HOUR) });
    const expired = await t.createUser(['viewer']);
    const live = await t.createUser(['viewer']);
    await t.services.models.AuthToken.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { tokenHash: hashToken(expired.token) } });
    await t.post('/auth/login', { username: 'passed-window', password: 'wrong-pass' });
    await sql('UPDATE login_limits SET expires_at = :past', { past: Date.now() - 1 });
    await t.post('/auth/login', { username: 'open-window', password: 'wrong-pass' });

    const restartedDb = openDatabase(t.database.url);
    const restarted = await createApp(t.services.config, restartedDb);
    restarted.close();
    await restartedDb.close();

    expect(await keys()).toEqual(['hk-new']);
    const tokens = await t.services.models.AuthToken.findAll({ where: { userId: [expired.id, live.id] }, raw: true });
    expect(tokens.map((r) => r.tokenHash)).toEqual([hashToken(live.token)]);
    // The open window of 'open-window' and the address it came from; the passed ones are gone.
    const windows = await selectRows<{ expires_at: number }>(t.services.db, 'SELECT expires_at FROM login_limits');
    expect(windows).toHaveLength(2);
    for (const w of windows) expect(Number(w.expires_at)).toBeGreaterThan(Date.now());
  });

  test('When the app runs, then it purges hourly on a timer that does not keep the process alive, until it is stopped', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const setInterval = jest.spyOn(global, 'setInterval');
    const housekeeping = new Housekeeping(t.services);
    const purge = jest.spyOn(housekeeping, 'purge').mockResolvedValue();

    housekeeping.start();
    jest.advanceTimersByTime(HOUR - 1);
    expect(purge).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(purge).toHaveBeenCalledTimes(1);
    expect((setInterval.mock.results[0]!.value as NodeJS.Timeout).hasRef()).toBe(false);

    housekeeping.stop();
    jest.advanceTimersByTime(5 * HOUR);

    expect(purge).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
