/**
 * The sales sheets: the pure mapping of rows to orders, shipments and
 * invoices (and of refusals back to rows), then the real workflows on the
 * fake workbook against the fake server's sales endpoints (built in
 * parallel on the server) — orders created and approved against the
 * customer's credit and the stock, shipments of pulled open lines, invoices
 * per customer and currency of pulled shipped lines — each row with its
 * number or its own error, posting again posting nothing twice, and the
 * Excel syncs not growing with the rows.
 */
import { translator } from '../../addin/i18n';
import { applyDocumentResults, planDocumentPost } from '../../addin/sheets/document-sheet';
import type { Cell } from '../../addin/sheets/cells';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import { SalesLookups } from '../../addin/sheets/sales-lookups';
import { approvalRefusal, SALES_ORDER_KIND, SALES_ORDER_LAYOUT } from '../../addin/sheets/sales-order-sheet';
import { SALES_INVOICE_KIND, SALES_INVOICE_LAYOUT, uninvoicedShipmentRows } from '../../addin/sheets/sales-invoice-sheet';
import { SHIPMENT_KIND, SHIPMENT_LAYOUT, shipLineRows } from '../../addin/sheets/shipment-sheet';
import { decodeDocKey } from '../../addin/sheets/row-key';
import { LINES_PER_REQUEST, openDocumentSheet, postDocumentSheet } from '../../addin/workflows/documents';
import { pullShipLines, pullUninvoicedShipments } from '../../addin/workflows/sales';
import type { OpenSalesLineView } from '../../contract/sales-orders';
import type { UninvoicedShipmentLineView } from '../../contract/sales-invoices';
import { addinSession, FakeServer, fakeSession, sheetObjects, sheetTable, typeAt, typeRows } from '../support/addin-workflow';
import { useFakeExcel } from '../support/fake-workbook';
import { createItem, receive } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { createCustomer } from '../support/sales-orders';
import { lookups, sheetRows } from '../support/sheet-rows';
import { TestApp } from '../support/test-app';

type Excel = ReturnType<typeof useFakeExcel>;

const statuses = (excel: Excel, sheetName: string, header = 'Status') => sheetObjects(excel, sheetName).map((r) => String(r[header]));
const batches = (api: FakeServer, endpoint: string) => api.requestsTo('POST', new RegExp(`^/${endpoint}/batch$`));
const sentDocuments = (api: FakeServer, endpoint: string) => batches(api, endpoint).flatMap((r) => (r.body as { documents: Array<{ ref: string; document: Record<string, unknown> }> }).documents);
const column = (excel: Excel, sheetName: string, header: string) => sheetTable(excel, sheetName)[0]!.indexOf(header);
const en = (status: RowStatus | undefined, layout = SALES_ORDER_LAYOUT) => (status ? renderStatus(status, layout, translator('en'), 'en') : '');

/** A network that loses the answers to requests matching `path` — after the server acted — until restored. */
function losingAnswers(path: RegExp): { wrap: (f: typeof fetch) => typeof fetch; restore(): void } {
  let losing = true;
  return {
    wrap: (f) => async (input, init) => {
      const res = await f(input, init);
      if (losing && path.test(String(input))) throw new TypeError('fetch failed: socket hang up');
      return res;
    },
    restore: () => {
      losing = false;
    },
  };
}

function server(): FakeServer {
  const api = new FakeServer();
  api.addItem({ sku: 'A-1', name: 'Bolt', salePrice: 5, taxRate: 0.13, purchasePrice: 2 });
  api.addItem({ sku: 'B-2', name: 'Milk', batchTracked: true, salePrice: 8 });
  api.addItem({ sku: 'C-3', name: 'Nut' });
  api.sales.stockUp('WH1', 'A-1', 100);
  api.sales.stockUp('WH1', 'B-2', 6, { batchNo: 'L1', expiryDate: '2026-06-30' });
  api.sales.stockUp('WH1', 'B-2', 10, { batchNo: 'L2', expiryDate: '2026-09-30' });
  api.sales.stockUp('WH2', 'A-1', 5);
  api.sales.stockUp('WH2', 'C-3', 50);
  return api;
}

const salesLookups = () =>
  new SalesLookups(lookups(), [
    { id: 1, code: 'C1', name: '华联超市', currency: 'CNY', active: true },
    { id: 4, code: 'C9', name: '旧客户', currency: 'CNY', active: false },
  ]);

