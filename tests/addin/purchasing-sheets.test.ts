/**
 * The purchasing sheets through the real workflows on the fake workbook and
 * the fake server (the purchasing endpoints are built in parallel): purchase
 * orders created and approved within the limit, receipts against pulled open
 * lines, supplier invoices held for a price variance, payments per supplier
 * and account — each row with its number or its own error, and the Excel
 * syncs not growing with the rows.
 */
import { openDocumentSheet, postDocumentSheet, LINES_PER_REQUEST } from '../../addin/workflows/documents';
import { pullOpenLines, pullPayables, pullUninvoiced } from '../../addin/workflows/purchasing';
import { FakeServer, fakeSession, sheetObjects, sheetTable, typeAt, typeRows } from '../support/addin-workflow';
import { useFakeExcel } from '../support/fake-workbook';

type Excel = ReturnType<typeof useFakeExcel>;

const statuses = (excel: Excel, sheetName: string, header = 'Status') => sheetObjects(excel, sheetName).map((r) => String(r[header]));
const batches = (api: FakeServer, endpoint: string) => api.requestsTo('POST', new RegExp(`^/${endpoint}/batch$`));
const sentDocuments = (api: FakeServer, endpoint: string) => batches(api, endpoint).flatMap((r) => (r.body as { documents: Array<{ ref: string; document: Record<string, unknown> }> }).documents);
const column = (excel: Excel, sheetName: string, header: string) => sheetTable(excel, sheetName)[0]!.indexOf(header);

function server(): FakeServer {
  const api = new FakeServer();
  api.addItem({ sku: 'A-1', name: 'Bolt', purchasePrice: 2 });
  api.addItem({ sku: 'B-2', name: 'Milk', batchTracked: true });
  api.addItem({ sku: 'C-3', name: 'Nut' });
  return api;
}

