import type { Response } from 'supertest';
import { VALIDATION_EN } from '../../contract/validation-messages';
import { en, SERVER_EN } from '../../server/platform/i18n/messages.en';
import { zhCN } from '../../server/platform/i18n/messages.zh-CN';
import { codeOf } from '../../contract/validation-issues';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

const ZH = { 'Accept-Language': 'zh-CN' };
const EN = { 'Accept-Language': 'en' };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const codesOf = (res: Response) => ({ code: res.body.code, errors: (res.body.errors ?? []).map((e: { path: string; code?: string }) => [e.path, e.code]) });

/** The same request asked in English and in Chinese: the codes agree, the words do not. */
async function inBothLanguages(send: (headers: Record<string, string>) => Promise<Response>, status: number): Promise<{ en: Response; zh: Response }> {
  const answers = { en: await send(EN), zh: await send(ZH) };
  expectProblem(answers.en, status);
  expectProblem(answers.zh, status);
  expect(codesOf(answers.zh)).toEqual(codesOf(answers.en));
  expect(answers.zh.body.title).not.toBe(answers.en.body.title);
  expect(answers.zh.body.detail).not.toBe(answers.en.body.detail);
  expect(answers.zh.headers['content-language']).toBe('zh-CN');
  expect(answers.en.headers['content-language']).toBe('en');
  expect(answers.zh.headers.vary).toMatch(/Accept-Language/i);
  return answers;
}

describe('The message catalogue', () => {
  test('Chinese and English have exactly the same keys, all filled in, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const chinese = zhCN[key as keyof typeof en];
      expect({ key, en: english.trim() === '', zh: chinese.trim() === '' }).toEqual({ key, en: false, zh: false });
      expect({ key, placeholders: placeholders(chinese) }).toEqual({ key, placeholders: placeholders(english) });
    }
  });

  test('Chinese sentences are Chinese wherever the English has words', () => {
    const untranslated = Object.entries(en).filter(([key, english]) => /[a-z]{3,}/i.test(english.replace(/\{\w+\}/g, '')) && !/[\u4e00-\u9fff]/.test(zhCN[key as keyof typeof en]));
    expect(untranslated).toEqual([]);
  });

  test('The validation keys the schemas use and the server keys do not overlap, and every key names a code', () => {
    expect(Object.keys(VALIDATION_EN).filter((key) => key in SERVER_EN)).toEqual([]);
    const malformed = Object.keys(en).filter((key) => !/^[a-z]+(-[a-z]+)*(\.[a-z0-9]+(-[a-z]+)*)*(:[a-z0-9]+(-[a-z]+)*)?$/.test(key));
    expect(malformed).toEqual([]);
    expect(codeOf('validation.type:text')).toBe('validation.type');
    expect(codeOf('stock.insufficient')).toBe('stock.insufficient');
  });
});