describe('Sales rows as documents (pure)', () => {
  const orderRow = (r: Record<string, Cell>): Record<string, Cell> => ({ customer: 'C1', warehouse: 'WH1', sku: 'A-001', qty: 2, ...r });

  test('When order rows are read, then rows of a Doc ref form one order, a blank price is left to the server, and each bad cell is named on its own row while the rest of its order waits', () => {
    const plan = planDocumentPost(
      SALES_ORDER_KIND,
      sheetRows(SALES_ORDER_LAYOUT, [
        orderRow({ docRef: 'S1', date: '2026-03-02', unitPrice: 4.5, discount: 0.1, taxRate: 0.13, approve: '是' }),
        orderRow({ docRef: 'S1', date: '2026-03-02', sku: '00123', qty: '3', approve: '是' }),
        orderRow({ docRef: 'S2', customer: '华联超市', qty: '' }),
        orderRow({ docRef: 'S2', qty: 'two' }),
        orderRow({ docRef: 'S3', sku: 'NOPE' }),
        orderRow({ docRef: 'S4', customer: 'ZZ' }),
        orderRow({ docRef: 'S5', customer: 'C9', unitPrice: 'abc' }),
      ]),
      salesLookups(),
    );
    expect(plan.documents.map((d) => d.body)).toEqual([
      {
        customerCode: 'C1',
        warehouseCode: 'WH1',
        date: '2026-03-02',
        lines: [
          { sku: 'A-001', qty: 2, unitPrice: 4.5, discount: 0.1, taxRate: 0.13 },
          { sku: '00123', qty: 3 },
        ],
      },
    ]);
    expect(plan.documents[0]!.header).toMatchObject({ approve: true });
    expect([1, 2, 3, 4, 5, 6].map((i) => en(plan.statuses.get(i)))).toEqual([
      '… sent; waiting for the server',
      '✗ Qty: is required',
      '✗ Qty: is not a number ("two")',
      '✗ SKU: unknown SKU "NOPE"',
      '✗ Customer: unknown customer "ZZ"',
      '✗ Customer: customer C9 is inactive; Unit price: is not a number ("abc")',
    ]);
    expect(plan).toMatchObject({ invalid: 5, lineCount: 2 });
  });

  test('When an approval is refused, then a row shows its own line’s shortage, else the credit limit the server stated, else the lines it named', () => {
    const credit = { type: 'about:blank', title: 'C1 would go over its credit limit', status: 409, code: 'credit.exceeded', errors: [{ path: 'creditLimit', message: 'limit 1000.00, used 600.00, this order 500.00: 100.00 over the limit' }] };
    const stock = { type: 'about:blank', title: 'Not enough stock', detail: 'Not enough stock to reserve 1 line(s); nothing was approved.', status: 409, code: 'stock.insufficient', errors: [{ path: 'lines[1].qty', row: 1, message: 'B-2: ordered 6, only 4 available (unexpired, not reserved): short by 2' }] };
    expect([approvalRefusal(credit, 0), approvalRefusal(credit, 3)]).toEqual(['limit 1000.00, used 600.00, this order 500.00: 100.00 over the limit', 'limit 1000.00, used 600.00, this order 500.00: 100.00 over the limit']);
    expect([approvalRefusal(stock, 1), approvalRefusal(stock, 0)]).toEqual(['B-2: ordered 6, only 4 available (unexpired, not reserved): short by 2', 'Not enough stock to reserve 1 line(s); nothing was approved. (#2)']);

    const rows = sheetRows(SALES_ORDER_LAYOUT, [orderRow({ key: 'P|so-1|0' }), orderRow({ key: 'P|so-1|1' })]);
    const applied = applyDocumentResults(SALES_ORDER_KIND, rows, new Map([['so-1', { status: 201, number: 'SO-2026-000007', document: { id: 7, number: 'SO-2026-000007' }, followUp: { problem: stock } }]]));
    expect([0, 1].map((i) => en(applied.statuses.get(i)))).toEqual([
      '⚠ SO-2026-000007 saved as a draft, not approved: Not enough stock to reserve 1 line(s); nothing was approved. (#2)',
      '⚠ SO-2026-000007 saved as a draft, not approved: B-2: ordered 6, only 4 available (unexpired, not reserved): short by 2',
    ]);
    expect(applied.attentionRows).toBe(2);
    expect(renderStatus(applied.statuses.get(1)!, SALES_ORDER_LAYOUT, translator('zh'), 'zh')).toBe('⚠ SO-2026-000007 已保存为草稿，未审核：B-2: ordered 6, only 4 available (unexpired, not reserved): short by 2');
  });

  test('When open lines and uninvoiced lines are written, then each is one row in order and line order, by customer and currency, carrying its hidden ids', () => {
    const open = (over: Partial<OpenSalesLineView>): OpenSalesLineView => ({ salesOrderId: 1, orderNumber: 'SO-2026-000001', lineId: 201, line: 0, customerId: 1, customerCode: 'C1', warehouseId: 10, warehouseCode: 'WH1', itemId: 1, sku: 'A-1', name: 'Bolt', batchTracked: false, ordered: 10, shipped: 4, remaining: 6, reserved: 6, available: 90, ...over });
    expect(shipLineRows([open({ orderNumber: 'SO-2026-000002', salesOrderId: 2, lineId: 205 }), open({ line: 1, lineId: 202, sku: 'B-2' }), open({})])).toEqual([
      ['', 'SO-2026-000001', '201', 'C1', 'WH1', 'A-1', 'Bolt', 10, 4, 6, 6, 90, '', '', '', '', '1', ''],
      ['', 'SO-2026-000001', '202', 'C1', 'WH1', 'B-2', 'Bolt', 10, 4, 6, 6, 90, '', '', '', '', '1', ''],
      ['', 'SO-2026-000002', '205', 'C1', 'WH1', 'A-1', 'Bolt', 10, 4, 6, 6, 90, '', '', '', '', '2', ''],
    ]);
    expect(SHIPMENT_LAYOUT.columns).toHaveLength(18);
    const shipped = (over: Partial<UninvoicedShipmentLineView>): UninvoicedShipmentLineView => ({ shipmentLineId: 701, shipmentId: 1, shipmentNumber: 'SH-2026-000001', salesOrderLineId: 201, salesOrderId: 1, orderNumber: 'SO-2026-000001', customerId: 1, customerCode: 'C1', itemId: 1, sku: 'A-1', name: 'Bolt', qty: 4, unitPrice: 5, taxRate: 0.13, currency: 'CNY', date: '2026-03-05', ...over });
    expect(uninvoicedShipmentRows([shipped({ customerCode: 'C3', currency: 'USD', shipmentLineId: 709 }), shipped({ shipmentLineId: 702, shipmentNumber: 'SH-2026-000002' }), shipped({})]).map((r) => [r[1], r[3], r[10], r[12]])).toEqual([
      ['C1', 'SH-2026-000001', 'CNY', '701'],
      ['C1', 'SH-2026-000002', 'CNY', '702'],
      ['C3', 'SH-2026-000001', 'USD', '709'],
    ]);
    expect(SALES_INVOICE_LAYOUT.columns).toHaveLength(14);
  });

  test('When shipment and invoice rows are read, then rows of one order form one shipment and rows of one customer and currency one invoice; a batch on an untracked item, a row not pulled and a cleared quantity are told apart', () => {
    const ship = planDocumentPost(
      SHIPMENT_KIND,
      sheetRows(SHIPMENT_LAYOUT, [
        { order: 'SO-1', lineId: '201', sku: 'A-001', orderId: '1', qty: 2 },
        { order: 'SO-1', lineId: '202', sku: 'B-002', orderId: '1', qty: 1, batchNo: 'L1' },
        { order: 'SO-2', lineId: '205', sku: 'A-001', orderId: '2', qty: 1, batchNo: 'L1' },
        { order: 'SO-3', lineId: '', sku: 'A-001', orderId: '', qty: 1 },
        { order: 'SO-4', lineId: '209', sku: 'A-001', orderId: '4' },
      ]),
      lookups(),
    );
    expect(ship.documents.map((d) => d.body)).toEqual([{ salesOrderId: 1, lines: [{ lineId: 201, qty: 2 }, { lineId: 202, qty: 1, batchNo: 'L1' }] }]);
    expect([2, 3].map((i) => en(ship.statuses.get(i), SHIPMENT_LAYOUT))).toEqual(['✗ Batch: this item is not batch-tracked: leave it empty', '✗ Order: this row was not pulled by JXC; pull again; Line id: this row was not pulled by JXC; pull again']);
    expect(ship.statuses.has(4)).toBe(false);

    const invoice = planDocumentPost(
      SALES_INVOICE_KIND,
      sheetRows(SALES_INVOICE_LAYOUT, [
        { customer: 'C1', currency: 'CNY', shipmentLineId: '701', qty: 4, unitPrice: 5, taxRate: 0.13 },
        { customer: 'C1', currency: 'CNY', shipmentLineId: '702', qty: 1, unitPrice: '' },
        { customer: 'C1', currency: 'USD', shipmentLineId: '703', qty: 2, unitPrice: 1.5 },
        { customer: 'C1', currency: 'CNY', shipmentLineId: '704', qty: '' },
        { customer: 'C1', currency: 'CNY', date: '2026-03-31', shipmentLineId: '705', qty: 1 },
      ]),
      salesLookups(),
    );
    expect(invoice.documents.map((d) => d.body)).toEqual([
      { customerCode: 'C1', lines: [{ shipmentLineId: 701, qty: 4, unitPrice: 5, taxRate: 0.13 }, { shipmentLineId: 702, qty: 1 }] },
      { customerCode: 'C1', lines: [{ shipmentLineId: 703, qty: 2, unitPrice: 1.5 }] },
      { customerCode: 'C1', date: '2026-03-31', lines: [{ shipmentLineId: 705, qty: 1 }] },
    ]);
    expect(invoice.statuses.has(3)).toBe(false);
  });
});

