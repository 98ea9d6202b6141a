/**
 * The finance sheets through the real workflows on the fake workbook and a
 * fake server (the finance endpoints are built in parallel): cash entries
 * and journal entries posted in batches with per-row results, the accounts
 * sheet pulled with balances as of a date, the dropdown lists — and the
 * number of Excel syncs, which must not grow with the rows.
 */
import { WorkflowError } from '../../addin/workflows/context';
import { pullAccounts } from '../../addin/workflows/accounts';
import { openDocumentSheet, postDocumentSheet } from '../../addin/workflows/documents';
import { decodeDocKey } from '../../addin/sheets/row-key';
import type { AccountBalanceRow } from '../../contract/finance';
import { FakeServer, fakeSession, sheetObjects, sheetTable, typeAt, typeRows } from '../support/addin-workflow';
import { useFakeExcel } from '../support/fake-workbook';

type Excel = ReturnType<typeof useFakeExcel>;

function column(excel: Excel, sheetName: string, header: string): number {
  return sheetTable(excel, sheetName)[0]!.indexOf(header);
}

/** A fresh workbook with an empty sheet of the kind open, against a fresh fake server. */
async function openedSheet(kind: 'cashEntries' | 'journal', language: 'en' | 'zh' = 'en') {
  const excel = useFakeExcel();
  const api = new FakeServer();
  const { ctx } = fakeSession(api, language);
  await openDocumentSheet(ctx, kind);
  return { excel, api, ctx };
}

const statuses = (excel: Excel, sheetName: string, header = 'Status') => sheetObjects(excel, sheetName).map((r) => String(r[header]));
const batches = (api: FakeServer, endpoint: string) => api.requestsTo('POST', new RegExp(`^/${endpoint}/batch$`));
const sentDocuments = (api: FakeServer, endpoint: string) => batches(api, endpoint).flatMap((r) => (r.body as { documents: Array<{ ref: string; document: Record<string, unknown> }> }).documents);

describe('The finance dropdowns live in the add-in’s JXC.Lists sheet', () => {
  test('When a cash entries sheet is opened, then its kind, cash account and account columns read lists of active leaves and active cash accounts', async () => {
    const excel = useFakeExcel();
    const { ctx } = fakeSession(new FakeServer(), 'zh');
    expect(await openDocumentSheet(ctx, 'cashEntries')).toMatchObject({ key: 'result.templateReady', params: { sheet: '收支' } });
    const sheet = excel.model.sheetByName('收支')!;
    expect(sheet.validationAt(1, column(excel, '收支', '收支类型'))?.source).toBe('=JxcCashKindList');
    expect(sheet.validationAt(500, column(excel, '收支', '资金账户'))?.source).toBe('=JxcCashAccountList');
    expect(sheet.validationAt(1, column(excel, '收支', '科目'))?.source).toBe('=JxcAccountList');
    expect(sheet.hiddenColumns.has(column(excel, '收支', 'JXC key'))).toBe(true);

    const lists = excel.model.sheetByName('JXC.Lists')!;
    expect(lists.visibility).toBe('VeryHidden');
    expect(excel.model.nameByText('JxcAccountList')!.formula).toBe("='JXC.Lists'!$D$2:$D$10");
    expect(Array.from({ length: 10 }, (_, r) => lists.read(r, 3))).toEqual(['Account', '1001.01', '1002.01', '1002.10', '1122', '2221.01', '6001', '6051', '6602', '6603.02']);
    expect(excel.model.nameByText('JxcCashAccountList')!.formula).toBe("='JXC.Lists'!$F$2:$F$3");
    expect([lists.read(1, 5), lists.read(2, 5), lists.read(3, 5)]).toEqual(['CASH', 'ICBC', '']);
    expect([lists.read(1, 6), lists.read(2, 6)]).toEqual(['收入', '费用']);
  });

  test('When a stock sheet is opened after a finance sheet and back, then each writes only its own lists and both keep working', async () => {
    const excel = useFakeExcel();
    const api = new FakeServer();
    api.addItem({ sku: 'SKU-1' });
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'journal');
    await openDocumentSheet(ctx, 'adjustments');
    const lists = excel.model.sheetByName('JXC.Lists')!;
    expect([lists.read(1, 0), lists.read(1, 1), lists.read(1, 3), lists.read(1, 5)]).toEqual(['SKU-1', 'WH1', '1001.01', 'CASH']);
    expect(String(lists.read(0, 4))).toMatch(/^jxc:lists:1/);

    api.cashAccounts.push({ ...api.cashAccounts[1]!, id: 4, code: 'CMB', name: '招行' });
    await openDocumentSheet(ctx, 'cashEntries');
    expect([lists.read(1, 0), lists.read(3, 5), lists.read(1, 6)]).toEqual(['SKU-1', 'CMB', 'Income']);
    expect(excel.model.nameByText('JxcSkuList')!.formula).toBe("='JXC.Lists'!$A$2:$A$2");
    expect(excel.model.nameByText('JxcCashAccountList')!.formula).toBe("='JXC.Lists'!$F$2:$F$4");
    expect(excel.model.sheets.filter((s) => s.name === 'JXC.Lists')).toHaveLength(1);
  });
});

