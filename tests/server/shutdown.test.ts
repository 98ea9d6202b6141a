import { createLogger } from '../../server/app';
import { loadConfig } from '../../server/config';
import { serve } from '../../server/serve';
import { createTestDatabase } from '../support/databases';

describe('Graceful shutdown', () => {
  test('When the server is stopped during a request, then that request still completes, new connections are refused and the database is closed', async () => {
    const database = await createTestDatabase();
    const running = await serve({ ...loadConfig({}), port: 0, databaseUrl: database.url, adminPassword: 'admin-password-1', passwordHashCost: 4 }, createLogger('silent'));
    const api = (path: string, init: RequestInit = {}, token?: string) =>
      fetch(`${running.url}/api/v1${path}`, { ...init, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) } });
    const token = (await (await api('/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }) })).json()).token;

    // Hold the write queue so the next write is provably in flight when the stop begins.
    let release!: () => void;
    const held = running.services.db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const inFlight = api('/warehouses', { method: 'POST', body: JSON.stringify({ code: 'LATE', name: 'Late' }) }, token);
    await new Promise((r) => setTimeout(r, 100));
    const stopped = running.stop();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${running.url}/api/v1/health`)).rejects.toThrow();
    release();
    await held;

    const response = await inFlight;
    expect(response.status).toBe(201);
    await stopped;
    await expect(running.services.db.sequelize.query('SELECT 1')).rejects.toThrow();
    await database.drop();
  });
});
