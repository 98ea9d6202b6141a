/**
 * The customer receipts, sales returns, customers and service tickets sheets
 * and the task pane's customer panel: the pure rows ⇄ records mapping, then
 * the real workflows on the fake workbook against the fake server — each row
 * with its document number or its own error naming the field, nothing sent
 * for a row that is wrong, a record or ticket changed on the server since the
 * pull flagged rather than overwritten — and the Excel syncs not growing with
 * the rows.
 */
import type { PartnerView } from '../../contract/master-data';
import type { ServiceTicketView } from '../../contract/customers-admin';
import { translator } from '../../addin/i18n';
import { planDocumentPost } from '../../addin/sheets/document-sheet';
import { customerCodeOnRow, CUSTOMERS_LAYOUT, CUSTOMERS_SHEET } from '../../addin/sheets/customers-sheet';
import { planRecordPublish, recordRows } from '../../addin/sheets/record-sheet';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import { SALES_RETURN_KIND, SALES_RETURN_LAYOUT } from '../../addin/sheets/sales-return-sheet';
import { decodeTicketKey, planTicketPublish, SERVICE_TICKETS_LAYOUT, ticketResult, ticketRows } from '../../addin/sheets/service-tickets-sheet';
import type { Cell } from '../../addin/sheets/cells';
import type { SheetLayout } from '../../addin/sheets/layout';
import { lookups, sheetRows } from '../support/sheet-rows';
import { useFakeExcel } from '../support/fake-workbook';
import { readSelectedRow, watchSelection } from '../../addin/excel/selection';
import { openDocumentSheet, postDocumentSheet } from '../../addin/workflows/documents';
import { publishCustomers, publishTickets, pullCustomers, pullReceivables, pullTickets } from '../../addin/workflows/customers';
import { customerPanelView, loadCustomerPanel, selectedCustomerCode } from '../../addin/workflows/customer-panel';
import { FakeServer, fakeSession, sheetObjects, sheetTable, typeAt, typeRows } from '../support/addin-workflow';

const en = translator('en');
const text = (layout: SheetLayout, s: RowStatus | undefined) => (s ? renderStatus(s, layout, en, 'en') : '');
const asRecords = (layout: SheetLayout, rows: Cell[][]) => rows.map((r) => Object.fromEntries(layout.columns.map((c, i) => [c.key, r[i]!])));

const partner = (over: Partial<PartnerView> = {}): PartnerView => ({
  id: 1,
  code: 'C1',
  name: '华南商贸',
  category: 'retail',
  grade: 'A',
  contact: '王经理',
  phone: null,
  email: null,
  address: null,
  paymentTermsDays: 30,
  currency: 'CNY',
  active: true,
  creditLimit: 10000,
  version: 3,
  ...over,
});

const ticket = (over: Partial<ServiceTicketView> = {}): ServiceTicketView => ({
  id: 7,
  number: 'ST-2026-000007',
  customerId: 1,
  customerCode: 'C1',
  kind: 'repair',
  subject: 'Pump leaks',
  description: null,
  salesOrderId: null,
  salesOrderNumber: 'SO-2026-000001',
  itemId: null,
  sku: 'A-001',
  priority: 'normal',
  assigneeId: 5,
  status: 'open',
  resolvedAt: null,
  closedAt: null,
  createdAt: '2026-03-02T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
  version: 2,
  history: [],
  ...over,
});

