import { translator } from '../../addin/i18n';
import { accountRows, ACCOUNTS_LAYOUT } from '../../addin/sheets/accounts-sheet';
import { FinanceLookups } from '../../addin/sheets/finance-lookups';
import type { AccountBalanceRow } from '../../contract/finance';
import { FAKE_CHART, financeLookups } from '../support/sheet-rows';

const balance = (accountCode: string, debit: number, credit: number, closing: number): AccountBalanceRow => {
  const account = FAKE_CHART.find((a) => a.code === accountCode);
  return { accountCode, name: account?.name ?? '新科目', nameEn: account?.nameEn ?? null, type: account?.type ?? 'asset', leaf: account?.leaf ?? true, opening: 0, debit, credit, closing };
};

describe('Accounts sheet', () => {
  const chart = FAKE_CHART.slice(0, 4);
  const balances = [balance('1001', 800, 150, 650), balance('1001.01', 800, 150, 650)];

  test('Every account of the chart is a row in code order with its balance, or zeros when it has none', () => {
    const rows = accountRows([...chart].reverse(), balances, '2026-03-31', 'zh', translator('zh'));
    expect(rows).toEqual([
      ['1001', '库存现金', '资产', '', false, true, 0, 800, 150, 650, '2026-03-31'],
      ['1001.01', '现金', '资产', '1001', true, true, 0, 800, 150, 650, '2026-03-31'],
      ['1002', '银行存款', '资产', '', false, true, 0, 0, 0, 0, '2026-03-31'],
      ['1002.01', '工行基本户', '资产', '1002', true, true, 0, 0, 0, 0, '2026-03-31'],
    ]);
    expect(rows[0]).toHaveLength(ACCOUNTS_LAYOUT.columns.length);
  });

  test('In English the English names and types show, falling back to the Chinese name; a balance of an account the chart did not list still shows', () => {
    const inactive = FAKE_CHART.find((a) => a.code === '6711')!;
    const rows = accountRows([chart[1]!, inactive], [balance('1001.01', 1, 0, 1), balance('9001', 5, 0, 5)], '2026-03-31', 'en', translator('en'));
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ['1001.01', 'Petty cash', 'Asset', '1001', true, true],
      ['6711', '营业外支出', 'Expense', '', true, false],
      ['9001', '新科目', 'Asset', '', true, ''],
    ]);
  });

  test('The dropdown lists hold only active leaf accounts and active cash accounts, and the kinds in the pane language', () => {
    expect(financeLookups().lists('zh')).toEqual({
      account: ['1001.01', '1002.01', '1002.10', '1122', '2221.01', '6001', '6051', '6602', '6603.02'],
      cashAccount: ['CASH', 'ICBC'],
      cashKind: ['收入', '费用'],
    });
    expect(new FinanceLookups([], []).lists('en').cashKind).toEqual(['Income', 'Expense']);
  });
});