describe('Posting a purchase orders sheet', () => {
  test('When the sheet is opened, then the supplier, warehouse and SKU columns read lists, the supplier list holding the active suppliers', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(server(), 'zh');
    expect(await openDocumentSheet(ctx, 'purchaseOrders')).toMatchObject({ key: 'result.templateReady', params: { sheet: '采购订单' } });
    const sheet = excel.model.sheetByName('采购订单')!;
    expect(sheet.validationAt(1, column(excel, '采购订单', '供应商'))?.source).toBe('=JxcSupplierList');
    expect(sheet.validationAt(1, column(excel, '采购订单', '仓库'))?.source).toBe('=JxcWarehouseList');
    expect(sheet.validationAt(1, column(excel, '采购订单', '商品编码'))?.source).toBe('=JxcSkuList');
    const lists = excel.model.sheetByName('JXC.Lists')!;
    expect([lists.read(0, 7), lists.read(1, 7), lists.read(2, 7), lists.read(3, 7)]).toEqual(['Supplier', 'S1', 'S2', '']);
  });

  test('When orders are posted with Approve set, then each is created as a draft and approved within the limit; one above the limit keeps its draft number and says why in amber; a bad row is red and not sent', async () => {
    const excel = useFakeExcel();
    const api = server();
    api.purchasing.approvalLimit = 1000;
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'purchaseOrders');
    typeRows(excel, 'Purchase orders', [
      { 'Doc ref': 'P1', Supplier: 'S1', Warehouse: 'WH1', Date: '2026-03-02', SKU: 'A-1', Qty: 10, 'Unit price': 2.5, Approve: 'Y' },
      { 'Doc ref': 'P1', Supplier: 'S1', Warehouse: 'WH1', Date: '2026-03-02', SKU: 'C-3', Qty: 4, 'Unit price': 1, Discount: 0.1, 'Tax rate': 0.13, Approve: 'Y' },
      { 'Doc ref': 'P2', Supplier: 'Acme Ltd', Warehouse: 'WH2', SKU: 'A-1', Qty: 1000, 'Unit price': 3, Approve: 'Y' },
      { 'Doc ref': 'P3', Supplier: 'S2', Warehouse: 'WH1', SKU: 'A-1', Qty: 5 },
      { 'Doc ref': 'P4', Supplier: 'NOPE', Warehouse: 'WH1', SKU: 'A-1', Qty: 1.23456 },
    ]);
    const result = await postDocumentSheet(ctx, 'purchaseOrders');
    expect(result).toMatchObject({ tone: 'warn', key: 'result.postedAttention', params: { posted: 4, documents: 3, failed: 1, attention: 1 } });
    expect(statuses(excel, 'Purchase orders')).toEqual([
      '✓ PO-2026-000001 approved',
      '✓ PO-2026-000001 approved',
      '⚠ PO-2026-000002 saved as a draft, not approved: 3000 is above your approval limit of 1000',
      '✓ PO-2026-000003 (draft)',
      '✗ Supplier: unknown supplier "NOPE"; Qty: allows at most 3 decimals',
    ]);
    expect(sentDocuments(api, 'purchase-orders').map((d) => d.document)).toEqual([
      {
        supplierCode: 'S1',
        warehouseCode: 'WH1',
        date: '2026-03-02',
        lines: [
          { sku: 'A-1', qty: 10, unitPrice: 2.5 },
          { sku: 'C-3', qty: 4, unitPrice: 1, discount: 0.1, taxRate: 0.13 },
        ],
      },
      { supplierCode: 'S2', warehouseCode: 'WH2', lines: [{ sku: 'A-1', qty: 1000, unitPrice: 3 }] },
      { supplierCode: 'S2', warehouseCode: 'WH1', lines: [{ sku: 'A-1', qty: 5 }] },
    ]);
    expect(api.requestsTo('POST', /^\/purchase-orders\/\d+\/approve$/).map((r) => r.path)).toEqual(['/purchase-orders/1/approve', '/purchase-orders/2/approve']);
    expect([...api.purchasing.orders.values()].map((o) => o.status)).toEqual(['approved', 'draft', 'draft']);
    expect(excel.model.sheetByName('Purchase orders')!.fontColorAt(3, column(excel, 'Purchase orders', 'Status'))).toBe('#B76E00');

    // Posting again sends nothing: every created row is posted, the refused approval stays on its row.
    typeAt(excel, 'Purchase orders', 'Supplier', 5, 'S1');
    typeAt(excel, 'Purchase orders', 'Qty', 5, 1);
    expect((await postDocumentSheet(ctx, 'purchaseOrders')).params).toMatchObject({ posted: 1, skipped: 4 });
    expect(batches(api, 'purchase-orders')).toHaveLength(2);
    expect(statuses(excel, 'Purchase orders')[2]).toMatch(/^⚠ PO-2026-000002/);
  });

  test('When the server refuses a line the sheet could not foresee (no price known), then that row names the price and its order’s other rows say which line', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(server(), 'en');
    await openDocumentSheet(ctx, 'purchaseOrders');
    typeRows(excel, 'Purchase orders', [
      { 'Doc ref': 'P', Supplier: 'S1', Warehouse: 'WH1', SKU: 'A-1', Qty: 1 },
      { 'Doc ref': 'P', Supplier: 'S1', Warehouse: 'WH1', SKU: 'C-3', Qty: 1 },
    ]);
    await postDocumentSheet(ctx, 'purchaseOrders');
    expect(statuses(excel, 'Purchase orders')).toEqual(['✗ not posted: The order has errors (#2)', '✗ Unit price: no contract or purchase price: enter a price']);
  });
});

