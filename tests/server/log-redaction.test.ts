import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp, createLogger } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import { createTestDatabase } from '../support/databases';

const PASSWORD = 'correct-horse-battery-staple';

describe('Secrets in the log', () => {
  test('When a user signs in, calls the API with a token and a request fails on the server, then no log line holds the password or the token', async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const db = openDatabase(database.url);
    const { app, services, close } = await createApp({ ...loadConfig({}), databaseUrl: database.url, adminPassword: PASSWORD, passwordHashCost: 4 }, db, log);
    try {
      const login = await request(app).post('/api/v1/auth/login').send({ username: 'admin', password: PASSWORD });
      const token: string = login.body.token;
      const me = await request(app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).set('Cookie', `session=${token}`);
      // A failure whose error carries what the request held, as driver and parser errors do.
      jest.spyOn(services.passwords, 'verify').mockRejectedValueOnce(
        Object.assign(new Error('the password store is unavailable'), { body: { username: 'admin', password: PASSWORD }, user: { token } }),
      );
      const failed = await request(app).post('/api/v1/auth/login').set('Authorization', `Bearer ${token}`).send({ username: 'admin', password: PASSWORD });

      expect([login.status, me.status, failed.status]).toEqual([200, 200, 500]);
      const text = lines.join('');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(token);
      // The lines were written, with the secrets' places in them.
      expect(text).toContain('the password store is unavailable');
      expect(text).toContain('"url":"/api/v1/auth/me"');
      expect(text).toContain('"authorization":"[Redacted]"');
      expect(text).toContain('"password":"[Redacted]"');
    } finally {
      close();
      await db.close();
      await database.drop();
    }
  });
});
