import type { Response } from 'supertest';
import { VALIDATION_EN } from '../../contract/validation-messages';
import { en, SERVER_EN } from '../../server/platform/i18n/messages.en';
import { zhCN } from '../../server/platform/i18n/messages.zh-CN';
import { codeOf } from '../../contract/validation-issues';
import { assertWithinApprovalLimit } from '../../server/documents/approval';
import { assertEditable, INVOICE_STATUS, ORDER_STATUS, transition } from '../../server/documents/status';
import { AppError } from '../../server/platform/errors';
import { createItem, daysFromToday, receive, setExpiry, stockState } from '../support/inventory';
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

/** What a refusal thrown by `run` says in each language. */
function refusal(run: () => unknown): { code: string; en: string | undefined; zh: string | undefined } {
  try {
    run();
  } catch (err) {
    const error = err as AppError;
    return { code: error.code, en: error.toProblem('en').detail, zh: error.toProblem('zh-CN').detail };
  }
  throw new Error('expected a refusal');
}

describe('Document refusals without a route yet', () => {
  test('The status machine names the action, the document and its status in the clerk\'s words', () => {
    expect(refusal(() => transition(INVOICE_STATUS, 'paid', 'cancel'))).toEqual({ code: 'document.status', en: 'Cannot cancel an invoice that is paid.', zh: '发票当前为“已付清”，不能作废。' });
    expect(refusal(() => transition(ORDER_STATUS, 'draft', 'ship'))).toEqual({ code: 'document.status', en: 'Cannot ship an order that is draft.', zh: '订单当前为“草稿”，不能发货。' });
    expect(refusal(() => assertEditable('approved'))).toEqual({ code: 'document.status', en: 'Only a draft can be changed; this document is approved.', zh: '只有草稿可以修改，该单据当前为“已审核”。' });
  });

  test('An approval above the approver\'s limit is approval.limit, in both languages', () => {
    expect(refusal(() => assertWithinApprovalLimit(1000000, 1000001))).toEqual({
      code: 'approval.limit',
      en: "Your approval limit is 10000.00; this document's base total is 10000.01.",
      zh: '您的审批额度为 10000.00，本单据本位币合计为 10000.01，超出额度。',
    });
    expect(refusal(() => assertWithinApprovalLimit(0, 1)).zh).toBe('您没有审批权限（审批额度为 0.00），本单据本位币合计为 0.01。');
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

describe('Stock, date, period, document and version refusals in the language of Accept-Language', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number; code: string };
  let other: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('I18N-S1');
    other = await t.createWarehouse('I18N-S2');
  });
  afterAll(() => t.stop());

  const adjustment = (lines: unknown[], extra: Record<string, unknown> = {}) => (h: Record<string, string>) =>
    t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'correction', lines, ...extra }, admin, h);

  test('When there is not enough stock, then 409 stock.insufficient says 库存不足, naming the line, and nothing moves', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 2, 1);
    const before = await stockState(t);

    const { en, zh } = await inBothLanguages(adjustment([{ itemId: item.id, qty: -5 }]), 409);

    expect(en.body).toMatchObject({
      code: 'stock.insufficient',
      title: 'Conflict',
      detail: 'Not enough stock for 1 line(s); nothing was posted.',
      errors: [{ path: 'lines[0].qty', row: 0, code: 'stock.insufficient', message: 'this document takes 5 in total but only 2 is available' }],
    });
    expect(zh.body).toMatchObject({
      code: 'stock.insufficient',
      title: '操作冲突',
      detail: '有 1 行库存不足，未过账。',
      errors: [{ path: 'lines[0].qty', row: 0, code: 'stock.insufficient', message: '库存不足：本单合计需要 5，可用只有 2' }],
    });
    expect(await stockState(t)).toEqual(before);
  });

  test('When a document is dated after today, then 422 date.future says 晚于今天, on the date field', async () => {
    const item = await createItem(t);
    const [tomorrow, today] = [daysFromToday(1), daysFromToday(0)];

    const { en, zh } = await inBothLanguages(adjustment([{ itemId: item.id, qty: 1, unitCost: 1 }], { date: tomorrow }), 422);

    expect(en.body).toMatchObject({ code: 'date.future', detail: `The date ${tomorrow} is after today (${today}).`, errors: [{ path: 'date', code: 'date.future' }] });
    expect(zh.body).toMatchObject({
      code: 'date.future',
      title: '输入有误',
      detail: `日期 ${tomorrow} 晚于今天（${today}）。`,
      errors: [{ path: 'date', code: 'date.future', message: `不能晚于今天（${today}）` }],
    });
  });

  test('When a document is dated in a closed period, then 409 period.closed says 会计期间已关闭', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 3, 1);
    await t.services.db.sequelize.query("INSERT INTO periods (month, status) VALUES ('2020-01', 'closed')");

    const { en, zh } = await inBothLanguages(adjustment([{ itemId: item.id, qty: -1 }], { date: '2020-01-15' }), 409);

    expect(en.body).toMatchObject({ code: 'period.closed', detail: 'The period 2020-01 is closed; nothing can be posted into it.', errors: [{ path: 'date', message: 'falls in the closed period 2020-01' }] });
    expect(zh.body).toMatchObject({
      code: 'period.closed',
      detail: '会计期间 2020-01 已关闭，不能再过账。',
      errors: [{ path: 'date', code: 'period.closed', message: '属于已关闭的会计期间 2020-01' }],
    });
  });

  test('When an item is inactive, then 422 item.inactive says 已停用, naming the line', async () => {
    const item = await createItem(t);
    expect((await t.patch(`/items/${item.id}`, { active: false }, admin)).status).toBe(200);

    const { en, zh } = await inBothLanguages(adjustment([{ itemId: item.id, qty: 1, unitCost: 1 }]), 422);

    expect(en.body).toMatchObject({ code: 'item.inactive', errors: [{ path: 'lines[0].sku', row: 0, message: `item ${item.sku} is inactive; activate it before posting it` }] });
    expect(zh.body).toMatchObject({
      code: 'item.inactive',
      detail: `商品 ${item.sku} 已停用，请先启用再过账`,
      errors: [{ path: 'lines[0].sku', row: 0, code: 'item.inactive', message: `商品 ${item.sku} 已停用，请先启用再过账` }],
    });
  });

  test('When a transfer names an expired batch, then 409 stock.batch-expired says 已过期', async () => {
    const item = await createItem(t, { batchTracked: true });
    await receive(t, wh.id, item.id, 4, 1, { batchNo: 'OLD', expiryDate: daysFromToday(30) });
    const expired = daysFromToday(-1);
    await setExpiry(t, wh.id, item.id, 'OLD', expired);
    const send = (h: Record<string, string>) => t.post('/stock/transfers', { fromWarehouseId: wh.id, toWarehouseId: other.id, lines: [{ itemId: item.id, qty: 1, batchNo: 'OLD' }] }, admin, h);

    const { en, zh } = await inBothLanguages(send, 409);

    expect(en.body).toMatchObject({
      code: 'stock.batch-expired',
      detail: '1 line(s) name an expired batch; nothing was posted.',
      errors: [{ path: 'lines[0].batchNo', message: `batch OLD expired on ${expired}; only an adjustment may take it out` }],
    });
    expect(zh.body).toMatchObject({
      code: 'stock.batch-expired',
      detail: '有 1 行所选批次已过期，未过账。',
      errors: [{ path: 'lines[0].batchNo', row: 0, code: 'stock.batch-expired', message: `批次 OLD 已于 ${expired} 过期，只能通过库存调整出库` }],
    });
  });

  test('When a document is cancelled twice, then 409 document.already-cancelled says 已作废; its reversal is document.is-reversal', async () => {
    const item = await createItem(t);
    const doc = await receive(t, wh.id, item.id, 1, 1);
    const cancelled = await t.post(`/stock/adjustments/${doc.id}/cancel`, {}, admin);
    expect(cancelled.status).toBe(201);

    const twice = await inBothLanguages((h) => t.post(`/stock/adjustments/${doc.id}/cancel`, {}, admin, h), 409);
    const reversal = await inBothLanguages((h) => t.post(`/stock/adjustments/${cancelled.body.id}/cancel`, {}, admin, h), 409);

    expect(twice.en.body).toMatchObject({ code: 'document.already-cancelled', detail: `${doc.number} is already cancelled.` });
    expect(twice.zh.body).toMatchObject({ code: 'document.already-cancelled', title: '操作冲突', detail: `单据 ${doc.number} 已作废。` });
    expect(reversal.zh.body).toMatchObject({
      code: 'document.is-reversal',
      detail: `${cancelled.body.number} 本身是一张冲销单，不能作废；请另开新单。`,
      errors: [{ path: 'id', code: 'document.is-reversal', message: '是冲销单' }],
    });
  });

  test('When the stock a document brought in is used, then cancelling it is 409 document.stock-used, in Chinese', async () => {
    const item = await createItem(t);
    const doc = await receive(t, wh.id, item.id, 2, 1);
    expect((await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'loss', lines: [{ itemId: item.id, qty: -2 }] }, admin)).status).toBe(201);

    const { zh } = await inBothLanguages((h) => t.post(`/stock/adjustments/${doc.id}/cancel`, {}, admin, h), 409);

    expect(zh.body).toMatchObject({
      code: 'document.stock-used',
      detail: '该单据的库存已被后续业务使用，不能作废。',
      errors: [{ path: 'lines[0].qty', row: 0, code: 'document.stock-used', message: expect.stringContaining(`商品 ${item.id} 在仓库 ${wh.id}`) }],
    });
  });

  test('When a change is based on a stale version, then 412 version.stale says 已被他人修改 and keeps currentVersion', async () => {
    const item = await createItem(t);
    expect((await t.patch(`/items/${item.id}`, { name: 'Renamed', version: 1 }, admin)).status).toBe(200);
    const stale = (h: Record<string, string>) => t.patch(`/items/${item.id}`, { name: 'Again', version: 1 }, admin, h);

    const { en, zh } = await inBothLanguages(stale, 412);

    expect(en.body).toMatchObject({
      code: 'version.stale',
      title: 'Precondition failed',
      currentVersion: 2,
      detail: `Item ${item.sku} was changed by someone else since you read it: it is now at version 2. Read it again and redo your change.`,
    });
    expect(zh.body).toMatchObject({
      code: 'version.stale',
      title: '数据已被他人修改',
      currentVersion: 2,
      detail: `商品 ${item.sku} 在您读取之后已被他人修改（当前为第 2 版），请重新读取后再修改。`,
    });
  });
});
