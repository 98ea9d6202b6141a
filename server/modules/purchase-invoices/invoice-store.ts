import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { PurchaseInvoicesQuery, PurchaseInvoiceStatus, PurchaseInvoiceView } from '../../../contract/purchase-invoices';
import type { Database } from '../../db/database';
import { executeLiteral, selectOne, selectRows } from '../../db/sql';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

/** One stored invoice line; money in cents, quantities ×1000, prices ×10000, tax rates ×1e6. */
export interface InvoiceLineRow {
  line: number;
  orderLineId: number | null;
  receiptLineId: number | null;
  itemId: number | null;
  qty: number;
  unitPrice: number;
  orderPrice: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  baseReceiptValue: number;
  varianceBase: number;
}

export async function storeInvoiceLines(db: Database, invoiceId: number, lines: InvoiceLineRow[], tx: Transaction): Promise<void> {
  const n = (v: number | null) => (v === null ? 'NULL' : String(Number(v)));
  for (let i = 0; i < lines.length; i += 500) {
    const values = lines
      .slice(i, i + 500)
      .map((l) => `(${invoiceId}, ${l.line}, ${n(l.orderLineId)}, ${n(l.receiptLineId)}, ${n(l.itemId)}, ${l.qty}, ${l.unitPrice}, ${l.orderPrice}, ${l.taxRate}, ${l.amount}, ${l.tax}, ${l.baseAmount}, ${l.baseTax}, ${l.baseReceiptValue}, ${l.varianceBase})`);
    await executeLiteral(
      db,
      `INSERT INTO purchase_invoice_lines (invoice_id, line, order_line_id, receipt_line_id, item_id, qty, unit_price, order_price, tax_rate, amount, tax, base_amount, base_tax, base_receipt_value, variance_base) VALUES ${values.join(',')}`,
      tx,
    );
  }
}

const money = (cents: unknown) => fromScaled(Number(cents ?? 0), 'money');
const price = (v: unknown) => fromScaled(Number(v ?? 0), 'price');
const rate = (v: unknown) => fromScaled(Number(v ?? 0), 'rate');
const qty = (v: unknown) => fromScaled(Number(v ?? 0), 'qty');
const optionalNumber = (v: unknown) => (v == null ? null : Number(v));

const HEADER = `SELECT i.*, s.code AS supplier_code,
    (SELECT o.open_amount FROM open_items o WHERE o.doc_type = 'PI' AND o.doc_id = i.id) AS open_amount,
    (SELECT MIN(e.id) FROM journal_entries e WHERE e.source_type = 'PI' AND e.source_id = i.id) AS journal_entry_id
  FROM purchase_invoices i JOIN suppliers s ON s.id = i.supplier_id`;

function headerView(r: Record<string, unknown>): Omit<PurchaseInvoiceView, 'lines' | 'variances'> {
  return {
    id: Number(r.id),
    number: String(r.number),
    kind: r.kind as PurchaseInvoiceView['kind'],
    supplierId: Number(r.supplier_id),
    supplierCode: String(r.supplier_code),
    supplierInvoiceNo: (r.supplier_invoice_no as string | null) ?? null,
    status: r.status as PurchaseInvoiceStatus,
    date: String(r.date),
    dueDate: String(r.due_date),
    currency: String(r.currency),
    rate: rate(r.rate),
    subtotal: money(r.subtotal),
    tax: money(r.tax),
    total: money(r.total),
    baseSubtotal: money(r.base_subtotal),
    baseTax: money(r.base_tax),
    baseTotal: money(r.base_total),
    varianceBase: money(r.variance_base),
    openAmount: money(r.open_amount),
    releasedBy: optionalNumber(r.released_by),
    releasedAt: r.released_at == null ? null : new Date(r.released_at as string).toISOString(),
    journalEntryId: optionalNumber(r.journal_entry_id),
  };
}

/** An invoice with its lines and the lines priced other than their order. */
export async function getPurchaseInvoice(db: Database, id: number, tx?: Transaction): Promise<PurchaseInvoiceView> {
  const header = await selectOne<Record<string, unknown>>(db, `${HEADER} WHERE i.id = :id`, { id }, tx);
  if (!header) throw notFound(msg('purchase-invoice.not-found', { id }));
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.*, it.sku FROM purchase_invoice_lines l LEFT JOIN items it ON it.id = l.item_id WHERE l.invoice_id = :id ORDER BY l.line`,
    { id },
    tx,
  );
  const lines = rows.map((l) => ({
    id: Number(l.id),
    line: Number(l.line),
    purchaseOrderLineId: optionalNumber(l.order_line_id),
    receiptLineId: optionalNumber(l.receipt_line_id),
    itemId: optionalNumber(l.item_id),
    sku: (l.sku as string | null) ?? null,
    qty: qty(l.qty),
    unitPrice: price(l.unit_price),
    orderPrice: price(l.order_price),
    taxRate: rate(l.tax_rate),
    amount: money(l.amount),
    tax: money(l.tax),
    baseAmount: money(l.base_amount),
    baseTax: money(l.base_tax),
    baseReceiptValue: money(l.base_receipt_value),
    varianceBase: money(l.variance_base),
  }));
  const variances = lines
    .filter((l) => l.unitPrice !== l.orderPrice || l.varianceBase !== 0)
    .map((l) => ({ line: l.line, orderPrice: l.orderPrice, invoicePrice: l.unitPrice, amount: l.varianceBase }));
  return { ...headerView(header), variances, lines };
}

export async function listPurchaseInvoices(db: Database, q: PurchaseInvoicesQuery): Promise<{ data: Array<Omit<PurchaseInvoiceView, 'lines' | 'variances'>>; total: number }> {
  const where: string[] = [];
  if (q.supplierId !== undefined) where.push('i.supplier_id = :supplierId');
  if (q.status !== undefined) where.push('i.status = :status');
  if (q.from !== undefined) where.push('i.date >= :from');
  if (q.to !== undefined) where.push('i.date <= :to');
  if (q.q) where.push('(i.number LIKE :like OR i.supplier_invoice_no LIKE :like)');
  const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const replacements = { ...q, like: `%${q.q ?? ''}%` };
  const [count] = await selectRows<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM purchase_invoices i${filter}`, replacements);
  const rows = await selectRows<Record<string, unknown>>(db, `${HEADER}${filter} ORDER BY i.date DESC, i.id DESC LIMIT :limit OFFSET :offset`, replacements);
  return { data: rows.map(headerView), total: Number(count?.n ?? 0) };
}
