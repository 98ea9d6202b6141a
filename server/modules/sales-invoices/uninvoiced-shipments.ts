import { fromScaled } from '../../../contract/decimals';
import type { UninvoicedShipmentLineView, UninvoicedShipmentsQuery } from '../../../contract/sales-invoices';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { netPrice } from '../purchase-invoices/invoice-matching';

const OPEN = 'sl.qty - sl.returned - sl.invoiced';

/**
 * Shipped and not yet invoiced, one row per line of a posted shipment (the
 * invoices sheet's "pull shipped, not invoiced"): the quantity still open on
 * it and the order line's net price to invoice it at.
 */
export async function listUninvoicedShipmentLines(db: Database, q: UninvoicedShipmentsQuery): Promise<{ data: UninvoicedShipmentLineView[]; total: number }> {
  const where = `s.status = 'posted' AND s.reversal_of IS NULL AND ${OPEN} > 0${q.customerId !== undefined ? ' AND s.customer_id = :customerId' : ''}`;
  const from = `FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
    JOIN sales_order_lines l ON l.id = sl.order_line_id JOIN sales_orders o ON o.id = l.order_id
    JOIN customers c ON c.id = s.customer_id JOIN items it ON it.id = sl.item_id`;
  const [count] = await selectRows<{ n: unknown }>(db, `SELECT COUNT(*) AS n ${from} WHERE ${where}`, q);
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT sl.id, s.id AS shipment_id, s.number AS shipment_number, s.date, sl.order_line_id, o.id AS order_id, o.number AS order_number,
            s.customer_id, c.code AS customer_code, sl.item_id, it.sku, it.name, ${OPEN} AS open_qty, l.unit_price, l.discount, l.tax_rate, o.currency
       ${from} WHERE ${where} ORDER BY s.customer_id, s.date, s.id, sl.line LIMIT :limit OFFSET :offset`,
    q,
  );
  return {
    total: Number(count?.n ?? 0),
    data: rows.map((r) => ({
      shipmentLineId: Number(r.id),
      shipmentId: Number(r.shipment_id),
      shipmentNumber: String(r.shipment_number),
      salesOrderLineId: Number(r.order_line_id),
      salesOrderId: Number(r.order_id),
      orderNumber: String(r.order_number),
      customerId: Number(r.customer_id),
      customerCode: String(r.customer_code),
      itemId: Number(r.item_id),
      sku: String(r.sku),
      name: String(r.name),
      qty: fromScaled(Number(r.open_qty), 'qty'),
      unitPrice: fromScaled(netPrice(Number(r.unit_price), Number(r.discount)), 'price'),
      taxRate: fromScaled(Number(r.tax_rate), 'rate'),
      currency: String(r.currency),
      date: String(r.date),
    })),
  };
}