describe('Rows and records (pure)', () => {
  test('A pulled customer reads back unchanged, its credit limit included; a blank limit is sent as no limit', () => {
    const data = asRecords(CUSTOMERS_LAYOUT, recordRows(CUSTOMERS_SHEET, [partner(), partner({ id: 2, code: 'C2', creditLimit: null, version: 1 })]));
    expect(data.map((r) => [r.code, r.creditLimit, r.version])).toEqual([
      ['C1', 10000, 3],
      ['C2', '', 1],
    ]);
    expect(planRecordPublish(CUSTOMERS_SHEET, sheetRows(CUSTOMERS_LAYOUT, data))).toMatchObject({ changes: [], unchanged: 2 });
    data[0]!.creditLimit = '';
    data[1]!.creditLimit = 2500.5;
    const plan = planRecordPublish(CUSTOMERS_SHEET, sheetRows(CUSTOMERS_LAYOUT, data));
    expect(plan.changes.map((c) => [c.id, (c.body as { creditLimit: unknown }).creditLimit, c.version])).toEqual([
      [1, null, 3],
      [2, 2500.5, 1],
    ]);
  });

  test('A credit limit that is text, negative or in fractions of a cent is refused on its row, naming the column', () => {
    const rows = sheetRows(CUSTOMERS_LAYOUT, [
      { code: 'N1', name: 'One', creditLimit: 'lots' },
      { code: 'N2', name: 'Two', creditLimit: -1 },
      { code: 'N3', name: 'Three', creditLimit: 1.005 },
    ]);
    const plan = planRecordPublish(CUSTOMERS_SHEET, rows);
    expect(plan.changes).toEqual([]);
    expect([0, 1, 2].map((i) => text(CUSTOMERS_LAYOUT, plan.statuses.get(i)))).toEqual(['✗ Credit limit: is not a number ("lots")', '✗ Credit limit: must not be negative', '✗ Credit limit: allows at most 2 decimals']);
  });

  test('The customer on a selected row: the Customer column of any sheet, the code column of the Customers sheet, nothing on a header or a row without one', () => {
    expect(customerCodeOnRow({ sheetName: '收款', tableName: 'JxcCustomerReceipts', header: ['单据分组', '客户', '发票单号'], cells: ['', ' C1 ', 'SI-1'] })).toBe('C1');
    expect(customerCodeOnRow({ sheetName: 'Sales orders', tableName: 'JxcSalesOrders', header: ['Doc ref', 'Customer code', 'SKU'], cells: ['A', 'C2', 'A-001'] })).toBe('C2');
    expect(customerCodeOnRow({ sheetName: 'Customers', tableName: 'JxcCustomers', header: ['Code', 'Name'], cells: ['C7', 'Seven'] })).toBe('C7');
    expect(customerCodeOnRow({ sheetName: '客户', tableName: null, header: ['客户编码', '名称'], cells: ['C8', '八'] })).toBe('C8');
    expect(customerCodeOnRow({ sheetName: 'Suppliers', tableName: 'JxcSuppliers', header: ['Code', 'Name'], cells: ['S1', 'Acme'] })).toBeNull();
    expect(customerCodeOnRow({ sheetName: '收款', tableName: 'JxcCustomerReceipts', header: ['单据分组', '客户'], cells: null })).toBeNull();
    expect(customerCodeOnRow({ sheetName: '收款', tableName: 'JxcCustomerReceipts', header: ['单据分组', '客户'], cells: ['', ''] })).toBeNull();
  });

  test('Return rows of one shipment form one return with the first reason; a tracked item may leave its batch to the shipment', () => {
    const rows = sheetRows(SALES_RETURN_LAYOUT, [
      { shipment: 'SH-2026-000001', sku: 'A-001', qty: 2, reason: '' },
      { shipment: 'SH-2026-000001', sku: 'B-002', qty: 1, batchNo: 'L1', reason: 'damaged' },
      { shipment: 'SH-2026-000002', sku: 'B-002', qty: 3, reason: 'wrong item' },
    ]);
    const plan = planDocumentPost(SALES_RETURN_KIND, rows, lookups());
    expect(plan.documents.map((d) => d.body)).toEqual([
      { shipmentNumber: 'SH-2026-000001', reason: 'damaged', lines: [{ sku: 'A-001', qty: 2 }, { sku: 'B-002', qty: 1, batchNo: 'L1' }] },
      { shipmentNumber: 'SH-2026-000002', reason: 'wrong item', lines: [{ sku: 'B-002', qty: 3 }] },
    ]);
  });

  test('A return row without a shipment, with text for a quantity, an unknown SKU or a batch on an untracked item is refused on its row, naming the field', () => {
    const rows = sheetRows(SALES_RETURN_LAYOUT, [
      { sku: 'A-001', qty: 1 },
      { shipment: 'SH-2026-000001', sku: 'A-001', qty: 'two' },
      { shipment: 'SH-2026-000003', sku: 'ZZZ', qty: 1 },
      { shipment: 'SH-2026-000004', sku: 'A-001', qty: 1, batchNo: 'L9' },
    ]);
    const plan = planDocumentPost(SALES_RETURN_KIND, rows, lookups());
    expect(plan.documents).toEqual([]);
    expect([0, 1, 2, 3].map((i) => text(SALES_RETURN_LAYOUT, plan.statuses.get(i)))).toEqual([
      '✗ Shipment: is required',
      '✗ Qty: is not a number ("two")',
      '✗ SKU: unknown SKU "ZZZ"',
      '✗ Batch: this item is not batch-tracked: leave it empty',
    ]);
  });

  test('Tickets: a pulled row reads back unchanged; a priority or assignee edit is a PATCH at the pulled version, a status change a transition with its note', () => {
    const assignees = [{ id: 5, username: 'wang', displayName: '王工' }, { id: 6, username: 'li', displayName: '李工' }];
    const pulled = ticketRows([ticket(), ticket({ id: 8, number: 'ST-2026-000008', assigneeId: null, priority: 'high', status: 'in-progress', version: 4 })], assignees, 'en');
    const data = asRecords(SERVICE_TICKETS_LAYOUT, pulled);
    expect(data.map((r) => [r.number, r.priority, r.assignee, r.ticketStatus, r.opened, r.version])).toEqual([
      ['ST-2026-000007', 'Normal', 'wang', 'Open', '2026-03-02', 2],
      ['ST-2026-000008', 'High', '', 'In progress', '2026-03-02', 4],
    ]);
    expect(planTicketPublish(sheetRows(SERVICE_TICKETS_LAYOUT, data), assignees)).toMatchObject({ changes: [], unchanged: 2 });

    data[0]!.assignee = '李工';
    data[0]!.priority = '高';
    data[1]!.ticketStatus = 'resolved';
    data[1]!.note = 'seal replaced';
    const plan = planTicketPublish(sheetRows(SERVICE_TICKETS_LAYOUT, data), assignees);
    expect(plan.changes.map((c) => ({ id: c.id, version: c.version, patch: c.patch, transition: c.transition }))).toEqual([
      { id: 7, version: 2, patch: { priority: 'high', assigneeId: 6 }, transition: undefined },
      { id: 8, version: 4, patch: undefined, transition: { status: 'resolved', note: 'seal replaced' } },
    ]);
  });

  test('Tickets: an unknown assignee, a status not in the list, a note without a status change are refused on their rows; without the users list an id is asked for', () => {
    const assignees = [{ id: 5, username: 'wang', displayName: '王工' }];
    const data = asRecords(SERVICE_TICKETS_LAYOUT, ticketRows([ticket(), ticket({ id: 8 }), ticket({ id: 9 })], assignees, 'en'));
    data[0]!.assignee = 'zhao';
    data[1]!.ticketStatus = 'Done';
    data[2]!.note = 'called back';
    const plan = planTicketPublish(sheetRows(SERVICE_TICKETS_LAYOUT, data), assignees);
    expect(plan.changes).toEqual([]);
    expect([0, 1, 2].map((i) => text(SERVICE_TICKETS_LAYOUT, plan.statuses.get(i)))).toEqual([
      '✗ Assignee: no user "zhao"',
      '✗ Ticket status: "Done" is not one of the choices in the list',
      '✗ Note: a note goes with a status change: change the ticket status too, or clear the note',
    ]);
    data[0]!.assignee = 'wang';
    const withoutUsers = planTicketPublish(sheetRows(SERVICE_TICKETS_LAYOUT, data.slice(0, 1)), null);
    expect(text(SERVICE_TICKETS_LAYOUT, withoutUsers.statuses.get(0))).toBe('✗ Assignee: type the user\'s id: you may not see the users list ("wang")');
  });

  test('Tickets: a stale edit is flagged and keeps its key; an edit that went through is kept even when its transition was refused', () => {
    const data = asRecords(SERVICE_TICKETS_LAYOUT, ticketRows([ticket()], null, 'en'));
    data[0]!.priority = 'Low';
    data[0]!.ticketStatus = 'Closed';
    const [change] = planTicketPublish(sheetRows(SERVICE_TICKETS_LAYOUT, data), null).changes;
    const staleAnswer = { status: 412, problem: { type: 'about:blank', title: 'Precondition failed', status: 412, code: 'version.stale', currentVersion: 3 } };
    expect(ticketResult(change!, staleAnswer, undefined, 'en')).toMatchObject({ key: null, version: null, noteTaken: false });
    expect(text(SERVICE_TICKETS_LAYOUT, ticketResult(change!, staleAnswer, undefined, 'en').status)).toBe('✗ changed on the server since you pulled it — pull again');

    const patched = { status: 200, ticket: ticket({ priority: 'low', version: 3 }) };
    const refused = { status: 409, problem: { type: 'about:blank', title: 'x', status: 409, errors: [{ path: 'status', message: 'open → closed is not allowed' }] } };
    const half = ticketResult(change!, patched, refused, 'en');
    expect(text(SERVICE_TICKETS_LAYOUT, half.status)).toBe('✗ Ticket status: open → closed is not allowed');
    expect(half.version).toBe(3);
    expect(decodeTicketKey(half.key)).toEqual({ id: 7, hash: change!.hash, status: 'open' });

    const moved = ticketResult(change!, patched, { status: 200, ticket: ticket({ priority: 'low', status: 'closed', version: 4 }) }, 'zh');
    expect(renderStatus(moved.status, SERVICE_TICKETS_LAYOUT, translator('zh'), 'zh')).toBe('✓ 已改为已关闭');
    expect(moved).toMatchObject({ version: 4, noteTaken: true });
    expect(decodeTicketKey(moved.key)).toMatchObject({ status: 'closed' });
  });
});

