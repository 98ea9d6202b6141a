import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { ReceiptRequest, ReceiptView } from '../../../contract/goods-receipts';
import { execute, executeLiteral } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { assertAllowed, ORDER_STATUS } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { refreshOrderStatus } from '../purchase-orders/order-progress';
import { getReceipt } from './queries';
import { lockOrder, lockOrderLines, OrderLineRow, OrderRow } from './receipt-store';

const MILLION = 1_000_000n;

/**
 * Posts a goods receipt against an approved order: each line comes in at
 * its order line's net unit cost in base currency through the stock gate,
 * and is journaled Dr inventory / Cr received-not-invoiced at the moves'
 * value. Cumulative receipts (less returns) beyond a line's quantity and
 * over-receipt tolerance are refused.
 */
export async function postReceipt(services: Services, actor: Actor, orderId: number, input: ReceiptRequest, tx: Transaction): Promise<ReceiptView> {
  const date = services.calendar.documentDate(input.date);
  const order = await lockOrder(services.db, orderId, tx);
  assertWarehouseInScope(actor, order.warehouseId);
  assertAllowed(ORDER_STATUS, order.status, 'receive');
  const orderLines = await lockOrderLines(services.db, order.id, tx);
  const targets = matchOrderLines(order, orderLines, input.lines);
  const quantities = input.lines.map((l) => toScaled(l.qty, 'qty'));
  assertWithinTolerance(targets, quantities, toleranceOf(services.config.overReceiptTolerance));

  const plan = await services.stockLedger.prepare(
    input.lines.map((l, i) => ({
      line: i,
      itemId: targets[i]!.itemId,
      warehouseId: order.warehouseId,
      batchNo: l.batchNo || null,
      expiryDate: l.expiryDate ?? null,
      qty: quantities[i]!,
      unitCost: targets[i]!.baseUnitCost,
    })),
    date,
    tx,
  );
  const value = plan.moves.reduce((sum, m) => sum + m.value, 0);
  const mapping = await services.generalLedger.mapping(tx);
  const journal = await services.generalLedger.prepareJournal(
    { date, memo: order.number, userId: actor.id, lines: [{ accountCode: mapping.inventory, debit: value }, { accountCode: mapping.grni, credit: value }] },
    tx,
  );

  const { id, number } = await insertNumbered(services.db, tx, 'goods_receipts', 'GR', date, {
    purchase_order_id: order.id,
    supplier_id: order.supplierId,
    warehouse_id: order.warehouseId,
    date,
    status: 'posted',
    base_value: value,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  const posted = await services.stockLedger.apply(plan, { docType: 'GR', docId: id, docNumber: number, date, userId: actor.id }, tx);
  if (journal) await services.generalLedger.applyJournal(journal, { type: 'GR', id, number }, tx);

  const moveOf = new Map(posted.moves.map((m) => [m.line, m]));
  const e = (v: string | null) => (v === null ? 'NULL' : services.db.sequelize.escape(v));
  const rows = input.lines.map((_, i) => {
    const m = moveOf.get(i)!;
    return `(${id}, ${i + 1}, ${targets[i]!.id}, ${m.itemId}, ${e(m.batchNo)}, ${e(m.expiryDate)}, ${m.qty}, ${targets[i]!.baseUnitCost}, ${m.value}, 0, 0)`;
  });
  for (let i = 0; i < rows.length; i += 500) {
    await executeLiteral(
      services.db,
      `INSERT INTO goods_receipt_lines (receipt_id, line, order_line_id, item_id, batch_no, expiry_date, qty, unit_cost, value, returned, invoiced) VALUES ${rows.slice(i, i + 500).join(',')}`,
      tx,
    );
  }
  for (const [lineId, received] of sumByLine(targets, quantities)) {
    await execute(services.db, 'UPDATE purchase_order_lines SET received = received + :received WHERE id = :lineId', { received, lineId }, tx);
  }
  await refreshOrderStatus(services.db, order.id, tx);
  return getReceipt(services, actor, id, tx);
}

/**
 * The order line of every request line, by `lineId` or by an item on one line only; every line in error is named at once.
 * Shipments match their rows to sales order lines the same way.
 */
export function matchOrderLines<L extends Pick<OrderLineRow, 'id' | 'itemId' | 'sku'>>(
  order: Pick<OrderRow, 'number'>,
  orderLines: L[],
  lines: ReadonlyArray<{ lineId?: number; itemId?: number; sku?: string }>,
): L[] {
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const errors: FieldIssue[] = [];
  const matched = lines.map((l, i) => {
    if (l.lineId !== undefined) {
      const found = byId.get(l.lineId);
      if (!found) errors.push(fieldError(['lines', i, 'lineId'], msg('receipt.line-unknown:field', { number: order.number })));
      else if ((l.itemId !== undefined && l.itemId !== found.itemId) || (l.sku !== undefined && l.sku !== found.sku)) {
        errors.push(fieldError(['lines', i, l.itemId !== undefined ? 'itemId' : 'sku'], msg('reference.mismatch:field-item', { id: l.lineId })));
      }
      return found;
    }
    if (l.itemId === undefined && l.sku === undefined) {
      errors.push(fieldError(['lines', i, 'lineId'], msg('receipt.line-required:field')));
      return undefined;
    }
    const candidates = orderLines.filter((o) => (l.itemId !== undefined ? o.itemId === l.itemId : o.sku === l.sku));
    const field = l.itemId !== undefined ? 'itemId' : 'sku';
    const ref = (l.itemId ?? l.sku)!;
    if (!candidates.length) errors.push(fieldError(['lines', i, field], msg('receipt.item-not-on-order:field', { ref, number: order.number })));
    else if (candidates.length > 1) errors.push(fieldError(['lines', i, 'lineId'], msg('receipt.item-ambiguous:field', { ref, number: order.number })));
    return candidates.length === 1 ? candidates[0] : undefined;
  });
  if (errors.length) throw invalid(msg('receipt.lines-invalid', { count: new Set(errors.map((e) => e.row)).size, number: order.number }), errors);
  return matched as L[];
}

/** The global tolerance, a percent, as the items' fraction ×1,000,000 (5 % → 50,000). */
function toleranceOf(percent: number): number {
  return Math.round(percent * 10_000);
}

/** The quantities of a document's rows summed per order line (rows may name one line twice). */
export function sumByLine(targets: ReadonlyArray<{ id: number }>, quantities: number[]): Map<number, number> {
  const sums = new Map<number, number>();
  targets.forEach((t, i) => sums.set(t.id, (sums.get(t.id) ?? 0) + quantities[i]!));
  return sums;
}

/**
 * (received − returned + this receipt) ≤ qty × (1 + tolerance), per order
 * line, compared exactly in integers: ×1,000,000 on both sides.
 */
function assertWithinTolerance(targets: OrderLineRow[], quantities: number[], globalTolerance: number): void {
  const errors: FieldIssue[] = [];
  const incoming = sumByLine(targets, quantities);
  const over = new Set<number>();
  for (const t of new Map(targets.map((l) => [l.id, l])).values()) {
    const tolerance = BigInt(t.tolerance ?? globalTolerance);
    const kept = BigInt(t.received - t.returned + incoming.get(t.id)!);
    if (kept * MILLION > BigInt(t.qty) * (MILLION + tolerance)) over.add(t.id);
  }
  targets.forEach((t, i) => {
    if (!over.has(t.id)) return;
    const tolerance = t.tolerance ?? globalTolerance;
    const limit = Number((BigInt(t.qty) * (MILLION + BigInt(tolerance))) / MILLION);
    const open = Math.max(0, limit - (t.received - t.returned));
    const q = (v: number) => fromScaled(v, 'qty');
    errors.push(
      fieldError(['lines', i, 'qty'], msg('receipt.over-receipt:field', { line: t.line, ordered: q(t.qty), received: q(t.received), returned: q(t.returned), tolerance: tolerance / 10_000, open: q(open) })),
    );
  });
  if (errors.length) throw conflict(msg('receipt.over-receipt', { count: errors.length }), errors);
}
