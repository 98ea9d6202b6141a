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
 * Sales and customers (API.md "Sales and customers"): orders (credit-checked
 * and reserved on approval), shipments and returns (stock gate doc types SH,
 * SRT; an order's reservations are held as SO / order id / the line's index),
 * invoices (and credit notes, opening receivables), customer receipts, and
 * after-sales service tickets with their history. Receivables are open items
 * (server/ledgers/open-items.ts).
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.addIndex('customers', ['category']);
  await qi.addIndex('customers', ['grade']);

  await qi.createTable('sales_orders', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    status: { type: DataTypes.STRING(16), allowNull: false }, // draft approved partial done closed cancelled
    customer_id: ref('customers'),
    warehouse_id: ref('warehouses'),
    date: date(),
    requested_date: date(true),
    prices_include_tax: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...money,
    note: { type: DataTypes.STRING(500) },
    /** The user the order is credited to (reports' salesperson); its creator unless given. */
    salesperson_id: ref('users', true),
    approved_by: { type: DataTypes.INTEGER },
    approved_at: { type: DataTypes.DATE },
    /** Set when approved beyond the credit limit by a user with sales:credit-override. */
    credit_override_by: { type: DataTypes.INTEGER },
    closed_at: { type: DataTypes.DATE },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
    updated_at: stamp,
  });
  await qi.addIndex('sales_orders', ['customer_id', 'status']);
  await qi.addIndex('sales_orders', ['warehouse_id', 'status']);
  await qi.addIndex('sales_orders', ['customer_id', 'date']);
  await qi.createTable('sales_order_lines', {
    id,
    order_id: ref('sales_orders'),
    /** 0-based position: the `line` its stock reservations are held under. */
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
    shipped: big(),
    returned: big(),
    invoiced: big(),
  });
  await qi.addIndex('sales_order_lines', ['order_id']);
  await qi.addIndex('sales_order_lines', ['item_id']);

  await qi.createTable('shipments', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    sales_order_id: ref('sales_orders'),
    customer_id: ref('customers'),
    warehouse_id: ref('warehouses'),
    date: date(),
    status: { type: DataTypes.STRING(16), allowNull: false }, // posted cancelled
    base_value: big(),
    reversal_of: ref('shipments', true),
    reversed_by: ref('shipments', true),
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('shipments', ['sales_order_id']);
  await qi.addIndex('shipments', ['customer_id', 'date']);
  await qi.createTable('shipment_lines', {
    id,
    shipment_id: ref('shipments'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    order_line_id: ref('sales_order_lines'),
    item_id: ref('items'),
    batch_no: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
    expiry_date: date(true),
    qty: big(),
    /** Base currency ×10000: the moving average it left at (value / qty). */
    unit_cost: big(),
    /** Base cents the stock left with (positive). */
    value: big(),
    returned: big(),
    invoiced: big(),
  });
  await qi.addIndex('shipment_lines', ['shipment_id']);
  await qi.addIndex('shipment_lines', ['order_line_id']);

  await qi.createTable('sales_invoices', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    kind: { type: DataTypes.STRING(16), allowNull: false }, // invoice credit-note opening
    customer_id: ref('customers'),
    status: { type: DataTypes.STRING(16), allowNull: false }, // open paid cancelled
    date: date(),
    due_date: date(),
    ...money,
    /** Base cents of the goods' cost (from their shipments): gross profit = base_subtotal − base_cost. */
    base_cost: big(),
    salesperson_id: ref('users', true),
    return_id: { type: DataTypes.INTEGER },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('sales_invoices', ['customer_id', 'date']);
  await qi.addIndex('sales_invoices', ['status']);
  await qi.addIndex('sales_invoices', ['date']);
  await qi.createTable('sales_invoice_lines', {
    id,
    invoice_id: ref('sales_invoices'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    order_line_id: ref('sales_order_lines', true),
    shipment_line_id: ref('shipment_lines', true),
    item_id: ref('items', true),
    /** Copied from the invoice so analysis by customer and day reads one index (credit notes negative). */
    customer_id: ref('customers'),
    date: date(),
    /** Signed: a credit note's lines are negative. */
    qty: big(),
    unit_price: big(),
    tax_rate: big(),
    amount: big(),
    tax: big(),
    base_amount: big(),
    base_tax: big(),
    base_cost: big(),
  });
  await qi.addIndex('sales_invoice_lines', ['invoice_id']);
  await qi.addIndex('sales_invoice_lines', ['order_line_id']);
  await qi.addIndex('sales_invoice_lines', ['shipment_line_id']);
  await qi.addIndex('sales_invoice_lines', ['customer_id', 'date', 'item_id']);
  await qi.addIndex('sales_invoice_lines', ['date', 'item_id']);

  await qi.createTable('sales_returns', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    customer_id: ref('customers'),
    shipment_id: ref('shipments'),
    sales_order_id: ref('sales_orders'),
    warehouse_id: ref('warehouses'),
    date: date(),
    reason: { type: DataTypes.STRING(200) },
    base_value: big(),
    credit_note_id: ref('sales_invoices', true),
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('sales_returns', ['shipment_id']);
  await qi.createTable('sales_return_lines', {
    id,
    return_id: ref('sales_returns'),
    line: { type: DataTypes.INTEGER, allowNull: false },
    shipment_line_id: ref('shipment_lines'),
    order_line_id: ref('sales_order_lines'),
    item_id: ref('items'),
    batch_no: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
    qty: big(),
    unit_cost: big(),
    value: big(),
  });
  await qi.addIndex('sales_return_lines', ['return_id']);

  await qi.createTable('customer_receipts', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    customer_id: ref('customers'),
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
  await qi.addIndex('customer_receipts', ['customer_id']);

  await qi.createTable('service_tickets', {
    id,
    number: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    customer_id: ref('customers'),
    kind: { type: DataTypes.STRING(16), allowNull: false }, // repair return complaint inquiry other
    subject: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.STRING(4000) },
    sales_order_id: ref('sales_orders', true),
    item_id: ref('items', true),
    priority: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'normal' }, // low normal high
    assignee_id: ref('users', true),
    status: { type: DataTypes.STRING(16), allowNull: false }, // open in-progress resolved closed
    resolved_at: { type: DataTypes.DATE },
    closed_at: { type: DataTypes.DATE },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
    updated_at: stamp,
  });
  await qi.addIndex('service_tickets', ['status']);
  await qi.addIndex('service_tickets', ['customer_id']);
  await qi.addIndex('service_tickets', ['assignee_id']);
  // Append-only: creation is the first entry, then one per change or transition.
  await qi.createTable('service_ticket_history', {
    id,
    ticket_id: ref('service_tickets'),
    action: { type: DataTypes.STRING(16), allowNull: false }, // created updated transition
    from_status: { type: DataTypes.STRING(16) },
    to_status: { type: DataTypes.STRING(16) },
    /** JSON: {field: [before, after]} of what changed. */
    changes: { type: DataTypes.TEXT },
    note: { type: DataTypes.STRING(1000) },
    user_id: { type: DataTypes.INTEGER },
    created_at: stamp,
  });
  await qi.addIndex('service_ticket_history', ['ticket_id']);
}

export async function down(qi: QueryInterface): Promise<void> {
  for (const t of [
    'service_ticket_history',
    'service_tickets',
    'customer_receipts',
    'sales_return_lines',
    'sales_returns',
    'sales_invoice_lines',
    'sales_invoices',
    'shipment_lines',
    'shipments',
    'sales_order_lines',
    'sales_orders',
  ]) {
    await qi.dropTable(t);
  }
  await qi.removeIndex('customers', ['grade']);
  await qi.removeIndex('customers', ['category']);
}
