import type { Transaction } from 'sequelize';
import { selectRows } from '../../db/sql';
import { OrderStatus, stillToDeliver } from '../../documents/status';
import type { Holder, Reservation, ReserveRequest } from '../../ledgers/stock-ledger';
import { AppError, fieldError } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import type { SalesOrderRow } from '../sales-orders/order-locks';

/** An order line after the document changed it: quantities ×1000. */
export interface OpenLine {
  /** The order line's `line` column: the line its reservations are held under. */
  line: number;
  itemId: number;
  qty: number;
  shipped: number;
  returned: number;
}

/** The reservation convention: an order holds its stock as SO / its id, line by line (the line's `line` column). */
export const orderHolder = (order: Pick<SalesOrderRow, 'id' | 'number'>): Holder => ({ docType: 'SO', docId: order.id, number: order.number });

/** Orders in these states hold their open quantities; draft, closed and cancelled hold nothing. */
const HOLDING: readonly OrderStatus[] = ['approved', 'partial', 'done'];

/**
 * Brings what each of the given order lines reserves to exactly what it still
 * has to ship — max(0, qty − shipped + returned) while the order holds stock,
 * nothing otherwise — so the sales-order reservation invariant holds after a
 * shipment, its cancellation or a return.
 *
 * A line holding too much (a shipment took a batch other than the one
 * reserved, or more than was reserved of it) gives all of it back and
 * reserves what it still needs afresh, in whatever batches the gate
 * allocates (FEFO over free, unexpired stock); what it released is free
 * again then, so that never asks for more than was just held. A line holding
 * too little (stock came back from a cancel or a return) reserves the
 * difference. Either way the gate refuses (409) when the stock is not there.
 * Call it after the document's own stock moves are applied: it reads the
 * reservations as they stand under the balances' locks, unless the caller
 * passes what the order holds after its stock plan (`remaining`, which the
 * gate read under those locks).
 */
export async function holdOpenQuantities(services: Services, order: SalesOrderRow, status: OrderStatus, lines: OpenLine[], tx: Transaction, remaining?: Reservation[]): Promise<void> {
  if (!lines.length) return;
  const holder = orderHolder(order);
  const rows = remaining ?? (await heldOf(services, order, lines, tx));
  const held = new Map<number, number>();
  for (const r of rows) held.set(r.line, (held.get(r.line) ?? 0) + r.qty);
  const wanted = (l: OpenLine) => (HOLDING.includes(status) ? stillToDeliver({ qty: l.qty, delivered: l.shipped, returned: l.returned, invoiced: 0 }) : 0);
  const over = lines.filter((l) => (held.get(l.line) ?? 0) > wanted(l));
  if (over.length) await services.stockLedger.release(holder, tx, over.map((l) => l.line));
  const requests = lines
    .map((l) => ({ line: l.line, itemId: l.itemId, warehouseId: order.warehouseId, batchNo: null, qty: wanted(l) - (over.includes(l) ? 0 : (held.get(l.line) ?? 0)) }))
    .filter((r) => r.qty > 0);
  if (requests.length) await reserveAgain(services, order, requests, tx);
}

async function heldOf(services: Services, order: SalesOrderRow, lines: OpenLine[], tx: Transaction): Promise<Array<{ line: number; qty: number }>> {
  const rows = await selectRows<{ line: number; qty: number }>(
    services.db,
    "SELECT line, SUM(qty) AS qty FROM stock_reservations WHERE doc_type = 'SO' AND doc_id = :orderId AND line IN (:lines) GROUP BY line",
    { orderId: order.id, lines: lines.map((l) => l.line) },
    tx,
  );
  return rows.map((r) => ({ line: Number(r.line), qty: Number(r.qty) }));
}

/** The gate's shortfall named by order line (the document's own rows are not what is short), as the stock problem it is. */
async function reserveAgain(services: Services, order: SalesOrderRow, requests: ReserveRequest[], tx: Transaction): Promise<void> {
  try {
    await services.stockLedger.reserve(requests, orderHolder(order), tx);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'stock.insufficient') throw err;
    const errors = err.errors.map((e) => fieldError(['orderLines', e.row ?? 0, 'qty'], msg('shipment.hold-again:field', { line: (e.row ?? 0) + 1, reason: e.message })));
    throw new AppError(409, msg('shipment.hold-again', { number: order.number }), errors, { code: 'stock.insufficient' });
  }
}
