/**
 * Driving the add-in's preview page in a browser the way a clerk does: read
 * grid cells and their colours, type into cells, click an action and wait
 * for the task pane's answer, and open the page signed in.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BrowserSession, openBrowser } from './browser';
import { ADMIN_PASSWORD, TestApp } from './test-app';

export const PREVIEW_BUILD = path.resolve(__dirname, '..', '..', 'dist', 'public', 'addin', 'preview.html');
export const GREEN = 'rgb(16, 124, 16)';
export const RED = 'rgb(197, 15, 31)';

export async function cellText(page: Page, address: string): Promise<string> {
  return (await page.locator(`table.grid td[data-cell="${address}"]`).textContent())?.trim() ?? '';
}

export async function cellColor(page: Page, address: string): Promise<string> {
  return page.locator(`table.grid td[data-cell="${address}"]`).evaluate((td) => getComputedStyle(td).color);
}

export async function activeSheet(page: Page): Promise<string> {
  return (await page.locator('table.grid').getAttribute('data-sheet')) ?? '';
}

/** Clicks an action and waits for the task pane's answer. */
export async function act(page: Page, testid: string): Promise<{ tone: string; text: string }> {
  const message = page.getByTestId('message');
  await page.evaluate(() => document.querySelector('[data-testid="message"]')?.removeAttribute('data-tone'));
  await page.getByTestId(testid).click();
  await message.and(page.locator('[data-tone]')).waitFor({ timeout: 30_000 });
  // The grid repaints on the next animation frame after the workbook changed.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return { tone: (await message.getAttribute('data-tone')) ?? '', text: (await message.textContent()) ?? '' };
}

/** Types into a grid cell as a person does: double-click, type, Enter. */
export async function typeInCell(page: Page, address: string, text: string): Promise<void> {
  await page.locator(`table.grid td[data-cell="${address}"]`).dblclick();
  const editor = page.getByTestId('cell-editor');
  await editor.fill(text);
  await editor.press('Enter');
}

/** What a preview sheet holds, row by row, read through the page's handle (header first). */
export async function sheetCells(page: Page, sheetName: string): Promise<unknown[][]> {
  return page.evaluate((name) => {
    const preview = (window as unknown as { jxcPreview: { model: { sheetByName(n: string): { usedRect(): { rowCount: number; columnCount: number } | null; read(r: number, c: number): unknown } | null } } }).jxcPreview;
    const sheet = preview.model.sheetByName(name);
    const rect = sheet?.usedRect();
    if (!sheet || !rect) return [];
    return Array.from({ length: rect.rowCount }, (_, r) => Array.from({ length: rect.columnCount }, (_, c) => sheet.read(r, c)));
  }, sheetName);
}

/** Pastes a block of values at an address, as a person pasting would. */
export async function typeBlock(page: Page, sheetName: string, address: string, values: unknown[][]): Promise<void> {
  await page.evaluate(
    ({ sheetName, address, values }) => (window as unknown as { jxcPreview: { typeValues(s: string, a: string, v: unknown[][]): void } }).jxcPreview.typeValues(sheetName, address, values),
    { sheetName, address, values },
  );
}

/** The preview page signed in as admin in English; page errors and the languages asked for are collected. */
export async function openSignedIn(t: TestApp, pageErrors: string[], languages: Set<string>): Promise<BrowserSession> {
  const browser = await openBrowser();
  const page = browser.page;
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error' || m.location().url?.includes('/addin/office/') || /by [^ ]*\/addin\/office\//.test(m.text())) return;
    pageErrors.push(m.text());
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/v1/')) languages.add(r.headers()['accept-language'] ?? '');
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${t.baseUrl}/addin/preview.html`);
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('username').fill('admin');
  await page.getByTestId('password').fill(ADMIN_PASSWORD);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('who').waitFor();
  return browser;
}
