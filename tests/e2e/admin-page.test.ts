/**
 * The /admin page in headless Chromium against the real app on a fresh
 * SQLite file. Needs the built assets (`npx webpack --mode development`;
 * `npm test` builds them first).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { BrowserSession, describeInBrowser, openBrowser } from '../support/browser';
import { ADMIN_PASSWORD, TestApp } from '../support/test-app';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const BUILT_PAGE = path.resolve(__dirname, '../../dist/public/admin/index.html');

interface PageWatch {
  dialogs: string[];
  pageErrors: string[];
  cspConsole: string[];
  cspEvents(): Promise<string[]>;
}

/** Records everything that would show the page misbehaving: dialogs, uncaught errors, CSP refusals. */
async function watch(session: BrowserSession): Promise<PageWatch> {
  const w = { dialogs: [] as string[], pageErrors: [] as string[], cspConsole: [] as string[] };
  await session.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  session.page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  session.page.on('pageerror', (e) => w.pageErrors.push(e.message));
  session.page.on('console', (m: ConsoleMessage) => {
    if (/Content.Security.Policy/i.test(m.text())) w.cspConsole.push(m.text());
  });
  return { ...w, cspEvents: () => session.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations) };
}

/** The page signed out, in English whatever the browser's language. */
async function openInEnglish(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByTestId('lang-switch').selectOption('en');
  await page.getByTestId('login-view').waitFor();
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByTestId('field-username').fill(username);
  await form.getByTestId('field-password').fill(password);
  await form.getByTestId('login-submit').click();
}

