import type { JournalLineInput } from '../../server/ledgers/general-ledger';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

/** DESIGN §4 "Chart of accounts", written out by hand: code, name, type, parent. */
const DESIGN_CHART: Array<[string, string, string, string | null]> = [
  ['1001', '库存现金', 'asset', null],
  ['1002', '银行存款', 'asset', null],
  ['1122', '应收账款', 'asset', null],
  ['1123', '预付账款', 'asset', null],
  ['1405', '库存商品', 'asset', null],
  ['1901', '待处理财产损溢', 'asset', null],
  ['2202', '应付账款', 'liability', null],
  ['2202.01', '应付货款', 'liability', '2202'],
  ['2202.99', '暂估应付', 'liability', '2202'],
  ['2203', '预收账款', 'liability', null],
  ['2221', '应交税费', 'liability', null],
  ['2221.01', '进项税额', 'liability', '2221'],
  ['2221.02', '销项税额', 'liability', '2221'],
  ['4001', '实收资本', 'equity', null],
  ['4103', '本年利润', 'equity', null],
  ['4104', '利润分配', 'equity', null],
  ['4199', '期初余额调整', 'equity', null],
  ['6001', '主营业务收入', 'income', null],
  ['6051', '其他业务收入', 'income', null],
  ['6301', '营业外收入', 'income', null],
  ['6401', '主营业务成本', 'expense', null],
  ['6601', '销售费用', 'expense', null],
  ['6602', '管理费用', 'expense', null],
  ['6603', '财务费用', 'expense', null],
  ['6603.01', '汇兑损益', 'expense', '6603'],
  ['6603.02', '手续费', 'expense', '6603'],
  ['6711', '营业外支出', 'expense', null],
];
const PARENTS = ['2202', '2221', '6603'];

/** DESIGN §4's roles and their default accounts. */
const DESIGN_MAPPING = {
  inventory: '1405',
  receivable: '1122',
  payable: '2202.01',
  grni: '2202.99',
  inputVat: '2221.01',
  outputVat: '2221.02',
  revenue: '6001',
  cogs: '6401',
  priceVariance: '6401',
  fxDifference: '6603.01',
  stockLossGain: '1901',
  customerAdvance: '2203',
  supplierAdvance: '1123',
  openingOffset: '4199',
  roundingDifference: '6603.02',
  internalUse: '6602',
  samples: '6601',
  currentYearProfit: '4103',
};

interface Row {
  code: string;
  name: string;
  nameEn: string | null;
  type: string;
  parentCode: string | null;
  leaf: boolean;
  active: boolean;
  version: number;
}

