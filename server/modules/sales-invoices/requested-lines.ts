import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { SalesInvoiceRequest } from '../../../contract/sales-invoices';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { conflict, FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { RequestedLine } from './invoice-matching';

/**
 * What an invoice asks for, as rows the matcher takes: its lines, or every
 * line of the shipments it names (all still open on each, decided under the
 * orders' locks). Named shipments must be this customer's (422) and posted
 * (a cancelled one or a cancellation → 409), each naming `shipmentIds[k]`.
 */
export async function requestedLines(db: Database, customerId: number, input: SalesInvoiceRequest, tx: Transaction): Promise<RequestedLine[]> {
  if (!input.shipmentIds) return input.lines!.map((l, i) => ({ at: ['lines', i], shipmentLineId: l.shipmentLineId, salesOrderLineId: l.salesOrderLineId, qty: toScaled(l.qty, 'qty') }));
  const shipmentIds = input.shipmentIds;
  const rows = await selectRows<{ id: unknown; number: string; customer_id: unknown; status: string; reversal_of: unknown; line_id: unknown }>(
    db,
    `SELECT s.id, s.number, s.customer_id, s.status, s.reversal_of, sl.id AS line_id
       FROM shipments s LEFT JOIN shipment_lines sl ON sl.shipment_id = s.id
      WHERE s.id IN (:shipmentIds) ORDER BY s.id, sl.line`,
    { shipmentIds },
    tx,
  );
  const invalids: FieldIssue[] = [];
  const conflicts: FieldIssue[] = [];
  const requested: RequestedLine[] = [];
  const byShipment = new Map<number, typeof rows>();
  for (const r of rows) {
    if (!byShipment.has(Number(r.id))) byShipment.set(Number(r.id), []);
    byShipment.get(Number(r.id))!.push(r);
  }
  shipmentIds.forEach((id, k) => {
    const lines = byShipment.get(id) ?? [];
    const shipment = lines[0];
    const at = ['shipmentIds', k];
    if (shipmentIds.indexOf(id) !== k) invalids.push(fieldError(at, msg('sales-invoice.shipment-repeated', { ref: id })));
    else if (!shipment) invalids.push(fieldError(at, msg('sales-invoice.shipment-unknown', { ref: id })));
    else if (Number(shipment.customer_id) !== customerId) invalids.push(fieldError(at, msg('sales-invoice.shipment-customer', { number: shipment.number })));
    else if (shipment.status !== 'posted' || shipment.reversal_of !== null) conflicts.push(fieldError(at, msg('sales-invoice.shipment-cancelled', { number: shipment.number })));
    else for (const l of lines) if (l.line_id !== null) requested.push({ at, shipmentLineId: Number(l.line_id), qty: 'rest' });
  });
  if (invalids.length) throw invalid(msg('sales-invoice.shipments-invalid', { count: invalids.length }), invalids);
  if (conflicts.length) throw conflict(msg('sales-invoice.shipments-cancelled', { count: conflicts.length }), conflicts);
  return requested;
}
