import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { Reservation } from '../../ledgers/stock-ledger';
import { AppError, FieldIssue, fieldError } from '../../platform/errors';
import { isMessage, Message, msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { orderHolder } from '../shipments/order-reservation';
import type { SalesOrderRow } from './order-locks';

/** An order line as it is reserved: its `line`, item and quantity (thousandths), and the sku a shortfall names. */
export interface OrderLineToReserve {
  line: number;
  itemId: number;
  qty: number;
  sku: string;
}

/** The reservation convention (PREAMBLE): an order holds its stock as SO / its id, line by line (the line's `line`). */
export const holderOf = orderHolder;

/**
 * Reserves every line of the order in its warehouse through the stock gate:
 * free, unexpired stock, earliest expiry first; all lines or none. A
 * shortfall → 409 naming each short line with what it ordered, what is
 * available for it and what is missing.
 */
export async function reserveOrder(services: Services, order: SalesOrderRow, lines: OrderLineToReserve[], tx: Transaction): Promise<Reservation[]> {
  const requests = lines.map((l) => ({ line: l.line, itemId: l.itemId, warehouseId: order.warehouseId, batchNo: null, qty: l.qty }));
  try {
    return await services.stockLedger.reserve(requests, orderHolder(order), tx);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'stock.insufficient') throw err;
    const byLine = new Map(lines.map((l) => [l.line, l]));
    const errors = err.errors.map((e) => shortLine(e, e.row === undefined ? undefined : byLine.get(e.row)));
    throw new AppError(409, msg('sales-order.stock-short', { count: new Set(errors.map((e) => e.row)).size }), errors, { code: 'stock.insufficient' });
  }
}

/**
 * The gate says how much a line is short by (batches, FEFO) or what the
 * order takes of a balance against what it has (one balance); the order's
 * answer names the item, what it ordered, what is available and what is missing.
 */
function shortLine(e: FieldIssue, line: OrderLineToReserve | undefined): FieldIssue {
  if (!line || !isMessage(e.message)) return e;
  const { key, params } = e.message;
  const { qty } = line;
  const scaled = (p: unknown) => toScaled(Number(p), 'qty');
  const text = (milli: number) => String(fromScaled(milli, 'qty'));
  const at = (message: Message) => fieldError(['lines', line.line, 'qty'], message, 'stock.insufficient');
  if (key === 'stock.insufficient:short') {
    const missing = scaled(params.qty);
    return at(msg('sales-order.stock-short:field', { sku: line.sku, qty: text(qty), available: text(qty - missing), missing: text(missing) }));
  }
  if (key === 'stock.insufficient:document') {
    const [total, available] = [scaled(params.total), scaled(params.available)];
    const amounts = { sku: line.sku, available: text(available), missing: text(total - available) };
    // Several lines of one item share what is available: say what they take together.
    return at(total === qty ? msg('sales-order.stock-short:field', { ...amounts, qty: text(qty) }) : msg('sales-order.stock-short:field-lines', { ...amounts, total: text(total) }));
  }
  return e;
}

/** Gives back what the order still holds (all of it: nothing of a reopened, cancelled or closed order stays reserved). */
export async function releaseOrder(services: Services, order: SalesOrderRow, tx: Transaction): Promise<Reservation[]> {
  return services.stockLedger.release(orderHolder(order), tx);
}
