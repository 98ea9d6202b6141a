import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { Database } from '../../db/database';
import { selectLiteral } from '../../db/sql';
import { mulDivRound } from '../../ledgers/valuation';
import { conflict, FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { netPrice } from '../purchase-invoices/invoice-matching';
import { lockSalesOrder, lockSalesOrderLines, SalesOrderRow } from '../sales-orders/order-locks';

type Path = Array<string | number>;

/** One quantity asked for (×1000; `rest`: all still open on the shipment line), of a shipment line or of an order line, and where the request named it. */
export interface RequestedLine {
  at: Path;
  shipmentLineId?: number;
  salesOrderLineId?: number;
  qty: number | 'rest';
}

/** An order line as an invoice bills it; quantities ×1000, prices ×10000, rates ×1e6. */
export interface BilledOrderLine {
  id: number;
  order: SalesOrderRow;
  itemId: number;
  sku: string;
  /** In the order's currency, and the discount (×1e6) it was sold at. */
  unitPrice: number;
  discount: number;
  /** The unit price less the discount, rounded to a price. */
  netPrice: number;
  taxRate: number;
  shipped: number;
  returned: number;
  invoiced: number;
}

/** A shipment line of a posted shipment, with what is still open to invoice on it. */
export interface BilledShipmentLine {
  id: number;
  shipmentNumber: string;
  orderLineId: number;
  qty: number;
  returned: number;
  invoiced: number;
  /** Base cents the goods left the stock with. */
  value: number;
}

/** Where the request asked for a quantity, and of which order line. */
interface AskedLine {
  at: Path;
  /** The field of `at` that named the line: shipmentLineId or salesOrderLineId. */
  field: 'shipmentLineId' | 'salesOrderLineId';
  orderLine: BilledOrderLine;
  qty: number;
  named?: BilledShipmentLine;
}

/** An invoice line: what one asked row bills of one shipment line (a row over several shipments gives one each), and the cost of those goods. */
export interface MatchedLine extends Omit<AskedLine, 'named'> {
  shipmentLine: BilledShipmentLine;
  cost: number;
}

const CHUNK = 500;
const ids = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);
const inList = (values: number[]) => values.concat(0).join(',');
const qtyText = (milli: number) => fromScaled(Math.max(0, milli), 'qty');
const openOn = (s: BilledShipmentLine) => s.qty - s.returned - s.invoiced;

/**
 * The cost of `take` more of a shipment line's goods: the share of its value
 * that everything billed or returned of it so far, and this, makes up
 * (round(value × part / qty)) less what the earlier parts made up, so the
 * part that uses the line up takes exactly what is left of its value.
 */
export function portionCost(line: Pick<BilledShipmentLine, 'qty' | 'returned' | 'invoiced' | 'value'>, take: number): number {
  const used = line.returned + line.invoiced;
  const upTo = (q: number) => (q >= line.qty ? line.value : mulDivRound(line.value, q, line.qty));
  return upTo(used + take) - upTo(used);
}

/**
 * Matches each asked quantity to shipped goods of this customer's orders:
 * a shipment line names itself, an order line takes its shipments' lines
 * oldest first. The orders are locked first, in id order (their row, then
 * their lines: the order every document of an order takes them in), and
 * only then are the quantities read and checked, so two invoices of one line
 * never both pass: per shipment line qty ≤ qty − returned − invoiced, per
 * order line ≤ shipped − returned − invoiced (409 naming the row and what is
 * left). Unknown lines and other customers' → 422 naming the row.
 */
export async function matchInvoiceLines(db: Database, customerId: number, requested: RequestedLine[], tx: Transaction): Promise<MatchedLine[]> {
  const refErrors = requested.filter((r) => (r.shipmentLineId === undefined) === (r.salesOrderLineId === undefined)).map((r) => fieldError([...r.at, 'shipmentLineId'], msg('sales-invoice.line-ref')));
  if (refErrors.length) throw invalid(msg('sales-invoice.line-refs', { count: refErrors.length }), refErrors);

  const orderLines = await lockOrders(db, requested, tx);
  const shipments = await shipmentLinesOf(db, [...orderLines.keys()], tx);

  const errors: FieldIssue[] = [];
  const asked: AskedLine[] = [];
  for (const r of requested) {
    const field = r.shipmentLineId !== undefined ? 'shipmentLineId' : 'salesOrderLineId';
    const shipmentLine = r.shipmentLineId !== undefined ? shipments.get(r.shipmentLineId) : undefined;
    const orderLine = orderLines.get(shipmentLine ? shipmentLine.orderLineId : (r.salesOrderLineId ?? 0));
    if (!orderLine || (r.shipmentLineId !== undefined && !shipmentLine)) {
      errors.push(fieldError([...r.at, field], msg(field === 'shipmentLineId' ? 'sales-invoice.shipment-line-unknown' : 'sales-invoice.order-line-unknown', { ref: (r.shipmentLineId ?? r.salesOrderLineId)! })));
    } else if (orderLine.order.customerId !== customerId) {
      errors.push(fieldError([...r.at, field], msg('sales-invoice.line-customer', { order: orderLine.order.number })));
    } else {
      const qty = r.qty === 'rest' ? openOn(shipmentLine!) : r.qty;
      if (qty > 0) asked.push({ at: r.at, field, orderLine, qty, named: shipmentLine });
    }
  }
  if (errors.length) throw invalid(msg('sales-invoice.lines-invalid', { count: errors.length }), errors);
  if (!asked.length) throw conflict(msg('sales-invoice.nothing-to-invoice'));
  return takeShippedGoods(asked, shipments);
}