describe('Posting a sales orders sheet', () => {
  test('When the sheet is opened, then the customer, warehouse and SKU columns read lists, the customer list holding the active customers', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(server(), 'zh');
    expect(await openDocumentSheet(ctx, 'salesOrders')).toMatchObject({ key: 'result.templateReady', params: { sheet: '销售订单' } });
    const sheet = excel.model.sheetByName('销售订单')!;
    expect(sheetTable(excel, '销售订单')[0]).toEqual(['单据分组', '客户', '发货仓库', '订单日期', '商品编码', '数量', '单价', '折扣', '税率', '审核', '状态', 'JXC key']);
    expect(sheet.validationAt(1, column(excel, '销售订单', '客户'))?.source).toBe('=JxcCustomerList');
    expect(sheet.validationAt(1, column(excel, '销售订单', '发货仓库'))?.source).toBe('=JxcWarehouseList');
    expect(sheet.validationAt(1, column(excel, '销售订单', '商品编码'))?.source).toBe('=JxcSkuList');
    const lists = excel.model.sheetByName('JXC.Lists')!;
    expect([0, 1, 2, 3, 4].map((r) => lists.read(r, 8))).toEqual(['Customer', 'C1', 'C2', 'C3', '']);
  });

  test('When orders are posted with Approve set, then each is created and approved; one over its customer’s credit and one short of stock keep their draft numbers and say why in amber; each bad row is red on its own field and not sent', async () => {
    const excel = useFakeExcel();
    const api = server();
    api.sales.customers.find((c) => c.code === 'C2')!.creditLimit = 1000;
    api.sales.owe('C2', 600);
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'salesOrders');
    typeRows(excel, 'Sales orders', [
      { 'Doc ref': 'S1', Customer: 'C1', Warehouse: 'WH1', Date: '2026-03-02', SKU: 'A-1', Qty: 10, 'Unit price': 6, Approve: 'Y' },
      { 'Doc ref': 'S1', Customer: 'C1', Warehouse: 'WH1', Date: '2026-03-02', SKU: 'B-2', Qty: 4, Discount: 0.25, 'Tax rate': 0.09, Approve: 'Y' },
      { 'Doc ref': 'S2', Customer: 'Acme Retail', Warehouse: 'WH1', SKU: 'A-1', Qty: 80, Approve: 'Y' },
      { 'Doc ref': 'S3', Customer: 'C1', Warehouse: 'WH2', SKU: 'C-3', Qty: 5, 'Unit price': 1, Approve: 'Y' },
      { 'Doc ref': 'S3', Customer: 'C1', Warehouse: 'WH2', SKU: 'A-1', Qty: 6, Approve: 'Y' },
      { 'Doc ref': 'S4', Customer: 'C1', Warehouse: 'WH2', SKU: 'C-3', Qty: 5, 'Unit price': 1 },
      { 'Doc ref': 'S5', Customer: 'C1', Warehouse: 'WH1', SKU: 'A-1' },
      { 'Doc ref': 'S6', Customer: 'C1', Warehouse: 'WH1', SKU: 'A-1', Qty: 'ten' },
      { 'Doc ref': 'S7', Customer: 'C1', Warehouse: 'WH1', SKU: 'NOPE', Qty: 1 },
      { 'Doc ref': 'S8', Customer: 'Nobody', Warehouse: 'WH1', SKU: 'A-1', Qty: 1 },
    ]);
    const result = await postDocumentSheet(ctx, 'salesOrders');
    expect(result).toMatchObject({ tone: 'warn', key: 'result.postedAttention', params: { posted: 6, documents: 4, failed: 4, attention: 3 } });
    expect(statuses(excel, 'Sales orders')).toEqual([
      '✓ SO-2026-000001 approved',
      '✓ SO-2026-000001 approved',
      '⚠ SO-2026-000002 saved as a draft, not approved: limit 1000.00, used 600.00, this order 452.00: 52.00 over the limit',
      '⚠ SO-2026-000003 saved as a draft, not approved: Not enough stock to reserve 1 line(s); nothing was approved. (#2)',
      '⚠ SO-2026-000003 saved as a draft, not approved: A-1: ordered 6, only 5 available (unexpired, not reserved): short by 1',
      '✓ SO-2026-000004 (draft)',
      '✗ Qty: is required',
      '✗ Qty: is not a number ("ten")',
      '✗ SKU: unknown SKU "NOPE"',
      '✗ Customer: unknown customer "Nobody"',
    ]);
    expect(sentDocuments(api, 'sales-orders').map((d) => d.document)).toEqual([
      { customerCode: 'C1', warehouseCode: 'WH1', date: '2026-03-02', lines: [{ sku: 'A-1', qty: 10, unitPrice: 6 }, { sku: 'B-2', qty: 4, discount: 0.25, taxRate: 0.09 }] },
      { customerCode: 'C2', warehouseCode: 'WH1', lines: [{ sku: 'A-1', qty: 80 }] },
      { customerCode: 'C1', warehouseCode: 'WH2', lines: [{ sku: 'C-3', qty: 5, unitPrice: 1 }, { sku: 'A-1', qty: 6 }] },
      { customerCode: 'C1', warehouseCode: 'WH2', lines: [{ sku: 'C-3', qty: 5, unitPrice: 1 }] },
    ]);
    const approvals = api.requestsTo('POST', /^\/sales-orders\/\d+\/approve$/);
    expect(approvals.map((r) => r.path)).toEqual(['/sales-orders/1/approve', '/sales-orders/2/approve', '/sales-orders/3/approve']);
    const refs = sentDocuments(api, 'sales-orders').map((d) => d.ref);
    expect(approvals.map((r) => r.headers['idempotency-key'])).toEqual(refs.slice(0, 3).map((ref) => `${ref}-approve`));
    const orders = [...api.sales.orders.values()];
    expect(orders.map((o) => [o.status, o.total])).toEqual([
      ['approved', 93.96],
      ['draft', 452],
      ['draft', 38.9],
      ['draft', 5],
    ]);
    // The blank price took the item's sale price; the order holds what it approved, nothing more.
    expect(orders[0]!.lines.map((l) => [l.unitPrice, l.amount, l.tax, l.reserved])).toEqual([
      [6, 60, 7.8, 10],
      [8, 24, 2.16, 4],
    ]);
    expect([...api.sales.reserved.values()]).toEqual([10, 4]);
    expect(excel.model.sheetByName('Sales orders')!.fontColorAt(3, column(excel, 'Sales orders', 'Status'))).toBe('#B76E00');
    expect(excel.model.sheetByName('Sales orders')!.fontColorAt(7, column(excel, 'Sales orders', 'Status'))).toBe('#C50F1F');

    // Posting again sends only the fixed row; the refused approvals stay on their rows.
    typeAt(excel, 'Sales orders', 'Qty', 7, 1);
    expect((await postDocumentSheet(ctx, 'salesOrders')).params).toMatchObject({ posted: 1, documents: 1, skipped: 6 });
    expect(sentDocuments(api, 'sales-orders').slice(4).map((d) => d.document)).toEqual([{ customerCode: 'C1', warehouseCode: 'WH1', lines: [{ sku: 'A-1', qty: 1 }] }]);
    expect(statuses(excel, 'Sales orders')[2]).toMatch(/^⚠ SO-2026-000002 saved as a draft/);
    expect(statuses(excel, 'Sales orders')[6]).toBe('✓ SO-2026-000005 (draft)');
  });

  test('When the answer to a post is lost, then posting again creates and approves each order once, under the same refs', async () => {
    const excel = useFakeExcel();
    const api = server();
    const network = losingAnswers(/\/sales-orders\/batch$/);
    const { ctx } = fakeSession(api, 'en', network.wrap);
    await openDocumentSheet(ctx, 'salesOrders');
    typeRows(excel, 'Sales orders', [
      { Customer: 'C1', Warehouse: 'WH1', SKU: 'A-1', Qty: 2, Approve: 'Y' },
      { Customer: 'C2', Warehouse: 'WH1', SKU: 'A-1', Qty: 3 },
    ]);
    await expect(postDocumentSheet(ctx, 'salesOrders')).rejects.toMatchObject({ kind: 'network' });
    expect(sheetObjects(excel, 'Sales orders').map((r) => decodeDocKey(r['JXC key'])?.state)).toEqual(['pending', 'pending']);
    expect(api.sales.orders.size).toBe(2);
    network.restore();
    expect(await postDocumentSheet(ctx, 'salesOrders')).toMatchObject({ tone: 'ok', params: { posted: 2, documents: 2 } });
    expect(api.sales.orders.size).toBe(2);
    expect(statuses(excel, 'Sales orders')).toEqual(['✓ SO-2026-000001 approved', '✓ SO-2026-000002 (draft)']);
    const [first, again] = batches(api, 'sales-orders').map((r) => (r.body as { documents: Array<{ ref: string }> }).documents.map((d) => d.ref));
    expect(again).toEqual(first);
    expect(api.requestsTo('POST', /approve$/)).toHaveLength(1);
    expect(await postDocumentSheet(ctx, 'salesOrders')).toMatchObject({ key: 'result.nothingToPost' });
    expect(batches(api, 'sales-orders')).toHaveLength(2);
  });

  test('When the answer to an approval is lost, then its rows wait to be posted again, and posting again approves the order once', async () => {
    const excel = useFakeExcel();
    const api = server();
    const network = losingAnswers(/\/approve$/);
    const { ctx } = fakeSession(api, 'en', network.wrap);
    await openDocumentSheet(ctx, 'salesOrders');
    typeRows(excel, 'Sales orders', [{ Customer: 'C1', Warehouse: 'WH1', SKU: 'A-1', Qty: 2, Approve: 'Y' }]);
    expect(await postDocumentSheet(ctx, 'salesOrders')).toMatchObject({ tone: 'warn', params: { posted: 0, failed: 1 } });
    expect(statuses(excel, 'Sales orders')).toEqual(['✗ not posted (fetch failed: socket hang up); post again']);
    expect(decodeDocKey(sheetObjects(excel, 'Sales orders')[0]!['JXC key'])?.state).toBe('pending');
    expect(api.sales.orders.get(1)!.status).toBe('approved');
    network.restore();
    expect(await postDocumentSheet(ctx, 'salesOrders')).toMatchObject({ tone: 'ok', params: { posted: 1 } });
    expect(statuses(excel, 'Sales orders')).toEqual(['✓ SO-2026-000001 approved']);
    expect(api.sales.orders.size).toBe(1);
    const approvals = api.requestsTo('POST', /approve$/);
    expect(approvals.map((r) => r.headers['idempotency-key'])).toEqual([approvals[0]!.headers['idempotency-key'], approvals[0]!.headers['idempotency-key']]);
    expect(api.sales.reserved.get(201)).toBe(2);
  });

  test('When no customer is known by a filter, then the pulls say so and fetch nothing', async () => {
    useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'en');
    await expect(pullShipLines(ctx, { customer: 'ZZZ', warehouseId: null })).rejects.toMatchObject({ key: 'error.unknownCustomer', params: { value: 'ZZZ' } });
    await expect(pullUninvoicedShipments(ctx, 'ZZZ')).rejects.toMatchObject({ key: 'error.unknownCustomer' });
    expect(api.requestsTo('GET', /open-lines|uninvoiced/)).toEqual([]);
  });
});

