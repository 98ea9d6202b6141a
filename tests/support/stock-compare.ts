import type { BalanceRow, LedgerRow } from '../../contract/stock';
import { balanceKey, Plan, StockModel } from './stock-model';
import type { TestApp } from './test-app';

/**
 * Comparing the server with the reference model (stock-model.ts): statuses
 * step by step, the whole ledger and every balance, written as one line per
 * row so that a failure reads as a diff of expected against actual rows.
 */

/** Short names for a run's items and warehouses, so rows read `L@W1#B2`. */
export class Labels {
  readonly items = new Map<number, string>();
  readonly warehouses = new Map<number, string>();

  place(itemId: number, warehouseId: number, batchNo: string | null): string {
    return `${this.items.get(itemId) ?? itemId}@${this.warehouses.get(warehouseId) ?? warehouseId}${batchNo ? `#${batchNo}` : ''}`;
  }
}

/** An exact scaled integer as decimal text: 1500, 3 → "1.500". */
export function scaled(n: number, places: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(n)).padStart(places + 1, '0');
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** A JSON number from the API as the integer it stands for (qty 3, money 2, price 4 places). */
export const toInt = (n: number, places: number) => Math.round(n * 10 ** places);

/** API quantities and costs from scaled integers: the exact double of the decimal. */
export const qtyOf = (milli: number) => milli / 1000;
export const costOf = (tenThousandths: number) => tenThousandths / 10000;

type Row = { docNumber: string; text: string };

/** Documents in the order they were posted; the order of rows within one document is not part of the contract. */
function byDocument(rows: Row[]): string[] {
  const docs = new Map<string, string[]>();
  for (const r of rows) docs.set(r.docNumber, [...(docs.get(r.docNumber) ?? []), r.text]);
  return [...docs.values()].flatMap((texts) => texts.sort());
}

const moveText = (labels: Labels, m: { docType: string; docNumber: string; itemId: number; warehouseId: number; batchNo: string | null; qty: number; value: number }) =>
  `${m.docNumber} ${m.docType} ${labels.place(m.itemId, m.warehouseId, m.batchNo)} qty ${scaled(m.qty, 3)} value ${scaled(m.value, 2)}`;

type ReservedBy = Array<{ docType: string; docId: number; number: string; qty: number }>;

function balanceText(labels: Labels, b: { itemId: number; warehouseId: number; batchNo: string | null; expiryDate: string | null; onHand: number; reserved: number; available: number; value: number }, reservedBy?: ReservedBy) {
  const base = `${labels.place(b.itemId, b.warehouseId, b.batchNo)} expiry ${b.expiryDate ?? '-'} onHand ${scaled(b.onHand, 3)} reserved ${scaled(b.reserved, 3)} available ${scaled(b.available, 3)} value ${scaled(b.value, 2)}`;
  if (!reservedBy) return base;
  const held = [...reservedBy].sort((x, y) => x.docType.localeCompare(y.docType) || x.docId - y.docId).map((r) => `${r.number}:${scaled(r.qty, 3)}`);
  return `${base} reservedBy [${held.join(' ')}]`;
}

/** Several holders' lines on one balance may be listed apart or summed: both read the same here; a spent (zero) entry is left out. */
function summedByHolder(list: ReservedBy): ReservedBy {
  const sums = new Map<string, ReservedBy[number]>();
  for (const r of list) {
    const key = `${r.docType}|${r.docId}`;
    const entry = sums.get(key) ?? { docType: r.docType, docId: r.docId, number: r.number, qty: 0 };
    entry.qty += r.qty;
    sums.set(key, entry);
  }
  return [...sums.values()].filter((r) => r.qty !== 0);
}

export interface Scope {
  itemIds: number[];
  warehouseIds: number[];
  labels: Labels;
  /** Compare `reservedBy` too (`?withReservations=true`). */
  reservations?: boolean;
}

