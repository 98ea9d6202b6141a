/**
 * The suppliers, reorder and supplier scorecards sheets through the real
 * workflows on the fake workbook and the fake server: suppliers published
 * with versions (a supplier changed on the server since the pull is flagged,
 * not overwritten), suggestions turned into draft orders with each row's PO
 * number or error, scorecards pulled read-only — and the Excel syncs not
 * growing with the rows.
 */
import { createOrdersFromSheet, pullSuggestions } from '../../addin/workflows/reorder';
import { publishSuppliers, pullScorecards, pullSuppliers } from '../../addin/workflows/suppliers';
import type { SupplierPerformanceRow } from '../../contract/suppliers-admin';
import { FakeServer, fakeSession, sheetObjects, sheetTable, typeAt, typeRows } from '../support/addin-workflow';
import { useFakeExcel } from '../support/fake-workbook';

type Excel = ReturnType<typeof useFakeExcel>;

const statuses = (excel: Excel, sheetName: string, header = 'Status') => sheetObjects(excel, sheetName).map((r) => String(r[header]));

function server(): FakeServer {
  const api = new FakeServer();
  api.addItem({ sku: 'A-1', name: 'Bolt', purchasePrice: 2 });
  api.addItem({ sku: 'B-2', name: 'Milk' });
  api.addItem({ sku: 'C-3', name: 'Nut' });
  return api;
}

describe('Publishing the suppliers sheet', () => {
  test('When suppliers are pulled, one edited and one added, then only those two are sent: the edit with its pulled version, the new one under a key', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'en');
    expect(await pullSuppliers(ctx, false)).toMatchObject({ key: 'result.suppliersPulled', params: { count: 3, sheet: 'Suppliers' } });
    expect(sheetObjects(excel, 'Suppliers')[1]).toMatchObject({ Code: 'S2', Name: 'Acme Ltd', Currency: 'CNY', Active: true, Version: 1 });
    typeAt(excel, 'Suppliers', 'Phone', 2, '021-5555');
    typeRows(excel, 'Suppliers', [{ Code: 'S10', Name: 'New Steel', 'Payment terms (days)': 30 }], 4);

    expect(await publishSuppliers(ctx)).toMatchObject({ key: 'result.suppliersPublished', params: { created: 1, updated: 1, failed: 0, unchanged: 2 } });
    const patches = api.requestsTo('PATCH', /^\/suppliers\/\d+$/);
    expect(patches.map((r) => [r.path, r.body])).toEqual([['/suppliers/2', expect.objectContaining({ code: 'S2', phone: '021-5555', version: 1 })]]);
    const [post] = api.requestsTo('POST', /^\/suppliers$/);
    expect(post!.body).toMatchObject({ code: 'S10', name: 'New Steel', paymentTermsDays: 30 });
    expect(post!.headers['idempotency-key']).toMatch(/^supplier-/);
    expect(api.purchasing.suppliers.find((s) => s.code === 'S10')).toMatchObject({ name: 'New Steel', paymentTermsDays: 30 });
    expect(statuses(excel, 'Suppliers')).toEqual(['', '✓ updated', '', '✓ created']);
    expect(sheetObjects(excel, 'Suppliers').map((r) => r.Version)).toEqual([1, 2, 1, 1]);
  });

  test('When a supplier changed on the server since the pull, then its edit is refused (412) and flagged, the server keeping the other change', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'en');
    await pullSuppliers(ctx, false);
    api.purchasing.changeSupplier(1, { name: '华东五金集团' });
    typeAt(excel, 'Suppliers', 'Grade', 1, 'A');
    typeAt(excel, 'Suppliers', 'Grade', 2, 'B');

    expect(await publishSuppliers(ctx)).toMatchObject({ tone: 'warn', params: { updated: 1, failed: 1 } });
    expect(statuses(excel, 'Suppliers')).toEqual(['✗ changed on the server since you pulled it — pull again', '✓ updated', '']);
    expect(api.purchasing.suppliers[0]).toMatchObject({ name: '华东五金集团', grade: null, version: 2 });
    // Still unpublished: a pull asks first, and publishing again is refused again rather than overwriting.
    expect(await pullSuppliers(ctx, false)).toMatchObject({ key: 'result.suppliersUnpublished', params: { count: 1 }, offer: 'pullSuppliersAnyway' });
    expect(await publishSuppliers(ctx)).toMatchObject({ params: { updated: 0, failed: 1, unchanged: 2 } });
    expect(await pullSuppliers(ctx, true)).toMatchObject({ params: { count: 3 } });
    expect(sheetObjects(excel, 'Suppliers')[0]).toMatchObject({ Name: '华东五金集团', Grade: '', Version: 2, Status: '' });
  });

  test('When two rows share a code or a cell is wrong, then those rows are flagged and nothing is sent for them', async () => {
    const excel = useFakeExcel();
    const api = server();
    const { ctx } = fakeSession(api, 'zh');
    await pullSuppliers(ctx, false);
    typeRows(excel, '供应商', [{ 供应商编码: 's1', 名称: 'Copy' }, { 供应商编码: 'S11', 名称: 'Bad terms', 账期天数: -5 }, { 供应商编码: 'S12', 名称: 'Bad mail', 邮箱: 'not-an-address' }], 4);
    expect(await publishSuppliers(ctx)).toMatchObject({ params: { created: 0, failed: 3 } });
    expect(api.requestsTo('POST', /^\/suppliers$/)).toHaveLength(0);
    const [dup, terms, mail] = statuses(excel, '供应商', '状态').slice(3);
    expect(dup).toContain('编码与第 2 行重复');
    expect(terms).toMatch(/^✗ 账期天数/);
    expect(mail).toMatch(/^✗ 邮箱/);
  });

  async function supplierSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    for (let i = api.purchasing.suppliers.length; i < count; i++) api.purchasing.addSupplier(`V${i}`);
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullSuppliers(ctx, false);
    const pull = excel.stats.syncCount;
    const sheet = excel.model.sheetByName('Suppliers')!;
    excel.model.typeValues(sheet, 1, 5, Array.from({ length: count }, (_, i) => [`tel ${i}`]));
    excel.stats.reset();
    expect((await publishSuppliers(ctx)).params).toMatchObject({ updated: count, failed: 0 });
    return { pull, publish: excel.stats.syncCount };
  }

  test('When 10 or 1,000 suppliers are pulled and published, then the syncs are the same', async () => {
    expect(await supplierSyncs(1000)).toEqual(await supplierSyncs(10));
  });
});