describe('Posting a shipments sheet', () => {
  function withOrders(api: FakeServer) {
    const one = api.sales.addApprovedOrder('C1', 'WH1', [
      { sku: 'A-1', qty: 10, unitPrice: 5 },
      { sku: 'B-2', qty: 8, unitPrice: 8 },
    ]);
    const two = api.sales.addApprovedOrder('C2', 'WH2', [{ sku: 'C-3', qty: 3, unitPrice: 1 }]);
    api.sales.ship(one.id, [{ lineId: one.lines[0]!.id, qty: 4 }]);
    return { one, two };
  }

  test('When approved lines are pulled for a customer, then each line still to ship is a row with ordered, shipped, remaining, reserved and available', async () => {
    const excel = useFakeExcel();
    const api = server();
    withOrders(api);
    const { ctx } = fakeSession(api, 'en');
    expect(await pullShipLines(ctx, { customer: '华联超市', warehouseId: null })).toMatchObject({ key: 'result.shipLinesPulled', params: { count: 2, orders: 1, sheet: 'Shipments' } });
    expect(api.requestsTo('GET', /^\/sales-orders\/open-lines$/).map((r) => r.query)).toEqual([{ customerId: '1', limit: '10000', offset: '0' }]);
    expect(sheetObjects(excel, 'Shipments').map((r) => [r.Order, r['Line id'], r.Customer, r.Warehouse, r.SKU, r.Name, r.Ordered, r.Shipped, r.Remaining, r.Reserved, r.Available])).toEqual([
      ['SO-2026-000001', '201', 'C1', 'WH1', 'A-1', 'Bolt', 10, 4, 6, 6, 90],
      ['SO-2026-000001', '202', 'C1', 'WH1', 'B-2', 'Milk', 8, 0, 8, 8, 8],
    ]);
    expect(await pullShipLines(ctx, { customer: '', warehouseId: 11 })).toMatchObject({ params: { count: 1, orders: 1 } });
    expect(sheetObjects(excel, 'Shipments').map((r) => [r.Order, r.Customer, r.Warehouse, r.SKU, r.Remaining])).toEqual([['SO-2026-000002', 'C2', 'WH2', 'C-3', 3]]);
    expect(api.requestsTo('GET', /^\/sales-orders\/open-lines$/).at(-1)!.query).toMatchObject({ warehouseId: '11' });
  });

  test('When quantities are typed and posted, then each order becomes one shipment, rows left blank are not sent, a named batch goes with its line, and over-shipping is red from the server', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { one, two } = withOrders(api);
    const { ctx } = fakeSession(api, 'en');
    await pullShipLines(ctx, { customer: '', warehouseId: null });
    expect(sheetObjects(excel, 'Shipments').map((r) => r.SKU)).toEqual(['A-1', 'B-2', 'C-3']);
    typeAt(excel, 'Shipments', 'Qty shipped now', 1, 6);
    typeAt(excel, 'Shipments', 'Qty shipped now', 2, 3);
    typeAt(excel, 'Shipments', 'Batch', 2, 'L2');
    typeAt(excel, 'Shipments', 'Qty shipped now', 3, 5);
    const result = await postDocumentSheet(ctx, 'shipments');
    expect(result.params).toMatchObject({ posted: 2, documents: 1, failed: 1 });
    expect(statuses(excel, 'Shipments')).toEqual(['✓ SH-2026-000002', '✓ SH-2026-000002', '✗ Qty shipped now: order line 1: ordered 3, shipped 0, returned 0; at most 3 more can be shipped']);
    expect(sentDocuments(api, 'shipments').map((d) => d.document)).toEqual([
      { salesOrderId: one.id, lines: [{ lineId: 201, qty: 6 }, { lineId: 202, qty: 3, batchNo: 'L2' }] },
      { salesOrderId: two.id, lines: [{ lineId: 203, qty: 5 }] },
    ]);
    expect(one.lines.map((l) => [l.shipped, l.reserved])).toEqual([
      [10, 0],
      [3, 5],
    ]);
    expect(api.sales.stock.filter((s) => s.itemId === 2).map((s) => [s.batchNo, s.qty])).toEqual([
      ['L1', 6],
      ['L2', 7],
    ]);

    typeAt(excel, 'Shipments', 'Qty shipped now', 3, 3);
    typeAt(excel, 'Shipments', 'Date', 3, '2026-03-12');
    expect((await postDocumentSheet(ctx, 'shipments')).params).toMatchObject({ posted: 1, failed: 0, skipped: 2 });
    expect(statuses(excel, 'Shipments')[2]).toBe('✓ SH-2026-000003');
    expect(sentDocuments(api, 'shipments').at(-1)!.document).toEqual({ salesOrderId: two.id, date: '2026-03-12', lines: [{ lineId: 203, qty: 3 }] });
    expect(two.status).toBe('done');
  });
});

