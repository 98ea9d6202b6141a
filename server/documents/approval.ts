import Decimal from 'decimal.js';
import { forbidden } from '../platform/errors';
import { msg } from '../platform/i18n/message';

/**
 * Refuses (403) approving a document whose base total is above the approver's
 * limit, both in base-currency cents: null = no limit, 0 = may not approve at all.
 * A credit is weighed by its size, so a large one needs a high enough approver too.
 */
export function assertWithinApprovalLimit(approvalLimit: number | null, baseTotal: number): void {
  if (approvalLimit === null) return;
  if (approvalLimit === 0) {
    throw forbidden(msg('approval.limit:none', { total: money(baseTotal) }));
  }
  if (Math.abs(baseTotal) > approvalLimit) {
    throw forbidden(msg('approval.limit', { limit: money(approvalLimit), total: money(baseTotal) }));
  }
}

function money(cents: number): string {
  return new Decimal(cents).dividedBy(100).toFixed(2);
}
