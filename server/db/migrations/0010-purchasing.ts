import { DataTypes, QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
const big = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull, defaultValue: allowNull ? undefined : 0 });
const ref = (model: string, allowNull = false) => ({ type: DataTypes.INTEGER, allowNull, references: { model, key: 'id' } });
const date = (allowNull = false) => ({ type: DataTypes.STRING(10), allowNull });
const stamp = { type: DataTypes.DATE, allowNull: false };
/** Money in cents (document currency, and base as `base_…`), quantities ×1000, prices ×10000, rates and fractions ×1,000,000. */
const money = {
  currency: { type: DataTypes.STRING(3), allowNull: false },
  rate: big(),
  subtotal: big(),
  tax: big(),
  total: big(),
  base_subtotal: big(),
  base_tax: big(),
  base_total: big(),
};

/**
 * Purchasing (API.md "Purchasing and suppliers"): orders, goods receipts,
 * supplier invoices (and debit notes, opening payables), returns, payments,
 * contracts and evaluations. Receipts and returns move stock through the
 * stock gate (doc types GR, PRT); every document journals through the money
 * gate; payables are open items (server/ledgers/open-items.ts).
 */
export async function up(qi: QueryInterface): Promise<void> {
  // Fraction ×1,000,000 (5 % = 50000); null = the global OVER_RECEIPT_TOLERANCE.
  await qi.addColumn('items', 'over_receipt_tolerance', { type: DataTypes.BIGINT, allowNull: true });

  await qi.createTable('supplier_contracts', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    supplier_id: ref('suppliers'),
    title: { type: DataTypes.STRING(200), allowNull: false },
    start_date: date(),
    end_date: date(),
    currency: { type: DataTypes.STRING(3), allowNull: false },
    payment_terms_days: { type: DataTypes.INTEGER },
    note: { type: DataTypes.STRING(500) },
    status: { type: DataTypes.STRING(16), allowNull: false }, // active | terminated
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
    updated_at: stamp,
  });
  await qi.createTable('supplier_contract_lines', {
    id,
    contract_id: ref('supplier_contracts'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    item_id: ref('items'),
    unit_price: big(),
    min_qty: big(true),
  });
  await qi.addIndex('supplier_contract_lines', ['item_id']);

  await qi.createTable('supplier_evaluations', {
    id,
    supplier_id: ref('suppliers'),
    date: date(),
    quality: { type: DataTypes.INTEGER, allowNull: false },
    delivery: { type: DataTypes.INTEGER, allowNull: false },
    price: { type: DataTypes.INTEGER, allowNull: false },
    service: { type: DataTypes.INTEGER, allowNull: false },
    comment: { type: DataTypes.STRING(500) },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('supplier_evaluations', ['supplier_id', 'date']);

  await qi.createTable('purchase_orders', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    status: { type: DataTypes.STRING(16), allowNull: false }, // draft approved partial done closed cancelled
    supplier_id: ref('suppliers'),
    warehouse_id: ref('warehouses'),
    date: date(),
    expected_date: date(true),
    prices_include_tax: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...money,
    note: { type: DataTypes.STRING(500) },
    approved_by: { type: DataTypes.INTEGER },
    approved_at: { type: DataTypes.DATE },
    closed_at: { type: DataTypes.DATE },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
    updated_at: stamp,
  });
  await qi.addIndex('purchase_orders', ['supplier_id', 'status']);
  await qi.addIndex('purchase_orders', ['warehouse_id', 'status']);
  await qi.createTable('purchase_order_lines', {
    id,
    order_id: ref('purchase_orders'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    item_id: ref('items'),
    qty: big(),
    unit_price: big(),
    discount: big(), // fraction ×1,000,000
    tax_rate: big(),
    amount: big(),
    tax: big(),
    base_amount: big(),
    base_tax: big(),
    /** Net unit cost in base currency ×10000: what receipts bring stock in at. */
    base_unit_cost: big(),
    contract_price: big(true),
    received: big(),
    returned: big(),
    invoiced: big(),
  });
  await qi.addIndex('purchase_order_lines', ['order_id']);
  await qi.addIndex('purchase_order_lines', ['item_id']);

  await qi.createTable('goods_receipts', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    purchase_order_id: ref('purchase_orders'),
    supplier_id: ref('suppliers'),
    warehouse_id: ref('warehouses'),
    date: date(),
    status: { type: DataTypes.STRING(16), allowNull: false }, // posted cancelled
    base_value: big(),
    reversal_of: ref('goods_receipts', true),
    reversed_by: ref('goods_receipts', true),
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('goods_receipts', ['purchase_order_id']);
  await qi.createTable('goods_receipt_lines', {
    id,
    receipt_id: ref('goods_receipts'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    order_line_id: ref('purchase_order_lines'),
    item_id: ref('items'),
    batch_no: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
    expiry_date: date(true),
    qty: big(),
    unit_cost: big(),
    value: big(),
    returned: big(),
    invoiced: big(),
  });
  await qi.addIndex('goods_receipt_lines', ['receipt_id']);
  await qi.addIndex('goods_receipt_lines', ['order_line_id']);

  await qi.createTable('purchase_invoices', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    kind: { type: DataTypes.STRING(16), allowNull: false }, // invoice debit-note opening
    supplier_id: ref('suppliers'),
    supplier_invoice_no: { type: DataTypes.STRING(64) },
    status: { type: DataTypes.STRING(16), allowNull: false }, // open held paid cancelled
    date: date(),
    due_date: date(),
    ...money,
    variance_base: big(),
    return_id: { type: DataTypes.INTEGER },
    released_by: { type: DataTypes.INTEGER },
    released_at: { type: DataTypes.DATE },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('purchase_invoices', ['supplier_id', 'supplier_invoice_no'], { unique: true, name: 'purchase_invoices_supplier_no' });
  await qi.createTable('purchase_invoice_lines', {
    id,
    invoice_id: ref('purchase_invoices'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    order_line_id: ref('purchase_order_lines', true),
    receipt_line_id: ref('goods_receipt_lines', true),
    item_id: ref('items', true),
    qty: big(),
    unit_price: big(),
    order_price: big(),
    tax_rate: big(),
    amount: big(),
    tax: big(),
    base_amount: big(),
    base_tax: big(),
    /** Base value of the goods at the receipts' cost (what 2202.99 releases). */
    base_receipt_value: big(),
    variance_base: big(),
  });
  await qi.addIndex('purchase_invoice_lines', ['invoice_id']);
  await qi.addIndex('purchase_invoice_lines', ['order_line_id']);

  await qi.createTable('purchase_returns', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    supplier_id: ref('suppliers'),
    receipt_id: ref('goods_receipts'),
    warehouse_id: ref('warehouses'),
    date: date(),
    reason: { type: DataTypes.STRING(200) },
    base_value: big(),
    debit_note_id: ref('purchase_invoices', true),
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.createTable('purchase_return_lines', {
    id,
    return_id: ref('purchase_returns'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    receipt_line_id: ref('goods_receipt_lines'),
    order_line_id: ref('purchase_order_lines'),
    item_id: ref('items'),
    batch_no: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
    qty: big(),
    unit_cost: big(),
    value: big(),
  });

  await qi.createTable('supplier_payments', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    supplier_id: ref('suppliers'),
    cash_account_id: ref('cash_accounts'),
    date: date(),
    currency: { type: DataTypes.STRING(3), allowNull: false },
    rate: big(),
    amount: big(),
    base_amount: big(),
    reference: { type: DataTypes.STRING(100) },
    journal_entry_id: { type: DataTypes.INTEGER },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('supplier_payments', ['supplier_id']);
}

export async function down(qi: QueryInterface): Promise<void> {
  for (const t of [
    'supplier_payments',
    'purchase_return_lines',
    'purchase_returns',
    'purchase_invoice_lines',
    'purchase_invoices',
    'goods_receipt_lines',
    'goods_receipts',
    'purchase_order_lines',
    'purchase_orders',
    'supplier_evaluations',
    'supplier_contract_lines',
    'supplier_contracts',
  ]) {
    await qi.dropTable(t);
  }
  await qi.removeColumn('items', 'over_receipt_tolerance');
}