describe('Posting a receipts sheet', () => {
  function withOrders(api: FakeServer) {
    const one = api.purchasing.addOrder('S1', 'WH1', [
      { sku: 'A-1', qty: 10, unitPrice: 2 },
      { sku: 'B-2', qty: 6, unitPrice: 5, received: 2 },
    ]);
    const two = api.purchasing.addOrder('S2', 'WH2', [{ sku: 'C-3', qty: 3, unitPrice: 1 }]);
    api.purchasing.addOrder('S1', 'WH1', [{ sku: 'C-3', qty: 1, unitPrice: 1 }], 'draft');
    return { one, two };
  }

  test('When open lines are pulled for a supplier, then only its approved and partial orders’ lines still to receive show, with ordered, received and remaining', async () => {
    const excel = useFakeExcel();
    const api = server();
    withOrders(api);
    api.purchasing.addOrder('S1', 'WH2', [{ sku: 'A-1', qty: 1, unitPrice: 1, received: 1 }], 'partial');
    api.purchasing.listWithoutLines = true;
    const { ctx } = fakeSession(api, 'en');
    expect(await pullOpenLines(ctx, { supplier: '华东五金', warehouseId: null })).toMatchObject({ key: 'result.openLinesPulled', params: { count: 2, orders: 1, sheet: 'Receipts' } });
    expect(api.requestsTo('GET', /^\/purchase-orders$/).map((r) => [r.query.status, r.query.supplierId])).toEqual([
      ['approved', '1'],
      ['partial', '1'],
    ]);
    expect(sheetObjects(excel, 'Receipts').map((r) => [r.Order, r['Line id'], r.Supplier, r.Warehouse, r.SKU, r.Ordered, r.Received, r.Remaining])).toEqual([
      ['PO-2026-000001', '101', 'S1', 'WH1', 'A-1', 10, 0, 10],
      ['PO-2026-000001', '102', 'S1', 'WH1', 'B-2', 6, 2, 4],
    ]);
  });

  test('When quantities are typed and posted, then each order becomes one receipt, rows left blank are not sent, a missing batch is red before sending and an over-receipt is red from the server', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { one, two } = withOrders(api);
    const { ctx } = fakeSession(api, 'en');
    await pullOpenLines(ctx, { supplier: '', warehouseId: null });
    expect(sheetObjects(excel, 'Receipts').map((r) => r.SKU)).toEqual(['A-1', 'B-2', 'C-3']);
    typeAt(excel, 'Receipts', 'Qty received now', 1, 4);
    typeAt(excel, 'Receipts', 'Qty received now', 3, 5);
    const result = await postDocumentSheet(ctx, 'receipts');
    expect(result.params).toMatchObject({ posted: 1, documents: 1, failed: 1 });
    expect(statuses(excel, 'Receipts')).toEqual(['✓ GR-2026-000001', '', '✗ Qty received now: only 3 still to receive']);
    expect(sentDocuments(api, 'goods-receipts').map((d) => d.document)).toEqual([
      { purchaseOrderId: one.id, lines: [{ lineId: 101, qty: 4 }] },
      { purchaseOrderId: two.id, lines: [{ lineId: 103, qty: 5 }] },
    ]);

    typeAt(excel, 'Receipts', 'Qty received now', 2, 4);
    typeAt(excel, 'Receipts', 'Qty received now', 3, 3);
    await postDocumentSheet(ctx, 'receipts');
    expect(statuses(excel, 'Receipts')[1]).toBe('✗ Batch: this item is batch-tracked: a batch number is required');
    typeAt(excel, 'Receipts', 'Batch', 2, 'L-7');
    typeAt(excel, 'Receipts', 'Expiry', 2, '2026-09-30');
    expect((await postDocumentSheet(ctx, 'receipts')).params).toMatchObject({ posted: 1, failed: 0, skipped: 2 });
    expect(statuses(excel, 'Receipts')).toEqual(['✓ GR-2026-000001', '✓ GR-2026-000003', '✓ GR-2026-000002']);
    expect(sentDocuments(api, 'goods-receipts').at(-1)!.document).toEqual({ purchaseOrderId: one.id, lines: [{ lineId: 102, qty: 4, batchNo: 'L-7', expiryDate: '2026-09-30' }] });
    expect(one.lines.map((l) => l.received)).toEqual([4, 6]);
  });

  async function receiptSyncs(lines: number) {
    const excel = useFakeExcel();
    const api = server();
    for (let o = 0; o < Math.ceil(lines / 50); o++) api.purchasing.addOrder('S1', 'WH1', Array.from({ length: Math.min(50, lines - o * 50) }, () => ({ sku: 'A-1', qty: 10, unitPrice: 2 })));
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullOpenLines(ctx, { supplier: '', warehouseId: null });
    const pull = excel.stats.syncCount;
    const sheet = excel.model.sheetByName('Receipts')!;
    excel.model.typeValues(sheet, 1, column(excel, 'Receipts', 'Qty received now'), Array.from({ length: lines }, () => [3]));
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'receipts')).params).toMatchObject({ posted: lines, failed: 0 });
    return { pull, post: excel.stats.syncCount, batches: batches(api, 'goods-receipts').length, documents: sentDocuments(api, 'goods-receipts').length };
  }

  test('When 10 or 1,000 lines are pulled and received, then the syncs are the same', async () => {
    const small = await receiptSyncs(10);
    const large = await receiptSyncs(1000);
    expect([large.pull, large.post]).toEqual([small.pull, small.post]);
  });

  test('When a 5,000-row receipts sheet is posted, then it goes in one batch call per 2,000 lines, whole orders each, in as many syncs as 10 rows', async () => {
    const large = await receiptSyncs(5000);
    expect(large).toMatchObject({ batches: Math.ceil(5000 / LINES_PER_REQUEST), documents: 100 });
    expect(large.post).toBe((await receiptSyncs(10)).post);
  });
});