describe('Creating purchase orders from the reorder sheet', () => {
  function suggesting(): FakeServer {
    const api = server();
    api.purchasing.suggest('A-1', 'WH1', { available: 2, onOrder: 5, projected: 7, safetyStock: 10, maxStock: 50, suggestedQty: 43, unitPrice: 2 });
    api.purchasing.suggest('B-2', 'WH1', { suggestedQty: 12, maxStock: null, reorderQty: 12, supplierId: null, supplierCode: null, unitPrice: null });
    api.purchasing.suggest('C-3', 'WH1', { suggestedQty: 30 });
    api.purchasing.suggest('A-1', 'WH2', { suggestedQty: 8 });
    return api;
  }
  const accepts = (api: FakeServer) => api.requestsTo('POST', /^\/purchase-orders\/suggestions\/accept$/);

  test('When suggestions are pulled, then each row shows the figures, the supplier column reads the supplier list, and a warehouse filter pulls only its rows', async () => {
    const excel = useFakeExcel();
    const api = suggesting();
    const { ctx } = fakeSession(api, 'en');
    expect(await pullSuggestions(ctx, null)).toMatchObject({ key: 'result.suggestionsPulled', params: { count: 4, sheet: 'Reorder' } });
    expect(sheetObjects(excel, 'Reorder')[0]).toMatchObject({
      Warehouse: 'WH1', SKU: 'A-1', Name: 'Bolt', Available: 2, 'On order': 5, Projected: 7, Safety: 10, Max: 50, 'Reorder qty': '', 'Suggested qty': 43, Supplier: 'S1', 'Unit price': 2, Status: '',
    });
    expect(sheetObjects(excel, 'Reorder')[1]).toMatchObject({ SKU: 'B-2', Max: '', 'Reorder qty': 12, Supplier: '', 'Unit price': '' });
    const header = sheetTable(excel, 'Reorder')[0]!;
    expect(excel.model.sheetByName('Reorder')!.validationAt(1, header.indexOf('Supplier'))?.source).toBe('=JxcSupplierList');
    expect(await pullSuggestions(ctx, 11)).toMatchObject({ params: { count: 1 } });
    expect(sheetObjects(excel, 'Reorder').map((r) => `${r.Warehouse} ${r.SKU}`)).toEqual(['WH2 A-1']);
    expect(api.requestsTo('GET', /^\/purchase-orders\/suggestions$/).map((r) => r.query.warehouseId)).toEqual([undefined, '11']);
  });

  test('When quantities and suppliers are changed and POs created, then each warehouse is accepted once with its rows and each row shows the order its item landed on', async () => {
    const excel = useFakeExcel();
    const api = suggesting();
    const { ctx } = fakeSession(api, 'en');
    await pullSuggestions(ctx, null);
    typeAt(excel, 'Reorder', 'Suggested qty', 1, 40);
    typeAt(excel, 'Reorder', 'Supplier', 2, 'Acme Ltd');
    typeAt(excel, 'Reorder', 'Suggested qty', 3, 0);

    expect(await createOrdersFromSheet(ctx)).toMatchObject({ tone: 'ok', params: { orders: 3, rows: 3, failed: 0, skipped: 0 } });
    expect(accepts(api).map((r) => r.body)).toEqual([
      { warehouseId: 10, lines: [{ itemId: 1, qty: 40, supplierCode: 'S1' }, { itemId: 2, qty: 12, supplierCode: 'S2' }] },
      { warehouseId: 11, lines: [{ itemId: 1, qty: 8, supplierCode: 'S1' }] },
    ]);
    const orders = [...api.purchasing.orders.values()].map((o) => [o.number, o.supplierCode, o.warehouseCode, o.lines.map((l) => `${l.sku}×${l.qty}`).join(' ')]);
    expect(orders).toEqual([
      ['PO-2026-000001', 'S1', 'WH1', 'A-1×40'],
      ['PO-2026-000002', 'S2', 'WH1', 'B-2×12'],
      ['PO-2026-000003', 'S1', 'WH2', 'A-1×8'],
    ]);
    expect(statuses(excel, 'Reorder')).toEqual(['✓ PO-2026-000001 (draft)', '✓ PO-2026-000002 (draft)', '', '✓ PO-2026-000003 (draft)']);
    // Ordered rows are not ordered again.
    expect(await createOrdersFromSheet(ctx)).toMatchObject({ params: { orders: 0, rows: 0, skipped: 3 } });
    expect(accepts(api)).toHaveLength(2);
  });

  test('When a row names an unknown supplier, or the server refuses a line, then that row carries its error and the rest of its warehouse waits for it', async () => {
    const excel = useFakeExcel();
    const api = suggesting();
    const { ctx } = fakeSession(api, 'zh');
    await pullSuggestions(ctx, null);
    typeAt(excel, '补货建议', '供应商', 2, 'NOPE');
    // The supplier list the sheet checks against still has S2 active; the server no longer does.
    await ctx.suppliers();
    api.purchasing.changeSupplier(2, { active: false });
    typeAt(excel, '补货建议', '供应商', 3, 'S2');

    expect(await createOrdersFromSheet(ctx)).toMatchObject({ tone: 'warn', params: { orders: 1, rows: 1, failed: 3 } });
    expect(accepts(api).map((r) => r.body)).toEqual([
      { warehouseId: 10, lines: [{ itemId: 1, qty: 43, supplierCode: 'S1' }, { itemId: 3, qty: 30, supplierCode: 'S2' }] },
      { warehouseId: 11, lines: [{ itemId: 1, qty: 8, supplierCode: 'S1' }] },
    ]);
    expect(statuses(excel, '补货建议', '状态')).toEqual([
      '✗ 未过账：同一单据第 4 行需要修改',
      '✗ 供应商: 未知供应商“NOPE”',
      '✗ 供应商: unknown supplier S2',
      '✓ PO-2026-000001（草稿）',
    ]);
  });

  test('When the answer to Create POs is lost, then creating again sends the same key and the rows get the orders made the first time', async () => {
    const excel = useFakeExcel();
    const api = suggesting();
    let lose = true;
    const { ctx } = fakeSession(api, 'en', (f) => async (input, init) => {
      const res = await f(input, init);
      if (lose && String(input).includes('/suggestions/accept')) {
        lose = false;
        throw new TypeError('fetch failed: socket hang up');
      }
      return res;
    });
    await pullSuggestions(ctx, 10);
    await expect(createOrdersFromSheet(ctx)).rejects.toMatchObject({ kind: 'network' });
    expect(statuses(excel, 'Reorder')[0]).toMatch(/^✗ not posted/);
    expect(await createOrdersFromSheet(ctx)).toMatchObject({ params: { orders: 1, rows: 2, failed: 1 } });
    const [first, second] = accepts(api);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(api.purchasing.orders.size).toBe(1);
    expect(statuses(excel, 'Reorder')).toEqual(['✓ PO-2026-000001 (draft)', '✗ Supplier: is required', '✓ PO-2026-000001 (draft)']);
  });

  async function reorderSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    for (let i = 0; i < count; i++) {
      api.addItem({ sku: `X-${i}` });
      api.purchasing.suggest(`X-${i}`, 'WH1');
    }
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullSuggestions(ctx, null);
    const pull = excel.stats.syncCount;
    excel.stats.reset();
    expect((await createOrdersFromSheet(ctx)).params).toMatchObject({ rows: count, failed: 0 });
    return { pull, create: excel.stats.syncCount, accepts: accepts(api).length };
  }

  test('When 10 or 1,000 suggestions are pulled and ordered, then the syncs are the same and each warehouse is one request', async () => {
    expect(await reorderSyncs(1000)).toEqual(await reorderSyncs(10));
  });
});