/** What each row takes of its shipment lines (the named one, or its order line's oldest first); more than is open → 409 naming the rows. */
function takeShippedGoods(asked: AskedLine[], shipments: Map<number, BilledShipmentLine>): MatchedLine[] {
  const overInvoiced: FieldIssue[] = [];
  const refused = new Set<AskedLine>();
  const byOrderLine = new Map<number, number>();
  for (const a of asked) {
    const o = a.orderLine;
    const total = (byOrderLine.get(o.id) ?? 0) + a.qty;
    byOrderLine.set(o.id, total);
    const open = o.shipped - o.returned - o.invoiced;
    if (total <= open) continue;
    overInvoiced.push(over(a, o.order.number, open - (total - a.qty)));
    refused.add(a);
  }
  const linesOf = new Map<number, BilledShipmentLine[]>();
  for (const line of shipments.values()) {
    if (!linesOf.has(line.orderLineId)) linesOf.set(line.orderLineId, []);
    linesOf.get(line.orderLineId)!.push(line);
  }
  const matched: MatchedLine[] = [];
  for (const a of asked) {
    if (refused.has(a)) continue;
    const { named, ...row } = a;
    let need = a.qty;
    for (const shipmentLine of named ? [named] : (linesOf.get(a.orderLine.id) ?? [])) {
      const take = Math.min(need, openOn(shipmentLine));
      if (take <= 0) continue;
      matched.push({ ...row, shipmentLine, qty: take, cost: portionCost(shipmentLine, take) });
      shipmentLine.invoiced += take;
      need -= take;
      if (need === 0) break;
    }
    if (need > 0) overInvoiced.push(over(a, named ? named.shipmentNumber : a.orderLine.order.number, a.qty - need));
  }
  if (overInvoiced.length) throw conflict(msg('sales-invoice.over-invoiced', { count: overInvoiced.length }), overInvoiced);
  return matched;
}

function over(m: AskedLine, document: string, open: number): FieldIssue {
  return fieldError([...m.at, 'qty'], msg('sales-invoice.over-invoiced:line', { document, sku: m.orderLine.sku, open: qtyText(open), asked: qtyText(m.qty) }));
}

/** The orders the request touches, locked in id order, and their lines (every line of each, locked with it). */
async function lockOrders(db: Database, requested: RequestedLine[], tx: Transaction): Promise<Map<number, BilledOrderLine>> {
  const shipmentLineIds = ids(requested.flatMap((r) => (r.shipmentLineId !== undefined ? [r.shipmentLineId] : [])));
  const orderLineIds = ids(requested.flatMap((r) => (r.salesOrderLineId !== undefined ? [r.salesOrderLineId] : [])));
  const orderIds = new Set<number>();
  for (let i = 0; i < Math.max(shipmentLineIds.length, orderLineIds.length); i += CHUNK) {
    const rows = await selectLiteral<{ order_id: unknown }>(
      db,
      `SELECT l.order_id FROM shipment_lines sl JOIN sales_order_lines l ON l.id = sl.order_line_id WHERE sl.id IN (${inList(shipmentLineIds.slice(i, i + CHUNK))})
       UNION SELECT order_id FROM sales_order_lines WHERE id IN (${inList(orderLineIds.slice(i, i + CHUNK))})`,
      tx,
    );
    for (const r of rows) orderIds.add(Number(r.order_id));
  }
  const found = new Map<number, BilledOrderLine>();
  for (const orderId of ids(orderIds)) {
    const order = await lockSalesOrder(db, orderId, tx);
    for (const l of await lockSalesOrderLines(db, orderId, tx)) {
      found.set(l.id, { id: l.id, order, itemId: l.itemId, sku: l.sku, unitPrice: l.unitPrice, discount: l.discount, netPrice: netPrice(l.unitPrice, l.discount), taxRate: l.taxRate, shipped: l.shipped, returned: l.returned, invoiced: l.invoiced });
    }
  }
  return found;
}

/** The lines of posted shipments (not cancellations) of these order lines, oldest first; read under the orders' locks. */
async function shipmentLinesOf(db: Database, orderLineIds: number[], tx: Transaction): Promise<Map<number, BilledShipmentLine>> {
  const found = new Map<number, BilledShipmentLine>();
  const sorted = ids(orderLineIds);
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const rows = await selectLiteral<Record<string, unknown>>(
      db,
      `SELECT sl.id, s.number, sl.order_line_id, sl.qty, sl.returned, sl.invoiced, sl.value
         FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
        WHERE sl.order_line_id IN (${inList(sorted.slice(i, i + CHUNK))}) AND s.status = 'posted' AND s.reversal_of IS NULL
        ORDER BY s.date, s.id, sl.line`,
      tx,
    );
    for (const r of rows) {
      found.set(Number(r.id), {
        id: Number(r.id),
        shipmentNumber: String(r.number),
        orderLineId: Number(r.order_line_id),
        qty: Number(r.qty),
        returned: Number(r.returned),
        invoiced: Number(r.invoiced),
        value: Number(r.value),
      });
    }
  }
  // Oldest first within each order line: an order line's shipment lines all come in one chunk.
  return found;
}