describe('Posting a supplier invoices sheet', () => {
  async function received() {
    const excel = useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'en');
    api.purchasing.addOrder('S1', 'WH1', [
      { sku: 'A-1', qty: 10, unitPrice: 2 },
      { sku: 'C-3', qty: 5, unitPrice: 1.5 },
    ]);
    await pullOpenLines(ctx, { supplier: 'S1', warehouseId: null });
    typeAt(excel, 'Receipts', 'Qty received now', 1, 10);
    typeAt(excel, 'Receipts', 'Qty received now', 2, 5);
    await postDocumentSheet(ctx, 'receipts');
    return { excel, api, ctx };
  }

  test('When received lines are pulled and invoiced, then an invoice at the order prices posts, and one with another price shows amber with each line’s variance', async () => {
    const { excel, api, ctx } = await received();
    expect(await pullUninvoiced(ctx, 'S1')).toMatchObject({ params: { count: 2, supplier: 'S1', sheet: 'Supplier invoices' } });
    expect(sheetObjects(excel, 'Supplier invoices').map((r) => [r.Supplier, r.Order, r.Receipt, r.SKU, r.Qty, r['Unit price']])).toEqual([
      ['S1', 'PO-2026-000001', 'GR-2026-000001', 'A-1', 10, 2],
      ['S1', 'PO-2026-000001', 'GR-2026-000001', 'C-3', 5, 1.5],
    ]);
    typeAt(excel, 'Supplier invoices', 'Supplier invoice no', 1, 'F-001');
    typeAt(excel, 'Supplier invoices', 'Qty', 1, 6);
    await postDocumentSheet(ctx, 'purchaseInvoices');
    expect(statuses(excel, 'Supplier invoices')).toEqual(['✓ PI-2026-000001', '']);

    typeAt(excel, 'Supplier invoices', 'Supplier invoice no', 2, 'F-002');
    typeAt(excel, 'Supplier invoices', 'Unit price', 2, 1.75);
    const result = await postDocumentSheet(ctx, 'purchaseInvoices');
    expect(result).toMatchObject({ tone: 'warn', key: 'result.postedAttention', params: { posted: 1, attention: 1 } });
    expect(statuses(excel, 'Supplier invoices')[1]).toBe('⚠ PI-2026-000002 held for a price variance: 1.25 (1.5 → 1.75)');
    expect(sentDocuments(api, 'purchase-invoices').map((d) => d.document)).toEqual([
      { supplierCode: 'S1', supplierInvoiceNo: 'F-001', lines: [{ receiptLineId: 501, qty: 6, unitPrice: 2 }] },
      { supplierCode: 'S1', supplierInvoiceNo: 'F-002', lines: [{ receiptLineId: 502, qty: 5, unitPrice: 1.75 }] },
    ]);
  });

  test('When an invoice number was used before, then its rows say so and nothing else changes', async () => {
    const { excel, ctx } = await received();
    await pullUninvoiced(ctx, 'S1');
    typeAt(excel, 'Supplier invoices', 'Supplier invoice no', 1, 'F-9');
    typeAt(excel, 'Supplier invoices', 'Qty', 1, 1);
    await postDocumentSheet(ctx, 'purchaseInvoices');
    await pullUninvoiced(ctx, 'S1');
    typeAt(excel, 'Supplier invoices', 'Supplier invoice no', 1, 'F-9');
    await postDocumentSheet(ctx, 'purchaseInvoices');
    expect(statuses(excel, 'Supplier invoices')[0]).toBe('✗ Supplier invoice no: entered before');
  });

  test('When no supplier is given, then the pull asks for one and fetches nothing', async () => {
    useFakeExcel();
    const api = server();
    await expect(pullUninvoiced(fakeSession(api, 'en').ctx, ' ')).rejects.toMatchObject({ key: 'error.chooseSupplier' });
    await expect(pullUninvoiced(fakeSession(api, 'en').ctx, 'ZZZ')).rejects.toMatchObject({ key: 'error.unknownSupplier' });
    expect(api.requestsTo('GET', /uninvoiced/)).toEqual([]);
  });
});

