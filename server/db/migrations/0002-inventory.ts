import { DataTypes, QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
/** Quantities ×1000, money ×100, prices and costs ×10000, rates ×1000000 — exact integers. */
const scaled = (allowNull = true) => ({ type: DataTypes.BIGINT, allowNull });
const ref = (model: string, allowNull = false) => ({ type: DataTypes.INTEGER, allowNull, references: { model, key: 'id' } });

function partner(extra: Record<string, unknown> = {}) {
  return {
    id,
    code: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    category: { type: DataTypes.STRING(64) },
    grade: { type: DataTypes.STRING(16) },
    contact: { type: DataTypes.STRING(100) },
    phone: { type: DataTypes.STRING(50) },
    email: { type: DataTypes.STRING(200) },
    address: { type: DataTypes.STRING(300) },
    payment_terms_days: { type: DataTypes.INTEGER },
    currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'CNY' },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...extra,
    ...timestamps,
  };
}

export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('suppliers', partner());
  await qi.createTable('customers', partner({ credit_limit: scaled() }));
  await qi.createTable('items', {
    id,
    sku: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    unit: { type: DataTypes.STRING(16), allowNull: false },
    category: { type: DataTypes.STRING(64) },
    barcode: { type: DataTypes.STRING(64) },
    batch_tracked: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    safety_stock: scaled(),
    reorder_qty: scaled(),
    max_stock: scaled(),
    default_supplier_id: ref('suppliers', true),
    purchase_price: scaled(),
    sale_price: scaled(),
    tax_rate: scaled(),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.addIndex('items', ['category']);
  await qi.addIndex('items', ['barcode']);
  await qi.createTable('item_warehouse_settings', {
    item_id: { ...ref('items'), primaryKey: true, onDelete: 'CASCADE' },
    warehouse_id: { ...ref('warehouses'), primaryKey: true },
    safety_stock: scaled(),
    max_stock: scaled(),
  });
  await qi.createTable('stock_balances', {
    id,
    item_id: ref('items'),
    warehouse_id: ref('warehouses'),
    batch_no: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
    expiry_date: { type: DataTypes.STRING(10) },
    on_hand: scaled(false),
    reserved: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    value: scaled(false),
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('stock_balances', ['item_id', 'warehouse_id', 'batch_no'], { unique: true, name: 'stock_balances_key' });
  await qi.addIndex('stock_balances', ['warehouse_id']);
  // The ledger: append-only; each row holds its own delta, the balance row the running state.
  await qi.createTable('stock_moves', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    at: { type: DataTypes.DATE, allowNull: false },
    date: { type: DataTypes.STRING(10), allowNull: false },
    item_id: ref('items'),
    warehouse_id: ref('warehouses'),
    batch_no: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
    qty: scaled(false),
    unit_cost: scaled(false),
    value: scaled(false),
    doc_type: { type: DataTypes.STRING(16), allowNull: false },
    doc_id: { type: DataTypes.INTEGER, allowNull: false },
    doc_number: { type: DataTypes.STRING(32), allowNull: false },
    user_id: { type: DataTypes.INTEGER },
  });
  await qi.addIndex('stock_moves', ['item_id', 'warehouse_id', 'batch_no']);
  await qi.addIndex('stock_moves', ['warehouse_id', 'date']);
  await qi.addIndex('stock_moves', ['doc_type', 'doc_id']);
  await qi.createTable('stock_documents', {
    id,
    doc_type: { type: DataTypes.STRING(16), allowNull: false },
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    date: { type: DataTypes.STRING(10), allowNull: false },
    warehouse_id: ref('warehouses'),
    to_warehouse_id: ref('warehouses', true),
    reason: { type: DataTypes.STRING(32) },
    note: { type: DataTypes.STRING(500) },
    line_count: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { type: DataTypes.INTEGER },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('stocktakes', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    warehouse_id: ref('warehouses'),
    status: { type: DataTypes.STRING(16), allowNull: false },
    snapshot_move_id: { type: DataTypes.BIGINT, allowNull: false },
    note: { type: DataTypes.STRING(500) },
    user_id: { type: DataTypes.INTEGER },
    created_at: { type: DataTypes.DATE, allowNull: false },
    posted_at: { type: DataTypes.DATE },
  });
  await qi.createTable('stocktake_lines', {
    stocktake_id: { ...ref('stocktakes'), primaryKey: true, onDelete: 'CASCADE' },
    item_id: { ...ref('items'), primaryKey: true },
    batch_no: { type: DataTypes.STRING(64), primaryKey: true, defaultValue: '' },
    book_qty: scaled(false),
    counted_qty: scaled(),
  });
}

export async function down(qi: QueryInterface): Promise<void> {
  for (const t of ['stocktake_lines', 'stocktakes', 'stock_documents', 'stock_moves', 'stock_balances', 'item_warehouse_settings', 'items', 'customers', 'suppliers']) {
    await qi.dropTable(t);
  }
}
