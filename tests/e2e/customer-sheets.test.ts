/**
 * The customer sheets and the customer panel on the preview page in headless
 * Chromium, against the real server, driven the way a clerk would: pull the
 * customers and publish an edit (one changed on the server meanwhile is
 * refused in red), watch the panel follow the selected customer's row, pull
 * the open receivables and receive against them, return goods against a
 * shipment (the credit note named on the row), move service tickets along.
 * Every request leaving localhost is blocked.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { BrowserSession, describeInBrowser } from '../support/browser';
import { createItem } from '../support/inventory';
import { act, activeSheet, cellColor, cellText, GREEN, openSignedIn, PREVIEW_BUILD, RED, sheetCells, typeInCell } from '../support/preview-page';
import { openTicket } from '../support/sales-customers';
import { invoiceLines, openingReceivable } from '../support/sales-invoices';
import { createApprovedOrder, createCustomer } from '../support/sales-orders';
import { ship } from '../support/sales-shipments';
import { TestApp } from '../support/test-app';

/** The grid row (1-based, as Excel numbers it) whose cell in `column` holds `value`. */
async function rowOf(page: Page, sheetName: string, column: number, value: string): Promise<number> {
  const index = (await sheetCells(page, sheetName)).findIndex((r) => String(r[column]) === value);
  if (index < 0) throw new Error(`no row with ${value} on ${sheetName}`);
  return index + 1;
}

/** Clicks a cell and waits until the customer panel shows `state` (the selection event reaches the pane on its own). */
async function selectAndWait(page: Page, address: string, state: string): Promise<void> {
  await page.locator(`table.grid td[data-cell="${address}"]`).click();
  await page.locator(`[data-testid="customer-panel"][data-state="${state}"]`).waitFor({ timeout: 10_000 });
}

const panelValue = async (page: Page, testid: string) => (await page.getByTestId(testid).locator('.panel-value').textContent())?.trim();

