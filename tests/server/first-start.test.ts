import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import { createTestDatabase } from '../support/databases';

describe('First start', () => {
  test('When no ADMIN_PASSWORD is set, then a generated admin password is shown once on the console, works, and stays out of the log', async () => {
    const database = await createTestDatabase();
    const logged: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) }));
    const printed: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const db = openDatabase(database.url);
    try {
      const { app } = await createApp({ ...loadConfig({}), databaseUrl: database.url, adminPassword: undefined, passwordHashCost: 4 }, db, log);
      stdout.mockRestore();
      const password = /generated password (\S+)/.exec(printed.join(''))?.[1];

      expect(password).toMatch(/^[\w-]{16,}$/);
      expect((await request(app).post('/api/v1/auth/login').send({ username: 'admin', password })).status).toBe(200);
      expect(logged.join('')).toContain('First start');
      expect(logged.join('')).not.toContain(password!);
      const token = (await request(app).post('/api/v1/auth/login').send({ username: 'admin', password })).body.token;
      const created = (await request(app).get('/api/v1/audit-log?entity=user&action=create').set('Authorization', `Bearer ${token}`)).body.data;
      expect(created).toEqual([expect.objectContaining({ userId: null, username: 'system', ok: true, detail: { bootstrap: true, username: 'admin' } })]);
    } finally {
      stdout.mockRestore();
      await db.close();
      await database.drop();
    }
  });

  test('When the app starts again on the same database, then no second admin is created and the first password still works', async () => {
    const database = await createTestDatabase();
    const config = { ...loadConfig({}), databaseUrl: database.url, adminPassword: 'first-password-1', passwordHashCost: 4, logLevel: 'silent' };
    const first = openDatabase(database.url);
    await createApp(config, first);
    await first.close();
    const again = openDatabase(database.url);
    try {
      const { services } = await createApp({ ...config, adminPassword: 'other-password-2' }, again);
      expect(await services.models.User.count()).toBe(1);
      const { app } = await createApp(config, again);
      expect((await request(app).post('/api/v1/auth/login').send({ username: 'admin', password: 'first-password-1' })).status).toBe(200);
    } finally {
      await again.close();
      await database.drop();
    }
  });
});