describe('Accounts and the account mapping', () => {
  let t: TestApp;
  let admin: string;
  let sequence = 0;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const create = (body: Record<string, unknown>) => t.post('/accounts', body, admin);
  const account = async (code: string): Promise<Row> => (await t.get(`/accounts/${code}`, admin)).body;

  /** Posts through the money gate, as documents do; amounts in cents. */
  const postJournal = (lines: JournalLineInput[]) =>
    t.services.db.transaction((tx) =>
      t.services.generalLedger.postJournal({ date: t.services.calendar.today(), memo: 'test', source: { type: 'TEST', id: ++sequence, number: `T-${sequence}` }, lines, userId: null }, tx),
    );
  const reverseJournal = (id: number) =>
    t.services.db.transaction((tx) =>
      t.services.generalLedger.reverseJournal(id, { date: t.services.calendar.today(), source: { type: 'TEST', id: ++sequence, number: `T-${sequence}` }, userId: null }, tx),
    );

  describe('the seeded chart', () => {
    test('When the accounts are listed, then every DESIGN account is there, bilingual, typed by class, with its parent', async () => {
      const res = await t.get('/accounts?limit=1000', admin);

      expect(res.status).toBe(200);
      expect(res.body.total).toBe(DESIGN_CHART.length);
      expect(res.body.data).toEqual(
        DESIGN_CHART.map(([code, name, type, parentCode]) => ({ code, name, nameEn: expect.stringMatching(/^[A-Z][a-z]/), type, parentCode, leaf: !PARENTS.includes(code), active: true, version: 1 })),
      );
    });

    test('When the mapping is read, then every role has its DESIGN account', async () => {
      const res = await t.get('/finance/account-mapping', admin);

      expect(res.status).toBe(200);
      expect(res.body).toEqual(DESIGN_MAPPING);
    });

    test('When 1001 and 1002 have no cash or bank account yet, then they are leaves: leaf means "has no sub-accounts"', async () => {
      expect(await account('1001')).toMatchObject({ leaf: true, parentCode: null, nameEn: 'Cash on hand' });
      expect(await account('1002')).toMatchObject({ leaf: true, nameEn: 'Bank deposits' });
      expect(await account('6603')).toMatchObject({ leaf: false, nameEn: 'Financial expenses' });
    });

    test('When one account is read, then it is the row the list has; an unknown code is 404, a malformed one 422 naming code', async () => {
      const list = await t.get('/accounts?q=2221.01', admin);
      const one = await t.get('/accounts/2221.01', admin);

      expect(one.status).toBe(200);
      expect(one.headers.etag).toBe('"1"');
      expect(one.body).toEqual(list.body.data[0]);
      expect(one.body).toEqual({ code: '2221.01', name: '进项税额', nameEn: 'Input VAT', type: 'liability', parentCode: '2221', leaf: true, active: true, version: 1 });
      expectProblem(await t.get('/accounts/2999', admin), 404);
      expectProblem(await t.get('/accounts/22x1', admin), 422, ['code']);
    });

    test('When filtered by type or q, then only matching accounts come, q matching code, Chinese or English name', async () => {
      const codes = async (query: string) => (await t.get(`/accounts?${query}`, admin)).body.data.map((a: Row) => a.code);

      expect(await codes('type=income')).toEqual(['6001', '6051', '6301']);
      expect(await codes('type=equity&q=41')).toEqual(['4103', '4104', '4199']);
      expect(await codes(`q=${encodeURIComponent('应付')}`)).toEqual(['2202', '2202.01', '2202.99']);
      expect(await codes('q=BANK')).toEqual(['1002', '6603.02']);
      expect((await t.get('/accounts?type=liability&limit=2&offset=1', admin)).body).toEqual({ data: [expect.objectContaining({ code: '2202.01' }), expect.objectContaining({ code: '2202.99' })], total: 7 });
      expectProblem(await t.get('/accounts?type=cost', admin), 422, ['type']);
    });
  });

  describe('creating accounts', () => {
    test('When a sub-account is added, then it takes its parent type, and the parent stops being a leaf', async () => {
      const res = await create({ code: '6711.01', name: '罚款支出', nameEn: 'Fines' });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ code: '6711.01', name: '罚款支出', nameEn: 'Fines', type: 'expense', parentCode: '6711', leaf: true, active: true, version: 1 });
      expect(await account('6711')).toMatchObject({ leaf: false });
      expect(await account('6711.01')).toEqual(res.body);
    });

    test('When a third level is added naming its parent, then it sits under the second', async () => {
      await create({ code: '6051.01', name: '租金收入' });

      const res = await create({ code: '6051.01.01', name: '仓库出租', parentCode: '6051.01', type: 'income', active: false });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ code: '6051.01.01', name: '仓库出租', nameEn: null, type: 'income', parentCode: '6051.01', leaf: true, active: false, version: 1 });
    });

    test('When a top-level account is added, then its type comes from its code: 1 asset, 2 liability, 4 equity, 6001–6301 income, later 6 expense', async () => {
      const made = [
        await create({ code: '1221', name: '其他应收款', nameEn: 'Other receivables' }),
        await create({ code: '2241', name: '其他应付款' }),
        await create({ code: '4002', name: '资本公积', type: 'equity' }),
        await create({ code: '6111', name: '投资收益' }),
        await create({ code: '6403', name: '税金及附加' }),
      ];

      expect(made.map((r) => [r.status, r.body.code, r.body.type, r.body.parentCode, r.body.leaf])).toEqual([
        [201, '1221', 'asset', null, true],
        [201, '2241', 'liability', null, true],
        [201, '4002', 'equity', null, true],
        [201, '6111', 'income', null, true],
        [201, '6403', 'expense', null, true],
      ]);
    });

    test('When the code is malformed, then 422 names code', async () => {
      for (const code of ['66O2', '6602.1', '660', '6602.01.01.01', '6602-01', 6602]) {
        expectProblem(await create({ code, name: 'x' }), 422, ['code']);
      }
      expectProblem(await create({ code: '6602.05', name: '' }), 422, ['name']);
      expectProblem(await create({ code: '6602.05', name: 'x', kind: 'expense' }), 422, ['kind']);
    });

    test('When the code is not directly under the parent named, then 422 names code', async () => {
      const notUnder = await create({ code: '6603.05', parentCode: '6602', name: 'x' });
      expectProblem(notUnder, 422, ['code']);
      expect(notUnder.body).toMatchObject({ code: 'account.not-under-parent', errors: [{ path: 'code', message: 'must be 6602. and two digits, such as 6602.01' }] });
      expectProblem(await create({ code: '6720', parentCode: '6711', name: 'x' }), 422, ['code']);
      expectProblem(await create({ code: '6711.01.01', parentCode: '6711', name: 'x' }), 422, ['code']);
    });

    test('When the parent does not exist, then 422 names parentCode when given, else code', async () => {
      expect((await create({ code: '6609.01', parentCode: '6609', name: 'x' })).body).toMatchObject({ status: 422, code: 'account.parent-unknown', errors: [{ path: 'parentCode' }] });
      expect((await create({ code: '6609.01', name: 'x' })).body).toMatchObject({ status: 422, code: 'account.parent-unknown', errors: [{ path: 'code' }] });
      expect((await create({ code: '6603.05.01', name: 'x' })).body).toMatchObject({ status: 422, errors: [{ path: 'code', message: 'unknown account 6603.05' }] });
    });

    test('When the type disagrees with the parent or the code class, then 422 names type', async () => {
      const child = await create({ code: '6603.03', name: '利息收入', type: 'income' });
      expectProblem(child, 422, ['type']);
      expect(child.body).toMatchObject({ code: 'account.type-mismatch', detail: 'Account 6603.03 takes the type of its parent 6603: expense.' });
      const top = await t.post('/accounts', { code: '1231', name: '坏账准备', type: 'liability' }, admin, { 'Accept-Language': 'zh-CN' });
      expectProblem(top, 422, ['type']);
      expect(top.body.errors[0].message).toBe('应为资产');
    });

    test('When a top-level code is in a class the chart does not use (3, 5, 7–9, 0), then 422 names code', async () => {
      for (const code of ['3001', '5001', '7001', '0001']) {
        expect((await create({ code, name: 'x' })).body).toMatchObject({ status: 422, code: 'account.class-unknown', errors: [{ path: 'code' }] });
      }
    });

    test('When the code is taken, then 409 names code', async () => {
      const res = await create({ code: '1405', name: '库存商品' });

      expectProblem(res, 409, ['code']);
      expect(res.body.code).toBe('record.duplicate');
    });

    test('When the parent is inactive, then 422 names it', async () => {
      await create({ code: '6712', name: '停用的费用', active: false });

      expect((await create({ code: '6712.01', name: 'x' })).body).toMatchObject({ status: 422, code: 'account.parent-inactive', errors: [{ path: 'code' }] });
    });

    test('When the parent already has postings, then 409, and nothing is created', async () => {
      await postJournal([
        { accountCode: '4001', debit: 10000 },
        { accountCode: '4104', credit: 10000 },
      ]);

      const res = await create({ code: '4001.01', name: '甲股东' });

      expectProblem(res, 409, ['code']);
      expect(res.body).toMatchObject({ code: 'account.has-postings', detail: 'Account 4001 already has postings, so it cannot get sub-accounts; open a new account beside it instead.' });
      expectProblem(await t.get('/accounts/4001.01', admin), 404);
      expect(await account('4001')).toMatchObject({ leaf: true });
    });

    test('When 6602 has a posting, then it cannot get 6602.01 (409)', async () => {
      await postJournal([
        { accountCode: '6602', debit: 2500 },
        { accountCode: '4104', credit: 2500 },
      ]);

      const res = await create({ code: '6602.01', name: '办公费', parentCode: '6602' });

      expectProblem(res, 409, ['parentCode']);
      expect(res.body.code).toBe('account.has-postings');
    });

    test('When a mapping role posts to the parent, then it cannot get sub-accounts (409 naming the role) until the role is remapped', async () => {
      const refused = await create({ code: '6601.01', name: '广告费' });
      expectProblem(refused, 409, ['code']);
      expect(refused.body).toMatchObject({ code: 'account.mapped', errors: [{ message: 'account 6601 is used by the mapping (samples)' }] });

      await create({ code: '6604', name: '样品费' });
      expect((await t.patch('/finance/account-mapping', { samples: '6604' }, admin)).status).toBe(200);
      expect((await create({ code: '6601.01', name: '广告费' })).status).toBe(201);
      expect((await t.patch('/finance/account-mapping', { samples: '6601.01' }, admin)).body.samples).toBe('6601.01');
    });

    test('When a cash or bank account keeps the parent, then it cannot get sub-accounts (409)', async () => {
      await create({ code: '1002.01', name: '工商银行' });
      await t.services.db.sequelize.query(
        `INSERT INTO cash_accounts (code, name, type, currency, allow_overdraft, account_code, balance, active, version, created_at, updated_at)
         VALUES ('ICBC', '工商银行', 'bank', 'CNY', false, '1002.01', 0, true, 1, :now, :now)`,
        { replacements: { now: new Date() } },
      );

      const child = await create({ code: '1002.01.01', name: 'x' });
      const mapped = await t.patch('/finance/account-mapping', { receivable: '1002.01' }, admin);

      expect(child.body).toMatchObject({ status: 409, code: 'account.cash-leaf', errors: [{ path: 'code', message: 'account 1002.01 is kept by cash account ICBC' }] });
      expect(mapped.body).toMatchObject({ status: 422, errors: [{ path: 'receivable', message: 'account 1002.01 is the ledger account of cash account ICBC' }] });
      expect(await account('1002')).toMatchObject({ leaf: false });
    });
  });

  describe('changing accounts', () => {
    test('When name, English name and active change, then the version grows and the ETag follows', async () => {
      await create({ code: '6711.02', name: '捐赠', nameEn: 'Donation' });

      const res = await t.patch('/accounts/6711.02', { name: '公益性捐赠', nameEn: null }, admin);
      const off = await t.patch('/accounts/6711.02', { active: false }, admin, { 'If-Match': '"2"' });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ code: '6711.02', name: '公益性捐赠', nameEn: null, type: 'expense', parentCode: '6711', leaf: true, active: true, version: 2 });
      expect(off.status).toBe(200);
      expect(off.headers.etag).toBe('"3"');
      expect(await account('6711.02')).toEqual({ ...res.body, active: false, version: 3 });
    });

    test('When the version named is stale, by If-Match or in the body, then 412 names the current one and nothing changes', async () => {
      await create({ code: '6711.03', name: '赔偿' });
      await t.patch('/accounts/6711.03', { name: '赔偿支出' }, admin);

      const byHeader = await t.patch('/accounts/6711.03', { name: '甲' }, admin, { 'If-Match': '"1"' });
      const byBody = await t.patch('/accounts/6711.03', { name: '乙', version: 1 }, admin);
      const current = await t.patch('/accounts/6711.03', { name: '丙', version: 2 }, admin);

      expectProblem(byHeader, 412);
      expect(byHeader.body).toMatchObject({ code: 'version.stale', currentVersion: 2 });
      expectProblem(byBody, 412);
      expect(current.body).toMatchObject({ name: '丙', version: 3 });
    });

    test('When the fields are not changeable or the account is unknown, then 422 or 404', async () => {
      expectProblem(await t.patch('/accounts/6711', { type: 'income' }, admin), 422, ['type']);
      expectProblem(await t.patch('/accounts/6711', { code: '6799' }, admin), 422, ['code']);
      expectProblem(await t.patch('/accounts/6799', { name: 'x' }, admin), 404);
    });

    test('When an account or one under it holds a balance, then it cannot be deactivated (409) until the balance is back at zero', async () => {
      await create({ code: '6301.01', name: '政府补助' });
      await create({ code: '1221.01', name: '员工借款' });
      const entry = await postJournal([
        { accountCode: '1221.01', debit: 13045 },
        { accountCode: '6301.01', credit: 13045 },
      ]);

      const leaf = await t.patch('/accounts/6301.01', { active: false }, admin);
      const parent = await t.patch('/accounts/1221', { active: false }, admin);
      expectProblem(leaf, 409, ['active']);
      expect(leaf.body).toMatchObject({ code: 'account.balance-not-zero', detail: 'Account 6301.01 still has a balance of -130.45; an account is deactivated only at zero.' });
      expect(parent.body).toMatchObject({ status: 409, errors: [{ path: 'active', message: 'the balance is 130.45, not zero' }] });
      expect(await account('6301.01')).toMatchObject({ active: true, version: 1 });

      await reverseJournal(entry!.id);
      expect((await t.patch('/accounts/6301.01', { active: false }, admin)).body).toMatchObject({ active: false, version: 2 });
      expect((await t.patch('/accounts/1221', { active: false }, admin)).body).toMatchObject({ active: false });
    });

    test('When a mapping role posts to the account, then it cannot be deactivated (409 naming the role)', async () => {
      const res = await t.patch('/accounts/6603.01', { active: false }, admin);

      expectProblem(res, 409, ['active']);
      expect(res.body).toMatchObject({ code: 'account.mapped', detail: 'Account 6603.01 is used by the account mapping (fxDifference); map those roles to another account first.' });
    });

    test('When accounts are created and changed, then the audit log has each, named by code, and the refusal too', async () => {
      await create({ code: '6711.04', name: '审计' });
      await t.patch('/accounts/6711.04', { name: '审计费' }, admin);
      await create({ code: '6711.04', name: '重复' });

      const [refused, updated, created] = (await t.get('/audit-log?entity=account&limit=3', admin)).body.data;

      expect(created).toMatchObject({ action: 'create', ok: true, entityId: '6711.04', detail: { after: { code: '6711.04', name: '审计' } } });
      expect(updated).toMatchObject({ action: 'update', ok: true, entityId: '6711.04', detail: { before: { name: '审计' }, after: { name: '审计费', version: 2 } } });
      expect(refused).toMatchObject({ action: 'create', ok: false, detail: { status: 409, reason: 'The account code "6711.04" is taken.' } });
    });
  });

  describe('the account mapping', () => {
    test('When roles are remapped to fitting accounts, then those change and the rest stay', async () => {
      await create({ code: '6001.01', name: '商品销售收入' }).then((r) => expect(r.status).toBe(409)); // revenue posts to 6001
      await create({ code: '6002', name: '商品销售收入' });
      const before = (await t.get('/finance/account-mapping', admin)).body;

      const res = await t.patch('/finance/account-mapping', { revenue: '6002', fxDifference: '6111', roundingDifference: '6603.01' }, admin);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...before, revenue: '6002', fxDifference: '6111', roundingDifference: '6603.01' });
      expect((await t.get('/finance/account-mapping', admin)).body).toEqual(res.body);
      expect(await t.services.generalLedger.accountFor('revenue')).toBe('6002');
      await t.patch('/finance/account-mapping', { revenue: '6001', fxDifference: '6603.01', roundingDifference: '6603.02' }, admin);
    });

    test('When a role names an unknown, parent, inactive or ill-typed account, then 422 names each role and nothing changes', async () => {
      await create({ code: '1406', name: '发出商品', active: false });
      const before = (await t.get('/finance/account-mapping', admin)).body;

      const res = await t.patch('/finance/account-mapping', { cogs: '6402', payable: '2202', inventory: '1406', receivable: '2203', revenue: '6401', outputVat: '2221.02', grni: '2202.01' }, admin);

      expectProblem(res, 422, ['inventory', 'receivable', 'payable', 'revenue', 'cogs']);
      expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual([
        'account 1406 is inactive',
        'receivable posts to asset accounts; 2203 is of type liability',
        'account 2202 has sub-accounts: post to one of them',
        'revenue posts to income accounts; 6401 is of type expense',
        'unknown account 6402',
      ]);
      expect((await t.get('/finance/account-mapping', admin)).body).toEqual(before);
    });

    test('When a role names the wrong type, then the message says which types it takes, in the caller language', async () => {
      const res = await t.patch('/finance/account-mapping', { fxDifference: '1405', inputVat: '6602' }, admin, { 'Accept-Language': 'zh-CN' });

      expect(res.body.errors).toEqual([
        { path: 'inputVat', code: 'mapping.wrong-type', message: 'inputVat 应映射到负债或资产类科目；6602 的类型为费用' },
        { path: 'fxDifference', code: 'mapping.wrong-type', message: 'fxDifference 应映射到收入或费用类科目；1405 的类型为资产' },
      ]);
    });

    test('When the body names an unknown role or a malformed code, then 422 names it', async () => {
      expectProblem(await t.patch('/finance/account-mapping', { freight: '6601' }, admin), 422, ['freight']);
      expectProblem(await t.patch('/finance/account-mapping', { cogs: '64O1' }, admin), 422, ['cogs']);
    });

    test('When a control role account holds a balance, then the role cannot move (409); at zero it can', async () => {
      await create({ code: '1124', name: '应收票据' });
      await postJournal([
        { accountCode: '1405', debit: 50000 },
        { accountCode: '4199', credit: 50000 },
      ]);

      const inventory = await t.patch('/finance/account-mapping', { inventory: '1221.01', receivable: '1124' }, admin);
      expectProblem(inventory, 409, ['inventory']);
      expect(inventory.body.errors[0].message).toBe('1405 holds 500.00');
      expect((await t.get('/finance/account-mapping', admin)).body).toMatchObject({ inventory: '1405', receivable: '1122' });

      expect((await t.patch('/finance/account-mapping', { receivable: '1124' }, admin)).body).toMatchObject({ receivable: '1124' });
      await t.patch('/finance/account-mapping', { receivable: '1122' }, admin);
    });

    test('When the mapping is changed, then the change is audited with before and after', async () => {
      await t.patch('/finance/account-mapping', { samples: '6604' }, admin);

      const [last] = (await t.get('/audit-log?entity=account-mapping&limit=1', admin)).body.data;

      expect(last).toMatchObject({ action: 'update', ok: true, detail: { before: expect.objectContaining({ samples: '6601.01' }), after: expect.objectContaining({ samples: '6604' }) } });
    });
  });

  describe('permissions', () => {
    test('When a viewer reads, then it may; when it writes, then 403; without finance:read even reading is 403', async () => {
      const viewer = await t.createUser(['viewer']);
      const nobody = await t.createUser([]);

      expect((await t.get('/accounts', viewer.token)).status).toBe(200);
      expect((await t.get('/accounts/1405', viewer.token)).status).toBe(200);
      expect((await t.get('/finance/account-mapping', viewer.token)).status).toBe(200);
      expectProblem(await t.post('/accounts', { code: '6713', name: 'x' }, viewer.token), 403);
      expectProblem(await t.patch('/accounts/6711', { name: 'x' }, viewer.token), 403);
      expectProblem(await t.patch('/finance/account-mapping', { cogs: '6401' }, viewer.token), 403);
      expectProblem(await t.get('/accounts', nobody.token), 403);
      expectProblem(await t.get('/finance/account-mapping', nobody.token), 403);
    });

    test('When an accountant manages accounts, then it may', async () => {
      const accountant = await t.createUser(['accountant']);

      expect((await t.post('/accounts', { code: '6713', name: '其他' }, accountant.token)).status).toBe(201);
      expect((await t.patch('/accounts/6713', { nameEn: 'Other' }, accountant.token)).status).toBe(200);
    });
  });
});