describe('Posting a supplier payments sheet', () => {
  test('When payables are pulled and amounts typed, then one payment per supplier and account goes out with its allocations; more than open is red before sending; a held invoice is refused on its row', async () => {
    const excel = useFakeExcel();
    const api = server();
    const invoice = (supplier: 'S1' | 'S2', no: string, total: number, status: 'open' | 'held' = 'open') => {
      const s = api.purchasing.suppliers.find((x) => x.code === supplier)!;
      api.purchasing.invoices.push({ id: api.purchasing.invoices.length + 1, number: `PI-2026-00000${api.purchasing.invoices.length + 1}`, supplierInvoiceNo: no, supplierId: s.id, supplierCode: s.code, status, total, openAmount: total });
    };
    invoice('S1', 'F1', 100.1);
    invoice('S1', 'F2', 0.2);
    invoice('S2', 'G1', 50);
    invoice('S2', 'G2', 70, 'held');
    const { ctx } = fakeSession(api, 'en');
    expect(await pullPayables(ctx, '')).toMatchObject({ params: { count: 4, sheet: 'Supplier payments' } });
    typeRows(excel, 'Supplier payments', [
      { 'Cash account': 'ICBC', 'Pay now': 100.1 },
      { 'Cash account': 'ICBC', 'Pay now': 0.2 },
      { 'Cash account': 'CASH', 'Pay now': 60 },
      { 'Cash account': 'CASH', 'Pay now': 10 },
    ]);
    await postDocumentSheet(ctx, 'supplierPayments');
    expect(statuses(excel, 'Supplier payments')).toEqual([
      '✓ SP-2026-000001',
      '✓ SP-2026-000001',
      '✗ Pay now: more than the 50 still open',
      '✗ not posted: row 4 of the same document needs fixing',
    ]);
    expect(sentDocuments(api, 'supplier-payments').map((d) => d.document)).toEqual([
      { supplierCode: 'S1', cashAccountCode: 'ICBC', amount: 100.3, allocations: [{ invoiceNumber: 'PI-2026-000001', amount: 100.1 }, { invoiceNumber: 'PI-2026-000002', amount: 0.2 }] },
    ]);

    typeAt(excel, 'Supplier payments', 'Pay now', 3, 50);
    await postDocumentSheet(ctx, 'supplierPayments');
    expect(statuses(excel, 'Supplier payments').slice(2)).toEqual(['✗ not posted: The payment cannot be allocated (#2)', '✗ Invoice: PI-2026-000004 is held for a price variance']);
  });
});