describe('The selected row (Excel layer on the fake workbook)', () => {
  test('When a cell of a table row is selected, then its header and cells are read in three syncs, wherever the table is; the header row and cells outside read as no row', async () => {
    const excel = useFakeExcel();
    const sheet = excel.model.addSheet('收款');
    excel.model.typeValues(sheet, 2, 1, [['单据分组', '客户', '发票单号'], ['', 'C1', 'SI-2026-000001'], ['', 'C2', 'SI-2026-000002']]);
    excel.model.addTable(sheet, { row: 2, column: 1, rowCount: 3, columnCount: 3 });
    excel.model.activate(sheet);
    excel.model.select(4, 3);
    excel.stats.reset();
    expect(await readSelectedRow()).toEqual({ sheetName: '收款', tableName: expect.stringMatching(/^Table/), header: ['单据分组', '客户', '发票单号'], cells: ['', 'C2', 'SI-2026-000002'] });
    expect(excel.stats.syncCount).toBe(3);
    excel.model.select(2, 2);
    expect(await readSelectedRow()).toMatchObject({ header: ['单据分组', '客户', '发票单号'], cells: null });
    excel.model.select(10, 10);
    expect(await readSelectedRow()).toBeNull();
  });

  test('When the selection moves, then the watcher hears it, until it is stopped', async () => {
    const excel = useFakeExcel();
    let heard = 0;
    const stop = await watchSelection(() => (heard += 1));
    excel.model.select(3, 1);
    excel.model.select(3, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(heard).toBe(1);
    excel.model.activate(excel.model.addSheet('Other'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(heard).toBe(2);
    await stop();
    excel.model.select(5, 5);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(heard).toBe(2);
  });
});

type Excel = ReturnType<typeof useFakeExcel>;

const statuses = (excel: Excel, sheetName: string, header = 'Status') => sheetObjects(excel, sheetName).map((r) => String(r[header]));
const sentDocuments = (api: FakeServer, endpoint: string) =>
  api.requestsTo('POST', new RegExp(`^/${endpoint}/batch$`)).flatMap((r) => (r.body as { documents: Array<{ ref: string; document: Record<string, unknown> }> }).documents);
const waitForEvents = () => new Promise((resolve) => setTimeout(resolve, 5));

function server(): FakeServer {
  const api = new FakeServer();
  api.addItem({ sku: 'A-001', name: 'Bolt', salePrice: 5, taxRate: 0.13, purchasePrice: 2 });
  api.addItem({ sku: 'B-002', name: 'Milk', batchTracked: true, salePrice: 8 });
  api.sales.stockUp('WH1', 'A-001', 100);
  api.sales.stockUp('WH1', 'B-002', 10, { batchNo: 'L1', expiryDate: '2027-01-31' });
  api.customers.addUser(5, 'wang', '王工');
  api.customers.addUser(6, 'li', '李工');
  return api;
}

describe('Publishing the customers sheet', () => {
  test('When customers are pulled, a credit limit edited and a customer added, then only those two are sent: the edit with its pulled version, the new one under a key', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'en');
    expect(await pullCustomers(ctx, false)).toMatchObject({ key: 'result.customersPulled', params: { count: 4, sheet: 'Customers' } });
    expect(sheetObjects(excel, 'Customers')[1]).toMatchObject({ Code: 'C2', Name: 'Acme Retail', 'Credit limit': '', 'Payment terms (days)': 30, Currency: 'CNY', Active: true, Version: 1 });
    typeAt(excel, 'Customers', 'Credit limit', 2, 5000);
    typeRows(excel, 'Customers', [{ Code: 'C10', Name: 'New Mart', Grade: 'B', 'Credit limit': 800.5, 'Payment terms (days)': 15 }], 5);

    expect(await publishCustomers(ctx)).toMatchObject({ key: 'result.customersPublished', params: { created: 1, updated: 1, failed: 0, unchanged: 3 } });
    expect(api.requestsTo('PATCH', /^\/customers\/\d+$/).map((r) => [r.path, r.body])).toEqual([['/customers/2', expect.objectContaining({ code: 'C2', creditLimit: 5000, version: 1 })]]);
    const [post] = api.requestsTo('POST', /^\/customers$/);
    expect(post!.body).toMatchObject({ code: 'C10', name: 'New Mart', grade: 'B', creditLimit: 800.5, paymentTermsDays: 15 });
    expect(post!.headers['idempotency-key']).toMatch(/^customer-/);
    expect(api.customers.byCode('C2')).toMatchObject({ creditLimit: 5000, version: 2 });
    expect(api.customers.byCode('C10')).toMatchObject({ creditLimit: 800.5, grade: 'B' });
    expect(statuses(excel, 'Customers')).toEqual(['', '✓ updated', '', '', '✓ created']);
    expect(sheetObjects(excel, 'Customers').map((r) => r.Version)).toEqual([1, 2, 1, 1, 1]);
  });

  test('When a customer changed on the server since the pull, then its edit is refused (412) and flagged, the server keeping the other change, and a pull asks first', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'en');
    await pullCustomers(ctx, false);
    api.customers.changeCustomer(1, { name: '华联超市集团', creditLimit: 20000 });
    typeAt(excel, 'Customers', 'Credit limit', 1, 1);
    typeAt(excel, 'Customers', 'Grade', 2, 'A');

    expect(await publishCustomers(ctx)).toMatchObject({ tone: 'warn', params: { updated: 1, failed: 1 } });
    expect(statuses(excel, 'Customers').slice(0, 2)).toEqual(['✗ changed on the server since you pulled it — pull again', '✓ updated']);
    expect(api.customers.byCode('C1')).toMatchObject({ name: '华联超市集团', creditLimit: 20000, version: 2 });
    expect(await pullCustomers(ctx, false)).toMatchObject({ key: 'result.customersUnpublished', params: { count: 1 }, offer: 'pullCustomersAnyway' });
    expect(await pullCustomers(ctx, true)).toMatchObject({ params: { count: 4 } });
    expect(sheetObjects(excel, 'Customers')[0]).toMatchObject({ Name: '华联超市集团', 'Credit limit': 20000, Version: 2, Status: '' });
  });

  async function customerSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    for (let i = api.customers.customers.length; i < count; i++) api.customers.addCustomer(`K${i}`);
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullCustomers(ctx, false);
    const pull = excel.stats.syncCount;
    const sheet = excel.model.sheetByName('Customers')!;
    excel.model.typeValues(sheet, 1, sheetTable(excel, 'Customers')[0]!.indexOf('Credit limit'), Array.from({ length: count }, (_, i) => [100 + i]));
    excel.stats.reset();
    expect((await publishCustomers(ctx)).params).toMatchObject({ updated: count, failed: 0 });
    return { pull, publish: excel.stats.syncCount };
  }

  test('When 10 or 1,000 customers are pulled and published, then the syncs are the same', async () => {
    expect(await customerSyncs(1000)).toEqual(await customerSyncs(10));
  });
});

