/**
 * The add-in's workflows end to end without a browser: the real server on a
 * temporary database, the fake workbook as Excel, and a network that can be
 * cut before or after the server acts.
 */
import { ApiError } from '../../addin/api/api-client';
import { WorkflowError } from '../../addin/workflows/context';
import { openCount, postCount } from '../../addin/workflows/count';
import { openDocumentSheet, postDocumentSheet } from '../../addin/workflows/documents';
import { publishItems, pullItems } from '../../addin/workflows/items';
import { pullStock } from '../../addin/workflows/stock';
import { decodeDocKey } from '../../addin/sheets/row-key';
import { addinSession, AddinSession, sheetObjects, sheetTable, typeRows } from '../support/addin-workflow';
import { useFakeExcel } from '../support/fake-workbook';
import { balance, createItem } from '../support/inventory';
import { TestApp } from '../support/test-app';

describe('Add-in workflows against the server', () => {
  let t: TestApp;
  let token: string;
  let wh1: { id: number; code: string };
  let wh2: { id: number; code: string };
  let screw: { id: number; sku: string };
  let milk: { id: number; sku: string };

  beforeAll(async () => {
    t = await TestApp.start();
    token = await t.adminToken();
    wh1 = await t.createWarehouse('WH1', '上海仓');
    wh2 = await t.createWarehouse('WH2', '北京仓');
    screw = await createItem(t, { sku: 'A-001', name: '螺丝 M3', unit: '个', category: '五金' });
    milk = await createItem(t, { sku: 'B-002', name: 'Milk 牛奶', unit: 'box', batchTracked: true });
    const opening = await t.post('/stock/adjustments', { warehouseId: wh1.id, reason: 'opening', lines: [{ sku: 'A-001', qty: 100, unitCost: 2.5 }, { sku: 'B-002', qty: 20, unitCost: 8, batchNo: 'L1', expiryDate: '2030-01-31' }] }, token);
    expect(opening.status).toBe(201);
  });
  afterAll(() => t.stop());

  async function session(language: 'zh' | 'en' = 'zh'): Promise<AddinSession> {
    return addinSession(t, token, language);
  }

  test('When stock is pulled, then the Stock sheet shows the balances, and a second pull refreshes it in place', async () => {
    const excel = useFakeExcel();
    const s = await session();
    const result = await pullStock(s.ctx, { warehouseId: wh1.id });
    expect(result).toMatchObject({ tone: 'ok', key: 'result.stockPulled', params: { count: 2, sheet: '库存' } });
    const rows = sheetObjects(excel, '库存');
    expect(rows).toEqual([
      expect.objectContaining({ 商品编码: 'A-001', 名称: '螺丝 M3', 仓库: 'WH1', 账面数量: 100, 单位成本: 2.5, 金额: 250 }),
      expect.objectContaining({ 商品编码: 'B-002', 批号: 'L1', 有效期至: expect.anything(), 账面数量: 20 }),
    ]);
    await pullStock(s.ctx, { warehouseId: wh1.id, sku: 'A-001' });
    expect(excel.model.sheets.map((x) => x.name)).toEqual(['Sheet1', '库存']);
    expect(sheetObjects(excel, '库存')).toHaveLength(1);
  });

  test('When a count is opened, typed and posted, then variances appear per row and the balances change', async () => {
    const excel = useFakeExcel();
    const s = await session();
    const opened = await openCount(s.ctx, wh1.id);
    expect(opened.key).toBe('result.countOpened');
    const sheetName = String(opened.params!.sheet);
    expect(sheetName).toMatch(/^盘点 STK-/);
    const lines = sheetObjects(excel, sheetName);
    expect(lines.map((l) => [l['商品编码'], l['账面数量']])).toEqual([
      ['A-001', 100],
      ['B-002', 20],
    ]);
    typeRows(excel, sheetName, [{ 实盘数量: 97 }, { 实盘数量: '20' }]);
    const posted = await postCount(s.ctx);
    expect(posted).toMatchObject({ tone: 'ok', key: 'result.countPosted', params: { variances: 1 } });
    const after = sheetObjects(excel, sheetName);
    expect(after.map((l) => [l['差异'], String(l['状态'])])).toEqual([
      [-3, expect.stringMatching(/^✓ STK-/)],
      [0, expect.stringMatching(/^✓ STK-/)],
    ]);
    expect((await balance(t, wh1.id, screw.id)).onHand).toBe(97);
  });

  test('When an adjustment sheet has one bad row and one row the server refuses, then only those rows fail and the rest get document numbers', async () => {
    const excel = useFakeExcel();
    const s = await session('en');
    await openDocumentSheet(s.ctx, 'adjustments');
    typeRows(excel, 'Adjustments', [
      { 'Doc ref': 'A', Warehouse: 'WH1', Reason: 'Damage', SKU: 'A-001', Qty: -1 },
      { 'Doc ref': 'B', Warehouse: 'WH1', Reason: 'Damage', SKU: 'A-001', Qty: 'two' },
      { 'Doc ref': 'C', Warehouse: 'WH1', Reason: 'Loss', SKU: 'B-002', Qty: -500, Batch: 'L1' },
      { 'Doc ref': 'D', Warehouse: 'WH2', Reason: 'Opening stock', SKU: 'A-001', Qty: 5, 'Unit cost': 3 },
    ]);
    const before = (await balance(t, wh1.id, screw.id)).onHand;
    const result = await postDocumentSheet(s.ctx, 'adjustments');
    expect(result).toMatchObject({ tone: 'warn', params: { posted: 2, documents: 2, failed: 2 } });
    const status = sheetObjects(excel, 'Adjustments').map((r) => String(r.Status));
    expect(status[0]).toMatch(/^✓ ADJ-/);
    expect(status[1]).toBe('✗ Qty: is not a number ("two")');
    expect(status[2]).toMatch(/^✗ /);
    expect(status[3]).toMatch(/^✓ ADJ-/);
    expect((await balance(t, wh1.id, screw.id)).onHand).toBe(before - 1);
    expect((await balance(t, wh2.id, screw.id)).onHand).toBe(5);

    // Posting again sends nothing already posted; the failed rows fail again for the same reasons.
    s.network.requests.length = 0;
    const again = await postDocumentSheet(s.ctx, 'adjustments');
    expect(again.params).toMatchObject({ posted: 0, skipped: 2 });
    expect((await balance(t, wh1.id, screw.id)).onHand).toBe(before - 1);
  });

  test('When the answer to a post is lost, then nothing typed is lost, and posting again posts nothing twice', async () => {
    const excel = useFakeExcel();
    const s = await session('en');
    await openDocumentSheet(s.ctx, 'adjustments');
    typeRows(excel, 'Adjustments', [
      { 'Doc ref': 'X', Warehouse: 'WH1', Reason: 'Found', SKU: 'A-001', Qty: 4, 'Unit cost': 2.5 },
      { 'Doc ref': 'X', Warehouse: 'WH1', Reason: 'Found', SKU: 'B-002', Qty: 1, 'Unit cost': 8, Batch: 'L1' },
      { 'Doc ref': 'Y', Warehouse: 'WH2', Reason: 'Found', SKU: 'A-001', Qty: 2, 'Unit cost': 3 },
    ]);
    const typed = sheetTable(excel, 'Adjustments').map((r) => r.slice(0, 9));
    const screwBefore = (await balance(t, wh1.id, screw.id)).onHand;
    s.network.affects = /\/stock\/adjustments\/batch/;
    s.network.mode = 'drop-answer';
    await expect(postDocumentSheet(s.ctx, 'adjustments')).rejects.toMatchObject({ kind: 'network' });
    expect(sheetTable(excel, 'Adjustments').map((r) => r.slice(0, 9))).toEqual(typed);
    const keys = sheetObjects(excel, 'Adjustments').map((r) => decodeDocKey(r['JXC key']));
    expect(keys.map((k) => k?.state)).toEqual(['pending', 'pending', 'pending']);
    expect((await balance(t, wh1.id, screw.id)).onHand).toBe(screwBefore + 4);

    s.network.mode = 'up';
    const retry = await postDocumentSheet(s.ctx, 'adjustments');
    expect(retry).toMatchObject({ tone: 'ok', params: { posted: 3, documents: 2, failed: 0 } });
    expect((await balance(t, wh1.id, screw.id)).onHand).toBe(screwBefore + 4);
    const numbers = sheetObjects(excel, 'Adjustments').map((r) => String(r.Status));
    expect(numbers[0]).toBe(numbers[1]);
    expect(numbers[0]).toMatch(/^✓ ADJ-/);
    const ledger = await t.get(`/stock/ledger?warehouseId=${wh1.id}&itemId=${milk.id}`, token);
    expect(ledger.body.data.filter((m: { docNumber: string }) => `✓ ${m.docNumber}` === numbers[1])).toHaveLength(1);
  });

  test('When the server cannot be reached at all, then the clerk is told and the sheet is untouched', async () => {
    const excel = useFakeExcel();
    const s = await session();
    await openDocumentSheet(s.ctx, 'adjustments');
    typeRows(excel, '库存调整', [{ 单据分组: 'Z', 仓库: 'WH1', 原因: '损坏', 商品编码: 'A-001', 数量: -1 }]);
    const before = sheetTable(excel, '库存调整');
    s.network.mode = 'down';
    const error = await postDocumentSheet(s.ctx, 'adjustments').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('network');
    expect(sheetTable(excel, '库存调整')).toEqual(before);
  });

  test('When the token has expired, then the workflow says sign in again and the sheet is untouched', async () => {
    const excel = useFakeExcel();
    const s = await session();
    await openDocumentSheet(s.ctx, 'adjustments');
    typeRows(excel, '库存调整', [{ 单据分组: 'Z', 仓库: 'WH1', 原因: '损坏', 商品编码: 'A-001', 数量: -1 }]);
    const before = sheetTable(excel, '库存调整');
    s.api.token = 'expired-token';
    await expect(postDocumentSheet(s.ctx, 'adjustments')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(sheetTable(excel, '库存调整')).toEqual(before);
  });

  test('When columns were moved and headers renamed to English, then the sheet still posts; when one is renamed beyond recognition, the clerk is told which', async () => {
    const excel = useFakeExcel();
    const s = await session();
    const sheet = excel.model.addSheet('库存调整');
    excel.model.typeValues(sheet, 0, 0, [
      ['SKU', 'Qty', 'Warehouse', 'Reason', 'Status', 'Doc ref', 'Unit cost', 'Batch', 'Expiry', 'Date', 'JXC key'],
      ['A-001', -1, 'WH1', 'damage', '', '', '', '', '', '', ''],
    ]);
    const result = await postDocumentSheet(s.ctx, 'adjustments');
    expect(result.params).toMatchObject({ posted: 1 });
    expect(String(sheet.get(1, 4))).toMatch(/^✓ ADJ-/);

    excel.model.typeValues(sheet, 0, 1, [['How many']]);
    const error = await postDocumentSheet(s.ctx, 'adjustments').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowError);
    expect(s.ctx.t((error as WorkflowError).key, (error as WorkflowError).params)).toBe('工作表“库存调整”缺少列：“数量”。请把表头改回原名，或新建工作表。');
  });

  test('When a transfer sheet is posted, then stock moves between warehouses and rows get their numbers', async () => {
    const excel = useFakeExcel();
    const s = await session('en');
    await openDocumentSheet(s.ctx, 'transfers');
    typeRows(excel, 'Transfers', [{ 'From warehouse': 'WH1', 'To warehouse': '北京仓', SKU: 'A-001', Qty: 3 }]);
    const from = (await balance(t, wh1.id, screw.id)).onHand;
    const to = (await balance(t, wh2.id, screw.id)).onHand;
    const result = await postDocumentSheet(s.ctx, 'transfers');
    expect(result.params).toMatchObject({ posted: 1, failed: 0 });
    expect(String(sheetObjects(excel, 'Transfers')[0]!.Status)).toMatch(/^✓ /);
    expect((await balance(t, wh1.id, screw.id)).onHand).toBe(from - 3);
    expect((await balance(t, wh2.id, screw.id)).onHand).toBe(to + 3);
  });

  test('When items are pulled, edited, added and published, then only changes are sent, each row gets its result, and a lost answer creates nothing twice', async () => {
    const excel = useFakeExcel();
    const s = await session('en');
    await pullItems(s.ctx, false);
    const sheet = excel.model.sheetByName('Items')!;
    const header = sheetTable(excel, 'Items')[0]!.map(String);
    const col = (h: string) => header.indexOf(h);
    const screwRow = sheetObjects(excel, 'Items').findIndex((r) => r.SKU === 'A-001') + 1;
    excel.model.typeValues(sheet, screwRow, col('Sale price'), [[3.2]]);
    const newRow = sheetObjects(excel, 'Items').length + 1;
    excel.model.typeValues(sheet, newRow, 0, [['C-003', '垫片 Washer', '个']]);
    excel.model.typeValues(sheet, newRow + 1, 0, [['A-001', 'Duplicate', '个']]);

    expect(await pullItems(s.ctx, false)).toMatchObject({ key: 'result.itemsUnpublished', offer: 'pullItemsAnyway' });

    s.network.affects = /\/items$/;
    s.network.mode = 'drop-answer';
    // The update goes through; the answers to the two creates are lost.
    await expect(publishItems(s.ctx)).rejects.toMatchObject({ key: 'error.partial' });
    s.network.mode = 'up';
    const result = await publishItems(s.ctx);
    expect(result.params).toMatchObject({ created: 1, updated: 0, failed: 1, unchanged: 2 });
    const rows = sheetObjects(excel, 'Items');
    expect(String(rows.find((r) => r.SKU === 'A-001' && r.Name === '螺丝 M3')!.Status)).toBe('✓ updated');
    expect(String(rows.find((r) => r.SKU === 'C-003')!.Status)).toBe('✓ created');
    expect(String(rows.find((r) => r.Name === 'Duplicate')!.Status)).toMatch(/^✗ /);
    const listed = await t.get('/items?q=C-003', token);
    expect(listed.body.total).toBe(1);
    expect((await t.get(`/items/${screw.id}`, token)).body.salePrice).toBe(3.2);

    // The clerk clears the duplicate row; publishing again then sends nothing.
    excel.model.typeValues(sheet, newRow + 1, 0, [Array(header.length).fill('')]);
    s.network.requests.length = 0;
    const again = await publishItems(s.ctx);
    expect(again.params).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(s.network.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
  });

  test('When a count is opened twice for a warehouse, then the open stocktake is brought back rather than a second one', async () => {
    const excel = useFakeExcel();
    const s = await session();
    const first = await openCount(s.ctx, wh2.id);
    const second = await openCount(s.ctx, wh2.id);
    expect(second).toMatchObject({ key: 'result.countResumed', params: { number: first.params!.number, sheet: first.params!.sheet } });
    expect(excel.model.sheets.filter((x) => x.name.startsWith('盘点'))).toHaveLength(1);
  });
});
