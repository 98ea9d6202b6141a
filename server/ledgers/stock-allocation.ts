import { conflict, FieldIssue, fieldError } from '../platform/errors';
import { msg } from '../platform/i18n/message';
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
  /** The balance row's id: the order of its first receipt in the warehouse. None yet for one the document brings in. */
  seq?: number;
}

export type AllocatedMove = MoveRequest & { batchNo: string };

export const keyOf = (itemId: number, warehouseId: number, batchNo: string) => `${itemId}|${warehouseId}|${batchNo}`;

type Batch = Pick<BalanceState, 'itemId' | 'warehouseId' | 'batchNo' | 'expiryDate' | 'seq'>;

export interface AllocationRules {
  /** Business today: a batch whose expiry is before it has expired. */
  today: string;
  /** Only an adjustment (or a count) may name an expired batch, to write it off. */
  allowExpired: boolean;
  /** Batches to try first for a line, before FEFO order (a shipment's own reservation, just released). */
  preferred?: Map<number, string[]>;
}

const qtyText = (milli: number) => String(milli / 1000);
const NO_EXPIRY = '9999-12-31';

export const isExpired = (b: { expiryDate: string | null }, today: string) => !!b.expiryDate && b.expiryDate < today;

/** What a balance can still give: on hand less what is reserved, and nothing once its batch has expired. */
export function freeOf(b: BalanceState | undefined, rules: Pick<AllocationRules, 'today' | 'allowExpired'>): number {
  if (!b) return 0;
  if (!rules.allowExpired && isExpired(b, rules.today)) return 0;
  return b.onHand - b.reserved;
}

/**
 * Resolves FEFO issues into per-batch moves and checks the document's total
 * demand per balance against what is free plus what it brings in.
 * A shortfall refuses the whole document, naming every offending line.
 */
export function allocate(requests: MoveRequest[], balances: Map<string, BalanceState>, rules: AllocationRules): AllocatedMove[] {
  const free = new Map<string, number>();
  const freeAt = (key: string) => free.get(key) ?? freeOf(balances.get(key), rules);
  for (const r of requests) {
    if (r.qty > 0) free.set(keyOf(r.itemId, r.warehouseId, r.batchNo!), freeAt(keyOf(r.itemId, r.warehouseId, r.batchNo!)) + r.qty);
  }
  const expired = expiredNamedBatches(requests, balances, rules);
  const expiredRows = new Set(expired.map((e) => e.row));
  // A line naming an expired batch is told that, not also that the batch has nothing available.
  const errors = [...expired, ...checkNamedBatches(requests, free, freeAt).filter((e) => !expiredRows.has(e.row))];
  const out = requests.filter((r): r is AllocatedMove => r.qty > 0 || r.batchNo !== null);
  const batches = fefoOrder(requests, balances, rules.today);
  for (const r of requests.filter((q) => q.qty < 0 && q.batchNo === null)) {
    let need = -r.qty;
    for (const b of withPreferred(batches.get(`${r.itemId}|${r.warehouseId}`) ?? [], rules.preferred?.get(r.line))) {
      const key = keyOf(b.itemId, b.warehouseId, b.batchNo);
      const take = Math.min(need, Math.max(0, freeAt(key)));
      if (take <= 0) continue;
      free.set(key, freeAt(key) - take);
      out.push({ ...r, batchNo: b.batchNo, qty: -take });
      need -= take;
      if (need === 0) break;
    }
    if (need > 0) errors.push(fieldError(['lines', r.line, 'qty'], msg('stock.insufficient:short', { qty: qtyText(need) })));
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const count = new Set(errors.map((e) => e.row)).size;
    // Only expired batches in the way: say that, not that stock is short.
    throw conflict(errors.length === expired.length ? msg('stock.batch-expired', { count }) : msg('stock.insufficient', { count }), errors);
  }
  return out;
}

function withPreferred(batches: Batch[], preferred: string[] | undefined): Batch[] {
  if (!preferred?.length) return batches;
  const first = batches.filter((b) => preferred.includes(b.batchNo));
  return [...first, ...batches.filter((b) => !preferred.includes(b.batchNo))];
}

/** An issue naming an expired batch is refused unless the document may write it off. */
function expiredNamedBatches(requests: MoveRequest[], balances: Map<string, BalanceState>, rules: AllocationRules): FieldIssue[] {
  if (rules.allowExpired) return [];
  return requests.flatMap((r) => {
    if (r.qty >= 0 || !r.batchNo) return [];
    const b = balances.get(keyOf(r.itemId, r.warehouseId, r.batchNo));
    if (!b || !isExpired(b, rules.today)) return [];
    return [fieldError(['lines', r.line, 'batchNo'], msg('stock.batch-expired:field', { batch: r.batchNo, date: b.expiryDate! }))];
  });
}

/** Issues that name their balance: summed per balance, every line of an overdrawn one is named. */
function checkNamedBatches(requests: MoveRequest[], free: Map<string, number>, freeAt: (key: string) => number): FieldIssue[] {
  const named = new Map<string, MoveRequest[]>();
  for (const r of requests) {
    if (r.qty >= 0 || r.batchNo === null) continue;
    const key = keyOf(r.itemId, r.warehouseId, r.batchNo);
    free.set(key, freeAt(key) + r.qty);
    const lines = named.get(key);
    if (lines) lines.push(r);
    else named.set(key, [r]);
  }
  const errors: FieldIssue[] = [];
  for (const [key, lines] of named) {
    if (free.get(key)! >= 0) continue;
    const total = lines.reduce((sum, l) => sum - l.qty, 0);
    const available = Math.max(0, total + free.get(key)!);
    for (const l of lines) {
      const amounts = { total: qtyText(total), available: qtyText(available) };
      const message = l.batchNo ? msg('stock.insufficient:document-batch', { ...amounts, batch: l.batchNo }) : msg('stock.insufficient:document', amounts);
      errors.push(fieldError(['lines', l.line, 'qty'], message));
    }
  }
  return errors;
}

/**
 * Unexpired batches per item × warehouse, earliest expiry first, then
 * earliest receipt (DESIGN §4): those on hand, then new ones this document
 * brings in, by batch number.
 */
function fefoOrder(requests: MoveRequest[], balances: Map<string, BalanceState>, today: string): Map<string, Batch[]> {
  const stock = new Map<string, Batch>(balances);
  for (const r of requests) {
    const key = keyOf(r.itemId, r.warehouseId, r.batchNo!);
    if (r.qty > 0 && !stock.has(key)) stock.set(key, { itemId: r.itemId, warehouseId: r.warehouseId, batchNo: r.batchNo!, expiryDate: r.expiryDate ?? null });
  }
  const wanted = new Set(requests.filter((r) => r.qty < 0 && r.batchNo === null).map((r) => `${r.itemId}|${r.warehouseId}`));
  const byPlace = new Map<string, Batch[]>();
  for (const b of stock.values()) {
    const place = `${b.itemId}|${b.warehouseId}`;
    if (!wanted.has(place) || isExpired(b, today)) continue;
    const list = byPlace.get(place);
    if (list) list.push(b);
    else byPlace.set(place, [b]);
  }
  for (const list of byPlace.values()) {
    list.sort(
      (a, b) =>
        (a.expiryDate ?? NO_EXPIRY).localeCompare(b.expiryDate ?? NO_EXPIRY) ||
        (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER) ||
        a.batchNo.localeCompare(b.batchNo),
    );
  }
  return byPlace;
}
