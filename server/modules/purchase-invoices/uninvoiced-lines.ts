import { fromScaled } from '../../../contract/decimals';
import type { UninvoicedLineView, UninvoicedQuery } from '../../../contract/purchase-invoices';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { netPrice } from './invoice-matching';

const OPEN = 'rl.qty - rl.returned - rl.invoiced';

/**
 * Received and not yet invoiced, one row per receipt line of a posted
 * receipt (the invoice sheet's "pull received, not invoiced"): the quantity
 * still open on it and the order line's net price to invoice it at.
 */
export async function listUninvoicedLines(db: Database, q: UninvoicedQuery): Promise<{ data: UninvoicedLineView[]; total: number }> {
  const where = `r.status = 'posted' AND r.reversal_of IS NULL AND ${OPEN} > 0${q.supplierId !== undefined ? ' AND o.supplier_id = :supplierId' : ''}`;
  const from = `FROM goods_receipt_lines rl JOIN goods_receipts r ON r.id = rl.receipt_id
    JOIN purchase_order_lines l ON l.id = rl.order_line_id JOIN purchase_orders o ON o.id = l.order_id JOIN items it ON it.id = rl.item_id`;
  const [count] = await selectRows<{ n: unknown }>(db, `SELECT COUNT(*) AS n ${from} WHERE ${where}`, q);
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT rl.id, rl.order_line_id, o.id AS order_id, o.number AS order_number, r.number AS receipt_number, o.supplier_id, rl.item_id, it.sku, it.name,
            ${OPEN} AS open_qty, l.unit_price, l.discount, l.tax_rate, o.currency
       ${from} WHERE ${where} ORDER BY o.supplier_id, r.date, r.id, rl.line LIMIT :limit OFFSET :offset`,
    q,
  );
  return {
    total: Number(count?.n ?? 0),
    data: rows.map((r) => ({
      receiptLineId: Number(r.id),
      purchaseOrderLineId: Number(r.order_line_id),
      purchaseOrderId: Number(r.order_id),
      orderNumber: String(r.order_number),
      receiptNumber: String(r.receipt_number),
      supplierId: Number(r.supplier_id),
      itemId: Number(r.item_id),
      sku: String(r.sku),
      name: String(r.name),
      qty: fromScaled(Number(r.open_qty), 'qty'),
      unitPrice: fromScaled(netPrice(Number(r.unit_price), Number(r.discount)), 'price'),
      taxRate: fromScaled(Number(r.tax_rate), 'rate'),
      currency: String(r.currency),
    })),
  };
}
