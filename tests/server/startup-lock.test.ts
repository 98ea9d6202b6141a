import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database, openDatabase } from '../../server/db/database';
import { whileStartingAlone } from '../../server/db/startup-lock';
import { createTestDatabase, postgresUrl, TestDatabase } from '../support/databases';

const pause = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('Startup lock', () => {
  let database: TestDatabase;
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    first = openDatabase(database.url);
    second = openDatabase(database.url);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.drop();
  });

  test('When two connections to one database start at once, then the second prepares only after the first is done', async () => {
    const events: string[] = [];
    const prepare = (name: string) => async () => {
      events.push(`${name} starts`);
      await pause();
      events.push(`${name} done`);
      return name;
    };

    const results = await Promise.all([whileStartingAlone(first, prepare('one')), whileStartingAlone(second, prepare('two'))]);

    expect(results).toEqual(['one', 'two']);
    const [a, b] = [events[0]!.split(' ')[0], events[2]!.split(' ')[0]];
    expect(events).toEqual([`${a} starts`, `${a} done`, `${b} starts`, `${b} done`]);
  });

  test('When the work fails, then the lock is released all the same', async () => {
    await expect(whileStartingAlone(first, async () => Promise.reject(new Error('migration failed')))).rejects.toThrow('migration failed');

    await expect(whileStartingAlone(second, async () => 'next')).resolves.toBe('next');
  });

  (postgresUrl() ? test.skip : test)('When the SQLite file is to be created in a folder that does not exist yet, then the lock creates the folder (SQLite only)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jxc-lock-'));
    const fresh = openDatabase(`sqlite:${path.join(dir, 'data', 'jxc.sqlite')}`);

    await expect(whileStartingAlone(fresh, async () => 'started')).resolves.toBe('started');

    await fresh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
