import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { PurchaseInvoiceLineRequest } from '../../../contract/purchase-invoices';
import type { Database } from '../../db/database';
import { selectLiteral } from '../../db/sql';
import { conflict, FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { mulDivRound, receiptValue } from '../../ledgers/valuation';

/** An order line as an invoice matches against it; quantities ×1000, prices ×10000, rates ×1e6. */
export interface MatchedOrderLine {
  id: number;
  orderId: number;
  orderNumber: string;
  supplierId: number;
  currency: string;
  pricesIncludeTax: boolean;
  itemId: number;
  sku: string;
  qty: number;
  /** The net unit price in the order's currency: unit price less the line's discount. */
  netPrice: number;
  taxRate: number;
  received: number;
  returned: number;
  invoiced: number;
}

/** A posted receipt line with what is still open to invoice on it. */
export interface MatchedReceiptLine {
  id: number;
  receiptId: number;
  orderLineId: number;
  itemId: number;
  warehouseId: number;
  batchNo: string;
  qty: number;
  returned: number;
  invoiced: number;
  unitCost: number;
}

/** Part of an invoice line's quantity, matched to one receipt line, and what 2202.99 gives up for it. */
export interface Portion {
  receiptLine: MatchedReceiptLine;
  qty: number;
  receiptValue: number;
}

export interface MatchedLine {
  line: number;
  orderLine: MatchedOrderLine;
  qty: number;
  portions: Portion[];
  receiptValue: number;
}

const CHUNK = 500;
const ids = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);
const qtyText = (milli: number) => fromScaled(milli, 'qty');

/**
 * Still received and not invoiced, valued at the receipt's cost: what
 * 2202.99 holds for a receipt line. Invoicing (or returning) part of it
 * gives up the difference of this before and after, so the whole line
 * gives up its whole value and no cent is left behind.
 */
export function openReceiptValue(r: Pick<MatchedReceiptLine, 'qty' | 'returned' | 'invoiced' | 'unitCost'>): number {
  return receiptValue(r.qty - r.returned - r.invoiced, r.unitCost);
}

/**
 * The 3-way match: each invoice line to its order line and the posted
 * receipt lines it bills (the one named, or the order line's receipts oldest
 * first). The order lines are locked first (FOR UPDATE on PostgreSQL), so two
 * invoices of one line never both pass the check: per order line, what is
 * invoiced ≤ received − returned − already invoiced (409 naming the line).
 */
export async function matchInvoiceLines(db: Database, supplierId: number, lines: PurchaseInvoiceLineRequest[], tx: Transaction): Promise<MatchedLine[]> {
  const refErrors: FieldIssue[] = [];
  lines.forEach((l, i) => {
    if ((l.receiptLineId === undefined) === (l.purchaseOrderLineId === undefined)) {
      refErrors.push(fieldError(['lines', i, 'receiptLineId'], msg('purchase-invoice.line-ref')));
    }
  });
  if (refErrors.length) throw invalid(msg('purchase-invoice.line-refs', { count: refErrors.length }), refErrors);

  const named = await receiptLinesWhere(db, `rl.id IN (${ids(lines.flatMap((l) => (l.receiptLineId ? [l.receiptLineId] : [])).concat(0)).join(',')})`, tx);
  const orderLineIds = ids([...lines.flatMap((l) => (l.purchaseOrderLineId ? [l.purchaseOrderLineId] : [])), ...[...named.values()].map((r) => r.orderLineId)]);
  const orderLines = await lockOrderLines(db, orderLineIds, tx);
  const receipts = await receiptLinesWhere(db, `rl.order_line_id IN (${orderLineIds.concat(0).join(',')})`, tx);

  const errors: FieldIssue[] = [];
  const matched: Array<Omit<MatchedLine, 'portions' | 'receiptValue'> & { receiptLineId?: number }> = [];
  lines.forEach((l, i) => {
    const receipt = l.receiptLineId !== undefined ? receipts.get(l.receiptLineId) : undefined;
    const field = l.receiptLineId !== undefined ? 'receiptLineId' : 'purchaseOrderLineId';
    const orderLine = orderLines.get(receipt ? receipt.orderLineId : (l.purchaseOrderLineId ?? 0));
    if (!orderLine || (l.receiptLineId !== undefined && !receipt)) {
      errors.push(fieldError(['lines', i, field], msg('purchase-invoice.line-unknown', { ref: (l.receiptLineId ?? l.purchaseOrderLineId)! })));
      return;
    }
    if (orderLine.supplierId !== supplierId) {
      errors.push(fieldError(['lines', i, field], msg('purchase-invoice.line-supplier', { order: orderLine.orderNumber })));
      return;
    }
    matched.push({ line: i, orderLine, qty: toScaled(l.qty, 'qty'), receiptLineId: receipt?.id });
  });
  if (errors.length) throw invalid(msg('purchase-invoice.lines-invalid', { count: errors.length }), errors);

  const overInvoiced: FieldIssue[] = [];
  const asked = new Map<number, number>();
  for (const m of matched) {
    const o = m.orderLine;
    const total = (asked.get(o.id) ?? 0) + m.qty;
    asked.set(o.id, total);
    const open = o.received - o.returned - o.invoiced;
    if (total > open) overInvoiced.push(fieldError(['lines', m.line, 'qty'], msg('purchase-invoice.over-invoiced:line', { order: o.orderNumber, sku: o.sku, open: qtyText(Math.max(0, open)) })));
  }
  const result = matched.map((m) => ({ ...m, portions: [] as Portion[], receiptValue: 0 }));
  for (const m of result) {
    if (overInvoiced.some((e) => e.path === `lines[${m.line}].qty`)) continue;
    const candidates = m.receiptLineId !== undefined ? [receipts.get(m.receiptLineId)!] : [...receipts.values()].filter((r) => r.orderLineId === m.orderLine.id);
    let need = m.qty;
    for (const r of candidates) {
      const take = Math.min(need, r.qty - r.returned - r.invoiced);
      if (take <= 0) continue;
      const before = openReceiptValue(r);
      r.invoiced += take;
      const value = before - openReceiptValue(r);
      m.portions.push({ receiptLine: r, qty: take, receiptValue: value });
      m.receiptValue += value;
      need -= take;
      if (need === 0) break;
    }
    if (need > 0) {
      const open = m.qty - need;
      overInvoiced.push(fieldError(['lines', m.line, 'qty'], msg('purchase-invoice.over-invoiced:line', { order: m.orderLine.orderNumber, sku: m.orderLine.sku, open: qtyText(open) })));
    }
  }
  if (overInvoiced.length) throw conflict(msg('purchase-invoice.over-invoiced', { count: overInvoiced.length }), overInvoiced);
  return result.map(({ line, orderLine, qty, portions, receiptValue }) => ({ line, orderLine, qty, portions, receiptValue }));
}