describe('Posting a customer receipts sheet', () => {
  function receivable(): FakeServer {
    const api = server();
    api.customers.addInvoice('C1', 100.1);
    api.customers.addInvoice('C1', 0.2);
    api.customers.addInvoice('C1', 40);
    api.customers.addInvoice('C2', 50);
    api.customers.addInvoice('C1', -10);
    api.customers.addInvoice('C3', 30);
    return api;
  }

  test('When receivables are pulled, then each open invoice is a row (credit notes left out), and a customer filter pulls only theirs', async () => {
    const excel = useFakeExcel();
    const api = receivable();
    const { ctx } = fakeSession(api, 'en');
    expect(await pullReceivables(ctx, '')).toMatchObject({ key: 'result.receivablesPulled', params: { count: 5, sheet: 'Customer receipts' } });
    expect(sheetObjects(excel, 'Customer receipts').map((r) => [r.Customer, r.Invoice, r.Currency, r.Open])).toEqual([
      ['C1', 'SI-2026-000001', 'CNY', 100.1],
      ['C1', 'SI-2026-000002', 'CNY', 0.2],
      ['C1', 'SI-2026-000003', 'CNY', 40],
      ['C2', 'SI-2026-000004', 'CNY', 50],
      ['C3', 'SI-2026-000006', 'USD', 30],
    ]);
    const header = sheetTable(excel, 'Customer receipts')[0]!;
    expect(excel.model.sheetByName('Customer receipts')!.validationAt(1, header.indexOf('Cash account'))?.source).toBe('=JxcCashAccountList');
    expect(await pullReceivables(ctx, 'Acme Retail')).toMatchObject({ params: { count: 1 } });
    expect(api.requestsTo('GET', /^\/receivables$/).map((r) => [r.query.status, r.query.customerId])).toEqual([
      ['open', undefined],
      ['open', '2'],
    ]);
    await expect(pullReceivables(ctx, 'Nobody')).rejects.toMatchObject({ key: 'error.unknownCustomer' });
  });

  test('When amounts are typed, then one receipt goes out per customer and account with its allocations by invoice id; more than open, a blank account, text for an amount and an unknown customer are red and not sent', async () => {
    const excel = useFakeExcel();
    const api = receivable();
    const { ctx } = fakeSession(api, 'en');
    await pullReceivables(ctx, '');
    typeRows(excel, 'Customer receipts', [
      { 'Cash account': 'ICBC', 'Amount received': 100.1 },
      { 'Cash account': 'ICBC', 'Amount received': 0.2 },
      { 'Cash account': 'CASH', 'Amount received': 40 },
      { 'Cash account': 'CASH', 'Amount received': 60 },
      { 'Cash account': '', 'Amount received': 10 },
    ]);
    typeRows(excel, 'Customer receipts', [
      { Customer: 'C1', Invoice: 'SI-2026-000003', Open: 40, 'Cash account': 'CASH', 'Amount received': 'forty' },
      { Customer: 'ZZ', Invoice: 'SI-2026-000004', Open: 50, 'Cash account': 'CASH', 'Amount received': 5 },
    ], 6);

    expect(await postDocumentSheet(ctx, 'customerReceipts')).toMatchObject({ tone: 'warn', params: { posted: 3, documents: 2, failed: 4 } });
    const [first, second, third] = api.customers.invoices.slice(0, 3);
    expect(sentDocuments(api, 'customer-receipts').map((d) => d.document)).toEqual([
      { customerCode: 'C1', cashAccountCode: 'ICBC', currency: 'CNY', amount: 100.3, allocations: [{ invoiceId: first!.id, amount: 100.1 }, { invoiceId: second!.id, amount: 0.2 }] },
      { customerCode: 'C1', cashAccountCode: 'CASH', currency: 'CNY', amount: 40, allocations: [{ invoiceId: third!.id, amount: 40 }] },
    ]);
    expect(statuses(excel, 'Customer receipts')).toEqual([
      '✓ CR-2026-000001',
      '✓ CR-2026-000001',
      '✓ CR-2026-000002',
      '✗ Amount received: more than the 50 still open',
      '✗ Cash account: is required',
      '✗ Amount received: is not a number ("forty")',
      '✗ Customer: unknown customer "ZZ"',
    ]);
    expect(api.customers.invoices.slice(0, 4).map((i) => [i.openAmount, i.status])).toEqual([
      [0, 'paid'],
      [0, 'paid'],
      [0, 'paid'],
      [50, 'open'],
    ]);
    // Posting again sends nothing already posted.
    expect(await postDocumentSheet(ctx, 'customerReceipts')).toMatchObject({ params: { posted: 0, skipped: 3 } });
    expect(api.customers.receipts).toHaveLength(2);
  });

  test('When an invoice was received elsewhere since the pull, then the server refuses the over-allocation on its row and the receipt it belongs to writes nothing', async () => {
    const excel = useFakeExcel();
    const api = receivable();
    const { ctx } = fakeSession(api, 'zh');
    await pullReceivables(ctx, 'C1');
    api.customers.invoices[0]!.openAmount = 60;
    typeRows(excel, '收款', [
      { 收款账户: 'ICBC', 本次收款: 100.1 },
      { 收款账户: 'ICBC', 本次收款: 0.2 },
    ]);
    expect(await postDocumentSheet(ctx, 'customerReceipts')).toMatchObject({ tone: 'warn', params: { posted: 0, failed: 2 } });
    expect(statuses(excel, '收款', '状态').slice(0, 2)).toEqual(['✗ 本次收款: at most 60.00 CNY is open on SI-2026-000001', '✗ 未过账：The receipt cannot be allocated (#1)']);
    expect(api.customers.receipts).toEqual([]);
    expect(api.customers.invoices[1]!.openAmount).toBe(0.2);
  });

  test('When a dollar invoice is received into a yuan account, then the server names the currency on its row', async () => {
    const excel = useFakeExcel();
    const api = receivable();
    const { ctx } = fakeSession(api, 'en');
    await pullReceivables(ctx, 'C3');
    typeRows(excel, 'Customer receipts', [{ 'Cash account': 'CASH', 'Amount received': 30 }]);
    await postDocumentSheet(ctx, 'customerReceipts');
    expect(statuses(excel, 'Customer receipts')).toEqual(['✗ Currency: CASH holds CNY, not USD']);
  });

  async function receiptSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    for (let i = 0; i < count; i++) api.customers.addInvoice(i % 2 ? 'C1' : 'C2', 10 + i);
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullReceivables(ctx, '');
    const pull = excel.stats.syncCount;
    const header = sheetTable(excel, 'Customer receipts')[0]!;
    const sheet = excel.model.sheetByName('Customer receipts')!;
    excel.model.typeValues(sheet, 1, header.indexOf('Cash account'), Array.from({ length: count }, () => ['ICBC']));
    excel.model.typeValues(sheet, 1, header.indexOf('Amount received'), Array.from({ length: count }, () => [1]));
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'customerReceipts')).params).toMatchObject({ posted: count, documents: 2, failed: 0 });
    return { pull, post: excel.stats.syncCount };
  }

  test('When 10 or 1,000 receivables are pulled and received, then the syncs are the same', async () => {
    expect(await receiptSyncs(1000)).toEqual(await receiptSyncs(10));
  });
});

