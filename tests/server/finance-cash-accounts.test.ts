import { QueryTypes } from 'sequelize';
import { TestApp } from '../support/test-app';
import { expectCashInvariants } from '../support/finance-cash';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
});
afterAll(async () => t.stop());

const accountRow = async (code: string) =>
  (await t.services.db.sequelize.query<Record<string, unknown>>('SELECT code, name, name_en, type, parent_code, active FROM accounts WHERE code = :code', { replacements: { code }, type: QueryTypes.SELECT }))[0];

describe('Cash and bank accounts', () => {
  test('When cash and bank accounts are opened, then each gets the next free leaf under 1001 or 1002, named as the account, with a zero balance', async () => {
    const till = await t.post('/cash-accounts', { code: 'TILL', name: '前台现金', type: 'cash' }, admin);
    const bank = await t.post('/cash-accounts', { code: 'ICBC', name: '工商银行基本户', type: 'bank', bankName: 'ICBC', accountNo: '6222 0000 1111' }, admin);
    const usd = await t.post('/cash-accounts', { code: 'BOC-USD', name: 'BOC USD', type: 'bank', currency: 'USD', allowOverdraft: true }, admin);
    const petty = await t.post('/cash-accounts', { code: 'PETTY', name: '备用金', type: 'cash' }, admin);

    expect([till.status, bank.status, usd.status, petty.status]).toEqual([201, 201, 201, 201]);
    expect(till.body).toEqual({
      id: expect.any(Number), code: 'TILL', name: '前台现金', type: 'cash', currency: 'CNY', bankName: null, accountNo: null,
      allowOverdraft: false, accountCode: '1001.01', balance: 0, active: true, version: 1,
    });
    expect(bank.body).toMatchObject({ accountCode: '1002.01', currency: 'CNY', bankName: 'ICBC', accountNo: '6222 0000 1111' });
    expect(usd.body).toMatchObject({ accountCode: '1002.02', currency: 'USD', allowOverdraft: true });
    expect(petty.body).toMatchObject({ accountCode: '1001.02' });
    expect(till.headers.etag).toBe('"1"');
    expect(await accountRow('1001.01')).toMatchObject({ name: '前台现金', name_en: '前台现金', type: 'asset', parent_code: '1001' });
    expect(await accountRow('1002.02')).toMatchObject({ name: 'BOC USD', name_en: 'BOC USD', type: 'asset', parent_code: '1002' });
    await expectCashInvariants(t);
  });

  test('When cash accounts are listed or read, then they come with their leaf and balance, filtered by type and text', async () => {
    const all = await t.get('/cash-accounts', admin);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    expect(all.body.data.map((a: { code: string }) => a.code)).toEqual(['BOC-USD', 'ICBC', 'PETTY', 'TILL']);
    const banks = await t.get('/cash-accounts?type=bank', admin);
    expect(banks.body.data.map((a: { accountCode: string }) => a.accountCode)).toEqual(['1002.02', '1002.01']);
    const found = await t.get('/cash-accounts?q=usd', admin);
    expect(found.body).toMatchObject({ total: 1, data: [{ code: 'BOC-USD' }] });
    const one = await t.get(`/cash-accounts/${all.body.data[0].id}`, admin);
    expect(one.body).toEqual(all.body.data[0]);
    expect((await t.get('/cash-accounts/99999', admin)).status).toBe(404);
  });

  test('When an account is renamed or switched off, then its leaf follows, and a stale version is refused with 412', async () => {
    const till = (await t.get('/cash-accounts?q=TILL', admin)).body.data[0];
    const renamed = await t.patch(`/cash-accounts/${till.id}`, { name: '门店现金', allowOverdraft: true, version: 1 }, admin);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '门店现金', allowOverdraft: true, version: 2, accountCode: '1001.01' });
    expect(await accountRow('1001.01')).toMatchObject({ name: '门店现金', name_en: '门店现金' });

    const stale = await t.patch(`/cash-accounts/${till.id}`, { name: 'Lost update' }, admin, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'version.stale', currentVersion: 2 });
    expect((await t.get(`/cash-accounts/${till.id}`, admin)).body.name).toBe('门店现金');

    const off = await t.patch(`/cash-accounts/${till.id}`, { active: false }, admin, { 'If-Match': '"2"' });
    expect(off.body).toMatchObject({ active: false, version: 3 });
    expect(Boolean((await accountRow('1001.01'))!.active)).toBe(false);
    expect((await t.get('/cash-accounts?active=false', admin)).body.data.map((a: { code: string }) => a.code)).toEqual(['TILL']);
    expect((await t.get('/cash-accounts?active=true', admin)).body.total).toBe(3);
    const posted = await t.post('/cash-entries', { kind: 'income', cashAccountId: till.id, lines: [{ accountCode: '6051', amount: 1 }] }, admin);
    expect(posted.status).toBe(422);
    expect(posted.body.errors).toEqual([expect.objectContaining({ path: 'cashAccountId', message: 'inactive' })]);
    await t.patch(`/cash-accounts/${till.id}`, { active: true, allowOverdraft: false }, admin);
    expect(Boolean((await accountRow('1001.01'))!.active)).toBe(true);
  });

  test('When the code is taken, the currency unknown or a field malformed, then nothing is created', async () => {
    const duplicate = await t.post('/cash-accounts', { code: 'TILL', name: 'Again', type: 'cash' }, admin);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    const currency = await t.post('/cash-accounts', { code: 'GBP', name: 'Pounds', type: 'bank', currency: 'GBP' }, admin);
    expect(currency.status).toBe(422);
    expect(currency.body.errors).toEqual([expect.objectContaining({ path: 'currency', message: 'unknown currency GBP' })]);
    const type = await t.post('/cash-accounts', { code: 'X', name: 'X', type: 'safe' }, admin);
    expect(type.status).toBe(422);
    expect(type.body.errors).toEqual([expect.objectContaining({ path: 'type' })]);
    expect((await t.get('/cash-accounts', admin)).body.total).toBe(4);
    expect(await accountRow('1001.03')).toBeUndefined();
    expect(await accountRow('1002.03')).toBeUndefined();
  });

  test('When accounts are opened at the same time, then each gets its own leaf', async () => {
    const opened = await Promise.all(Array.from({ length: 6 }, (_, i) => t.post('/cash-accounts', { code: `PAR${i}`, name: `Parallel ${i}`, type: 'bank' }, admin)));
    expect(opened.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(opened.map((r) => r.body.accountCode).sort()).toEqual(['1002.03', '1002.04', '1002.05', '1002.06', '1002.07', '1002.08']);
  });

  test('When someone without finance:accounts opens an account, or without finance:read lists them, then it is refused and audited', async () => {
    const viewer = await t.createUser(['viewer']);
    const stockOnly = await t.createUser([(await t.createRole(['stock:read'])).name]);
    const accountant = await t.createUser(['accountant']);
    expect((await t.post('/cash-accounts', { code: 'NOPE', name: 'No', type: 'cash' }, viewer.token)).status).toBe(403);
    expect((await t.get('/cash-accounts', viewer.token)).status).toBe(200);
    expect((await t.post('/cash-accounts', { code: 'ACC', name: 'Accountant', type: 'cash' }, accountant.token)).status).toBe(201);
    const denied = await t.services.db.sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deny' AND ok = :no AND user_id = :id", {
      replacements: { no: false, id: viewer.id },
      type: QueryTypes.SELECT,
    });
    expect(Number(denied[0]!.n)).toBe(1);
    expect((await t.get('/cash-entries', stockOnly.token)).status).toBe(403);
    const created = await t.services.db.sequelize.query("SELECT entity_id FROM audit_log WHERE entity = 'cash-account' AND action = 'create' AND ok = :yes", {
      replacements: { yes: true },
      type: QueryTypes.SELECT,
    });
    expect(created).toHaveLength(4 + 6 + 1);
    expect((await t.get('/cash-accounts', stockOnly.token)).status).toBe(403);
  });

  test('When 1001 already carries postings of its own, then no cash leaf can be opened under it (409)', async () => {
    const fresh = await TestApp.start();
    try {
      // A manual journal to the leaf 1001 before any cash account existed, written as the gate would.
      await fresh.services.db.transaction((tx) =>
        fresh.services.generalLedger.postJournal(
          { date: fresh.services.calendar.today(), source: { type: 'TEST', id: 1, number: 'T-1' }, userId: null, lines: [{ accountCode: '1001', debit: 500 }, { accountCode: '4001', credit: 500 }] },
          tx,
        ),
      );
      const res = await fresh.post('/cash-accounts', { code: 'LATE', name: 'Late', type: 'cash' }, await fresh.adminToken());
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('cash.parent-has-postings');
      expect((await fresh.get('/cash-accounts', await fresh.adminToken())).body.total).toBe(0);
    } finally {
      await fresh.stop();
    }
  });
});
