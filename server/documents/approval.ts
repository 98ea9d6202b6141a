import Decimal from 'decimal.js';
import { forbidden } from '../platform/errors';

/**
 * Refuses (403) approving a document whose base total is above the approver's
 * limit, both in base-currency cents: null = no limit, 0 = may not approve at all.
 * A credit is weighed by its size, so a large one needs a high enough approver too.
 */
export function assertWithinApprovalLimit(approvalLimit: number | null, baseTotal: number): void {
  if (approvalLimit === null) return;
  if (approvalLimit === 0) {
    throw forbidden(`You may not approve documents (your approval limit is 0.00); this one's base total is ${money(baseTotal)}.`);
  }
  if (Math.abs(baseTotal) > approvalLimit) {
    throw forbidden(`Your approval limit is ${money(approvalLimit)}; this document's base total is ${money(baseTotal)}.`);
  }
}

function money(cents: number): string {
  return new Decimal(cents).dividedBy(100).toFixed(2);
}