describeInBrowser('Customer sheets and the customer panel in the add-in preview page, against the real server', () => {
  let t: TestApp;
  let token: string;
  let browser: BrowserSession;
  let page: Page;
  let c1: { id: number; code: string };
  let c2: { id: number; code: string };
  let shipmentNumber: string;
  const pageErrors: string[] = [];
  const languages = new Set<string>();

  beforeAll(async () => {
    if (!fs.existsSync(PREVIEW_BUILD)) throw new Error('dist/public/addin/preview.html is missing: run `npx webpack --mode development` (npm test does) first');
    t = await TestApp.start();
    token = await t.adminToken();
    const wh1 = await t.createWarehouse('WH1', '上海仓');
    await createItem(t, { sku: 'A-001', name: '螺丝 M3', unit: '个', salePrice: 5, taxRate: 0.13 });
    expect((await t.post('/stock/adjustments', { warehouseId: wh1.id, reason: 'opening', lines: [{ sku: 'A-001', qty: 100, unitCost: 2 }] }, token)).status).toBe(201);
    expect((await t.post('/cash-accounts', { code: 'CASH1', name: 'Petty cash', type: 'cash' }, token)).status).toBe(201);
    c1 = await createCustomer(t, { code: 'C1', name: '华南商贸', creditLimit: 10000, paymentTermsDays: 30 });
    c2 = await createCustomer(t, { code: 'C2', name: 'Globex' });
    // Ten bolts ordered, shipped, four of them invoiced (4 × 5 + 13 % = 22.60); and opening balances.
    const order = await createApprovedOrder(t, token, { customerId: c1.id, warehouseCode: 'WH1', lines: [{ sku: 'A-001', qty: 10 }] });
    const shipment = await ship(t, token, order.id, [{ lineId: order.lines[0]!.id, qty: 10 }]);
    shipmentNumber = shipment.number;
    await invoiceLines(t, token, { customerId: c1.id, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: 4 }] });
    await openingReceivable(t, token, { customerId: c1.id, amount: 100 });
    await openingReceivable(t, token, { customerId: c2.id, amount: 50 });
    await openTicket(t, token, { customerId: c1.id, subject: 'Pump leaks' });
    await openTicket(t, token, { customerId: c2.id, subject: 'Wrong colour', kind: 'complaint' });
    browser = await openSignedIn(t, pageErrors, languages);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('When customers are pulled and a credit limit is edited, then publishing updates it; a customer changed on the server meanwhile is refused in red and keeps the server\'s change, and pulling over it asks first', async () => {
    const pulled = await act(page, 'pull-customers');
    expect(pulled.tone).toBe('ok');
    expect(await activeSheet(page)).toBe('Customers');
    const c2Row = await rowOf(page, 'Customers', 0, 'C2');
    const c1Row = await rowOf(page, 'Customers', 0, 'C1');
    expect([await cellText(page, `B${c1Row}`), await cellText(page, `I${c1Row}`)]).toEqual(['华南商贸', '10,000.00']);
    await typeInCell(page, `I${c2Row}`, '2500');
    const { version } = (await t.get(`/customers/${c1.id}`, token)).body as { version: number };
    expect((await t.patch(`/customers/${c1.id}`, { phone: '020-1234', version }, token)).status).toBe(200);
    await typeInCell(page, `D${c1Row}`, 'A');

    const published = await act(page, 'publish-customers');
    expect(published.tone).toBe('warn');
    expect(await cellText(page, `M${c2Row}`)).toBe('✓ updated');
    expect(await cellColor(page, `M${c2Row}`)).toBe(GREEN);
    expect(await cellText(page, `M${c1Row}`)).toBe('✗ changed on the server since you pulled it — pull again');
    expect(await cellColor(page, `M${c1Row}`)).toBe(RED);
    expect(((await t.get(`/customers/${c2.id}`, token)).body as { creditLimit: number }).creditLimit).toBe(2500);
    const c1Now = (await t.get(`/customers/${c1.id}`, token)).body as { phone: string; grade: string | null };
    expect([c1Now.phone, c1Now.grade]).toEqual(['020-1234', null]);
    // The refused edit is still unpublished: pulling asks first, and pulling anyway brings the server's version.
    const asked = await act(page, 'pull-customers');
    expect(asked.text).toBe('The Customers sheet has 1 changes not yet published. Publish them first, or pull anyway to discard them.');
    expect((await act(page, 'pull-customers-anyway')).tone).toBe('ok');
    const pulledAgain = await rowOf(page, 'Customers', 0, 'C1');
    expect([await cellText(page, `D${pulledAgain}`), await cellText(page, `F${pulledAgain}`), await cellText(page, `M${pulledAgain}`)]).toEqual(['', '020-1234', '']);
    // The browser logs the refused PATCH; that refusal is the point of this test.
    pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !/status of 412/.test(e)));
  });

  test('When a customer\'s row is selected, then the panel shows their credit and segment, and follows the selection to another customer', async () => {
    const c1Row = await rowOf(page, 'Customers', 0, 'C1');
    await selectAndWait(page, `B${c1Row}`, 'customer');
    expect(await page.getByTestId('customer-title').textContent()).toBe('C1 · 华南商贸');
    // Open: the opening 100 and the invoice's 22.60; the order is fully shipped, six bolts (33.90) not yet invoiced.
    expect(await panelValue(page, 'customer-limit')).toBe('10,000.00');
    expect(await panelValue(page, 'customer-receivables')).toBe('122.60');
    expect(await panelValue(page, 'customer-used')).toBe('156.50');
    expect(await panelValue(page, 'customer-available')).toBe('9,843.50');
    // One customer with sales: the server scores it among itself; the panel says what the server says.
    const { segment, rfm } = (await t.get(`/customers/${c1.id}/behaviour`, token)).body as { segment: string; rfm: { r: number; f: number; m: number } };
    const label = { champions: 'Champions', loyal: 'Loyal', new: 'New', 'at-risk': 'At risk', lost: 'Lost', others: 'Others' }[segment];
    expect(await panelValue(page, 'customer-segment')).toBe(`${label} (R ${rfm.r} · F ${rfm.f} · M ${rfm.m})`);

    const c2Row = await rowOf(page, 'Customers', 0, 'C2');
    await page.locator(`table.grid td[data-cell="F${c2Row}"]`).click();
    await page.getByTestId('customer-title').and(page.locator(':text("C2 · Globex")')).waitFor({ timeout: 10_000 });
    expect(await panelValue(page, 'customer-limit')).toBe('2,500.00');
    await selectAndWait(page, 'A1', 'none');
  });

  test('When receivables are pulled and received, then one receipt is made per customer and account; more than is open is red before anything is sent', async () => {
    await page.getByTestId('receipts-customer').fill('C1');
    const pulled = await act(page, 'pull-receivables');
    expect(pulled.tone).toBe('ok');
    expect(await activeSheet(page)).toBe('Customer receipts');
    const rows = (await sheetCells(page, 'Customer receipts')).slice(1);
    expect(rows.map((r) => [r[1], r[7]]).sort()).toEqual([
      ['C1', 100],
      ['C1', 22.6],
    ]);
    const opening = rows.findIndex((r) => r[7] === 100) + 2;
    const invoice = rows.findIndex((r) => r[7] === 22.6) + 2;
    await typeInCell(page, `J${opening}`, 'CASH1');
    await typeInCell(page, `L${opening}`, '100');
    await typeInCell(page, `J${invoice}`, 'CASH1');
    await typeInCell(page, `L${invoice}`, '30');
    const refused = await act(page, 'post-customer-receipts');
    expect(refused.tone).toBe('error');
    expect(await cellText(page, `M${invoice}`)).toBe('✗ Amount received: more than the 22.6 still open');
    expect(await cellText(page, `M${opening}`)).toBe(`✗ not posted: row ${invoice} of the same document needs fixing`);

    await typeInCell(page, `L${invoice}`, '22.6');
    const posted = await act(page, 'post-customer-receipts');
    expect(posted.tone).toBe('ok');
    const number = (await cellText(page, `M${opening}`)).replace(/^✓ /, '');
    expect(number).toMatch(/^CR-\d{4}-\d{6}$/);
    expect(await cellText(page, `M${invoice}`)).toBe(`✓ ${number}`);
    expect(await cellColor(page, `M${invoice}`)).toBe(GREEN);
    const open = (await t.get(`/receivables?customerId=${c1.id}`, token)).body.data as Array<{ openAmount: number }>;
    expect(open).toEqual([]);
    const receipts = (await t.get(`/customer-receipts?customerId=${c1.id}`, token)).body.data as Array<{ number: string; amount: number; allocated: number }>;
    expect(receipts.map((r) => [r.number, r.amount, r.allocated])).toEqual([[number, 122.6, 122.6]]);
  });

  test('When goods come back against their shipment number, then the return posts with the credit note for what was invoiced', async () => {
    expect((await act(page, 'new-sales-returns')).tone).toBe('ok');
    expect(await activeSheet(page)).toBe('Sales returns');
    await typeInCell(page, 'B2', shipmentNumber);
    await typeInCell(page, 'D2', 'A-001');
    await typeInCell(page, 'E2', '8');
    await typeInCell(page, 'G2', 'damaged in transit');
    await typeInCell(page, 'B3', shipmentNumber);
    await typeInCell(page, 'D3', 'A-001');
    await typeInCell(page, 'E3', 'lots');
    const refused = await act(page, 'post-sales-returns');
    expect(refused.tone).toBe('error');
    expect(await cellText(page, 'H3')).toBe('✗ Qty: is not a number ("lots")');
    // Clearing the bad row leaves one return: six bolts were never invoiced, the other two are credited.
    for (const cell of ['B3', 'D3', 'E3']) await typeInCell(page, cell, '');
    const posted = await act(page, 'post-sales-returns');
    expect(posted.tone).toBe('ok');
    const status = await cellText(page, 'H2');
    expect(status).toMatch(/^✓ SRT-\d{4}-\d{6}, credit note SI-\d{4}-\d{6}$/);
    const creditNote = /credit note (SI-\S+)$/.exec(status)![1]!;
    const notes = (await t.get(`/receivables?customerId=${c1.id}`, token)).body.data as Array<{ number: string; kind: string; openAmount: number }>;
    expect(notes.map((n) => [n.number, n.kind, n.openAmount])).toEqual([[creditNote, 'credit-note', -11.3]]);
  });

  test('When tickets are pulled, one moved along with a note and one given a priority, then each row says what happened and the ticket keeps the note in its history', async () => {
    expect((await act(page, 'pull-tickets')).tone).toBe('ok');
    expect(await activeSheet(page)).toBe('Service tickets');
    const pump = await rowOf(page, 'Service tickets', 3, 'Pump leaks');
    const colour = await rowOf(page, 'Service tickets', 3, 'Wrong colour');
    expect([await cellText(page, `B${pump}`), await cellText(page, `J${pump}`), await cellText(page, `H${colour}`)]).toEqual(['C1', 'Open', 'Normal']);
    await typeInCell(page, `J${pump}`, 'In progress');
    await typeInCell(page, `K${pump}`, 'technician on the way');
    await typeInCell(page, `H${colour}`, 'High');
    const published = await act(page, 'publish-tickets');
    expect(published.tone).toBe('ok');
    expect(await cellText(page, `L${pump}`)).toBe('✓ now In progress');
    expect(await cellText(page, `L${colour}`)).toBe('✓ updated');
    expect(await cellText(page, `K${pump}`)).toBe('');
    const tickets = (await t.get('/service-tickets?limit=100', token)).body.data as Array<{ id: number; subject: string; status: string; priority: string }>;
    expect(tickets.map((x) => [x.subject, x.status, x.priority]).sort()).toEqual([
      ['Pump leaks', 'in-progress', 'normal'],
      ['Wrong colour', 'open', 'high'],
    ]);
    const leak = (await t.get(`/service-tickets/${tickets.find((x) => x.subject === 'Pump leaks')!.id}`, token)).body as { history: Array<{ action: string; note: string | null }> };
    expect(leak.history.at(-1)).toMatchObject({ action: 'transition', note: 'technician on the way' });

    // Someone resolves the other ticket on the server; the clerk's change to it is refused, not written over.
    const other = tickets.find((x) => x.subject === 'Wrong colour')!;
    const { version } = (await t.get(`/service-tickets/${other.id}`, token)).body as { version: number };
    expect((await t.post(`/service-tickets/${other.id}/transition`, { status: 'resolved', version }, token)).status).toBe(200);
    await typeInCell(page, `H${colour}`, 'Low');
    expect((await act(page, 'publish-tickets')).tone).toBe('warn');
    expect(await cellText(page, `L${colour}`)).toBe('✗ changed on the server since you pulled it — pull again');
    expect(await cellColor(page, `L${colour}`)).toBe(RED);
    expect(((await t.get(`/service-tickets/${other.id}`, token)).body as { status: string; priority: string }).priority).toBe('high');
    pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !/status of 412/.test(e)));
  });

  test('Every request asked for English, and nothing on the page threw', () => {
    expect([...languages]).toEqual(['en']);
    expect(pageErrors).toEqual([]);
  });
});
