import { assertWithinApprovalLimit } from '../../server/documents/approval';

const forbidden = (detail: string) => expect.objectContaining({ status: 403, detail });

describe('Approval limits (base-currency cents)', () => {
  test('When the approver has no limit (null), then any total is approved', () => {
    expect(() => assertWithinApprovalLimit(null, 999_999_999_999)).not.toThrow();
  });

  test('When the limit equals the total, then it is approved; one cent more is refused with 403 naming the limit and the total', () => {
    expect(() => assertWithinApprovalLimit(1_000_000, 1_000_000)).not.toThrow();
    expect(() => assertWithinApprovalLimit(1_000_000, 999_999)).not.toThrow();
    expect(() => assertWithinApprovalLimit(1_000_000, 1_000_001)).toThrow(
      forbidden("Your approval limit is 10000.00; this document's base total is 10000.01."),
    );
  });

  test('When the limit is 0, then the user may not approve anything, not even a zero total', () => {
    for (const [total, shown] of [[0, '0.00'], [1, '0.01'], [150_000, '1500.00']] as const) {
      expect(() => assertWithinApprovalLimit(0, total)).toThrow(
        forbidden(`You may not approve documents (your approval limit is 0.00); this one's base total is ${shown}.`),
      );
    }
  });

  test('When a credit is larger than the limit, then it is refused like an invoice of that size', () => {
    expect(() => assertWithinApprovalLimit(50_000, -50_000)).not.toThrow();
    expect(() => assertWithinApprovalLimit(50_000, -50_001)).toThrow(
      forbidden("Your approval limit is 500.00; this document's base total is -500.01."),
    );
  });
});