describe('Problems in the language of Accept-Language', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start({ bodyLimit: '4kb', loginFailuresPerUsername: 2 });
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  test('When a field is missing, then both answers say validation.required, the Chinese one 必填', async () => {
    const { en, zh } = await inBothLanguages((h) => t.post('/warehouses', { code: 'NONAME' }, admin, h), 422);

    expect(en.body).toMatchObject({ code: 'validation.required', title: 'Invalid input', detail: 'name: is required', errors: [{ path: 'name', message: 'is required', code: 'validation.required' }] });
    expect(zh.body).toMatchObject({ code: 'validation.required', title: '输入有误', detail: 'name：必填', errors: [{ path: 'name', message: '必填', code: 'validation.required' }] });
  });

  test('When fields are unknown, of the wrong type or too long, then each has its code and a Chinese message', async () => {
    const body = { code: 42, name: 'x'.repeat(101), colour: 'red' };
    const { en, zh } = await inBothLanguages((h) => t.post('/warehouses', body, admin, h), 422);

    expect(en.body.errors).toEqual([
      { path: 'code', message: 'must be text', code: 'validation.type' },
      { path: 'name', message: 'at most 100 characters', code: 'validation.too-long' },
      { path: 'colour', message: 'unknown field', code: 'validation.unknown-field' },
    ]);
    expect(zh.body.errors.map((e: { message: string }) => e.message)).toEqual(['应为文本', '最多 100 个字符', '未知字段']);
    expect(zh.body.detail).toBe('code：应为文本（另有 2 处错误）');
    expect(en.body.detail).toBe('code: must be text (and 2 more)');
  });

  test('When a number has more decimals than allowed, then validation.too-precise says how many, in Chinese too', async () => {
    const { zh } = await inBothLanguages((h) => t.post('/items', { sku: 'I18N-1', name: 'Bolt', unit: 'pcs', purchasePrice: 1.23456 }, admin, h), 422);

    expect(zh.body.errors).toEqual([{ path: 'purchasePrice', message: '单价最多 4 位小数', code: 'validation.too-precise' }]);
  });

  test('When nobody is signed in, the token is stale or the password wrong, then 401 asks the clerk to sign in, in Chinese', async () => {
    const none = await inBothLanguages((h) => t.get('/warehouses', undefined, h), 401);
    const stale = await inBothLanguages((h) => t.get('/warehouses', 'not-a-token', h), 401);
    const wrong = await inBothLanguages((h) => t.post('/auth/login', { username: 'nobody-i18n', password: 'wrong-password' }, undefined, h), 401);

    expect(none.zh.body).toMatchObject({ code: 'auth.required', title: '未登录' });
    expect(none.zh.body.detail).toMatch(/^请先登录/);
    expect(stale.zh.body).toMatchObject({ code: 'auth.session-ended', detail: '登录已过期或已退出，请重新登录。' });
    expect(wrong.zh.body).toMatchObject({ code: 'auth.bad-credentials', detail: '用户名或密码错误。' });
  });

  test('When sign-in is tried too often, then 429 rate.limited says so in Chinese', async () => {
    const attempt = (h: Record<string, string>) => t.post('/auth/login', { username: 'limited-i18n', password: 'wrong-password' }, undefined, h);
    await attempt(EN);
    await attempt(EN);

    const { zh } = await inBothLanguages(attempt, 429);

    expect(zh.body).toMatchObject({ code: 'rate.limited', title: '请求过于频繁', detail: '登录失败次数过多，请稍后再试。' });
  });

  test('When a permission is missing or a warehouse is outside the user\'s scope, then 403 says which, in Chinese', async () => {
    const viewer = await t.createUser(['viewer']);
    const mine = await t.createWarehouse('I18N-MINE');
    const other = await t.createWarehouse('I18N-OTHER');
    const clerk = await t.createUser(['warehouse'], [mine.id]);

    const denied = await inBothLanguages((h) => t.post('/warehouses', { code: 'V', name: 'V' }, viewer.token, h), 403);
    const outside = await inBothLanguages((h) => t.get(`/warehouses/${other.id}`, clerk.token, h), 403);

    expect(denied.zh.body).toMatchObject({ code: 'permission.denied', title: '无权操作', detail: '您没有此操作的权限（需要“warehouse:create”）。' });
    expect(outside.zh.body).toMatchObject({ code: 'permission.scope', detail: `仓库 ${other.id} 不在您可访问的仓库范围内。` });
  });

  test('When a route or a record does not exist, then 404 names it in Chinese', async () => {
    const route = await inBothLanguages((h) => t.get('/no-such-thing', admin, h), 404);
    const record = await inBothLanguages((h) => t.get('/warehouses/987654', admin, h), 404);

    expect(route.zh.body).toMatchObject({ code: 'route.not-found', title: '未找到', detail: '没有 GET /api/v1/no-such-thing 这个接口。' });
    expect(record.en.body).toMatchObject({ code: 'not-found', detail: 'Warehouse 987654 was not found.' });
    expect(record.zh.body).toMatchObject({ code: 'not-found', detail: '未找到仓库 987654。' });
  });

  test('When a warehouse code is taken, then 409 record.duplicate names the code and the field, in Chinese', async () => {
    await t.post('/warehouses', { code: 'I18N-DUP', name: 'First' }, admin);

    const { en, zh } = await inBothLanguages((h) => t.post('/warehouses', { code: 'I18N-DUP', name: 'Second' }, admin, h), 409);

    expect(en.body).toMatchObject({ code: 'record.duplicate', detail: 'The warehouse code "I18N-DUP" is taken.', errors: [{ path: 'code', message: 'is taken', code: 'record.duplicate' }] });
    expect(zh.body).toMatchObject({ title: '操作冲突', detail: '仓库编码“I18N-DUP”已被使用。', errors: [{ path: 'code', message: '已被使用', code: 'record.duplicate' }] });
  });

  test('When the body is not JSON or too large, then 400 and 413 say so in Chinese', async () => {
    const malformed = (h: Record<string, string>) =>
      t.http.post('/api/v1/warehouses').set({ ...h, Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }).send('{"code": ');
    const bad = await inBothLanguages(malformed, 400);
    const big = await inBothLanguages((h) => t.post('/warehouses', { code: 'BIG', name: 'Big', address: 'x'.repeat(5000) }, admin, h), 413);

    expect(bad.zh.body).toMatchObject({ code: 'request.malformed', detail: '请求内容不是有效的 JSON。' });
    expect(big.zh.body).toMatchObject({ code: 'request.too-large', title: '请求内容过大' });
  });

  test('When a batch holds a bad document, then its problem in the results is in the request\'s language', async () => {
    const documents = [{ ref: 'i18n-bad', document: { warehouseCode: 'NONE', reason: 'gift', lines: [] } }];
    const post = (h: Record<string, string>) => t.post('/stock/adjustments/batch', { documents }, admin, h);

    const [en, zh] = [(await post(EN)).body.results[0], (await post(ZH)).body.results[0]];

    expect(en.problem.errors.map((e: { code: string }) => e.code)).toEqual(['validation.choice', 'validation.too-few']);
    expect(zh.problem).toMatchObject({ code: 'validation.choice', title: '输入有误', errors: [{ path: 'reason', code: 'validation.choice' }, { path: 'lines', message: '至少需要一行明细' }] });
    expect(zh.problem.errors[0].message).toMatch(/^应为以下之一：opening, correction/);
  });

  test.each([
    ['zh-CN;q=0.9, en;q=0.8', 'zh-CN'],
    ['en;q=0.8, zh-CN;q=0.9', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr', 'en'],
    ['*', 'en'],
    ['', 'en'],
  ])('When Accept-Language is "%s", then the problem is in %s', async (header, language) => {
    const res = await t.get('/warehouses', undefined, header ? { 'Accept-Language': header } : {});

    expect(res.headers['content-language']).toBe(language);
    expect(res.body.title).toBe(language === 'zh-CN' ? '未登录' : 'Not signed in');
  });
});
