/**
 * What keeps the workbook and the server from silently overwriting each
 * other, driven through the real workflows on the fake workbook and a fake
 * server: items published with the version they were pulled at, posted rows
 * edited afterwards flagged instead of skipped, the add-in's own JXC.Lists
 * sheet, the language the server is asked to answer in — and the number of
 * Excel syncs, which must not grow with the rows.
 */
import { ApiError } from '../../addin/api/api-client';
import { ListsSheetTaken } from '../../addin/excel/lists-sheet';
import { translator } from '../../addin/i18n';
import { openCount, postCount } from '../../addin/workflows/count';
import { describeError } from '../../addin/workflows/describe-error';
import { openDocumentSheet, postDocumentSheet } from '../../addin/workflows/documents';
import { publishItems, pullItems } from '../../addin/workflows/items';
import { FakeServer, fakeSession, sheetObjects, sheetTable, typeAt, typeRows } from '../support/addin-workflow';
import { useFakeExcel } from '../support/fake-workbook';

function server(items = 2): FakeServer {
  const s = new FakeServer();
  for (let i = 1; i <= items; i++) s.addItem({ sku: `SKU-${String(i).padStart(5, '0')}`, name: `商品 ${i}`, salePrice: 1 });
  return s;
}

/** The cell under a header in a data row (1 = the first row below the header). */
function cellUnder(excel: ReturnType<typeof useFakeExcel>, sheetName: string, header: string, row: number): unknown {
  const table = sheetTable(excel, sheetName);
  return table[row]![table[0]!.indexOf(header)];
}

describe('Items: published with the version they were pulled at', () => {
  test('When an item is pulled, edited and published, then the PATCH carries the pulled version and the row takes the new one', async () => {
    const excel = useFakeExcel();
    const api = server(2);
    const { ctx } = fakeSession(api, 'en');
    api.changeItem(2, {});
    await pullItems(ctx, false);
    expect(cellUnder(excel, 'Items', 'Version', 1)).toBe(1);
    expect(cellUnder(excel, 'Items', 'Version', 2)).toBe(2);
    const versionColumn = sheetTable(excel, 'Items')[0]!.indexOf('Version');
    expect(excel.model.sheetByName('Items')!.hiddenColumns.has(versionColumn)).toBe(true);

    typeAt(excel, 'Items', 'Sale price', 2, 2.5);
    const result = await publishItems(ctx);
    expect(result.params).toMatchObject({ updated: 1, failed: 0, unchanged: 1 });
    const [patch] = api.requestsTo('PATCH', /^\/items\/2$/);
    expect(patch!.body).toMatchObject({ sku: 'SKU-00002', salePrice: 2.5, version: 2 });
    expect(api.items.get(2)).toMatchObject({ salePrice: 2.5, version: 3 });
    expect(cellUnder(excel, 'Items', 'Version', 2)).toBe(3);
    expect(cellUnder(excel, 'Items', 'Status', 2)).toBe('✓ updated');

    // Published again with the version it now holds, the next edit goes through too.
    typeAt(excel, 'Items', 'Sale price', 2, 2.75);
    expect((await publishItems(ctx)).params).toMatchObject({ updated: 1, failed: 0 });
    expect(api.requestsTo('PATCH', /^\/items\/2$/)[1]!.body).toMatchObject({ version: 3 });
  });

  test('When the item changed on the server after the pull, then the row is flagged in red, the server keeps its change, and pulling again clears it', async () => {
    const excel = useFakeExcel();
    const api = server(2);
    const { ctx } = fakeSession(api, 'zh');
    await pullItems(ctx, false);
    api.changeItem(1, { name: '别人改的名字' });
    typeAt(excel, '商品', '销售价', 1, 9.9);
    typeAt(excel, '商品', '销售价', 2, 3.3);
    const keyBefore = cellUnder(excel, '商品', 'JXC key', 1);

    const result = await publishItems(ctx);
    expect(result).toMatchObject({ tone: 'warn', params: { updated: 1, failed: 1 } });
    expect(cellUnder(excel, '商品', '状态', 1)).toBe('✗ 拉取后服务器上已被修改，请重新拉取');
    expect(excel.model.sheetByName('商品')!.fontColorAt(1, sheetTable(excel, '商品')[0]!.indexOf('状态'))).toBe('#C50F1F');
    expect(api.items.get(1)).toMatchObject({ name: '别人改的名字', salePrice: 1, version: 2 });
    expect(cellUnder(excel, '商品', '版本', 1)).toBe(1);
    // The row is still an unpublished edit: publishing again is refused again, pulling asks first.
    expect(cellUnder(excel, '商品', 'JXC key', 1)).toBe(keyBefore);
    expect((await publishItems(ctx)).params).toMatchObject({ updated: 0, failed: 1 });
    expect(await pullItems(ctx, false)).toMatchObject({ key: 'result.itemsUnpublished', params: { count: 1 } });

    await pullItems(ctx, true);
    expect(cellUnder(excel, '商品', '名称', 1)).toBe('别人改的名字');
    expect(cellUnder(excel, '商品', '版本', 1)).toBe(2);
    typeAt(excel, '商品', '销售价', 1, 9.9);
    expect((await publishItems(ctx)).params).toMatchObject({ updated: 1, failed: 0 });
    expect(api.items.get(1)).toMatchObject({ name: '别人改的名字', salePrice: 9.9, version: 3 });
  });

  test('When the English add-in is refused as stale, then the row says so in English', async () => {
    const excel = useFakeExcel();
    const api = server(1);
    const { ctx } = fakeSession(api, 'en');
    await pullItems(ctx, false);
    api.changeItem(1, {});
    typeAt(excel, 'Items', 'Name', 1, 'Renamed');
    await publishItems(ctx);
    expect(cellUnder(excel, 'Items', 'Status', 1)).toBe('✗ changed on the server since you pulled it — pull again');
  });

  test('When a sheet pulled before versions existed is published, then it still publishes, without a version', async () => {
    const excel = useFakeExcel();
    const api = server(1);
    const { ctx } = fakeSession(api, 'en');
    const sheet = excel.model.addSheet('Items');
    excel.model.typeValues(sheet, 0, 0, [
      ['SKU', 'Name', 'Unit', 'Status', 'JXC key'],
      ['NEW-1', 'Hand made', 'pcs', '', ''],
    ]);
    expect((await publishItems(ctx)).params).toMatchObject({ created: 1 });
    expect(api.requestsTo('POST', /^\/items$/)[0]!.body).not.toHaveProperty('version');
  });
});

