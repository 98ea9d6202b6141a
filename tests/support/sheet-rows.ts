/** Builds the rows of a read sheet from plain arrays, for tests of the pure sheet layer. */
import type { Cell } from '../../addin/sheets/cells';
import { FinanceLookups } from '../../addin/sheets/finance-lookups';
import type { AccountView, CashAccountView } from '../../contract/finance';
import { headerOf, Language, locateColumns, SheetLayout, SheetRows } from '../../addin/sheets/layout';
import { Lookups } from '../../addin/sheets/lookups';

export function sheetRows(layout: SheetLayout, data: Array<Record<string, Cell>>, language: Language = 'zh', headerOverride?: string[]): SheetRows {
  const header = headerOverride ?? layout.columns.map((c) => headerOf(c, language));
  const keys = headerOverride ? null : layout.columns.map((c) => c.key);
  const located = locateColumns(header, layout);
  if (!located.ok) throw new Error(`missing ${located.missing.map((m) => m.key).join(', ')}`);
  const rows = data.map((r) => {
    if (keys) return keys.map((k) => r[k] ?? '');
    const line: Cell[] = new Array(header.length).fill('');
    for (const [k, v] of Object.entries(r)) {
      const pos = located.positions.get(k);
      if (pos !== undefined) line[pos] = v;
    }
    return line;
  });
  return new SheetRows({ sheetName: layout.names[language], top: 0, left: 0, header, rows }, located.positions);
}

export function lookups(allowed: number[] | null = null): Lookups {
  return new Lookups(
    [
      { id: 1, sku: 'A-001', name: '螺丝 M3', unit: '个', batchTracked: false },
      { id: 2, sku: 'B-002', name: 'Milk 牛奶', unit: 'box', batchTracked: true },
      { id: 3, sku: '00123', name: 'Leading zeros', unit: 'pcs', batchTracked: false },
    ],
    [
      { id: 10, code: 'WH1', name: '上海仓' },
      { id: 11, code: 'WH2', name: '北京仓' },
    ],
    allowed,
  );
}

const account = (code: string, name: string, nameEn: string, type: AccountView['type'], leaf = true, active = true): AccountView => ({
  code,
  name,
  nameEn,
  type,
  parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
  leaf,
  active,
  version: 1,
});

/** A small chart: parents, leaves (1002.10 to catch codes Excel turned into numbers), a control account, an inactive one. */
export const FAKE_CHART: AccountView[] = [
  account('1001', '库存现金', 'Cash on hand', 'asset', false),
  account('1001.01', '现金', 'Petty cash', 'asset'),
  account('1002', '银行存款', 'Bank deposits', 'asset', false),
  account('1002.01', '工行基本户', 'ICBC', 'asset'),
  account('1002.10', '招行', 'CMB', 'asset'),
  account('1122', '应收账款', 'Accounts receivable', 'asset'),
  account('2221', '应交税费', 'Taxes payable', 'liability', false),
  account('2221.01', '进项税额', 'Input VAT', 'liability'),
  account('6001', '主营业务收入', 'Revenue', 'income'),
  account('6051', '其他业务收入', 'Other revenue', 'income'),
  account('6602', '管理费用', 'Administrative expenses', 'expense'),
  account('6603', '财务费用', 'Finance costs', 'expense', false),
  account('6603.02', '手续费', 'Bank charges', 'expense'),
  { ...account('6711', '营业外支出', 'Non-operating expenses', 'expense', true, false), nameEn: null },
];
const cashAccount = (id: number, code: string, name: string, accountCode: string, balance: number, active = true): CashAccountView => ({
  id,
  code,
  name,
  type: accountCode.startsWith('1001') ? 'cash' : 'bank',
  currency: 'CNY',
  bankName: null,
  accountNo: null,
  allowOverdraft: false,
  accountCode,
  balance,
  active,
  version: 1,
});

/** The fake server's cash and bank accounts: cash, a bank account, and an inactive one. */
export function fakeCashAccounts(): CashAccountView[] {
  return [cashAccount(1, 'CASH', '现金', '1001.01', 500), cashAccount(2, 'ICBC', '工行基本户', '1002.01', 10_000), cashAccount(3, 'OLD', '旧账户', '1002.10', 0, false)];
}

export function financeLookups(): FinanceLookups {
  return new FinanceLookups(
    FAKE_CHART.map((a) => ({ code: a.code, name: a.name, nameEn: a.nameEn, type: a.type, leaf: a.leaf, active: a.active })),
    fakeCashAccounts().map((c) => ({ id: c.id, code: c.code, name: c.name, currency: c.currency, active: c.active })),
  );
}
