import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { SalesReturnRequest, SalesReturnView } from '../../../contract/shipments';
import { execute, executeLiteral, selectOne } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { assertAllowed, ORDER_STATUS } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { sumByLine } from '../goods-receipts/post-receipt';
import { lockSalesOrder, lockSalesOrderLines } from '../sales-orders/order-locks';
import { refreshSalesOrderStatus } from '../sales-orders/order-progress';
import { insertCreditNotes, prepareCreditNotes } from './credit-note';
import { shareOf } from './line-share';
import { holdOpenQuantities } from './order-reservation';
import { getSalesReturn } from './return-queries';
import { findShipment, ShipmentLineRow, ShipmentRow, shipmentLines } from './shipment-store';

/** One return row resolved: its shipment line, the value it brings back and how much of it was invoiced. */
interface Portion {
  i: number;
  line: ShipmentLineRow;
  qty: number;
  value: number;
  /** Of `qty`, what had been invoiced: the credit note credits it. */
  credited: number;
}

/**
 * Posts a sales return (DESIGN §4 "Returns"): the goods come back into the
 * batch they left from, at exactly the cost they left with (Dr inventory /
 * Cr cost of sales); what of them had been invoiced is credited by a credit
 * note. The order line reopens by what came back, and while the order still
 * holds stock it reserves that again for a replacement.
 */