async function lockOrderLines(db: Database, lineIds: number[], tx: Transaction): Promise<Map<number, MatchedOrderLine>> {
  const lock = db.dialect === 'postgres' ? ' ORDER BY l.id FOR UPDATE OF l' : '';
  const found = new Map<number, MatchedOrderLine>();
  for (let i = 0; i < lineIds.length; i += CHUNK) {
    const rows = await selectLiteral<Record<string, unknown>>(
      db,
      `SELECT l.id, l.order_id, o.number, o.supplier_id, o.currency, o.prices_include_tax, l.item_id, it.sku, l.qty, l.unit_price, l.discount, l.tax_rate, l.received, l.returned, l.invoiced
         FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.order_id JOIN items it ON it.id = l.item_id
        WHERE l.id IN (${lineIds.slice(i, i + CHUNK).join(',')})${lock}`,
      tx,
    );
    for (const r of rows) {
      found.set(Number(r.id), {
        id: Number(r.id),
        orderId: Number(r.order_id),
        orderNumber: String(r.number),
        supplierId: Number(r.supplier_id),
        currency: String(r.currency),
        pricesIncludeTax: Boolean(r.prices_include_tax),
        itemId: Number(r.item_id),
        sku: String(r.sku),
        qty: Number(r.qty),
        netPrice: netPrice(Number(r.unit_price), Number(r.discount)),
        taxRate: Number(r.tax_rate),
        received: Number(r.received),
        returned: Number(r.returned),
        invoiced: Number(r.invoiced),
      });
    }
  }
  return found;
}

/** unit price × (1 − discount), in ten-thousandths, rounded once. */
export function netPrice(unitPrice: number, discount: number): number {
  return discount ? mulDivRound(unitPrice, 1_000_000 - discount, 1_000_000) : unitPrice;
}

/** Receipt lines of posted receipts (not their cancellations), oldest first. */
async function receiptLinesWhere(db: Database, where: string, tx: Transaction): Promise<Map<number, MatchedReceiptLine>> {
  const rows = await selectLiteral<Record<string, unknown>>(
    db,
    `SELECT rl.id, rl.receipt_id, rl.order_line_id, rl.item_id, r.warehouse_id, rl.batch_no, rl.qty, rl.returned, rl.invoiced, rl.unit_cost
       FROM goods_receipt_lines rl JOIN goods_receipts r ON r.id = rl.receipt_id
      WHERE ${where} AND r.status = 'posted' AND r.reversal_of IS NULL
      ORDER BY r.date, r.id, rl.line`,
    tx,
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        receiptId: Number(r.receipt_id),
        orderLineId: Number(r.order_line_id),
        itemId: Number(r.item_id),
        warehouseId: Number(r.warehouse_id),
        batchNo: String(r.batch_no),
        qty: Number(r.qty),
        returned: Number(r.returned),
        invoiced: Number(r.invoiced),
        unitCost: Number(r.unit_cost),
      },
    ]),
  );
}
