import { translator } from '../../addin/i18n';
import { CASH_ENTRY_KIND, CASH_ENTRY_LAYOUT } from '../../addin/sheets/cash-entry-sheet';
import type { Cell } from '../../addin/sheets/cells';
import { applyDocumentResults, planDocumentPost, PostPlan } from '../../addin/sheets/document-sheet';
import { parseCashKind } from '../../addin/sheets/finance-lookups';
import { encodeDocKey } from '../../addin/sheets/row-key';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import { financeLookups, sheetRows } from '../support/sheet-rows';

const row = (r: Record<string, Cell>): Record<string, Cell> => ({ kind: '费用', cashAccount: 'CASH', account: '6602', amount: 100, ...r });
const zh = (s: RowStatus | undefined) => (s ? renderStatus(s, CASH_ENTRY_LAYOUT, translator('zh'), 'zh') : '');
const en = (s: RowStatus | undefined) => (s ? renderStatus(s, CASH_ENTRY_LAYOUT, translator('en'), 'en') : '');

function plan(data: Array<Record<string, Cell>>): PostPlan {
  return planDocumentPost(CASH_ENTRY_KIND, sheetRows(CASH_ENTRY_LAYOUT, data), financeLookups());
}

describe('Cash entries sheet: rows into documents', () => {
  test('Rows with the same Doc ref form one entry; blank Doc ref rows group by kind, cash account and date', () => {
    const p = plan([
      row({ docRef: 'E1', memo: '办公用品', taxRate: 0.13 }),
      row({ docRef: 'E1', account: '6603.02', amount: 5.5, memo: '手续费' }),
      row({ kind: '收入', account: '6051', amount: 2000, cashAccount: 'ICBC' }),
      row({ kind: 'income', account: '6051', amount: 300, cashAccount: '工行基本户' }),
      row({ date: '2026-03-02' }),
    ]);
    expect(p.documents.map((d) => d.rows)).toEqual([[0, 1], [2, 3], [4]]);
    expect(p.documents[0]!.body).toEqual({
      kind: 'expense',
      cashAccountCode: 'CASH',
      memo: '办公用品',
      lines: [
        { accountCode: '6602', amount: 100, taxRate: 0.13, memo: '办公用品' },
        { accountCode: '6603.02', amount: 5.5, memo: '手续费' },
      ],
    });
    expect(p.documents[1]!.body).toEqual({ kind: 'income', cashAccountCode: 'ICBC', lines: [{ accountCode: '6051', amount: 2000 }, { accountCode: '6051', amount: 300 }] });
    expect(p.documents[2]!.body).toMatchObject({ date: '2026-03-02' });
    expect(p.lineCount).toBe(5);
  });

  test('Kinds read as codes or labels in either language', () => {
    expect(['收入', '收', 'Income', 'INCOME', 'income'].map(parseCashKind)).toEqual(['income', 'income', 'income', 'income', 'income']);
    expect(['费用', '支出', 'Expense', ' expense '].map(parseCashKind)).toEqual(['expense', 'expense', 'expense', 'expense']);
    expect(parseCashKind('转账')).toBeNull();
  });

  test('Account codes Excel turned into numbers, typed full-width, or followed by the name, are read as the code', () => {
    const p = plan([row({ docRef: '1', account: 1002.1, kind: '收入' }), row({ docRef: '2', account: 6602 }), row({ docRef: '3', account: '６６０２' }), row({ docRef: '4', account: '6603.02 手续费' })]);
    expect(p.documents.map((d) => (d.body as { lines: Array<{ accountCode: string }> }).lines[0]!.accountCode)).toEqual(['1002.10', '6602', '6602', '6603.02']);
  });

  test('Blank, text and over-precise amounts, unknown, parent and inactive accounts, unknown cash accounts and kinds are marked per row before sending', () => {
    const p = plan([
      row({ docRef: '1', amount: '' }),
      row({ docRef: '2', amount: 'abc' }),
      row({ docRef: '3', amount: 1.005 }),
      row({ docRef: '4', amount: -5 }),
      row({ docRef: '5', account: '9999' }),
      row({ docRef: '6', account: '6603' }),
      row({ docRef: '7', account: '6711' }),
      row({ docRef: '8', cashAccount: 'PETTY' }),
      row({ docRef: '9', cashAccount: 'OLD' }),
      row({ docRef: '10', kind: '转账' }),
      row({ docRef: '11', taxRate: 13 }),
      row({ docRef: '12', account: '' }),
      row({ docRef: '13', date: '3月1日' }),
    ]);
    expect(p.documents).toHaveLength(0);
    expect(p.invalid).toBe(13);
    expect(en(p.statuses.get(0))).toBe('✗ Amount: is required');
    expect(en(p.statuses.get(1))).toBe('✗ Amount: is not a number ("abc")');
    expect(zh(p.statuses.get(1))).toBe('✗ 金额: 不是数字（“abc”）');
    expect(en(p.statuses.get(2))).toBe('✗ Amount: allows at most 2 decimals');
    expect(en(p.statuses.get(3))).toBe('✗ Amount: must be greater than 0');
    expect(en(p.statuses.get(4))).toBe('✗ Account: unknown account "9999"');
    expect(en(p.statuses.get(5))).toBe('✗ Account: account 6603 has sub-accounts: post to one of them');
    expect(zh(p.statuses.get(6))).toBe('✗ 科目: 科目 6711 已停用');
    expect(en(p.statuses.get(7))).toBe('✗ Cash account: unknown cash or bank account "PETTY"');
    expect(en(p.statuses.get(8))).toBe('✗ Cash account: cash account OLD is inactive');
    expect(zh(p.statuses.get(9))).toBe('✗ 收支类型: 应为“收入”或“费用”');
    expect(en(p.statuses.get(10))).toBe('✗ Tax rate: must be between 0% and 100%');
    expect(en(p.statuses.get(11))).toBe('✗ Account: is required');
    expect(en(p.statuses.get(12))).toBe('✗ Date: is not a date ("3月1日"); use YYYY-MM-DD');
  });

  test('Rows of one Doc ref that disagree on kind or cash account are marked against the first row, and hold back the entry', () => {
    const p = plan([row({ docRef: 'A' }), row({ docRef: 'A', kind: '收入', cashAccount: 'ICBC' }), row({ docRef: 'B' })]);
    expect(p.documents.map((d) => d.rows)).toEqual([[2]]);
    expect(en(p.statuses.get(1))).toBe('✗ Kind: differs from row 2 of the same document; Cash account: differs from row 2 of the same document');
    expect(en(p.statuses.get(0))).toBe('✗ not posted: row 3 of the same document needs fixing');
  });

  test('The server refusing an overdraft marks every row of the entry under the cash account column; a line problem marks its own row', () => {
    const pending = (ref: string, line: number) => encodeDocKey({ state: 'pending', ref, line });
    const rows = sheetRows(CASH_ENTRY_LAYOUT, [row({ key: pending('c1', 0) }), row({ key: pending('c1', 1) }), row({ key: pending('c2', 0) }), row({ key: pending('c2', 1) })], 'en');
    const applied = applyDocumentResults(
      CASH_ENTRY_KIND,
      rows,
      new Map([
        ['c1', { status: 409, problem: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Overdraft', errors: [{ path: 'cashAccountCode', message: 'CASH holds only 50.00' }] } }],
        ['c2', { status: 422, problem: { type: 'about:blank', title: 'Invalid', status: 422, detail: 'The entry has errors', errors: [{ path: 'lines[1].accountCode', message: 'not an expense account', row: 1 }] } }],
      ]),
    );
    expect(en(applied.statuses.get(0))).toBe('✗ Cash account: CASH holds only 50.00');
    expect(en(applied.statuses.get(1))).toBe('✗ Cash account: CASH holds only 50.00');
    expect(en(applied.statuses.get(2))).toBe('✗ not posted: The entry has errors (#2)');
    expect(en(applied.statuses.get(3))).toBe('✗ Account: not an expense account');
    expect(applied).toMatchObject({ postedRows: 0, failedRows: 4 });
  });
});
