/**
 * Moving weighted average valuation in exact integers (DESIGN.md §4).
 * Quantities are in thousandths, unit costs in ten-thousandths, values in cents;
 * products are formed in BigInt so no intermediate loses precision.
 */

/**
 * num / den rounded half away from zero (half-up on magnitudes, so a credit
 * note rounds as the mirror of its invoice): the project's one rounding rule.
 */
export function divRound(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('division by zero');
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const m = den < 0n ? -den : den;
  const q = (n * 2n + m) / (2n * m);
  return negative ? -q : q;
}

/** round(a × b / d), half away from zero. */
export function mulDivRound(a: number, b: number, d: number): number {
  return Number(divRound(BigInt(a) * BigInt(b), BigInt(d)));
}

/** Cents a receipt adds: round(qty × unitCost). qty ×1000, unitCost ×10000 → cents. */
export function receiptValue(qtyMilli: number, unitCost: number): number {
  return mulDivRound(qtyMilli, unitCost, 100_000);
}

/**
 * Cents an issue takes from a balance: round(qty × value / onHand); issuing
 * all that is on hand takes all the value, so no residue is left behind.
 */
export function issueValue(qtyMilli: number, onHandMilli: number, valueCents: number): number {
  if (qtyMilli === onHandMilli) return valueCents;
  if (onHandMilli <= 0) return 0;
  return mulDivRound(qtyMilli, valueCents, onHandMilli);
}

/** Average unit cost (×10000) of a balance, for display and for valuing stock found at a count. */
export function averageCost(onHandMilli: number, valueCents: number): number {
  return onHandMilli > 0 ? mulDivRound(valueCents, 100_000, onHandMilli) : 0;
}
