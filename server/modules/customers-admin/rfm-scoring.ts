import type { CustomerAbcRow, RfmSegment } from '../../../contract/customers-admin';
import { divRound } from '../../ledgers/valuation';

/*
 * The scoring rules of DESIGN §4 "Customers", pure so they can be tested
 * by hand.
 *
 * RFM quintiles: of n customers, one scores 1 + floor(5 × below / n), where
 * `below` counts the customers whose measure is strictly worse. Customers
 * with the same measure therefore share a score (the one the first of them
 * would get), the worst always score 1 and, from five customers on, the best
 * score 5. For recency fewer days since the last order is better; for
 * frequency and monetary more is better. A lone customer has nobody to be
 * better than and scores 1 on each.
 */

export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

/** Each measure's score, 1–5, in the order given. `better` says which of two measures is the better one. */
export function quintileScores(measures: readonly number[], better: 'higher' | 'lower'): number[] {
  const n = measures.length;
  // Worst first: a measure's position of first occurrence is how many are strictly worse.
  const worstFirst = [...measures].sort((a, b) => (better === 'higher' ? a - b : b - a));
  return measures.map((value) => 1 + Math.floor((5 * firstIndexOf(worstFirst, value, better)) / n));
}

/** Binary search in a worst-first sorted list for the first element equal to `value`. */
function firstIndexOf(sorted: readonly number[], value: number, better: 'higher' | 'lower'): number {
  const worse = (a: number) => (better === 'higher' ? a < value : a > value);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (worse(sorted[mid]!)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first segment whose rule the scores meet, in DESIGN's order. */
export function segmentOf({ r, f }: RfmScores): RfmSegment {
  if (r >= 4 && f >= 4) return 'champions';
  if (f >= 4) return 'loyal';
  if (r >= 4 && f === 1) return 'new';
  if (r <= 2 && f >= 3) return 'at-risk';
  if (r === 1) return 'lost';
  return 'others';
}

export interface RfmMeasures {
  recencyDays: number;
  frequency: number;
  /** Base cents. */
  monetary: number;
}

/** Scores and segment of every customer, the population being exactly the ones given. */
export function scoreRfm<T extends RfmMeasures>(customers: readonly T[]): Array<T & RfmScores & { segment: RfmSegment }> {
  const r = quintileScores(customers.map((c) => c.recencyDays), 'lower');
  const f = quintileScores(customers.map((c) => c.frequency), 'higher');
  const m = quintileScores(customers.map((c) => c.monetary), 'higher');
  return customers.map((c, i) => {
    const scores = { r: r[i]!, f: f[i]!, m: m[i]! };
    return { ...c, ...scores, segment: segmentOf(scores) };
  });
}

export type AbcClass = CustomerAbcRow['abc'];

const SHARE_SCALE = 1_000_000n;

/**
 * ABC classes by cumulative revenue share, for customers ranked by revenue
 * (largest first; revenues positive, in cents). A customer's class is set by
 * the share of the customers ranked BEFORE it: below 80 % → A, below 95 % → B,
 * else C. So the customer whose revenue carries the cumulative share across
 * (or exactly onto) 80 % is still A, and the next one is B; likewise at 95 %.
 * Compared exactly in integers; `share` and `cumulativeShare` are fractions
 * rounded half-up to 6 decimals, the cumulative one from the exact running sum.
 */
export function abcClasses(revenues: readonly number[]): Array<{ share: number; cumulativeShare: number; abc: AbcClass }> {
  const total = revenues.reduce((s, v) => s + BigInt(v), 0n);
  let before = 0n;
  return revenues.map((value) => {
    const revenue = BigInt(value);
    const abc: AbcClass = before * 100n < total * 80n ? 'A' : before * 100n < total * 95n ? 'B' : 'C';
    before += revenue;
    return { share: fraction(revenue, total), cumulativeShare: fraction(before, total), abc };
  });
}

function fraction(part: bigint, whole: bigint): number {
  return Number(divRound(part * SHARE_SCALE, whole)) / Number(SHARE_SCALE);
}