describe('Posted rows edited afterwards', () => {
  const rowsOf = (excel: ReturnType<typeof useFakeExcel>) => sheetObjects(excel, 'Adjustments');
  const sentSkus = (api: FakeServer, from = 0) =>
    api.requestsTo('POST', /batch$/).slice(from).flatMap((r) => (r.body as { documents: Array<{ document: { lines: Array<{ sku: string }> } }> }).documents.flatMap((d) => d.document.lines.map((l) => l.sku)));

  async function postedSheet(language: 'en' | 'zh' = 'en') {
    const excel = useFakeExcel();
    const api = server(3);
    const { ctx } = fakeSession(api, language);
    await openDocumentSheet(ctx, 'adjustments');
    return { excel, api, ctx };
  }

  test('When a posted row is edited, then posting again flags it with its number and sends nothing for it, while an untouched posted row is skipped quietly', async () => {
    const { excel, api, ctx } = await postedSheet();
    typeRows(excel, 'Adjustments', [
      { 'Doc ref': 'A', Warehouse: 'WH1', Reason: 'Damage', SKU: 'SKU-00001', Qty: -1 },
      { 'Doc ref': 'B', Warehouse: 'WH1', Reason: 'Damage', SKU: 'SKU-00002', Qty: -2 },
    ]);
    expect((await postDocumentSheet(ctx, 'adjustments')).params).toMatchObject({ posted: 2, documents: 2 });
    const [first, second] = rowsOf(excel).map((r) => String(r.Status));
    expect(first).toBe('✓ ADJ-2026-000001');
    expect(second).toBe('✓ ADJ-2026-000002');

    typeAt(excel, 'Adjustments', 'Qty', 1, -5);
    typeRows(excel, 'Adjustments', [{ 'Doc ref': 'C', Warehouse: 'WH1', Reason: 'Damage', SKU: 'SKU-00003', Qty: -3 }], 3);
    const batches = api.requestsTo('POST', /batch$/).length;
    const result = await postDocumentSheet(ctx, 'adjustments');

    expect(result).toMatchObject({ tone: 'warn', key: 'result.postedWithEdited', params: { posted: 1, documents: 1, failed: 0, skipped: 1, edited: 1 } });
    expect(sentSkus(api, batches)).toEqual(['SKU-00003']);
    const status = rowsOf(excel).map((r) => String(r.Status));
    expect(status[0]).toBe('✗ edited after it was posted as ADJ-2026-000001 — not posted again; post a new row or cancel the document');
    expect(status[1]).toBe('✓ ADJ-2026-000002');
    expect(status[2]).toBe('✓ ADJ-2026-000003');
    expect(excel.model.sheetByName('Adjustments')!.fontColorAt(1, sheetTable(excel, 'Adjustments')[0]!.indexOf('Status'))).toBe('#C50F1F');
    expect(rowsOf(excel)[0]!.Qty).toBe(-5);

    // Still flagged on every post until the clerk restores it; restored, it is quietly posted again in green.
    expect(await postDocumentSheet(ctx, 'adjustments')).toMatchObject({ tone: 'error', params: { edited: 1, posted: 0 } });
    typeAt(excel, 'Adjustments', 'Qty', 1, -1);
    expect(await postDocumentSheet(ctx, 'adjustments')).toMatchObject({ tone: 'ok', key: 'result.nothingToPost' });
    expect(String(rowsOf(excel)[0]!.Status)).toBe('✓ ADJ-2026-000001');
    expect(sentSkus(api, batches)).toEqual(['SKU-00003']);
  });

  test('When a posted row is emptied, then it is flagged in Chinese rather than forgotten', async () => {
    const { excel, ctx } = await postedSheet('zh');
    typeRows(excel, '库存调整', [{ 仓库: 'WH1', 原因: '损坏', 商品编码: 'SKU-00001', 数量: -1 }]);
    await postDocumentSheet(ctx, 'adjustments');
    const sheet = excel.model.sheetByName('库存调整')!;
    excel.model.typeValues(sheet, 1, 0, [['', '', '', '', '', '', '', '', '']]);
    const result = await postDocumentSheet(ctx, 'adjustments');
    expect(result).toMatchObject({ tone: 'error', params: { edited: 1 } });
    expect(String(sheetObjects(excel, '库存调整')[0]!['状态'])).toBe('✗ 已过账为 ADJ-2026-000001 后被修改——未再次过账；请另起一行过账，或作废该单据');
  });

  test('When a row is edited while its post is at the server, then the next post flags it instead of calling it posted', async () => {
    const { excel, api, ctx } = await postedSheet();
    typeRows(excel, 'Adjustments', [{ Warehouse: 'WH1', Reason: 'Damage', SKU: 'SKU-00001', Qty: -1 }]);
    api.duringBatch = () => typeAt(excel, 'Adjustments', 'Qty', 1, -4);
    await postDocumentSheet(ctx, 'adjustments');
    api.duringBatch = null;
    expect(String(rowsOf(excel)[0]!.Status)).toBe('✓ ADJ-2026-000001');
    const result = await postDocumentSheet(ctx, 'adjustments');
    expect(result.params).toMatchObject({ edited: 1, posted: 0 });
    expect(String(rowsOf(excel)[0]!.Status)).toMatch(/^✗ edited after it was posted as ADJ-2026-000001/);
    expect(api.posted.size).toBe(1);
  });

  test('When a posted count row is changed, then posting the count sheet again flags it and sends nothing', async () => {
    const excel = useFakeExcel();
    const api = server(2);
    const { ctx } = fakeSession(api, 'en');
    const opened = await openCount(ctx, 10);
    const sheet = String(opened.params!.sheet);
    typeRows(excel, sheet, [{ 'Counted qty': 9 }, { 'Counted qty': 10 }]);
    expect(await postCount(ctx)).toMatchObject({ key: 'result.countPosted' });
    const sent = api.requests.length;

    expect(await postCount(ctx)).toMatchObject({ tone: 'ok', key: 'result.nothingToPost' });
    typeAt(excel, sheet, 'Counted qty', 2, 12);
    typeRows(excel, sheet, [{ SKU: 'SKU-00001', 'Counted qty': 1 }], 3);
    const result = await postCount(ctx);
    expect(result).toMatchObject({ tone: 'warn', key: 'result.countEditedAfterPost', params: { number: 'STK-2026-000001', count: 2 } });
    const status = sheetObjects(excel, sheet).map((r) => String(r.Status));
    expect(status[0]).toBe('✓ STK-2026-000001');
    expect(status[1]).toBe('✗ changed after it was posted in stocktake STK-2026-000001 — not sent; open a new stock count to correct it');
    expect(status[2]).toMatch(/^✗ changed after it was posted/);
    expect(api.requests.slice(sent).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('The add-in keeps its lookup lists in a JXC.Lists sheet of its own', () => {
  test('When a document sheet is opened, then the dropdowns read a very hidden JXC.Lists sheet the add-in marked as its own', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(server(2), 'en');
    excel.model.typeValues(excel.model.addSheet('Lists'), 0, 0, [['my own list']]);
    await openDocumentSheet(ctx, 'adjustments');
    const lists = excel.model.sheetByName('JXC.Lists')!;
    expect(lists.visibility).toBe('VeryHidden');
    expect([lists.get(1, 0), lists.get(2, 0), lists.get(1, 1)]).toEqual(['SKU-00001', 'SKU-00002', 'WH1']);
    expect(String(lists.get(0, 4))).toMatch(/^jxc:lists:1/);
    expect(excel.model.nameByText('JxcWarehouseList')!.formula).toBe("='JXC.Lists'!$B$2:$B$3");
    expect(excel.model.sheetByName('Lists')!.get(0, 0)).toBe('my own list');

    // Opened again with more items, the same sheet is rewritten and the names follow.
    const api = server(3);
    await openDocumentSheet(fakeSession(api, 'en').ctx, 'adjustments');
    expect(excel.model.sheets.filter((s) => s.name.startsWith('JXC.'))).toHaveLength(1);
    expect(excel.model.nameByText('JxcSkuList')!.formula).toBe("='JXC.Lists'!$A$2:$A$4");
  });

  test('When the clerk has a sheet named JXC.Lists of their own, then the add-in refuses with a clear message and changes nothing', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(server(2), 'en');
    const mine = excel.model.addSheet('JXC.Lists');
    excel.model.typeValues(mine, 0, 0, [['budget'], [42]]);
    const before = sheetTable(excel, 'JXC.Lists');
    const sheetsBefore = excel.model.sheets.map((s) => s.name);

    const error = await openDocumentSheet(ctx, 'adjustments').catch((e: unknown) => e);
    expect(describeError(error, translator('en'))).toBe(
      'The workbook has a sheet named "JXC.Lists" that JXC did not create. JXC keeps its dropdown lists in a sheet of that name and will not overwrite yours: rename your sheet, then try again.',
    );
    expect(describeError(error, translator('zh'))).toContain('不是 JXC 创建的');
    expect(sheetTable(excel, 'JXC.Lists')).toEqual(before);
    expect(excel.model.sheets.map((s) => s.name)).toEqual(sheetsBefore);
    expect(mine.visibility).toBe('Visible');
    expect(excel.model.names).toEqual([]);

    // Nor when an adjustment sheet exists and would only be brought to the front.
    excel.model.typeValues(excel.model.addSheet('Adjustments'), 0, 0, [['SKU', 'Qty']]);
    const again = await openDocumentSheet(ctx, 'adjustments').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ListsSheetTaken);
    expect(excel.model.activeSheet!.name).toBe('Sheet1');
    expect(sheetTable(excel, 'JXC.Lists')).toEqual(before);
  });

  test('When the clerk has a sheet named like a JXC sheet but without its table, then pulling writes a new sheet beside it', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(server(2), 'en');
    const mine = excel.model.addSheet('Items');
    excel.model.typeValues(mine, 0, 0, [['my notes about items']]);
    const result = await pullItems(ctx, true);
    expect(result.params).toMatchObject({ sheet: 'Items (2)' });
    expect(mine.get(0, 0)).toBe('my notes about items');
    expect(excel.model.tableByName('JxcItems')!.sheet.name).toBe('Items (2)');
  });
});

describe('The server is asked to answer in the add-in language', () => {
  test('When the add-in runs in Chinese or English, then every request carries Accept-Language zh-CN or en', async () => {
    useFakeExcel();
    const api = server(1);
    const zh = fakeSession(api, 'zh');
    await pullItems(zh.ctx, true);
    expect(api.requests.length).toBeGreaterThan(0);
    expect(new Set(api.requests.map((r) => r.headers['accept-language']))).toEqual(new Set(['zh-CN']));

    const seen = api.requests.length;
    zh.api.language = 'en';
    await zh.api.me();
    expect(api.requests.slice(seen).map((r) => r.headers['accept-language'])).toEqual(['en']);
  });

  test('When a problem comes back, then its stable code and the current version are kept', async () => {
    useFakeExcel();
    const api = server(1);
    const { api: client } = fakeSession(api, 'en');
    api.changeItem(1, {});
    const error = await client.updateItem(1, { name: 'x' }, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem).toMatchObject({ status: 412, code: 'version.stale', currentVersion: 2 });
  });
});

describe('Syncs do not grow with the rows', () => {
  async function postSyncs(rowCount: number): Promise<number[]> {
    const excel = useFakeExcel();
    const api = server(3);
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'adjustments');
    const sheet = excel.model.sheetByName('Adjustments')!;
    const rows = Array.from({ length: rowCount }, (_, i) => [`D${i % 7}`, 'WH1', 'Damage', '', `SKU-0000${(i % 3) + 1}`, -1 - (i % 5)]);
    excel.model.typeValues(sheet, 1, 0, rows);
    const syncs: number[] = [];
    excel.stats.reset();
    await postDocumentSheet(ctx, 'adjustments');
    syncs.push(excel.stats.syncCount);
    // Every other row edited after posting: flagged on the next post, in the same number of syncs.
    excel.model.typeValues(
      sheet,
      1,
      5,
      rows.map((r, i) => [i % 2 ? r[5]! : -9]),
    );
    excel.stats.reset();
    const again = await postDocumentSheet(ctx, 'adjustments');
    expect(again.params).toMatchObject({ edited: Math.ceil(rowCount / 2) });
    syncs.push(excel.stats.syncCount);
    return syncs;
  }

  test('When 10 or 1,000 rows are posted, and posted again with half of them edited, then the syncs are the same', async () => {
    const small = await postSyncs(10);
    const large = await postSyncs(1000);
    expect(large).toEqual(small);
  });

  async function itemSyncs(count: number): Promise<number[]> {
    const excel = useFakeExcel();
    const api = server(count);
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullItems(ctx, false);
    const pull = excel.stats.syncCount;
    const sheet = excel.model.sheetByName('Items')!;
    const priceColumn = sheetTable(excel, 'Items')[0]!.indexOf('Sale price');
    excel.model.typeValues(sheet, 1, priceColumn, Array.from({ length: count }, () => [2]));
    for (const id of api.items.keys()) if (id % 2) api.changeItem(id, {});
    excel.stats.reset();
    const result = await publishItems(ctx);
    expect(result.params).toMatchObject({ updated: Math.floor(count / 2), failed: Math.ceil(count / 2) });
    return [pull, excel.stats.syncCount];
  }

  test('When 10 or 400 items are pulled and published with half of them stale, then the syncs are the same', async () => {
    expect(await itemSyncs(400)).toEqual(await itemSyncs(10));
  });
});
