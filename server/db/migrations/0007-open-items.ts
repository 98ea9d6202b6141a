import { DataTypes, QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
const scaled = { type: DataTypes.BIGINT, allowNull: false };
const day = (allowNull = false) => ({ type: DataTypes.STRING(10), allowNull });
const ref = (model: string, allowNull = false) => ({ type: DataTypes.INTEGER, allowNull, references: { model, key: 'id' } });

/**
 * Open items (receivables and payables) and the allocations between them,
 * written only by server/ledgers/open-items.ts. Amounts are signed from the
 * ledger's side: what a customer owes us or we owe a supplier (invoices) is
 * positive, receipts, payments and credit or debit notes are negative, so a
 * partner's open total and the control account's balance are plain sums.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('open_items', {
    id,
    partner_type: { type: DataTypes.STRING(8), allowNull: false }, // customer (receivable) | supplier (payable)
    partner_id: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false }, // invoice | credit-note | receipt | debit-note | payment
    doc_type: { type: DataTypes.STRING(16), allowNull: false },
    doc_id: { type: DataTypes.INTEGER, allowNull: false },
    doc_number: { type: DataTypes.STRING(32), allowNull: false },
    date: day(),
    due_date: day(),
    currency: { type: DataTypes.STRING(3), allowNull: false, references: { model: 'currencies', key: 'code' } },
    rate: scaled, // ×1,000,000
    amount: scaled, // document currency
    base_amount: scaled,
    open_amount: scaled,
    open_base: scaled,
    // The control account its open base sits on (receivable, payable, customer or supplier advances).
    account_code: { type: DataTypes.STRING(16), allowNull: false, references: { model: 'accounts', key: 'code' } },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('open_items', ['doc_type', 'doc_id'], { unique: true });
  await qi.addIndex('open_items', ['partner_type', 'partner_id', 'currency']);
  await qi.addIndex('open_items', ['partner_type', 'date']);
  // Positive magnitudes; an allocation undone keeps its row, with the day and entry that undid it.
  await qi.createTable('open_item_allocations', {
    id,
    invoice_item_id: ref('open_items'),
    payment_item_id: ref('open_items'),
    date: day(),
    amount: scaled,
    invoice_base: scaled,
    payment_base: scaled,
    fx_difference: scaled, // payment_base − invoice_base
    journal_entry_id: ref('journal_entries', true),
    reversed_on: day(true),
    reversal_entry_id: ref('journal_entries', true),
    user_id: { type: DataTypes.INTEGER },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('open_item_allocations', ['invoice_item_id']);
  await qi.addIndex('open_item_allocations', ['payment_item_id']);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('open_item_allocations');
  await qi.dropTable('open_items');
}