describe('Posting a cash entries sheet', () => {
  const cashSheet = (language: 'en' | 'zh' = 'en') => openedSheet('cashEntries', language);

  test('When rows are posted, then each entry goes out once with its lines, good rows get green numbers and a bad row is red without being sent', async () => {
    const { excel, api, ctx } = await cashSheet();
    typeRows(excel, 'Cash entries', [
      { 'Doc ref': 'C1', Kind: 'Income', 'Cash account': 'ICBC', Account: '6051', Amount: 1000, Memo: 'Scrap sold' },
      { 'Doc ref': 'C2', Kind: 'Expense', 'Cash account': 'CASH', Account: '6602', Amount: 100, 'Tax rate': 0.13, Memo: 'Stationery' },
      { 'Doc ref': 'C2', Kind: 'Expense', 'Cash account': 'CASH', Account: '6603.02', Amount: 20 },
      { 'Doc ref': 'C3', Kind: 'Expense', 'Cash account': 'CASH', Account: '6602', Amount: 'abc' },
    ]);
    const result = await postDocumentSheet(ctx, 'cashEntries');
    expect(result).toMatchObject({ tone: 'warn', key: 'result.posted', params: { posted: 3, documents: 2, failed: 1, skipped: 0 } });
    expect(statuses(excel, 'Cash entries')).toEqual(['✓ CE-2026-000001', '✓ CE-2026-000002', '✓ CE-2026-000002', '✗ Amount: is not a number ("abc")']);
    expect(excel.model.sheetByName('Cash entries')!.fontColorAt(2, column(excel, 'Cash entries', 'Status'))).toBe('#107C10');
    expect(excel.model.sheetByName('Cash entries')!.fontColorAt(4, column(excel, 'Cash entries', 'Status'))).toBe('#C50F1F');
    expect(sentDocuments(api, 'cash-entries').map((d) => d.document)).toEqual([
      { kind: 'income', cashAccountCode: 'ICBC', memo: 'Scrap sold', lines: [{ accountCode: '6051', amount: 1000, memo: 'Scrap sold' }] },
      {
        kind: 'expense',
        cashAccountCode: 'CASH',
        memo: 'Stationery',
        lines: [
          { accountCode: '6602', amount: 100, taxRate: 0.13, memo: 'Stationery' },
          { accountCode: '6603.02', amount: 20 },
        ],
      },
    ]);
    expect(api.cashAccounts.find((c) => c.code === 'CASH')!.balance).toBe(500 - 113 - 20);

    // Fixed and posted again: only the fixed row goes out; the posted rows are skipped.
    typeAt(excel, 'Cash entries', 'Amount', 4, 7.5);
    const again = await postDocumentSheet(ctx, 'cashEntries');
    expect(again).toMatchObject({ tone: 'ok', params: { posted: 1, documents: 1, failed: 0, skipped: 3 } });
    expect(sentDocuments(api, 'cash-entries')).toHaveLength(3);
    expect(await postDocumentSheet(ctx, 'cashEntries')).toMatchObject({ tone: 'ok', key: 'result.nothingToPost' });
    expect(batches(api, 'cash-entries')).toHaveLength(2);
  });

  test('When the server refuses an overdraft, then every row of that entry says so under the cash account, and the other entries post', async () => {
    const { excel, ctx } = await cashSheet('zh');
    typeRows(excel, '收支', [
      { 单据分组: 'A', 收支类型: '费用', 资金账户: '现金', 科目: '6602', 金额: 400 },
      { 单据分组: 'A', 收支类型: '费用', 资金账户: '现金', 科目: '6602', 金额: 400 },
      { 单据分组: 'B', 收支类型: '支出', 资金账户: 'ICBC', 科目: '6602', 金额: 400 },
    ]);
    const result = await postDocumentSheet(ctx, 'cashEntries');
    expect(result.params).toMatchObject({ posted: 1, failed: 2 });
    expect(statuses(excel, '收支', '状态')).toEqual(['✗ 资金账户: CASH holds only 500', '✗ 资金账户: CASH holds only 500', '✓ CE-2026-000001']);
    expect(sheetObjects(excel, '收支').map((r) => decodeDocKey(r['JXC key'])?.state)).toEqual(['failed', 'failed', 'done']);
  });

  test('When the answer to a post is lost, then the rows stay pending and posting again sends the same references, posting nothing twice', async () => {
    const excel = useFakeExcel();
    const api = new FakeServer();
    let lose = false;
    const { ctx } = fakeSession(api, 'en', (f) => async (input, init) => {
      const res = await f(input, init);
      if (lose && String(input).endsWith('/batch')) throw new TypeError('fetch failed: socket hang up');
      return res;
    });
    await openDocumentSheet(ctx, 'cashEntries');
    typeRows(excel, 'Cash entries', [
      { 'Doc ref': 'X', Kind: 'Expense', 'Cash account': 'CASH', Account: '6602', Amount: 50 },
      { 'Doc ref': 'Y', Kind: 'Income', 'Cash account': 'CASH', Account: '6051', Amount: 70 },
    ]);
    lose = true;
    await expect(postDocumentSheet(ctx, 'cashEntries')).rejects.toMatchObject({ kind: 'network' });
    expect(sheetObjects(excel, 'Cash entries').map((r) => decodeDocKey(r['JXC key'])?.state)).toEqual(['pending', 'pending']);
    expect(api.cashAccounts[0]!.balance).toBe(520);

    lose = false;
    expect(await postDocumentSheet(ctx, 'cashEntries')).toMatchObject({ tone: 'ok', params: { posted: 2, documents: 2 } });
    const [first, retry] = batches(api, 'cash-entries').map((r) => (r.body as { documents: Array<{ ref: string }> }).documents.map((d) => d.ref));
    expect(retry).toEqual(first);
    expect(api.posted.size).toBe(2);
    expect(api.cashAccounts[0]!.balance).toBe(520);
    expect(statuses(excel, 'Cash entries')).toEqual(['✓ CE-2026-000001', '✓ CE-2026-000002']);
  });

  test('When a cash account or account is created after the lists were fetched, then the rows are checked again against fresh lists and post', async () => {
    const { excel, api, ctx } = await cashSheet();
    api.cashAccounts.push({ ...api.cashAccounts[1]!, id: 9, code: 'CMB', name: '招行' });
    api.accounts.push({ ...api.accounts.find((a) => a.code === '6602')!, code: '6602.01', parentCode: '6602' });
    typeRows(excel, 'Cash entries', [{ Kind: 'Expense', 'Cash account': 'CMB', Account: '6602.01', Amount: 10 }]);
    expect((await postDocumentSheet(ctx, 'cashEntries')).params).toMatchObject({ posted: 1, failed: 0 });
  });
});