describe('Posting a sales invoices sheet', () => {
  function shipped(api: FakeServer) {
    const one = api.sales.addApprovedOrder('C1', 'WH1', [
      { sku: 'A-1', qty: 10, unitPrice: 5, taxRate: 0.13 },
      { sku: 'B-2', qty: 2, unitPrice: 8.5, taxRate: 0.09 },
    ]);
    const two = api.sales.addApprovedOrder('C1', 'WH2', [{ sku: 'C-3', qty: 20, unitPrice: 1.25 }]);
    const usd = api.sales.addApprovedOrder('C3', 'WH2', [{ sku: 'C-3', qty: 10, unitPrice: 2, taxRate: 0 }]);
    api.sales.ship(one.id, [
      { lineId: one.lines[0]!.id, qty: 6 },
      { lineId: one.lines[1]!.id, qty: 2 },
    ]);
    api.sales.ship(two.id, [{ lineId: two.lines[0]!.id, qty: 20 }]);
    api.sales.ship(usd.id, [{ lineId: usd.lines[0]!.id, qty: 10 }]);
    return { one, two, usd };
  }

  test('When shipped lines are pulled and posted, then one invoice goes out per customer and currency, at the pulled prices or the typed ones, and every row shows its invoice number', async () => {
    const excel = useFakeExcel();
    const api = server();
    shipped(api);
    const { ctx } = fakeSession(api, 'en');
    expect(await pullUninvoicedShipments(ctx, '')).toMatchObject({ key: 'result.uninvoicedShipmentsPulled', params: { count: 4, customers: 2, sheet: 'Sales invoices' } });
    expect(sheetObjects(excel, 'Sales invoices').map((r) => [r.Customer, r.Shipment, r.Order, r.SKU, r.Qty, r['Unit price'], r['Tax rate'], r.Currency])).toEqual([
      ['C1', 'SH-2026-000001', 'SO-2026-000001', 'A-1', 6, 5, 0.13, 'CNY'],
      ['C1', 'SH-2026-000001', 'SO-2026-000001', 'B-2', 2, 8.5, 0.09, 'CNY'],
      ['C1', 'SH-2026-000002', 'SO-2026-000002', 'C-3', 20, 1.25, 0, 'CNY'],
      ['C3', 'SH-2026-000003', 'SO-2026-000003', 'C-3', 10, 2, 0, 'USD'],
    ]);
    typeAt(excel, 'Sales invoices', 'Qty', 1, 4);
    typeAt(excel, 'Sales invoices', 'Unit price', 3, 1.2);
    const result = await postDocumentSheet(ctx, 'salesInvoices');
    expect(result).toMatchObject({ tone: 'ok', params: { posted: 4, documents: 2, failed: 0 } });
    expect(statuses(excel, 'Sales invoices')).toEqual(['✓ SI-2026-000001', '✓ SI-2026-000001', '✓ SI-2026-000001', '✓ SI-2026-000002']);
    expect(sentDocuments(api, 'sales-invoices').map((d) => d.document)).toEqual([
      {
        customerCode: 'C1',
        lines: [
          { shipmentLineId: 701, qty: 4, unitPrice: 5, taxRate: 0.13 },
          { shipmentLineId: 702, qty: 2, unitPrice: 8.5, taxRate: 0.09 },
          { shipmentLineId: 703, qty: 20, unitPrice: 1.2, taxRate: 0 },
        ],
      },
      { customerCode: 'C3', lines: [{ shipmentLineId: 704, qty: 10, unitPrice: 2, taxRate: 0 }] },
    ]);
    expect(api.sales.invoices.map((i) => [i.number, i.customerCode, i.currency, i.subtotal, i.tax, i.total, i.baseTotal])).toEqual([
      ['SI-2026-000001', 'C1', 'CNY', 61, 4.13, 65.13, 65.13],
      ['SI-2026-000002', 'C3', 'USD', 20, 0, 20, 144],
    ]);

    // What is left of the first line is pulled again; typing more than that is refused on its row by the server.
    await pullUninvoicedShipments(ctx, 'C1');
    expect(sheetObjects(excel, 'Sales invoices').map((r) => [r.SKU, r.Qty])).toEqual([['A-1', 2]]);
    typeAt(excel, 'Sales invoices', 'Qty', 1, 3);
    await postDocumentSheet(ctx, 'salesInvoices');
    expect(statuses(excel, 'Sales invoices')).toEqual(['✗ Qty: 3 asked, but only 2 of A-1 on SH-2026-000001 is shipped and not yet invoiced']);
  });

  test('When a pulled row’s quantity is cleared, then that row is left out quietly and the rest of the customer’s rows make the invoice', async () => {
    const excel = useFakeExcel();
    const api = server();
    shipped(api);
    const { ctx } = fakeSession(api, 'zh');
    await pullUninvoicedShipments(ctx, 'C1');
    typeAt(excel, '销售发票', '数量', 2, '');
    typeAt(excel, '销售发票', '发票日期', 1, '2026-03-20');
    typeAt(excel, '销售发票', '发票日期', 3, '2026-03-20');
    expect((await postDocumentSheet(ctx, 'salesInvoices')).params).toMatchObject({ posted: 2, documents: 1 });
    expect(statuses(excel, '销售发票', '状态')).toEqual(['✓ SI-2026-000001', '', '✓ SI-2026-000001']);
    expect(sentDocuments(api, 'sales-invoices').map((d) => d.document)).toEqual([
      { customerCode: 'C1', date: '2026-03-20', lines: [{ shipmentLineId: 701, qty: 6, unitPrice: 5, taxRate: 0.13 }, { shipmentLineId: 703, qty: 20, unitPrice: 1.25, taxRate: 0 }] },
    ]);
    expect(api.sales.invoices[0]!.dueDate).toBe('2026-04-19');
  });
});

