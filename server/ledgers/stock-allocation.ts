import type { ProblemFieldError } from '../../contract/problem';
import { conflict } from '../platform/errors';
import type { MoveRequest } from './stock-ledger';

/** One balance as the stock gate holds it while it posts a document. */
export interface BalanceState {
  itemId: number;
  warehouseId: number;
  batchNo: string;
  expiryDate: string | null;
  onHand: number;
  reserved: number;
  value: number;
}

export type AllocatedMove = MoveRequest & { batchNo: string };

export const keyOf = (itemId: number, warehouseId: number, batchNo: string) => `${itemId}|${warehouseId}|${batchNo}`;

type Batch = Pick<BalanceState, 'itemId' | 'warehouseId' | 'batchNo' | 'expiryDate'>;

const qtyText = (milli: number) => String(milli / 1000);
const NO_EXPIRY = '9999-12-31';

/**
 * Resolves FEFO issues into per-batch moves and checks the document's total
 * demand per balance against what is available plus what it brings in.
 * A shortfall refuses the whole document, naming every offending line.
 */
export function allocate(requests: MoveRequest[], balances: Map<string, BalanceState>, date: string): AllocatedMove[] {
  const free = new Map<string, number>();
  const freeOf = (key: string) => free.get(key) ?? (balances.get(key) ? balances.get(key)!.onHand - balances.get(key)!.reserved : 0);
  for (const r of requests) {
    if (r.qty > 0) free.set(keyOf(r.itemId, r.warehouseId, r.batchNo!), freeOf(keyOf(r.itemId, r.warehouseId, r.batchNo!)) + r.qty);
  }
  const errors = checkNamedBatches(requests, free, freeOf);
  const out = requests.filter((r): r is AllocatedMove => r.qty > 0 || r.batchNo !== null);
  const batches = fefoOrder(requests, balances, date);
  for (const r of requests.filter((q) => q.qty < 0 && q.batchNo === null)) {
    let need = -r.qty;
    for (const b of batches.get(`${r.itemId}|${r.warehouseId}`) ?? []) {
      const key = keyOf(b.itemId, b.warehouseId, b.batchNo);
      const take = Math.min(need, Math.max(0, freeOf(key)));
      if (take <= 0) continue;
      free.set(key, freeOf(key) - take);
      out.push({ ...r, batchNo: b.batchNo, qty: -take });
      need -= take;
      if (need === 0) break;
    }
    if (need > 0) errors.push({ path: `lines[${r.line}].qty`, message: `short by ${qtyText(need)}: not enough unexpired stock in any batch`, row: r.line });
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw conflict(`Not enough stock for ${errors.length} line(s); nothing was posted.`, errors);
  }
  return out;
}

/** Issues that name their balance: summed per balance, every line of an overdrawn one is named. */
function checkNamedBatches(requests: MoveRequest[], free: Map<string, number>, freeOf: (key: string) => number): ProblemFieldError[] {
  const named = new Map<string, MoveRequest[]>();
  for (const r of requests) {
    if (r.qty >= 0 || r.batchNo === null) continue;
    const key = keyOf(r.itemId, r.warehouseId, r.batchNo);
    free.set(key, freeOf(key) + r.qty);
    const lines = named.get(key);
    if (lines) lines.push(r);
    else named.set(key, [r]);
  }
  const errors: ProblemFieldError[] = [];
  for (const [key, lines] of named) {
    if (free.get(key)! >= 0) continue;
    const total = lines.reduce((sum, l) => sum - l.qty, 0);
    const available = Math.max(0, total + free.get(key)!);
    for (const l of lines) {
      const where = l.batchNo ? ` in batch ${l.batchNo}` : '';
      errors.push({ path: `lines[${l.line}].qty`, message: `this document takes ${qtyText(total)} in total but only ${qtyText(available)} is available${where}`, row: l.line });
    }
  }
  return errors;
}

/**
 * Unexpired batches per item × warehouse, earliest expiry first (then batch
 * number): those on hand and new ones this document brings in.
 */
function fefoOrder(requests: MoveRequest[], balances: Map<string, BalanceState>, date: string): Map<string, Batch[]> {
  const stock = new Map<string, Batch>(balances);
  for (const r of requests) {
    const key = keyOf(r.itemId, r.warehouseId, r.batchNo!);
    if (r.qty > 0 && !stock.has(key)) stock.set(key, { itemId: r.itemId, warehouseId: r.warehouseId, batchNo: r.batchNo!, expiryDate: r.expiryDate ?? null });
  }
  const wanted = new Set(requests.filter((r) => r.qty < 0 && r.batchNo === null).map((r) => `${r.itemId}|${r.warehouseId}`));
  const byPlace = new Map<string, Batch[]>();
  for (const b of stock.values()) {
    const place = `${b.itemId}|${b.warehouseId}`;
    if (!wanted.has(place) || (b.expiryDate && b.expiryDate < date)) continue;
    const list = byPlace.get(place);
    if (list) list.push(b);
    else byPlace.set(place, [b]);
  }
  for (const list of byPlace.values()) {
    list.sort((a, b) => (a.expiryDate ?? NO_EXPIRY).localeCompare(b.expiryDate ?? NO_EXPIRY) || a.batchNo.localeCompare(b.batchNo));
  }
  return byPlace;
}