export async function postSalesReturn(services: Services, actor: Actor, input: SalesReturnRequest, tx: Transaction): Promise<SalesReturnView> {
  const { db } = services;
  const date = services.calendar.documentDate(input.date);
  const unlocked = await findShipment(db, shipmentRef(input), tx);
  assertWarehouseInScope(actor, unlocked.warehouseId);
  const order = await lockSalesOrder(db, unlocked.orderId, tx);
  const shipment = await findShipment(db, { id: unlocked.id }, tx, true);
  const at = [input.shipmentId !== undefined ? 'shipmentId' : 'shipmentNumber'];
  if (shipment.status !== 'posted' || shipment.reversalOf !== null) throw conflict(msg('sales-return.shipment-cancelled', { number: shipment.number }), [fieldError(at, msg('sales-return.shipment-cancelled', { number: shipment.number }))]);
  await assertCustomer(services, input, shipment, tx);
  assertAllowed(ORDER_STATUS, order.status, 'return');
  const orderLines = await lockSalesOrderLines(db, order.id, tx);
  const portions = resolvePortions(shipment, (await shipmentLines(db, [shipment.id], tx)).get(shipment.id)!, input.lines);

  const plan = await services.stockLedger.prepare(
    portions.map((p) => ({ line: p.i, itemId: p.line.itemId, warehouseId: shipment.warehouseId, batchNo: p.line.batchNo || null, qty: p.qty, unitCost: p.line.unitCost, value: p.value })),
    date,
    tx,
  );
  const value = plan.moves.reduce((sum, m) => sum + m.value, 0);
  const mapping = await services.generalLedger.mapping(tx);
  const memo = input.reason ?? shipment.number;
  const journal = await services.generalLedger.prepareJournal(
    { date, memo, userId: actor.id, lines: [{ accountCode: mapping.inventory, debit: value }, { accountCode: mapping.cogs, credit: value }] },
    tx,
  );
  const credited = portions.filter((p) => p.credited > 0).map((p) => ({ line: p.line, qty: p.credited }));
  const creditNotes = await prepareCreditNotes(services, credited, { date, memo, userId: actor.id }, tx);

  const { id, number } = await insertNumbered(db, tx, 'sales_returns', 'SRT', date, {
    customer_id: shipment.customerId,
    shipment_id: shipment.id,
    sales_order_id: order.id,
    warehouse_id: shipment.warehouseId,
    date,
    reason: input.reason ?? null,
    base_value: value,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  await services.stockLedger.apply(plan, { docType: 'SRT', docId: id, docNumber: number, date, userId: actor.id }, tx);
  if (journal) await services.generalLedger.applyJournal(journal, { type: 'SRT', id, number }, tx);
  const e = (v: string) => db.sequelize.escape(v);
  const rows = portions.map((p) => `(${id}, ${p.i + 1}, ${p.line.id}, ${p.line.orderLineId}, ${p.line.itemId}, ${e(p.line.batchNo)}, ${p.qty}, ${p.line.unitCost}, ${p.value})`);
  for (let i = 0; i < rows.length; i += 500) {
    await executeLiteral(db, `INSERT INTO sales_return_lines (return_id, line, shipment_line_id, order_line_id, item_id, batch_no, qty, unit_cost, value) VALUES ${rows.slice(i, i + 500).join(',')}`, tx);
  }
  for (const p of portions) {
    const change = { qty: p.qty, credited: p.credited };
    await execute(db, 'UPDATE shipment_lines SET returned = returned + :qty, invoiced = invoiced - :credited WHERE id = :id', { ...change, id: p.line.id }, tx);
    await execute(db, 'UPDATE sales_order_lines SET returned = returned + :qty, invoiced = invoiced - :credited WHERE id = :id', { ...change, id: p.line.orderLineId }, tx);
  }
  const notes = await insertCreditNotes(services, { id, number, date, customerId: shipment.customerId, salespersonId: order.salespersonId, userId: actor.id }, creditNotes, tx);
  if (notes.length) await execute(db, 'UPDATE sales_returns SET credit_note_id = :noteId WHERE id = :id', { noteId: notes[0]!.id, id }, tx);

  const status = await refreshSalesOrderStatus(db, order.id, tx);
  const back = sumByLine(portions.map((p) => ({ id: p.line.orderLineId })), portions.map((p) => p.qty));
  await holdOpenQuantities(
    services,
    order,
    status,
    orderLines.filter((l) => back.has(l.id)).map((l) => ({ ...l, returned: l.returned + back.get(l.id)! })),
    tx,
  );
  return getSalesReturn(services, actor, id, tx);
}

function shipmentRef(input: SalesReturnRequest): { id?: number; number?: string } {
  if (input.shipmentId !== undefined) return { id: input.shipmentId };
  if (input.shipmentNumber !== undefined) return { number: input.shipmentNumber };
  throw invalid(msg('sales-return.shipment-required'), [fieldError(['shipmentId'], msg('sales-return.shipment-required:field'))]);
}

/** The customer named, if any, must be the one the shipment went to. */
async function assertCustomer(services: Services, input: SalesReturnRequest, shipment: ShipmentRow, tx: Transaction): Promise<void> {
  if (input.customerId === undefined && input.customerCode === undefined) return;
  const found = await selectOne<{ id: number; code: string }>(services.db, 'SELECT id, code FROM customers WHERE id = :id', { id: shipment.customerId }, tx);
  const field = input.customerId !== undefined ? 'customerId' : 'customerCode';
  const same = input.customerId !== undefined ? Number(found?.id) === input.customerId : found?.code === input.customerCode;
  if (!same) throw invalid(msg('sales-return.customer-mismatch', { number: shipment.number }), [fieldError([field], msg('sales-return.customer-mismatch:field', { number: shipment.number }))]);
}

/** Each request row's shipment line, by `shipmentLineId` or by the item (and batch) on one line only; every row in error is named at once. */
function matchShipmentLines(shipment: ShipmentRow, lines: ShipmentLineRow[], request: SalesReturnRequest['lines']): ShipmentLineRow[] {
  const errors: FieldIssue[] = [];
  const found = request.map((r, i) => {
    const at = (field: string) => ['lines', i, field];
    if (r.shipmentLineId !== undefined) {
      const line = lines.find((l) => l.id === r.shipmentLineId);
      if (!line) errors.push(fieldError(at('shipmentLineId'), msg('sales-return.line-unknown:field', { number: shipment.number })));
      else if ((r.itemId !== undefined && r.itemId !== line.itemId) || (r.sku !== undefined && r.sku !== line.sku)) {
        errors.push(fieldError(at(r.itemId !== undefined ? 'itemId' : 'sku'), msg('reference.mismatch:field-item', { id: r.shipmentLineId })));
      } else if (r.batchNo !== undefined && r.batchNo !== line.batchNo) errors.push(fieldError(at('batchNo'), msg('sales-return.batch-mismatch:field', { batch: line.batchNo })));
      return line;
    }
    if (r.itemId === undefined && r.sku === undefined) {
      errors.push(fieldError(at('shipmentLineId'), msg('sales-return.line-required:field')));
      return undefined;
    }
    const ref = (r.itemId ?? r.sku)!;
    const candidates = lines.filter((l) => (r.itemId !== undefined ? l.itemId === r.itemId : l.sku === r.sku) && (r.batchNo === undefined || l.batchNo === r.batchNo));
    if (!candidates.length) errors.push(fieldError(at(r.itemId !== undefined ? 'itemId' : 'sku'), msg('sales-return.item-not-on-shipment:field', { ref, number: shipment.number })));
    else if (candidates.length > 1) errors.push(fieldError(at('shipmentLineId'), msg('sales-return.item-ambiguous:field', { ref, number: shipment.number })));
    return candidates.length === 1 ? candidates[0] : undefined;
  });
  if (errors.length) throw invalid(msg('sales-return.lines-invalid', { count: new Set(errors.map((e) => e.row)).size, number: shipment.number }), errors);
  return found as ShipmentLineRow[];
}

/**
 * Each row's shipment line and quantity, checked against what is still out
 * (shipped − returned, the rows naming one line summed: every row of a line
 * returned beyond it is named), valued at the cost it left with, and split:
 * first from what was not yet invoiced (qty − returned − invoiced), the rest
 * is credited. Rows naming one line take their parts in request order.
 */
function resolvePortions(shipment: ShipmentRow, lines: ShipmentLineRow[], request: SalesReturnRequest['lines']): Portion[] {
  const found = matchShipmentLines(shipment, lines, request);
  const quantities = request.map((r) => toScaled(r.qty, 'qty'));
  const returning = sumByLine(found, quantities);
  const errors: FieldIssue[] = [];
  const q = (v: number) => fromScaled(v, 'qty');
  found.forEach((line, i) => {
    const out = line.qty - line.returned;
    if (returning.get(line.id)! > out) errors.push(fieldError(['lines', i, 'qty'], msg('sales-return.too-much:field', { shipped: q(line.qty), returned: q(line.returned), open: q(out) })));
  });
  if (errors.length) throw conflict(msg('sales-return.too-much', { count: errors.length }), errors);

  const left = new Map(lines.map((l) => [l.id, { returned: l.returned, open: l.qty - l.returned - l.invoiced }]));
  return found.map((line, i): Portion => {
    const qty = quantities[i]!;
    const state = left.get(line.id)!;
    const value = shareOf({ qty: line.qty, amount: line.value }, state.returned, qty);
    const uninvoiced = Math.max(0, Math.min(qty, state.open));
    state.returned += qty;
    state.open -= uninvoiced;
    return { i, line, qty, value, credited: qty - uninvoiced };
  });
}