describe('Posting a journal sheet', () => {
  const journalSheet = () => openedSheet('journal');
  const line = (docRef: string, account: string, side: 'Debit' | 'Credit', amount: unknown, memo?: string) => ({ 'Doc ref': docRef, Account: account, [side]: amount, ...(memo ? { Memo: memo } : {}) });

  test('When entries are posted, then a balanced one gets its number on all its rows, an unbalanced one is red on all its rows before sending, and a control account refused by the server marks its own row', async () => {
    const { excel, api, ctx } = await journalSheet();
    typeRows(excel, 'Journal', [
      line('J1', '6603.02', 'Debit', 12.5, 'Bank charges'),
      line('J1', '1002.01', 'Credit', 12.5),
      line('J2', '6602', 'Debit', 100, 'Off by ten'),
      line('J2', '1001.01', 'Credit', 90),
      line('J3', '6001', 'Debit', 30, 'Move to receivables'),
      line('J3', '1122', 'Credit', 30),
    ]);
    const result = await postDocumentSheet(ctx, 'journal');
    expect(result).toMatchObject({ tone: 'warn', params: { posted: 2, documents: 1, failed: 4 } });
    expect(statuses(excel, 'Journal')).toEqual([
      '✓ JE-2026-000001',
      '✓ JE-2026-000001',
      '✗ not posted: debits 100.00 and credits 90.00 differ by 10.00',
      '✗ not posted: debits 100.00 and credits 90.00 differ by 10.00',
      '✗ not posted: The document has errors (#2)',
      '✗ Account: 1122 is a control account',
    ]);
    expect(sentDocuments(api, 'journal-entries').map((d) => d.document)).toEqual([
      { memo: 'Bank charges', lines: [{ accountCode: '6603.02', debit: 12.5, memo: 'Bank charges' }, { accountCode: '1002.01', credit: 12.5 }] },
      { memo: 'Move to receivables', lines: [{ accountCode: '6001', debit: 30, memo: 'Move to receivables' }, { accountCode: '1122', credit: 30 }] },
    ]);
  });

  test('When the server finds an entry unbalanced that the sheet could not, then all of its rows are red with the server’s message, and fixing it posts it under a new reference', async () => {
    const { excel, api, ctx } = await journalSheet();
    api.refuse = (endpoint, doc) =>
      endpoint === 'journal-entries' && doc.memo === 'FX'
        ? { status: 422, body: { type: 'about:blank', code: 'journal.unbalanced', title: 'Unbalanced', status: 422, detail: 'Debits and credits differ by 0.01 in base currency', errors: [{ path: 'lines', message: 'Debits and credits differ by 0.01 in base currency' }] } }
        : null;
    typeRows(excel, 'Journal', [line('J', '6602', 'Debit', 8, 'FX'), line('J', '1002.01', 'Credit', 8), line('K', '6602', 'Debit', 1, 'ok'), line('K', '1001.01', 'Credit', 1)]);
    await postDocumentSheet(ctx, 'journal');
    expect(statuses(excel, 'Journal')).toEqual(['✗ Debits and credits differ by 0.01 in base currency', '✗ Debits and credits differ by 0.01 in base currency', '✓ JE-2026-000001', '✓ JE-2026-000001']);
    const firstRef = sentDocuments(api, 'journal-entries')[0]!.ref;

    typeAt(excel, 'Journal', 'Memo', 1, 'FX fixed');
    expect((await postDocumentSheet(ctx, 'journal')).params).toMatchObject({ posted: 2, failed: 0, skipped: 2 });
    const resent = sentDocuments(api, 'journal-entries').slice(2);
    expect(resent).toHaveLength(1);
    expect(resent[0]!.ref).not.toBe(firstRef);
    expect(statuses(excel, 'Journal').slice(0, 2)).toEqual(['✓ JE-2026-000002', '✓ JE-2026-000002']);
  });

  test('When a posted line is edited, then posting again flags that row in red with its number and sends nothing', async () => {
    const { excel, api, ctx } = await journalSheet();
    typeRows(excel, 'Journal', [line('J', '6602', 'Debit', 5, 'Taxi'), line('J', '1001.01', 'Credit', 5)]);
    await postDocumentSheet(ctx, 'journal');
    typeAt(excel, 'Journal', 'Credit', 2, 6);
    const result = await postDocumentSheet(ctx, 'journal');
    expect(result).toMatchObject({ tone: 'error', key: 'result.postedWithEdited', params: { edited: 1, skipped: 1, posted: 0 } });
    expect(statuses(excel, 'Journal')).toEqual(['✓ JE-2026-000001', '✗ edited after it was posted as JE-2026-000001 — not posted again; post a new row or cancel the document']);
    expect(batches(api, 'journal-entries')).toHaveLength(1);
  });
});