describe('Posting a sales returns sheet', () => {
  /** Order → shipment → 4 of the 10 bolts invoiced, in the sales fake; a second shipment not invoiced at all. */
  async function shipped() {
    const api = server();
    const order = api.sales.addApprovedOrder('C1', 'WH1', [
      { sku: 'A-001', qty: 10, unitPrice: 5, taxRate: 0.13 },
      { sku: 'B-002', qty: 4, unitPrice: 8, taxRate: 0 },
    ]);
    const first = api.sales.ship(order.id, [{ lineId: order.lines[0]!.id, qty: 10 }]);
    const second = api.sales.ship(order.id, [{ lineId: order.lines[1]!.id, qty: 4 }]);
    const invoice = { customerCode: 'C1', lines: [{ shipmentLineId: first.lines[0]!.id, qty: 4 }] };
    await api.fetch('https://jxc.test/api/v1/sales-invoices/batch', { method: 'POST', body: JSON.stringify({ documents: [{ ref: 'inv-1', document: invoice }] }) });
    return { api, first, second };
  }

  test('When returns are typed against shipment numbers, then one return goes out per shipment; goods already invoiced get a credit note at their invoice price, named on the row', async () => {
    const excel = useFakeExcel();
    const { api, first, second } = await shipped();
    const { ctx } = fakeSession(api, 'en');
    expect(await openDocumentSheet(ctx, 'salesReturns')).toMatchObject({ params: { sheet: 'Sales returns' } });
    const header = sheetTable(excel, 'Sales returns')[0]!;
    expect(excel.model.sheetByName('Sales returns')!.validationAt(1, header.indexOf('SKU'))?.source).toBe('=JxcSkuList');
    typeRows(excel, 'Sales returns', [
      { Shipment: first.number, SKU: 'A-001', Qty: 8, Reason: 'damaged in transit' },
      { Shipment: second.number, SKU: 'B-002', Qty: 1, Batch: 'L1' },
      { Shipment: second.number, SKU: 'B-002', Qty: 9, Batch: 'L1' },
    ]);
    expect(await postDocumentSheet(ctx, 'salesReturns')).toMatchObject({ tone: 'warn', params: { posted: 1, documents: 1, failed: 2 } });
    expect(sentDocuments(api, 'sales-returns').map((d) => d.document)).toEqual([
      { shipmentNumber: first.number, reason: 'damaged in transit', lines: [{ sku: 'A-001', qty: 8 }] },
      { shipmentNumber: second.number, lines: [{ sku: 'B-002', qty: 1, batchNo: 'L1' }, { sku: 'B-002', qty: 9, batchNo: 'L1' }] },
    ]);
    // Six bolts were not invoiced; the other two are credited at 5 + 13 % VAT each.
    const creditNote = api.customers.invoices.find((i) => i.kind === 'credit-note')!;
    expect([creditNote.number, creditNote.total, creditNote.openAmount]).toEqual(['SI-2026-000002', -11.3, -11.3]);
    expect(statuses(excel, 'Sales returns')).toEqual([
      '✓ SRT-2026-000001, credit note SI-2026-000002',
      '✗ not posted: More than was shipped (#2)',
      `✗ Qty: only 4 left of ${second.number} not yet returned`,
    ]);

    // The second return fixed: it raises no credit note, as nothing of it was invoiced.
    typeAt(excel, 'Sales returns', 'Qty', 3, 2);
    expect(await postDocumentSheet(ctx, 'salesReturns')).toMatchObject({ params: { posted: 2, documents: 1, failed: 0, skipped: 1 } });
    expect(statuses(excel, 'Sales returns').slice(1)).toEqual(['✓ SRT-2026-000002', '✓ SRT-2026-000002']);
    expect(api.sales.shipmentLines.get(second.lines[0]!.id)!.returned).toBe(3);
  });

  test('When a shipment number is unknown, then the server names the shipment on its rows and nothing is returned', async () => {
    const excel = useFakeExcel();
    const { api } = await shipped();
    const { ctx } = fakeSession(api, 'zh');
    await openDocumentSheet(ctx, 'salesReturns');
    typeRows(excel, '销售退货', [{ 发货单号: 'SH-2026-999999', 商品编码: 'A-001', 退货数量: 1 }]);
    await postDocumentSheet(ctx, 'salesReturns');
    expect(statuses(excel, '销售退货', '状态')).toEqual(['✗ 发货单号: no shipment SH-2026-999999']);
    expect(api.customers.returns).toEqual([]);
  });

  async function returnSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    api.customers.refuse = () => ({ status: 201, body: { id: 1, number: 'SRT-2026-000001', creditNoteNumber: null } });
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'salesReturns');
    typeRows(excel, 'Sales returns', Array.from({ length: count }, (_, i) => ({ Shipment: `SH-2026-${String(i % 7).padStart(6, '0')}`, SKU: 'A-001', Qty: 1 })));
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'salesReturns')).params).toMatchObject({ posted: count, failed: 0 });
    return excel.stats.syncCount;
  }

  test('When 10 or 1,000 return rows are posted, then the syncs are the same', async () => {
    expect(await returnSyncs(1000)).toBe(await returnSyncs(10));
  });
});

