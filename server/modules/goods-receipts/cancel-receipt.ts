import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { ReceiptView } from '../../../contract/goods-receipts';
import { execute } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { assertAllowed, POSTED_STATUS, PostedStatus } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { refreshOrderStatus } from '../purchase-orders/order-progress';
import { reverseStockJournal } from '../stock/stock-journal';
import { getReceipt } from './queries';
import { findReceipt, lockOrder, lockOrderLines, receiptLines } from './receipt-store';

/**
 * Cancels a receipt by posting its reversal, a GR of its own dated today:
 * the stock goes out again at the values it came in with (refused when it
 * is no longer there), the journal is reversed and the order lines take the
 * quantities back. A receipt something depends on — invoiced or returned —
 * is refused, naming the lines.
 */
export async function cancelReceipt(services: Services, actor: Actor, id: number, tx: Transaction): Promise<ReceiptView & { reversalOf: number }> {
  const { db } = services;
  const receipt = await findReceipt(db, id, tx);
  assertWarehouseInScope(actor, receipt.warehouseId);
  // The order first, then the receipt: the order every receipt, return and invoice of it locks in.
  await lockOrder(db, receipt.orderId, tx);
  const locked = await findReceipt(db, id, tx, true);
  if (locked.reversalOf !== null) throw conflict(msg('document.is-reversal', { number: locked.number }), [fieldError(['id'], msg('document.is-reversal:field'))]);
  if (locked.status === 'cancelled') throw conflict(msg('document.already-cancelled', { number: locked.number }));
  assertAllowed(POSTED_STATUS, locked.status as PostedStatus, 'cancel');
  await lockOrderLines(db, receipt.orderId, tx);
  const lines = (await receiptLines(db, [id], tx)).get(id)!;
  const errors: FieldIssue[] = [];
  lines.forEach((l, i) => {
    const qty = (v: number) => fromScaled(v, 'qty');
    if (l.invoiced !== 0) errors.push(fieldError(['lines', i, 'invoiced'], msg('receipt.cancel-invoiced:field', { qty: qty(l.invoiced) })));
    if (l.returned !== 0) errors.push(fieldError(['lines', i, 'returned'], msg('receipt.cancel-returned:field', { qty: qty(l.returned) })));
  });
  if (errors.length) throw conflict(msg('receipt.cancel-depends', { number: locked.number }), errors);

  const date = services.calendar.today();
  const plan = await services.stockLedger.prepareReversal({ docType: 'GR', docId: id }, date, tx);
  const reversal = await insertNumbered(db, tx, 'goods_receipts', 'GR', date, {
    purchase_order_id: locked.orderId,
    supplier_id: locked.supplierId,
    warehouse_id: locked.warehouseId,
    date,
    status: 'posted',
    base_value: -locked.baseValue,
    reversal_of: id,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  const doc = { docType: 'GR', docId: reversal.id, docNumber: reversal.number, date, userId: actor.id };
  await services.stockLedger.apply(plan, doc, tx);
  await reverseStockJournal(services, { docType: 'GR', docId: id }, doc, tx);
  await execute(db, "UPDATE goods_receipts SET status = 'cancelled', reversed_by = :reversalId WHERE id = :id", { reversalId: reversal.id, id }, tx);
  const byLine = new Map<number, number>();
  for (const l of lines) byLine.set(l.orderLineId, (byLine.get(l.orderLineId) ?? 0) + l.qty);
  for (const [lineId, qty] of byLine) await execute(db, 'UPDATE purchase_order_lines SET received = received - :qty WHERE id = :lineId', { qty, lineId }, tx);
  await refreshOrderStatus(db, locked.orderId, tx);
  return { ...(await getReceipt(services, actor, reversal.id, tx)), reversalOf: id };
}
