/**
 * The sales sheets on the preview page in headless Chromium, driven the way
 * a clerk would: type orders and post them (one approved, one over its
 * customer's credit, one naming nobody), pull the approved lines and ship
 * them (an over-shipment refused, fixed, posted), pull what was shipped and
 * invoice it. The page and office.js come from the real server; the API
 * answers from the fake server's sales endpoints (built in parallel on the
 * server), behind the page's own network, so the add-in runs exactly as
 * built. Every request leaving localhost is blocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { UserView } from '../../contract/platform';
import { FakeServer } from '../support/addin-workflow';
import { BrowserSession, describeInBrowser, openBrowser } from '../support/browser';
import { TestApp } from '../support/test-app';

const PREVIEW_BUILD = path.resolve(__dirname, '..', '..', 'dist', 'public', 'addin', 'preview.html');
const GREEN = 'rgb(16, 124, 16)';
const RED = 'rgb(197, 15, 31)';
const AMBER = 'rgb(183, 110, 0)';

const CLERK: UserView = { id: 7, username: 'sales', displayName: 'Sales Clerk', roles: ['sales'], permissions: ['sales:read', 'sales:create', 'sales:approve', 'sales:ship', 'sales:invoice', 'customer:read'], warehouseIds: null, approvalLimit: null, active: true, version: 1 };

async function cellText(page: Page, address: string): Promise<string> {
  return (await page.locator(`table.grid td[data-cell="${address}"]`).textContent())?.trim() ?? '';
}

async function cellColor(page: Page, address: string): Promise<string> {
  return page.locator(`table.grid td[data-cell="${address}"]`).evaluate((td) => getComputedStyle(td).color);
}

async function activeSheet(page: Page): Promise<string> {
  return (await page.locator('table.grid').getAttribute('data-sheet')) ?? '';
}

/** Clicks an action and waits for the task pane's answer. */
async function act(page: Page, testid: string): Promise<{ tone: string; text: string }> {
  const message = page.getByTestId('message');
  await page.evaluate(() => document.querySelector('[data-testid="message"]')?.removeAttribute('data-tone'));
  await page.getByTestId(testid).click();
  await message.and(page.locator('[data-tone]')).waitFor({ timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return { tone: (await message.getAttribute('data-tone')) ?? '', text: (await message.textContent()) ?? '' };
}

async function typeInCell(page: Page, address: string, text: string): Promise<void> {
  await page.locator(`table.grid td[data-cell="${address}"]`).dblclick();
  const editor = page.getByTestId('cell-editor');
  await editor.fill(text);
  await editor.press('Enter');
}

async function typeBlock(page: Page, sheetName: string, address: string, values: unknown[][]): Promise<void> {
  await page.evaluate(
    ({ sheetName, address, values }) => (window as unknown as { jxcPreview: { typeValues(s: string, a: string, v: unknown[][]): void } }).jxcPreview.typeValues(sheetName, address, values),
    { sheetName, address, values },
  );
}

/** The API as the fake server answers it; signing in answers the sales clerk. */
async function answerFromFake(fake: FakeServer, route: Route): Promise<void> {
  const request = route.request();
  const url = new URL(request.url());
  const endpoint = url.pathname.replace(/^\/api\/v1/, '');
  if (endpoint === '/auth/login') return route.fulfill({ status: 200, json: { token: 'fake-token', expiresAt: '2099-01-01T00:00:00Z', user: CLERK } });
  if (endpoint === '/auth/me') return route.fulfill({ status: 200, json: { user: CLERK } });
  if (endpoint === '/auth/logout') return route.fulfill({ status: 204 });
  const body = request.postData();
  const res = await fake.fetch(url.toString(), { method: request.method(), headers: request.headers(), ...(body ? { body } : {}) });
  return route.fulfill({ status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' }, body: await res.text() });
}

describeInBrowser('Sales sheets in the add-in preview page', () => {
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let fake: FakeServer;
  const outside: string[] = [];
  const pageErrors: string[] = [];
  const refusedApprovals: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(PREVIEW_BUILD)) throw new Error('dist/public/addin/preview.html is missing: run `npx webpack --mode development` (npm test does) first');
    t = await TestApp.start();
    fake = new FakeServer();
    fake.addItem({ sku: 'A-1', name: 'Bolt', salePrice: 5, taxRate: 0.13 });
    fake.addItem({ sku: 'B-2', name: 'Milk', batchTracked: true, salePrice: 8 });
    fake.sales.stockUp('WH1', 'A-1', 100);
    fake.sales.stockUp('WH1', 'B-2', 10, { batchNo: 'L1', expiryDate: '2026-09-30' });
    fake.sales.customers.find((c) => c.code === 'C2')!.creditLimit = 1000;
    fake.sales.owe('C2', 600);
    browser = await openBrowser();
    page = browser.page;
    page.on('request', (r) => {
      if (!['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname)) outside.push(r.url());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() !== 'error' || m.location().url?.includes('/addin/office/') || /by [^ ]*\/addin\/office\//.test(m.text())) return;
      // The browser logs the refused approval; that refusal is what one test is about.
      if (m.text().includes('status of 409') && /\/sales-orders\/\d+\/approve$/.test(m.location().url ?? '')) refusedApprovals.push(m.location().url);
      else pageErrors.push(m.text());
    });
    await page.route('**/api/v1/**', (route) => answerFromFake(fake, route));
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(`${t.baseUrl}/addin/preview.html`);
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('username').fill('sales');
    await page.getByTestId('password').fill('not-checked-by-the-fake');
    await page.getByTestId('sign-in').click();
    await page.getByTestId('who').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('When a user who may see sales signs in, then the pane offers the sales orders, shipments and sales invoices sheets', async () => {
    for (const testid of ['new-sales-orders', 'post-sales-orders', 'pull-ship-lines', 'post-shipments', 'pull-uninvoiced-shipments', 'post-sales-invoices']) await expect(page.getByTestId(testid).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('new-purchase-orders').count()).resolves.toBe(0);
  });

  test('When a sales order sheet is posted with Approve set, then the order is approved, its number on both rows in green; one over its customer’s credit keeps its draft number in amber with the limit, used and this order; an unknown customer is red and not sent', async () => {
    expect((await act(page, 'new-sales-orders')).tone).toBe('ok');
    expect(await activeSheet(page)).toBe('Sales orders');
    await typeBlock(page, 'Sales orders', 'A2', [
      ['S1', 'C1', 'WH1', '', 'A-1', 10, '', '', '', 'Y'],
      ['S1', 'C1', 'WH1', '', 'B-2', 2, '', '', '', 'Y'],
      ['S2', 'C2', 'WH1', '', 'A-1', 80, '', '', '', 'Y'],
      ['S3', 'Nobody', 'WH1', '', 'A-1', 1, '', '', '', ''],
    ]);
    const result = await act(page, 'post-sales-orders');
    expect(result.tone).toBe('warn');
    expect(result.text).toContain('3 rows posted in 2 documents; 1 of them need attention');
    expect([await cellText(page, 'K2'), await cellText(page, 'K3')]).toEqual(['✓ SO-2026-000001 approved', '✓ SO-2026-000001 approved']);
    expect(await cellText(page, 'K4')).toBe('⚠ SO-2026-000002 saved as a draft, not approved: limit 1000.00, used 600.00, this order 452.00: 52.00 over the limit');
    expect(await cellText(page, 'K5')).toBe('✗ Customer: unknown customer "Nobody"');
    expect([await cellColor(page, 'K2'), await cellColor(page, 'K4'), await cellColor(page, 'K5')]).toEqual([GREEN, AMBER, RED]);
    expect([...fake.sales.orders.values()].map((o) => [o.number, o.status, o.total])).toEqual([
      ['SO-2026-000001', 'approved', 72.5],
      ['SO-2026-000002', 'draft', 452],
    ]);
  });

  test('When the approved lines are pulled and what leaves is typed, then a shipment beyond what is still to ship is refused whole, and once fixed it posts with its number on every row', async () => {
    await page.getByTestId('shipments-customer').fill('C1');
    const pulled = await act(page, 'pull-ship-lines');
    expect(pulled).toMatchObject({ tone: 'ok' });
    expect(pulled.text).toContain('2 lines to ship of 1 orders');
    expect(await activeSheet(page)).toBe('Shipments');
    expect([await cellText(page, 'B2'), await cellText(page, 'F2'), await cellText(page, 'J2'), await cellText(page, 'K2'), await cellText(page, 'L2')]).toEqual(['SO-2026-000001', 'A-1', '10.000', '10.000', '90.000']);
    expect([await cellText(page, 'F3'), await cellText(page, 'J3')]).toEqual(['B-2', '2.000']);
    await typeInCell(page, 'N2', '6');
    await typeInCell(page, 'N3', '5');
    expect((await act(page, 'post-shipments')).tone).toBe('warn');
    expect(await cellText(page, 'P3')).toBe('✗ Qty shipped now: order line 2: ordered 2, shipped 0, returned 0; at most 2 more can be shipped');
    expect(await cellText(page, 'P2')).toMatch(/^✗ not posted: .* \(#2\)$/);
    expect(fake.sales.shipments.size).toBe(0);

    await typeInCell(page, 'N3', '2');
    const posted = await act(page, 'post-shipments');
    expect(posted.tone).toBe('ok');
    expect([await cellText(page, 'P2'), await cellText(page, 'P3')]).toEqual(['✓ SH-2026-000001', '✓ SH-2026-000001']);
    expect(await cellColor(page, 'P2')).toBe(GREEN);
    expect([...fake.sales.orders.values()][0]!.lines.map((l) => [l.shipped, l.reserved])).toEqual([
      [6, 4],
      [2, 0],
    ]);
  });

  test('When what was shipped is pulled and posted, then one invoice carries the rows of the customer, each showing its number, and posting again posts nothing', async () => {
    await page.getByTestId('sales-invoices-customer').fill('C1');
    const pulled = await act(page, 'pull-uninvoiced-shipments');
    expect(pulled.tone).toBe('ok');
    expect(await activeSheet(page)).toBe('Sales invoices');
    expect([await cellText(page, 'B2'), await cellText(page, 'D2'), await cellText(page, 'F2'), await cellText(page, 'H2'), await cellText(page, 'I2'), await cellText(page, 'F3'), await cellText(page, 'H3')]).toEqual(['C1', 'SH-2026-000001', 'A-1', '6.000', '5.00', 'B-2', '2.000']);
    await typeInCell(page, 'H2', '4');
    const posted = await act(page, 'post-sales-invoices');
    expect(posted.tone).toBe('ok');
    expect([await cellText(page, 'L2'), await cellText(page, 'L3')]).toEqual(['✓ SI-2026-000001', '✓ SI-2026-000001']);
    expect(fake.sales.invoices.map((i) => [i.number, i.customerCode, i.total])).toEqual([['SI-2026-000001', 'C1', 38.6]]);
    const again = await act(page, 'post-sales-invoices');
    expect(again).toMatchObject({ tone: 'ok' });
    expect(again.text).toContain('Nothing to post');
    expect(fake.sales.invoices).toHaveLength(1);
  });

  test('Nothing on the page reached beyond localhost or threw', () => {
    expect(outside).toEqual([]);
    expect(refusedApprovals.map((url) => new URL(url).pathname)).toEqual(['/api/v1/sales-orders/2/approve']);
    expect(pageErrors).toEqual([]);
  });
});
