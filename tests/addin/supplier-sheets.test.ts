/**
 * The suppliers, reorder and supplier scorecards sheets through the real
 * workflows on the fake workbook and the fake server: suppliers published
 * with versions (a supplier changed on the server since the pull is flagged,
 * not overwritten), suggestions turned into draft orders with each row's PO
 * number or error, scorecards pulled read-only — and the Excel syncs not
 * growing with the rows.
 */
import { publishSuppliers, pullSuppliers } from '../../addin/workflows/suppliers';
import { FakeServer, fakeSession, sheetObjects, typeAt, typeRows } from '../support/addin-workflow';
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