describe('Pulling supplier scorecards', () => {
  const scorecard = (supplierId: number, code: string, over: Partial<SupplierPerformanceRow> = {}): SupplierPerformanceRow => ({
    supplierId,
    supplierCode: code,
    name: code,
    category: null,
    supplierGrade: null,
    rank: null,
    from: '2025-03-02',
    to: '2026-03-01',
    orders: 0,
    orderedQty: 0,
    receivedQty: 0,
    fillRate: null,
    onTimeRate: null,
    averageLeadDays: null,
    returnRate: null,
    priceVarianceRate: null,
    ratings: { quality: null, delivery: null, price: null, service: null, count: 0 },
    score: null,
    grade: null,
    ...over,
  });

  test('When scorecards are pulled for a window, then each supplier is a row in rank order, nothing to measure left blank', async () => {
    const excel = useFakeExcel();
    const api = server();
    api.purchasing.performance = [
      scorecard(2, 'S2', { name: 'Acme Ltd', category: 'metal', supplierGrade: 'A', rank: 1, score: 91.25, grade: 'A', onTimeRate: 0.95, fillRate: 1, returnRate: 0.01, priceVarianceRate: 0.002, ratings: { quality: 4.5, delivery: 4, price: 3.5, service: 5, count: 2 } }),
      scorecard(1, 'S1', { name: '华东五金', rank: 2, score: 60, grade: 'C', onTimeRate: 0.5, fillRate: 0.8, returnRate: 0, priceVarianceRate: null }),
      scorecard(3, 'S9', { name: '旧供应商' }),
    ];
    const { ctx } = fakeSession(api, 'en');
    expect(await pullScorecards(ctx, { from: '2026-01-01', to: ' 2026-03-31 ' })).toMatchObject({ key: 'result.scorecardsPulled', params: { count: 3, sheet: 'Supplier scorecards' } });
    expect(api.requestsTo('GET', /^\/suppliers\/performance$/).map((r) => [r.query.from, r.query.to])).toEqual([['2026-01-01', '2026-03-31']]);
    expect(sheetTable(excel, 'Supplier scorecards')).toEqual([
      ['Rank', 'Code', 'Name', 'Category', 'Grade', 'Score', 'Score grade', 'On-time', 'Fill rate', 'Return rate', 'Price variance', 'Quality rating', 'Delivery rating', 'Price rating', 'Service rating', 'Ratings'],
      [1, 'S2', 'Acme Ltd', 'metal', 'A', 91.25, 'A', 0.95, 1, 0.01, 0.002, 4.5, 4, 3.5, 5, 2],
      [2, 'S1', '华东五金', '', '', 60, 'C', 0.5, 0.8, 0, '', '', '', '', '', 0],
      ['', 'S9', '旧供应商', '', '', '', '', '', '', '', '', '', '', '', '', 0],
    ]);
    // Blank ends leave the window to the server.
    await pullScorecards(ctx, { from: '', to: '' });
    expect(api.requestsTo('GET', /^\/suppliers\/performance$/)[1]!.query).toEqual({ limit: '10000', offset: '0' });
  });

  async function scorecardSyncs(count: number) {
    const excel = useFakeExcel();
    const api = server();
    api.purchasing.performance = Array.from({ length: count }, (_, i) => scorecard(i + 1, `V${i}`, { rank: i + 1, score: 50 }));
    const { ctx } = fakeSession(api, 'zh');
    excel.stats.reset();
    await pullScorecards(ctx, { from: '', to: '' });
    expect(sheetObjects(excel, '供应商评分')).toHaveLength(count);
    return excel.stats.syncCount;
  }

  test('When 10 or 1,000 scorecards are pulled, then the syncs are the same', async () => {
    expect(await scorecardSyncs(1000)).toBe(await scorecardSyncs(10));
  });
});
