import type { SalesOrderTrackingView } from '../../../contract/sales-orders';
import { fromScaled } from '../../../contract/decimals';
import { selectRows } from '../../db/sql';
import { mulDivRound } from '../../ledgers/valuation';
import type { Actor } from '../../platform/actor';
import type { Services } from '../../platform/services';
import { money } from '../purchase-orders/order-documents';
import { getOrder } from './order-queries';

/**
 * Where an order is (sales tracking): its quantities ordered, reserved,
 * shipped, returned and invoiced, its shipments, and the invoices and credit
 * notes with lines of it. An invoice may bill several orders: this order's
 * part of it is its lines' gross base, and its part of what is still open
 * is the invoice's open base in that proportion. Paid = invoiced − open, so
 * a credit note allocated or not counts once.
 */
export async function orderTracking(services: Services, actor: Actor, id: number): Promise<SalesOrderTrackingView> {
  const { db } = services;
  const order = await getOrder(services, actor, id);
  const shipments = await selectRows<{ id: number; number: string; date: string; status: string }>(db, 'SELECT id, number, date, status FROM shipments WHERE sales_order_id = :id ORDER BY id', { id });
  const invoices = await selectRows<Record<string, unknown>>(
    db,
    `SELECT inv.id, inv.number, inv.date, inv.kind, inv.status, inv.total, p.part, oi.open_amount, oi.open_base,
            (SELECT SUM(x.base_amount + x.base_tax) FROM sales_invoice_lines x WHERE x.invoice_id = inv.id) AS whole
       FROM (SELECT il.invoice_id, SUM(il.base_amount + il.base_tax) AS part
               FROM sales_invoice_lines il JOIN sales_order_lines l ON l.id = il.order_line_id
              WHERE l.order_id = :id GROUP BY il.invoice_id) p
       JOIN sales_invoices inv ON inv.id = p.invoice_id
       LEFT JOIN open_items oi ON oi.doc_type = 'SI' AND oi.doc_id = inv.id
      ORDER BY inv.date, inv.id`,
    { id },
  );
  let invoiced = 0;
  let open = 0;
  for (const inv of invoices.filter((i) => i.status !== 'cancelled')) {
    const [part, whole, openBase] = [Number(inv.part), Number(inv.whole), Number(inv.open_base ?? 0)];
    invoiced += part;
    open += whole === 0 ? 0 : mulDivRound(openBase, part, whole);
  }
  const total = (key: 'qty' | 'reserved' | 'shipped' | 'returned' | 'invoiced') => fromScaled(order.lines.reduce((s, l) => s + Math.round(l[key] * 1000), 0), 'qty');
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    customerId: order.customerId,
    date: order.date,
    ordered: total('qty'),
    reserved: total('reserved'),
    shipped: total('shipped'),
    returned: total('returned'),
    invoiced: total('invoiced'),
    invoicedAmount: money(invoiced),
    paidAmount: money(invoiced - open),
    openAmount: money(open),
    shipments: shipments.map((s) => ({ id: Number(s.id), number: s.number, date: s.date, status: s.status })),
    invoices: invoices.map((i) => ({
      id: Number(i.id),
      number: String(i.number),
      date: String(i.date),
      kind: String(i.kind),
      total: money(i.total),
      openAmount: money(i.open_amount ?? 0),
      status: String(i.status),
    })),
    lines: order.lines.map((l) => ({ lineId: l.id, sku: l.sku, ordered: l.qty, reserved: l.reserved, shipped: l.shipped, returned: l.returned, invoiced: l.invoiced })),
  };
}