describe('Sales sheets at size', () => {
  async function orderSyncs(lines: number) {
    const excel = useFakeExcel();
    const api = server();
    api.sales.stockUp('WH1', 'A-1', lines * 10);
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'salesOrders');
    const sheet = excel.model.sheetByName('Sales orders')!;
    excel.model.typeValues(sheet, 1, 0, Array.from({ length: lines }, (_, i) => [`S${Math.floor(i / 50)}`, 'C1', 'WH1', '', 'A-1', 2, '', '', '', 'Y']));
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'salesOrders')).params).toMatchObject({ posted: lines, failed: 0, documents: Math.ceil(lines / 50) });
    return excel.stats.syncCount;
  }

  async function shipAndInvoiceSyncs(lines: number) {
    const excel = useFakeExcel();
    const api = server();
    api.sales.stockUp('WH1', 'A-1', lines * 10);
    for (let o = 0; o < Math.ceil(lines / 50); o++) api.sales.addApprovedOrder('C1', 'WH1', Array.from({ length: Math.min(50, lines - o * 50) }, () => ({ sku: 'A-1', qty: 3, unitPrice: 5 })));
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullShipLines(ctx, { customer: '', warehouseId: null });
    const pullShip = excel.stats.syncCount;
    excel.model.typeValues(excel.model.sheetByName('Shipments')!, 1, column(excel, 'Shipments', 'Qty shipped now'), Array.from({ length: lines }, () => [3]));
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'shipments')).params).toMatchObject({ posted: lines, failed: 0 });
    const postShip = excel.stats.syncCount;
    excel.stats.reset();
    await pullUninvoicedShipments(ctx, '');
    const pullInvoice = excel.stats.syncCount;
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'salesInvoices')).params).toMatchObject({ posted: lines, failed: 0, documents: 1 });
    const postInvoice = excel.stats.syncCount;
    return { syncs: [pullShip, postShip, pullInvoice, postInvoice], shipmentBatches: batches(api, 'shipments').length, shipments: sentDocuments(api, 'shipments').length, invoiceBatches: batches(api, 'sales-invoices').length };
  }

  test('When 10 or 1,000 order lines are posted, then the syncs are the same', async () => {
    expect(await orderSyncs(1000)).toBe(await orderSyncs(10));
  });

  test('When 10 or 1,000 lines are pulled, shipped, pulled again and invoiced, then the syncs are the same at every step, and a large sheet goes in one batch call per 2,000 lines', async () => {
    const small = await shipAndInvoiceSyncs(10);
    const large = await shipAndInvoiceSyncs(1000);
    expect(large.syncs).toEqual(small.syncs);
    const huge = await shipAndInvoiceSyncs(4500);
    expect(huge).toMatchObject({ syncs: small.syncs, shipmentBatches: Math.ceil(4500 / LINES_PER_REQUEST), shipments: 90 });
  });
});

