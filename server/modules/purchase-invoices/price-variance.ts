import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { keyOf } from '../../ledgers/stock-allocation';
import { StockStore } from '../../ledgers/stock-store';
import { mulDivRound } from '../../ledgers/valuation';
import type { MatchedLine } from './invoice-matching';

export interface Revaluation {
  line: number;
  itemId: number;
  warehouseId: number;
  batchNo: string;
  value: number;
}

export interface VarianceSplit {
  /** Value-only moves on the balances the matched goods went to (signed cents). */
  revaluations: Revaluation[];
  /** Σ revaluations: what inventory (1405) moves by. */
  revalued: number;
  /** What already left the stock: to priceVariance (6401), signed (a debit when positive). */
  expensed: number;
}

/**
 * Where a price variance goes (DESIGN §4 "Postings"): the part of the goods
 * still on hand revalues them, the part already issued is expensed. Each
 * invoice line's variance is shared over the receipt lines it matched by
 * quantity; of each share, the fraction of its quantity still on hand in the
 * balance its receipt went to (on hand locked, taken by the earlier shares
 * first) revalues that balance. A balance is a blend, so "still on hand" is
 * min(matched quantity, on hand): issues are taken to have consumed the
 * matched goods last.
 */
export async function splitVariances(db: Database, lines: Array<MatchedLine & { variance: number }>, tx: Transaction): Promise<VarianceSplit> {
  const portions = lines.flatMap((l) => (l.variance === 0 ? [] : shares(l)));
  if (!portions.length) return { revaluations: [], revalued: 0, expensed: 0 };
  const balances = await new StockStore(db).lockBalances(
    portions.map((p) => p.itemId),
    portions.map((p) => p.warehouseId),
    tx,
  );
  const onHand = new Map([...balances].map(([key, b]) => [key, b.onHand]));
  const byBalance = new Map<string, Revaluation>();
  let expensed = 0;
  for (const p of portions) {
    const key = keyOf(p.itemId, p.warehouseId, p.batchNo);
    const still = Math.max(0, Math.min(p.qty, onHand.get(key) ?? 0));
    onHand.set(key, (onHand.get(key) ?? 0) - still);
    const value = still === p.qty ? p.variance : mulDivRound(p.variance, still, p.qty);
    expensed += p.variance - value;
    if (value === 0) continue;
    const at = `${p.line}|${key}`;
    const r = byBalance.get(at) ?? { line: p.line, itemId: p.itemId, warehouseId: p.warehouseId, batchNo: p.batchNo, value: 0 };
    r.value += value;
    byBalance.set(at, r);
  }
  const revaluations = [...byBalance.values()].filter((r) => r.value !== 0);
  return { revaluations, revalued: revaluations.reduce((s, r) => s + r.value, 0), expensed };
}

/** A line's variance over its receipt portions by quantity; the last takes what rounding leaves. */
function shares(l: MatchedLine & { variance: number }) {
  let left = l.variance;
  return l.portions.map((p, i) => {
    const variance = i === l.portions.length - 1 ? left : mulDivRound(l.variance, p.qty, l.qty);
    left -= variance;
    const r = p.receiptLine;
    return { line: l.line, itemId: r.itemId, warehouseId: r.warehouseId, batchNo: r.batchNo, qty: p.qty, variance };
  });
}