describeInBrowser('Admin page in a browser', () => {
  let t: TestApp;
  let session: BrowserSession;
  let seen: PageWatch;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_PAGE)) throw new Error(`${BUILT_PAGE} is missing: run "npx webpack --mode development" first`);
    t = await TestApp.start();
    session = await openBrowser();
    seen = await watch(session);
  });

  afterAll(async () => {
    await session?.close();
    await t?.stop();
  });

  test('When the page opens for the first time, then it speaks the browser language', async () => {
    const { page } = session;
    await page.goto(`${t.baseUrl}/admin/`);
    await page.getByTestId('login-view').waitFor();
    const { browserLanguage, pageLanguage } = await page.evaluate(() => ({ browserLanguage: navigator.language, pageLanguage: document.documentElement.lang }));
    expect(pageLanguage).toBe(/^zh/i.test(browserLanguage) ? 'zh-CN' : 'en');
  });

  test('When the password is wrong, then the sign-in form says so and stays', async () => {
    const { page } = session;
    await openInEnglish(page, t.baseUrl);

    await signIn(page, 'admin', 'not-the-password');

    await expectText(page.getByTestId('login-form-error'), 'Wrong username or password.');
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  test('When an admin creates a scoped user with a hostile display name, then it shows literally, is stored with its scope and is audited', async () => {
    const { page } = session;
    await openInEnglish(page, t.baseUrl);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await expectText(page.getByTestId('signed-in-as'), '(admin)');
    const stored = await page.evaluate(() => Object.values({ ...sessionStorage }).join(' '));
    expect(stored).not.toContain(ADMIN_PASSWORD);

    // Warehouse, through the page.
    await page.getByTestId('tab-warehouses').click();
    const whForm = page.getByTestId('warehouse-form');
    await whForm.getByTestId('field-code').fill('WH-E2E');
    await whForm.getByTestId('field-name').fill('East depot');
    await whForm.getByTestId('warehouse-create').click();
    await page.getByTestId('warehouse-row-WH-E2E').waitFor();
    const warehouse = (await t.get('/warehouses?q=WH-E2E', await t.adminToken())).body.data[0];

    // User: a refused first try shows the error beside the field, then the fix goes through.
    await page.getByTestId('tab-users').click();
    await page.getByTestId('user-new').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('field-username').fill('xss_user');
    await dialog.getByTestId('field-displayName').fill(HOSTILE_NAME);
    await dialog.getByTestId('field-password').fill('short');
    await dialog.getByTestId('roles-warehouse').check();
    await dialog.getByTestId('scope-some').check();
    await dialog.getByTestId(`warehouseIds-${warehouse.id}`).check();
    await dialog.getByTestId('user-save').click();
    await expectText(dialog.getByTestId('error-password'), 'at least 8 characters');
    await expectText(dialog.getByTestId('user-form-error'), 'Invalid input');

    await dialog.getByTestId('field-password').fill('password-123');
    await dialog.getByTestId('user-save').click();
    const userRow = page.getByTestId('user-row-xss_user');
    await userRow.waitFor();
    expect(await userRow.locator('[data-col=displayName]').textContent()).toBe(HOSTILE_NAME);
    expect(await userRow.locator('[data-col=warehouses]').textContent()).toBe('WH-E2E');
    expect(await page.locator('img').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);

    const res = await t.get('/users?q=xss_user', await t.adminToken());
    expect(res.body.data).toEqual([expect.objectContaining({ username: 'xss_user', displayName: HOSTILE_NAME, roles: ['warehouse'], warehouseIds: [warehouse.id], active: true })]);

    // A conflict (the last active administrator) is shown, and nothing changes.
    await page.getByTestId('user-row-admin').getByTestId('user-deactivate').click();
    await page.getByTestId('confirm-yes').click();
    await expectText(page.locator('[data-testid=notice][data-kind=error]'), 'Conflict: This is the last active administrator');
    expect((await t.get('/auth/me', await t.adminToken())).body.user.username).toBe('admin');

    // Audit log: the creation is there, and the chain verifies.
    await page.getByTestId('tab-audit').click();
    const filters = page.getByTestId('audit-filters');
    await filters.getByTestId('field-entity').fill('user');
    await filters.getByTestId('field-action').fill('create');
    await filters.getByTestId('audit-apply').click();
    const created = page.getByTestId('audit-table').locator('tbody tr').filter({ hasText: 'xss_user' });
    await created.first().waitFor();
    expect(await created.count()).toBe(1);
    expect(await created.locator('[data-col=action]').textContent()).toBe('create');
    expect(await created.locator('[data-col=entity]').textContent()).toBe('user');
    expect(await created.locator('[data-col=user]').textContent()).toBe('admin');
    const audited = (await t.get('/audit-log?entity=user&action=create', await t.adminToken())).body.total;
    await expectText(page.getByTestId('audit-pager').getByTestId('pager-label'), `1–${audited} of ${audited}`);
    await page.getByTestId('audit-verify').click();
    await expectText(page.getByTestId('audit-verify-result'), 'The audit chain is intact');

    // Chinese labels after the switch.
    await page.getByTestId('lang-switch').selectOption('zh');
    await expectText(page.getByTestId('tab-audit'), '审计日志');
    expect(await page.getByTestId('tab-users').textContent()).toBe('用户');
    expect(await page.getByTestId('sign-out').textContent()).toBe('退出登录');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByTestId('tab-users').click();
    await expectText(page.getByTestId('user-row-xss_user').locator('[data-col=status]'), '启用');

    expect(await page.locator('img').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.cspConsole).toEqual([]);
    expect(await seen.cspEvents()).toEqual([]);
  });

  test('When an approval limit is cleared, then the user has no limit and the list says so; an edit made meanwhile by someone else is refused', async () => {
    const { page } = session;
    const token = await t.adminToken();
    const user = (await t.post('/users', { username: 'limit_user', password: 'password-123', approvalLimit: 800 }, token)).body;
    await openInEnglish(page, t.baseUrl);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('tab-users').click();
    const row = page.getByTestId('user-row-limit_user');
    await expectText(page.getByTestId('user-row-admin').locator('[data-col=approvalLimit]'), 'no limit');
    await expectText(row.locator('[data-col=approvalLimit]'), '800.00');

    await row.getByTestId('user-edit').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('field-approvalLimit').fill('');
    await dialog.getByTestId('user-save').click();

    await expectText(row.locator('[data-col=approvalLimit]'), 'no limit');
    expect((await t.get(`/users/${user.id}`, token)).body.approvalLimit).toBeNull();

    // Someone else renames the user while the dialog is open: saving is refused, nothing of it applied.
    await row.getByTestId('user-edit').click();
    await t.patch(`/users/${user.id}`, { displayName: 'Renamed elsewhere' }, token);
    await dialog.getByTestId('field-approvalLimit').fill('0');
    await dialog.getByTestId('user-save').click();
    await expectText(dialog.getByTestId('user-form-error'), 'Changed meanwhile');
    expect((await t.get(`/users/${user.id}`, token)).body).toMatchObject({ displayName: 'Renamed elsewhere', approvalLimit: null });

    await page.getByTestId('lang-switch').selectOption('zh');
    await page.getByTestId('tab-users').click();
    await expectText(page.getByTestId('user-row-admin').locator('[data-col=approvalLimit]'), '不限');
    expect(seen.pageErrors).toEqual([]);
  });

  test('When a role is created from the checklist, then it is stored with its permissions and inheritance; a taken name shows beside the field', async () => {
    const { page } = session;
    await openInEnglish(page, t.baseUrl);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('tab-roles').click();
    await page.getByTestId('role-row-viewer').waitFor();

    await page.getByTestId('role-new').click();
    const dialog = page.getByTestId('role-dialog');
    await dialog.getByTestId('field-name').fill('viewer');
    await dialog.getByTestId('inherits-viewer').check();
    await dialog.getByTestId('perm-stock:adjust').check();
    await dialog.getByTestId('role-save').click();
    await expectText(dialog.getByTestId('error-name'), 'is taken');

    await dialog.getByTestId('field-name').fill('stock-adjuster');
    await dialog.getByTestId('role-save').click();
    await page.getByTestId('role-row-stock-adjuster').waitFor();

    const roles = (await t.get('/roles', await t.adminToken())).body.data;
    expect(roles.find((r: { name: string }) => r.name === 'stock-adjuster')).toMatchObject({ permissions: ['stock:adjust'], inherits: ['viewer'] });
    expect(seen.pageErrors).toEqual([]);
    expect(await seen.cspEvents()).toEqual([]);
  });

  test('When the page is in Chinese and the server refuses, then the refusal beside the field and above the form is Chinese too', async () => {
    const { page } = session;
    await t.post('/warehouses', { code: 'WH-ZH', name: '华东仓' }, await t.adminToken());
    await openInEnglish(page, t.baseUrl);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('lang-switch').selectOption('zh');
    await page.getByTestId('tab-warehouses').click();

    const form = page.getByTestId('warehouse-form');
    await form.getByTestId('field-code').fill('WH-ZH');
    await form.getByTestId('field-name').fill('重复的仓库');
    await form.getByTestId('warehouse-create').click();

    await expectText(form.getByTestId('error-code'), '已被使用');
    await expectText(form.getByTestId('warehouse-form-error'), '仓库编码“WH-ZH”已被使用。');
    expect(seen.pageErrors).toEqual([]);
  });

  test('When signing out, then the token stops working and the sign-in form returns', async () => {
    const { page } = session;
    await openInEnglish(page, t.baseUrl);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('sign-out').waitFor();
    const token = await page.evaluate(() => sessionStorage.getItem('jxc.admin.token'));
    expect(token).toEqual(expect.any(String));

    await page.getByTestId('sign-out').click();

    await page.getByTestId('login-view').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect((await t.get('/auth/me', token!)).status).toBe(401);
  });
});

/** Waits until the element's text contains `text` (the page answers asynchronously). */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
  } catch {
    const actual = (await locator.count()) ? await locator.first().textContent() : '(element not found)';
    throw new Error(`expected text containing ${JSON.stringify(text)}, found ${JSON.stringify(actual)}`);
  }
}