describe('Publishing the service tickets sheet', () => {
  function ticketing(): FakeServer {
    const api = server();
    api.customers.addTicket('C1', { subject: 'Pump leaks', assigneeId: 5 });
    api.customers.addTicket('C2', { subject: 'Wrong colour', kind: 'complaint' });
    api.customers.addTicket('C1', { subject: 'Noise', status: 'in-progress', priority: 'high' });
    api.customers.addTicket('C2', { subject: 'Done already', status: 'resolved' });
    return api;
  }
  const tickets = (api: FakeServer) => [...api.customers.tickets.values()];

  test('When open tickets are pulled and changed, then an edit is a PATCH at its version, a status change a transition with its note, and a move the server does not allow is refused on its row', async () => {
    const excel = useFakeExcel();
    const api = ticketing();
    const { ctx } = fakeSession(api, 'en');
    expect(await pullTickets(ctx, false)).toMatchObject({ key: 'result.ticketsPulled', params: { count: 3, sheet: 'Service tickets' } });
    expect(sheetObjects(excel, 'Service tickets').map((r) => [r.Ticket, r.Customer, r.Kind, r.Subject, r.Priority, r.Assignee, r['Ticket status']])).toEqual([
      ['ST-2026-000001', 'C1', 'Repair', 'Pump leaks', 'Normal', 'wang', 'Open'],
      ['ST-2026-000002', 'C2', 'Complaint', 'Wrong colour', 'Normal', '', 'Open'],
      ['ST-2026-000003', 'C1', 'Repair', 'Noise', 'High', '', 'In progress'],
    ]);
    const header = sheetTable(excel, 'Service tickets')[0]!;
    expect(excel.model.sheetByName('Service tickets')!.validationAt(1, header.indexOf('Ticket status'))?.source).toBe('=JxcTicketStatusList');
    typeAt(excel, 'Service tickets', 'Priority', 1, 'High');
    typeAt(excel, 'Service tickets', 'Assignee', 1, 'li');
    typeAt(excel, 'Service tickets', 'Ticket status', 2, '处理中');
    typeAt(excel, 'Service tickets', 'Note', 2, 'called the customer');
    typeAt(excel, 'Service tickets', 'Ticket status', 3, 'Closed');

    expect(await publishTickets(ctx)).toMatchObject({ key: 'result.ticketsPublished', tone: 'warn', params: { updated: 1, moved: 1, failed: 1, unchanged: 0 } });
    expect(api.requestsTo('PATCH', /^\/service-tickets\/\d+$/).map((r) => [r.path, r.body])).toEqual([['/service-tickets/1', { priority: 'high', assigneeId: 6, version: 1 }]]);
    const transitions = api.requestsTo('POST', /^\/service-tickets\/\d+\/transition$/);
    expect(transitions.map((r) => [r.path, r.body, r.headers['idempotency-key']])).toEqual([
      ['/service-tickets/2/transition', { status: 'in-progress', note: 'called the customer', version: 1 }, 'ticket-2-v1-in-progress'],
      ['/service-tickets/3/transition', { status: 'closed', version: 1 }, 'ticket-3-v1-closed'],
    ]);
    expect(statuses(excel, 'Service tickets', 'Result')).toEqual(['✓ updated', '✓ now In progress', '✗ Ticket status: in-progress → closed is not allowed']);
    expect(tickets(api).map((t) => [t.priority, t.assigneeId, t.status, t.version])).toEqual([
      ['high', 6, 'open', 2],
      ['normal', null, 'in-progress', 2],
      ['high', null, 'in-progress', 1],
      ['normal', null, 'resolved', 1],
    ]);
    expect(tickets(api)[1]!.history.at(-1)).toMatchObject({ action: 'transition', fromStatus: 'open', toStatus: 'in-progress', note: 'called the customer' });
    expect(sheetObjects(excel, 'Service tickets').map((r) => [r.Note, r.Version])).toEqual([
      ['', 2],
      ['', 2],
      ['', 1],
    ]);
    // Published rows are not sent again; the refused one is, until the clerk changes it.
    typeAt(excel, 'Service tickets', 'Ticket status', 3, 'Resolved');
    expect(await publishTickets(ctx)).toMatchObject({ params: { updated: 0, moved: 1, failed: 0, unchanged: 2 } });
    expect(tickets(api)[2]!.status).toBe('resolved');
  });

  test('When a ticket changed on the server since the pull, then its change is refused (412) and flagged, the server keeping the other change, and a pull asks first', async () => {
    const excel = useFakeExcel();
    const api = ticketing();
    const { ctx } = fakeSession(api, 'zh');
    await pullTickets(ctx, false);
    api.customers.changeTicket(1, { assigneeId: 6, priority: 'low' });
    typeAt(excel, '售后工单', '处理状态', 1, '已解决');
    typeAt(excel, '售后工单', '优先级', 2, '低');
    expect(await publishTickets(ctx)).toMatchObject({ tone: 'warn', params: { updated: 1, moved: 0, failed: 1 } });
    expect(statuses(excel, '售后工单', '发布结果').slice(0, 2)).toEqual(['✗ 拉取后服务器上已被修改，请重新拉取', '✓ 已更新']);
    expect(tickets(api)[0]).toMatchObject({ status: 'open', assigneeId: 6, priority: 'low', version: 2 });
    expect(await pullTickets(ctx, false)).toMatchObject({ key: 'result.ticketsUnpublished', params: { count: 1 }, offer: 'pullTicketsAnyway' });
    expect(await pullTickets(ctx, true)).toMatchObject({ params: { count: 3 } });
    expect(sheetObjects(excel, '售后工单')[0]).toMatchObject({ 优先级: '低', 处理人: 'li', 处理状态: '待处理', 版本: 2, 发布结果: '' });
  });

  test('When the user may not list users, then assignees show as ids and are typed as ids', async () => {
    const excel = useFakeExcel();
    const api = ticketing();
    api.customers.usersForbidden = true;
    const { ctx } = fakeSession(api, 'en');
    await pullTickets(ctx, false);
    expect(sheetObjects(excel, 'Service tickets')[0]!.Assignee).toBe(5);
    typeAt(excel, 'Service tickets', 'Assignee', 2, '6');
    expect(await publishTickets(ctx)).toMatchObject({ params: { updated: 1, failed: 0 } });
    expect(tickets(api)[1]!.assigneeId).toBe(6);
  });

  async function ticketSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    for (let i = 0; i < count; i++) api.customers.addTicket(i % 2 ? 'C1' : 'C2');
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullTickets(ctx, false);
    const pull = excel.stats.syncCount;
    const header = sheetTable(excel, 'Service tickets')[0]!;
    excel.model.typeValues(excel.model.sheetByName('Service tickets')!, 1, header.indexOf('Ticket status'), Array.from({ length: count }, () => ['In progress']));
    excel.stats.reset();
    expect((await publishTickets(ctx)).params).toMatchObject({ moved: count, failed: 0 });
    return { pull, publish: excel.stats.syncCount };
  }

  test('When 10 or 1,000 tickets are pulled and moved, then the syncs are the same', async () => {
    expect(await ticketSyncs(1000)).toEqual(await ticketSyncs(10));
  });
});

