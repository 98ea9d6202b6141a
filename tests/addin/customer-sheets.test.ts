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