describe('Pulling the accounts sheet', () => {
  const balances: AccountBalanceRow[] = [
    { accountCode: '1001', name: '库存现金', nameEn: 'Cash on hand', type: 'asset', leaf: false, opening: 0, debit: 1200, credit: 133, closing: 1067 },
    { accountCode: '1001.01', name: '现金', nameEn: 'Petty cash', type: 'asset', leaf: true, opening: 0, debit: 1200, credit: 133, closing: 1067 },
    { accountCode: '6602', name: '管理费用', nameEn: 'Administrative expenses', type: 'expense', leaf: true, opening: 0, debit: 100, credit: 0, closing: 100 },
  ];

  test('When accounts are pulled as of a date, then the balances of that date show with names in the pane language, and a second pull replaces the sheet in place', async () => {
    const excel = useFakeExcel();
    const api = new FakeServer();
    api.balances = balances;
    const zh = fakeSession(api, 'zh');
    expect(await pullAccounts(zh.ctx, '2026-03-31')).toMatchObject({ tone: 'ok', key: 'result.accountsPulled', params: { count: api.accounts.length, sheet: '科目余额', date: '2026-03-31' } });
    expect(api.requestsTo('GET', /^\/finance\/account-balances$/)[0]!.query).toMatchObject({ to: '2026-03-31' });
    const rows = sheetObjects(excel, '科目余额');
    expect(rows[1]).toEqual({ 科目编码: '1001.01', 科目名称: '现金', 类别: '资产', 上级科目: '1001', 末级: true, 启用: true, 期初余额: 0, 借方发生额: 1200, 贷方发生额: 133, 期末余额: 1067, 截至日期: '2026-03-31' });
    expect(rows.find((r) => r['科目编码'] === '6602')).toMatchObject({ 期末余额: 100 });
    expect(rows.find((r) => r['科目编码'] === '6001')).toMatchObject({ 科目名称: '主营业务收入', 期末余额: 0 });

    excel.model.activeSheetId = excel.model.sheetByName('Sheet1')!.id;
    const en = fakeSession(api, 'en');
    await pullAccounts(en.ctx, '2026/3/1');
    expect(api.requestsTo('GET', /^\/finance\/account-balances$/)[1]!.query).toMatchObject({ to: '2026-03-01' });
    expect(excel.model.sheets.map((s) => s.name)).toEqual(['Sheet1', '科目余额']);
    expect(sheetObjects(excel, '科目余额')[1]).toMatchObject({ Code: '1001.01', Name: 'Petty cash', Type: 'Asset' });
  });

  test('When the date is not a date, then the clerk is told and nothing is fetched', async () => {
    useFakeExcel();
    const api = new FakeServer();
    const error = await pullAccounts(fakeSession(api, 'en').ctx, '31.03.2026').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).key).toBe('error.badDate');
    expect(api.requests).toEqual([]);
  });
});

