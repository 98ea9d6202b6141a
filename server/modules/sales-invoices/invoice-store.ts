import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { SalesInvoicesQuery, SalesInvoiceStatus, SalesInvoiceView } from '../../../contract/sales-invoices';
import type { Database } from '../../db/database';
import { executeLiteral, selectOne, selectRows } from '../../db/sql';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

/** One stored invoice line; signed (a credit note's are negative); money in cents, quantities ×1000, prices ×10000, tax rates ×1e6. */
export interface SalesInvoiceLineRow {
  line: number;
  orderLineId: number | null;
  shipmentLineId: number | null;
  itemId: number | null;
  qty: number;
  unitPrice: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  baseCost: number;
}

/** Lines carry the invoice's customer and date, so sales analysis reads one index. */
export async function storeSalesInvoiceLines(db: Database, invoice: { id: number; customerId: number; date: string }, lines: SalesInvoiceLineRow[], tx: Transaction): Promise<void> {
  const n = (v: number | null) => (v === null ? 'NULL' : String(Number(v)));
  const date = db.sequelize.escape(invoice.date);
  for (let i = 0; i < lines.length; i += 500) {
    const values = lines
      .slice(i, i + 500)
      .map(
        (l) =>
          `(${invoice.id}, ${l.line}, ${n(l.orderLineId)}, ${n(l.shipmentLineId)}, ${n(l.itemId)}, ${invoice.customerId}, ${date}, ${l.qty}, ${l.unitPrice}, ${l.taxRate}, ${l.amount}, ${l.tax}, ${l.baseAmount}, ${l.baseTax}, ${l.baseCost})`,
      );
    await executeLiteral(
      db,
      `INSERT INTO sales_invoice_lines (invoice_id, line, order_line_id, shipment_line_id, item_id, customer_id, date, qty, unit_price, tax_rate, amount, tax, base_amount, base_tax, base_cost) VALUES ${values.join(',')}`,
      tx,
    );
  }
}

/** What an invoice billed of each shipment line (one line each), with the order line and order it belongs to. */
export async function billedShipmentLines(db: Database, invoiceId: number, tx: Transaction): Promise<Array<{ line: number; orderId: number; orderLineId: number; shipmentLineId: number; qty: number }>> {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT l.line, ol.order_id, l.order_line_id, l.shipment_line_id, l.qty
       FROM sales_invoice_lines l JOIN sales_order_lines ol ON ol.id = l.order_line_id
      WHERE l.invoice_id = :invoiceId AND l.shipment_line_id IS NOT NULL ORDER BY l.line, l.id`,
    { invoiceId },
    tx,
  );
  return rows.map((r) => ({ line: Number(r.line), orderId: Number(r.order_id), orderLineId: Number(r.order_line_id), shipmentLineId: Number(r.shipment_line_id), qty: Number(r.qty) }));
}

const money = (cents: unknown) => fromScaled(Number(cents ?? 0), 'money');
const price = (v: unknown) => fromScaled(Number(v ?? 0), 'price');
const rate = (v: unknown) => fromScaled(Number(v ?? 0), 'rate');
const qty = (v: unknown) => fromScaled(Number(v ?? 0), 'qty');
const optionalNumber = (v: unknown) => (v == null ? null : Number(v));

const HEADER = `SELECT i.*, c.code AS customer_code,
    (SELECT o.open_amount FROM open_items o WHERE o.doc_type = 'SI' AND o.doc_id = i.id) AS open_amount,
    (SELECT MIN(e.id) FROM journal_entries e WHERE e.source_type = 'SI' AND e.source_id = i.id AND e.reversal_of IS NULL) AS journal_entry_id
  FROM sales_invoices i JOIN customers c ON c.id = i.customer_id`;

function headerView(r: Record<string, unknown>): Omit<SalesInvoiceView, 'lines'> {
  return {
    id: Number(r.id),
    number: String(r.number),
    kind: r.kind as SalesInvoiceView['kind'],
    customerId: Number(r.customer_id),
    customerCode: String(r.customer_code),
    status: r.status as SalesInvoiceStatus,
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
    baseCost: money(r.base_cost),
    openAmount: money(r.open_amount),
    salespersonId: optionalNumber(r.salesperson_id),
    returnId: optionalNumber(r.return_id),
    journalEntryId: optionalNumber(r.journal_entry_id),
  };
}

/** An invoice, credit note or opening receivable with its lines and what is still open on it (a credit note's negative). */
export async function getSalesInvoice(db: Database, id: number, tx?: Transaction): Promise<SalesInvoiceView> {
  const header = await selectOne<Record<string, unknown>>(db, `${HEADER} WHERE i.id = :id`, { id }, tx);
  if (!header) throw notFound(msg('sales-invoice.not-found', { id }));
  const rows = await selectRows<Record<string, unknown>>(
    db,
    'SELECT l.*, it.sku FROM sales_invoice_lines l LEFT JOIN items it ON it.id = l.item_id WHERE l.invoice_id = :id ORDER BY l.line, l.id',
    { id },
    tx,
  );
  const lines = rows.map((l) => ({
    id: Number(l.id),
    line: Number(l.line),
    salesOrderLineId: optionalNumber(l.order_line_id),
    shipmentLineId: optionalNumber(l.shipment_line_id),
    itemId: optionalNumber(l.item_id),
    sku: (l.sku as string | null) ?? null,
    qty: qty(l.qty),
    unitPrice: price(l.unit_price),
    taxRate: rate(l.tax_rate),
    amount: money(l.amount),
    tax: money(l.tax),
    baseAmount: money(l.base_amount),
    baseTax: money(l.base_tax),
    baseCost: money(l.base_cost),
  }));
  return { ...headerView(header), lines };
}

export async function listSalesInvoices(db: Database, q: SalesInvoicesQuery): Promise<{ data: Array<Omit<SalesInvoiceView, 'lines'>>; total: number }> {
  const where: string[] = [];
  if (q.customerId !== undefined) where.push('i.customer_id = :customerId');
  if (q.status !== undefined) where.push('i.status = :status');
  if (q.kind !== undefined) where.push('i.kind = :kind');
  if (q.from !== undefined) where.push('i.date >= :from');
  if (q.to !== undefined) where.push('i.date <= :to');
  if (q.q) where.push('(i.number LIKE :like OR c.code LIKE :like)');
  const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const replacements = { ...q, like: `%${q.q ?? ''}%` };
  const [count] = await selectRows<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM sales_invoices i JOIN customers c ON c.id = i.customer_id${filter}`, replacements);
  const rows = await selectRows<Record<string, unknown>>(db, `${HEADER}${filter} ORDER BY i.date DESC, i.id DESC LIMIT :limit OFFSET :offset`, replacements);
  return { data: rows.map(headerView), total: Number(count?.n ?? 0) };
}
