import { DataTypes, QueryInterface, QueryTypes } from 'sequelize';
import { CHART, CURRENCIES, DEFAULT_MAPPING } from '../../ledgers/chart-of-accounts';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
const money = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull, defaultValue: allowNull ? undefined : 0 });
const code = { type: DataTypes.STRING(16), allowNull: false };

/**
 * Finance: currencies and rates, the chart of accounts (seeded, bilingual)
 * and its mapping to posting roles, journal entries and lines, account
 * balances per account × period, cash and bank accounts, cash entries and
 * cash transfers. Stock already on hand is journaled 1405 / 4199, so the
 * inventory account equals the stock's value from the first start.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('currencies', {
    code: { type: DataTypes.STRING(3), primaryKey: true },
    name: { type: DataTypes.STRING(50), allowNull: false },
    decimals: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 2 },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('exchange_rates', {
    id,
    currency: { type: DataTypes.STRING(3), allowNull: false, references: { model: 'currencies', key: 'code' } },
    date: { type: DataTypes.STRING(10), allowNull: false },
    rate: { type: DataTypes.BIGINT, allowNull: false }, // ×1,000,000
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('exchange_rates', ['currency', 'date', 'id']);
  await qi.createTable('accounts', {
    code: { type: DataTypes.STRING(16), primaryKey: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    name_en: { type: DataTypes.STRING(100) },
    type: { type: DataTypes.STRING(10), allowNull: false },
    parent_code: { type: DataTypes.STRING(16), references: { model: 'accounts', key: 'code' } },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('account_mapping', {
    role: { type: DataTypes.STRING(32), primaryKey: true },
    account_code: { ...code, references: { model: 'accounts', key: 'code' } },
  });
  await qi.createTable('journal_entries', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    date: { type: DataTypes.STRING(10), allowNull: false },
    period: { type: DataTypes.STRING(7), allowNull: false },
    memo: { type: DataTypes.STRING(500) },
    source_type: { type: DataTypes.STRING(16), allowNull: false },
    source_id: { type: DataTypes.INTEGER, allowNull: false },
    source_number: { type: DataTypes.STRING(32), allowNull: false },
    reversal_of: { type: DataTypes.INTEGER, references: { model: 'journal_entries', key: 'id' } },
    reversed_by: { type: DataTypes.INTEGER, references: { model: 'journal_entries', key: 'id' } },
    user_id: { type: DataTypes.INTEGER },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('journal_entries', ['source_type', 'source_id']);
  await qi.addIndex('journal_entries', ['date']);
  // Append-only. Debit and credit in base-currency cents; `amount` in the line's own currency.
  await qi.createTable('journal_lines', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    entry_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'journal_entries', key: 'id' } },
    line: { type: DataTypes.INTEGER, allowNull: false },
    account_code: { ...code, references: { model: 'accounts', key: 'code' } },
    date: { type: DataTypes.STRING(10), allowNull: false },
    period: { type: DataTypes.STRING(7), allowNull: false },
    debit: money(),
    credit: money(),
    currency: { type: DataTypes.STRING(3), allowNull: false },
    amount: money(),
    rate: { type: DataTypes.BIGINT, allowNull: false },
    memo: { type: DataTypes.STRING(500) },
  });
  await qi.addIndex('journal_lines', ['entry_id']);
  await qi.addIndex('journal_lines', ['account_code', 'period']);
  // Maintained by the money gate in the same transaction as the lines it sums.
  await qi.createTable('account_balances', {
    account_code: { ...code, primaryKey: true, references: { model: 'accounts', key: 'code' } },
    period: { type: DataTypes.STRING(7), primaryKey: true },
    debit: money(),
    credit: money(),
  });
  await qi.createTable('cash_accounts', {
    id,
    code: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    type: { type: DataTypes.STRING(8), allowNull: false },
    currency: { type: DataTypes.STRING(3), allowNull: false, references: { model: 'currencies', key: 'code' } },
    bank_name: { type: DataTypes.STRING(100) },
    account_no: { type: DataTypes.STRING(64) },
    allow_overdraft: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    account_code: { ...code, unique: true, references: { model: 'accounts', key: 'code' } },
    // In the account's own currency, cents; maintained by the money gate with its leaf's lines.
    balance: money(),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('cash_documents', {
    id,
    doc_type: { type: DataTypes.STRING(8), allowNull: false }, // CE cash entry, CT cash transfer
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    kind: { type: DataTypes.STRING(8) },
    date: { type: DataTypes.STRING(10), allowNull: false },
    cash_account_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'cash_accounts', key: 'id' } },
    to_cash_account_id: { type: DataTypes.INTEGER, references: { model: 'cash_accounts', key: 'id' } },
    currency: { type: DataTypes.STRING(3), allowNull: false },
    rate: { type: DataTypes.BIGINT, allowNull: false },
    subtotal: money(),
    tax: money(),
    total: money(),
    base_total: money(),
    to_amount: money(true),
    memo: { type: DataTypes.STRING(500) },
    status: { type: DataTypes.STRING(16), allowNull: false },
    journal_entry_id: { type: DataTypes.INTEGER, references: { model: 'journal_entries', key: 'id' } },
    user_id: { type: DataTypes.INTEGER },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addColumn('periods', 'closing_entry_id', { type: DataTypes.INTEGER, allowNull: true });

  const now = new Date();
  await qi.bulkInsert('currencies', CURRENCIES.map((c) => ({ code: c.code, name: c.name, decimals: c.decimals, created_at: now })));
  await qi.bulkInsert(
    'accounts',
    CHART.map((a) => ({ code: a.code, name: a.name, name_en: a.nameEn, type: a.type, parent_code: a.parentCode, active: true, version: 1, created_at: now, updated_at: now })),
  );
  await qi.bulkInsert('account_mapping', Object.entries(DEFAULT_MAPPING).map(([role, account]) => ({ role, account_code: account })));
  await journalStockOnHand(qi, now);
}

/** What stock already holds, journaled once as opening balance: Dr inventory / Cr opening offset. */
async function journalStockOnHand(qi: QueryInterface, now: Date): Promise<void> {
  const sequelize = qi.sequelize;
  const [row] = await sequelize.query<{ value: number | string | null; last: string | null }>(
    'SELECT SUM(value) AS value, MAX(date) AS last FROM stock_moves',
    { type: QueryTypes.SELECT },
  );
  const value = Number(row?.value ?? 0);
  if (!value || !row?.last) return;
  const date = row.last;
  const period = date.slice(0, 7);
  const number = `JE-${date.slice(0, 4)}-OPENING`;
  await qi.bulkInsert('journal_entries', [
    { number, date, period, memo: 'Stock on hand before finance / 财务启用前的库存', source_type: 'OPENING', source_id: 0, source_number: number, user_id: null, created_at: now },
  ]);
  const [entry] = await sequelize.query<{ id: number }>('SELECT id FROM journal_entries WHERE number = :number', { replacements: { number }, type: QueryTypes.SELECT });
  const line = (n: number, account: string, debit: number, credit: number) => ({
    entry_id: Number(entry!.id), line: n, account_code: account, date, period, debit, credit, currency: process.env.BASE_CURRENCY || 'CNY', amount: debit || credit, rate: 1_000_000, memo: null,
  });
  // Signed: a negative total (never expected) is journaled the other way round.
  const [dr, cr] = value > 0 ? [DEFAULT_MAPPING.inventory, DEFAULT_MAPPING.openingOffset] : [DEFAULT_MAPPING.openingOffset, DEFAULT_MAPPING.inventory];
  await qi.bulkInsert('journal_lines', [line(0, dr, Math.abs(value), 0), line(1, cr, 0, Math.abs(value))]);
  await qi.bulkInsert('account_balances', [
    { account_code: dr, period, debit: Math.abs(value), credit: 0 },
    { account_code: cr, period, debit: 0, credit: Math.abs(value) },
  ]);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeColumn('periods', 'closing_entry_id');
  for (const t of ['cash_documents', 'cash_accounts', 'account_balances', 'journal_lines', 'journal_entries', 'account_mapping', 'accounts', 'exchange_rates', 'currencies']) await qi.dropTable(t);
}