describe('The customer panel', () => {
  test('When a cell on a customer row is selected, then the panel names the customer and says their credit and RFM segment in the pane language', async () => {
    const excel = useFakeExcel();
    const api = server();
    api.customers.changeCustomer(1, { creditLimit: 10000 });
    api.customers.addInvoice('C1', 2500.5);
    api.sales.addApprovedOrder('C1', 'WH1', [{ sku: 'A-001', qty: 100, unitPrice: 5, taxRate: 0.13 }]);
    api.customers.behaviour.set(1, { segment: 'champions', rfm: { r: 5, f: 4, m: 5 }, lastOrderDate: '2026-03-08', recencyDays: 7, revenue: 12345.6, averageDaysToPay: 21.37 });
    const { ctx } = fakeSession(api, 'en');
    await pullReceivables(ctx, '');
    excel.model.select(1, 4);
    expect(await selectedCustomerCode()).toBe('C1');
    const data = await loadCustomerPanel(ctx, 'c1');
    const view = customerPanelView(data!, translator('en'), 'en');
    expect(view.title).toBe('C1 · 华联超市');
    expect(view.lines.map((l) => [l.label, l.value, l.tone ?? ''])).toEqual([
      ['Credit limit', '10,000.00', ''],
      ['Open receivables', '2,500.50', ''],
      ['Approved orders not invoiced', '565.00', ''],
      ['Used', '3,065.50', ''],
      ['Available', '6,934.50', ''],
      ['RFM segment', 'Champions (R 5 · F 4 · M 5)', ''],
      ['Last order', '2026-03-08 (7 days ago)', ''],
      ['Revenue (excl. tax)', '12,345.60', ''],
      ['Average days to pay', '21.4', ''],
    ]);
    expect(api.requestsTo('GET', /^\/customers\/1\/(credit|behaviour)$/)).toHaveLength(2);
    const zh = customerPanelView(data!, translator('zh'), 'zh');
    expect(zh.lines.slice(4, 6).map((l) => [l.label, l.value])).toEqual([
      ['可用额度', '6,934.50'],
      ['RFM 分群', '重要价值客户 (R 5 · F 4 · M 5)'],
    ]);
  });

  test('When the limit was lowered below what is used, there is no limit, or the customer has no sales, then the panel says so', async () => {
    useFakeExcel();
    const api = server();
    api.customers.changeCustomer(2, { creditLimit: 100 });
    api.customers.addInvoice('C2', 150);
    const { ctx } = fakeSession(api, 'en');
    const over = customerPanelView((await loadCustomerPanel(ctx, 'C2'))!, translator('en'), 'en');
    expect(over.lines.find((l) => l.testid === 'customer-available')).toMatchObject({ value: '-50.00', tone: 'error' });
    expect(over.lines.find((l) => l.testid === 'customer-segment')!.value).toBe('no sales yet');
    expect(over.lines.map((l) => l.testid)).not.toContain('customer-last-order');
    const free = customerPanelView((await loadCustomerPanel(ctx, 'C1'))!, translator('zh'), 'zh');
    expect(free.lines.filter((l) => ['customer-limit', 'customer-available'].includes(l.testid)).map((l) => l.value)).toEqual(['不限', '不限']);
    expect(await loadCustomerPanel(ctx, 'NOPE')).toBeNull();
  });

  test('When the selection moves to a row of another customer, then the panel follows it; a selection without a customer names none', async () => {
    const excel = useFakeExcel();
    const api = server();
    api.customers.addInvoice('C1', 10);
    api.customers.addInvoice('C2', 20);
    const { ctx } = fakeSession(api, 'en');
    await pullReceivables(ctx, '');
    const seen: Array<string | null> = [];
    const stop = await watchSelection(() => void selectedCustomerCode().then((code) => seen.push(code)));
    const heard = async (count: number) => {
      while (seen.length < count) await waitForEvents();
    };
    excel.model.select(2, 0);
    await heard(1);
    excel.model.select(1, 7);
    await heard(2);
    excel.model.select(0, 1);
    await heard(3);
    await stop();
    expect(seen).toEqual(['C2', 'C1', null]);
  });
});
