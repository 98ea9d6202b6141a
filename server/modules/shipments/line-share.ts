import { mulDivRound } from '../../ledgers/valuation';

/**
 * The part of a line's amount that `qty` more of its units carry when
 * `before` of them are already taken: the first r units of a line are worth
 * round(r × amount / line qty), half away from zero (all of them exactly the
 * amount), and a part is the difference. So a first part is exactly
 * round(qty × amount / line qty), the parts of a line add up to its whole
 * amount, and the one that takes the rest takes exactly what is left —
 * nothing stays behind at a cent.
 *
 * A sales return brings back this part of its shipment line's value (the
 * cost the goods left with); a credit note credits this part of each amount
 * of the invoice line it credits.
 */
export function shareOf(line: { qty: number; amount: number }, before: number, qty: number): number {
  return mulDivRound(before + qty, line.amount, line.qty) - mulDivRound(before, line.amount, line.qty);
}
