import { receiptValue } from '../../ledgers/valuation';

/**
 * What 2202.99 (received, not invoiced) holds for a receipt line: its open
 * quantity (qty − returned − invoiced) at the receipt's unit cost,
 * round(open × unitCost), rounded half away from zero. The whole line is
 * exactly the value its receipt booked.
 *
 * Whatever changes the open quantity (an invoice, a return, a debit note)
 * releases the difference between the value before and after, so the parts
 * always add up to the whole and nothing is left at a cent. The check in
 * server/ledgers/verification.ts computes the same sum in SQL.
 */
export function openValue(openQty: number, unitCost: number): number {
  return receiptValue(openQty, unitCost);
}

/** The value 2202.99 releases when a receipt line's open quantity goes from `before` to `after`. */
export function releasedValue(before: number, after: number, unitCost: number): number {
  return openValue(before, unitCost) - openValue(after, unitCost);
}