describe('Finance sheets: syncs do not grow with the rows', () => {
  async function journalSyncs(entries: number): Promise<number[]> {
    const excel = useFakeExcel();
    const api = new FakeServer();
    const { ctx } = fakeSession(api, 'en');
    await openDocumentSheet(ctx, 'journal');
    const rows = Array.from({ length: entries }, (_, i) => [
      [`J${i}`, '', '6602', 10 + i, '', `entry ${i}`],
      [`J${i}`, '', '1001.01', '', 10 + i, ''],
    ]).flat();
    excel.model.typeValues(excel.model.sheetByName('Journal')!, 1, 0, rows);
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'journal')).params).toMatchObject({ posted: entries * 2 });
    const post = excel.stats.syncCount;
    // Every credit edited after posting: flagged on the next post, in the same number of syncs.
    excel.model.typeValues(excel.model.sheetByName('Journal')!, 1, 4, rows.map((r, i) => [i % 2 ? 1 : '']));
    excel.stats.reset();
    expect((await postDocumentSheet(ctx, 'journal')).params).toMatchObject({ edited: entries });
    return [post, excel.stats.syncCount];
  }

  test('When 5 or 1,000 journal entries are posted, and posted again with half of their lines edited, then the syncs are the same', async () => {
    expect(await journalSyncs(1000)).toEqual(await journalSyncs(5));
  });

  async function accountSyncs(count: number): Promise<number> {
    const excel = useFakeExcel();
    const api = new FakeServer();
    for (let i = 0; i < count; i++) api.accounts.push({ ...api.accounts[1]!, code: `1001.${String(i % 100).padStart(2, '0')}.${String(Math.floor(i / 100)).padStart(2, '0')}` });
    const { ctx } = fakeSession(api, 'en');
    excel.stats.reset();
    await pullAccounts(ctx, '2026-03-31');
    expect(sheetObjects(excel, 'Accounts')).toHaveLength(api.accounts.length);
    return excel.stats.syncCount;
  }

  test('When 10 or 2,000 accounts are pulled, then the syncs are the same', async () => {
    expect(await accountSyncs(2000)).toBe(await accountSyncs(10));
  });
});