export async function serverLedger(t: TestApp, scope: Scope): Promise<string[]> {
  const token = await t.adminToken();
  const rows: LedgerRow[] = [];
  for (const itemId of scope.itemIds) {
    const res = await t.get(`/stock/ledger?itemId=${itemId}&limit=10000`, token);
    if (res.status !== 200) throw new Error(`GET /stock/ledger: ${res.status} ${JSON.stringify(res.body)}`);
    rows.push(...(res.body.data as LedgerRow[]).filter((r) => scope.warehouseIds.includes(r.warehouseId)));
  }
  rows.sort((a, b) => a.id - b.id);
  return byDocument(rows.map((r) => ({ docNumber: r.docNumber, text: moveText(scope.labels, { ...r, qty: toInt(r.qty, 3), value: toInt(r.value, 2) }) })));
}

export function modelLedger(model: StockModel, scope: Scope): string[] {
  return byDocument(model.ledger.map((m) => ({ docNumber: m.docNumber, text: moveText(scope.labels, { ...m, batchNo: m.batchNo || null }) })));
}

export async function serverBalances(t: TestApp, scope: Scope): Promise<string[]> {
  const token = await t.adminToken();
  const rows: string[] = [];
  for (const warehouseId of scope.warehouseIds) {
    const res = await t.get(`/stock/balances?warehouseId=${warehouseId}&includeZero=true&limit=10000${scope.reservations ? '&withReservations=true' : ''}`, token);
    if (res.status !== 200) throw new Error(`GET /stock/balances: ${res.status} ${JSON.stringify(res.body)}`);
    for (const b of res.body.data as Array<BalanceRow & { reservedBy?: ReservedBy }>) {
      if (!scope.itemIds.includes(b.itemId)) continue;
      const n = { ...b, onHand: toInt(b.onHand, 3), reserved: toInt(b.reserved, 3), available: toInt(b.available, 3), value: toInt(b.value, 2) };
      const reservedBy = scope.reservations ? summedByHolder((b.reservedBy ?? []).map((r) => ({ ...r, qty: toInt(r.qty, 3) }))) : undefined;
      rows.push(balanceText(scope.labels, n, reservedBy));
    }
  }
  return rows.sort();
}

export function modelBalances(model: StockModel, scope: Scope): string[] {
  return [...model.balances.values()]
    .filter((b) => scope.itemIds.includes(b.itemId) && scope.warehouseIds.includes(b.warehouseId))
    .map((b) => balanceText(scope.labels, { ...b, batchNo: b.batchNo || null, available: model.available(b) }, scope.reservations ? model.reservedBy(balanceKey(b.itemId, b.warehouseId, b.batchNo)) : undefined))
    .sort();
}

/** Prefixes a failed expectation with where in the sequence it happened. */
export async function at<T>(where: string, check: () => Promise<T> | T): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (err instanceof Error) err.message = `${where}\n${err.message}`;
    throw err;
  }
}

export async function expectSameBalances(t: TestApp, model: StockModel, scope: Scope): Promise<void> {
  expect(await serverBalances(t, scope)).toEqual(modelBalances(model, scope));
}

/** The whole ledger and every balance of the run, as the model has them. */
export async function expectSameStock(t: TestApp, model: StockModel, scope: Scope): Promise<void> {
  expect(await serverLedger(t, scope)).toEqual(modelLedger(model, scope));
  await expectSameBalances(t, model, scope);
}

/**
 * The server answered as the model predicted: `okStatus` when the model
 * accepts, 409 when it refuses. The message names the model's reason and
 * what the server said, so a mismatch explains itself.
 */
export function expectStatus(what: string, plan: Plan<unknown>, res: { status: number; body: unknown }, labels: Labels, okStatus = 201): void {
  const expected = plan.ok ? okStatus : 409;
  if (res.status === expected) return;
  const moves = plan.ok ? plan.moves.map((m) => `${labels.place(m.itemId, m.warehouseId, m.batchNo)} ${scaled(m.qty, 3)} ${scaled(m.value, 2)}`) : [];
  const predicted = plan.ok ? `accept, moving [${moves.join(', ')}]${plan.notes.length ? `; note: ${plan.notes.join('; ')}` : ''}` : `refuse: ${plan.reason}`;
  throw new Error(`${what}: expected ${expected}, got ${res.status}\n  the model would ${predicted}\n  the server said ${JSON.stringify(res.body)}`);
}
