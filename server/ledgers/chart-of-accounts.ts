import type { AccountType, MappingRole } from '../../contract/finance';

export interface ChartAccount {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
  parentCode: string | null;
}

/** Types by class (DESIGN §4): 1xxx asset, 2xxx liability, 4xxx equity, 6001–6301 income, 6401–6711 expense. */
export function typeOfCode(code: string): AccountType {
  const head = Number(code.slice(0, 4));
  if (head < 2000) return 'asset';
  if (head < 4000) return 'liability';
  if (head < 6000) return 'equity';
  return head <= 6301 ? 'income' : 'expense';
}

const account = (code: string, name: string, nameEn: string, parentCode: string | null = null): ChartAccount => ({ code, name, nameEn, type: typeOfCode(code), parentCode });

/** The seeded chart (DESIGN §4, 小企业会计准则 numbering); postings go to leaves only. */
export const CHART: ChartAccount[] = [
  account('1001', '库存现金', 'Cash on hand'),
  account('1002', '银行存款', 'Bank deposits'),
  account('1122', '应收账款', 'Accounts receivable'),
  account('1123', '预付账款', 'Prepayments to suppliers'),
  account('1405', '库存商品', 'Inventory'),
  account('1901', '待处理财产损溢', 'Stock losses and gains pending'),
  account('2202', '应付账款', 'Accounts payable'),
  account('2202.01', '应付货款', 'Trade payables', '2202'),
  account('2202.99', '暂估应付', 'Received not invoiced', '2202'),
  account('2203', '预收账款', 'Advances from customers'),
  account('2221', '应交税费', 'Taxes payable'),
  account('2221.01', '进项税额', 'Input VAT', '2221'),
  account('2221.02', '销项税额', 'Output VAT', '2221'),
  account('4001', '实收资本', 'Paid-in capital'),
  account('4103', '本年利润', 'Current-year profit'),
  account('4104', '利润分配', 'Profit distribution'),
  account('4199', '期初余额调整', 'Opening balance offset'),
  account('6001', '主营业务收入', 'Sales revenue'),
  account('6051', '其他业务收入', 'Other operating income'),
  account('6301', '营业外收入', 'Non-operating income'),
  account('6401', '主营业务成本', 'Cost of goods sold'),
  account('6601', '销售费用', 'Selling expenses'),
  account('6602', '管理费用', 'Administrative expenses'),
  account('6603', '财务费用', 'Financial expenses'),
  account('6603.01', '汇兑损益', 'Exchange gains and losses', '6603'),
  account('6603.02', '手续费', 'Bank charges', '6603'),
  account('6711', '营业外支出', 'Non-operating expenses'),
];

export const DEFAULT_MAPPING: Record<MappingRole, string> = {
  inventory: '1405',
  receivable: '1122',
  payable: '2202.01',
  grni: '2202.99',
  inputVat: '2221.01',
  outputVat: '2221.02',
  revenue: '6001',
  cogs: '6401',
  priceVariance: '6401',
  fxDifference: '6603.01',
  stockLossGain: '1901',
  customerAdvance: '2203',
  supplierAdvance: '1123',
  openingOffset: '4199',
  roundingDifference: '6603.02',
  internalUse: '6602',
  samples: '6601',
  currentYearProfit: '4103',
};

export const CURRENCIES = [
  { code: 'CNY', name: '人民币 Chinese yuan', decimals: 2 },
  { code: 'USD', name: '美元 US dollar', decimals: 2 },
  { code: 'EUR', name: '欧元 Euro', decimals: 2 },
  { code: 'HKD', name: '港币 Hong Kong dollar', decimals: 2 },
  { code: 'JPY', name: '日元 Japanese yen', decimals: 0 },
];