describe('Sales sheets against the server', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await TestApp.start();
    token = await t.adminToken();
    const wh1 = await t.createWarehouse('WH1', '上海仓');
    const bolt = await createItem(t, { sku: 'A-1', name: 'Bolt', salePrice: 5, taxRate: 0.13 });
    const milk = await createItem(t, { sku: 'B-2', name: 'Milk', batchTracked: true, salePrice: 8, taxRate: 0.09 });
    await receive(t, wh1.id, bolt.id, 100, 2);
    await receive(t, wh1.id, milk.id, 5, 4, { batchNo: 'L1', expiryDate: '2099-12-31' });
    await createCustomer(t, { code: 'C1', name: '华联超市' });
    await createCustomer(t, { code: 'C2', name: 'Acme Retail', creditLimit: 100 });
  });
  afterAll(() => t.stop());

  test('When orders are posted, their lines shipped and the shipments invoiced from the sheets, then every row carries its number or the server’s reason, the books and the stock agree, and posting again posts nothing', async () => {
    const excel = useFakeExcel();
    const { ctx } = await addinSession(t, token, 'en');
    await openDocumentSheet(ctx, 'salesOrders');
    typeRows(excel, 'Sales orders', [
      { 'Doc ref': 'S1', Customer: 'C1', Warehouse: 'WH1', SKU: 'A-1', Qty: 10, Approve: 'Y' },
      { 'Doc ref': 'S1', Customer: 'C1', Warehouse: 'WH1', SKU: 'B-2', Qty: 2, Approve: 'Y' },
      { 'Doc ref': 'S2', Customer: 'Acme Retail', Warehouse: 'WH1', SKU: 'A-1', Qty: 30, Approve: 'Y' },
      { 'Doc ref': 'S3', Customer: 'C1', Warehouse: 'WH1', SKU: 'B-2', Qty: 9, Approve: 'Y' },
      { 'Doc ref': 'S4', Customer: 'C1', Warehouse: 'WH1', SKU: 'A-1', Qty: 'x' },
    ]);
    expect((await postDocumentSheet(ctx, 'salesOrders')).params).toMatchObject({ posted: 4, documents: 3, failed: 1, attention: 2 });
    expect(statuses(excel, 'Sales orders')).toEqual([
      '✓ SO-2026-000001 approved',
      '✓ SO-2026-000001 approved',
      '⚠ SO-2026-000002 saved as a draft, not approved: limit 100.00, used 0.00, this order 169.50: 69.50 over the limit',
      '⚠ SO-2026-000003 saved as a draft, not approved: B-2: ordered 9, only 3 available (unexpired, not reserved): short by 6',
      '✗ Qty: is not a number ("x")',
    ].map((status) => status.replace(/2026/g, String(new Date().getFullYear()))));
    const orders = (await t.get('/sales-orders', token)).body.data as Array<{ number: string; status: string }>;
    expect(orders.map((o) => o.status).sort()).toEqual(['approved', 'draft', 'draft']);

    await pullShipLines(ctx, { customer: 'C1', warehouseId: null });
    expect(sheetObjects(excel, 'Shipments').map((r) => [r.SKU, r.Ordered, r.Shipped, r.Remaining, r.Reserved, r.Available])).toEqual([
      ['A-1', 10, 0, 10, 10, 90],
      ['B-2', 2, 0, 2, 2, 3],
    ]);
    typeAt(excel, 'Shipments', 'Qty shipped now', 1, 6);
    typeAt(excel, 'Shipments', 'Qty shipped now', 2, 3);
    await postDocumentSheet(ctx, 'shipments');
    expect(statuses(excel, 'Shipments')[1]).toMatch(/^✗ Qty shipped now: /);
    typeAt(excel, 'Shipments', 'Qty shipped now', 2, 2);
    expect((await postDocumentSheet(ctx, 'shipments')).params).toMatchObject({ posted: 2, documents: 1, failed: 0 });
    const [shipped] = statuses(excel, 'Shipments');
    expect(statuses(excel, 'Shipments')).toEqual([shipped, shipped]);
    expect(shipped).toMatch(/^✓ SH-\d{4}-\d{6}$/);

    await pullUninvoicedShipments(ctx, 'C1');
    expect(sheetObjects(excel, 'Sales invoices').map((r) => [r.Customer, r.SKU, r.Qty, r['Unit price'], r['Tax rate'], r.Currency])).toEqual([
      ['C1', 'A-1', 6, 5, 0.13, 'CNY'],
      ['C1', 'B-2', 2, 8, 0.09, 'CNY'],
    ]);
    typeAt(excel, 'Sales invoices', 'Qty', 1, 4);
    expect((await postDocumentSheet(ctx, 'salesInvoices')).params).toMatchObject({ posted: 2, documents: 1, failed: 0 });
    const [invoiced] = statuses(excel, 'Sales invoices');
    expect(invoiced).toMatch(/^✓ SI-\d{4}-\d{6}$/);
    const invoices = (await t.get('/sales-invoices', token)).body.data as Array<{ number: string; total: number; openAmount: number }>;
    expect(invoices.map((i) => [`✓ ${i.number}`, i.total, i.openAmount])).toEqual([[invoiced, 40.04, 40.04]]);

    expect((await postDocumentSheet(ctx, 'salesOrders')).params).toMatchObject({ posted: 0, failed: 1, skipped: 4 });
    for (const kind of ['shipments', 'salesInvoices'] as const) expect(await postDocumentSheet(ctx, kind)).toMatchObject({ key: 'result.nothingToPost' });
    expect((await t.get('/shipments', token)).body.total).toBe(1);
    await expectInvariants(t);
    await expectStockInvariants(t);
  });
});
