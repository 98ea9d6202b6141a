import {
  assertAllowed,
  assertEditable,
  INVOICE_STATUS,
  LineProgress,
  OrderAction,
  ORDER_STATUS,
  orderProgressStatus,
  OrderStatus,
  POSTED_STATUS,
  stillToDeliver,
  stillToInvoice,
  transition,
} from '../../server/documents/status';

const conflict = (detail: string) => expect.objectContaining({ status: 409, detail });

const progress = (qty: number, delivered: number, returned = 0, invoiced = 0): LineProgress => ({ qty, delivered, returned, invoiced });

describe('Document status machine', () => {
  test('When an order goes its normal way, then each action leads to the status API.md names', () => {
    expect(transition(ORDER_STATUS, 'draft', 'approve')).toBe('approved');
    expect(transition(ORDER_STATUS, 'approved', 'reopen')).toBe('draft');
    expect(transition(ORDER_STATUS, 'draft', 'cancel')).toBe('cancelled');
    expect(transition(ORDER_STATUS, 'approved', 'cancel')).toBe('cancelled');
    expect(transition(ORDER_STATUS, 'partial', 'close')).toBe('closed');
    expect(transition(ORDER_STATUS, 'done', 'close')).toBe('closed');
    expect(() => assertAllowed(ORDER_STATUS, 'approved', 'receive')).not.toThrow();
    expect(() => assertAllowed(ORDER_STATUS, 'partial', 'ship')).not.toThrow();
    expect(() => assertAllowed(ORDER_STATUS, 'done', 'invoice')).not.toThrow();
    expect(() => assertAllowed(ORDER_STATUS, 'closed', 'return')).not.toThrow();
  });

  test('When an action is not allowed from the current status, then it is refused with 409 naming both', () => {
    const refused: Array<[OrderStatus, OrderAction]> = [
      ['approved', 'approve'],
      ['closed', 'approve'],
      ['partial', 'cancel'],
      ['done', 'cancel'],
      ['cancelled', 'cancel'],
      ['draft', 'receive'],
      ['closed', 'receive'],
      ['cancelled', 'ship'],
      ['approved', 'invoice'],
      ['draft', 'close'],
      ['closed', 'close'],
      ['partial', 'reopen'],
    ];
    for (const [status, action] of refused) {
      expect(() => assertAllowed(ORDER_STATUS, status, action)).toThrow(conflict(`Cannot ${action} an order that is ${status}.`));
    }
  });

  test('When an invoice is held, released, paid or cancelled, then only the allowed moves pass', () => {
    expect(transition(INVOICE_STATUS, 'open', 'hold')).toBe('held');
    expect(transition(INVOICE_STATUS, 'held', 'release')).toBe('open');
    expect(transition(INVOICE_STATUS, 'open', 'pay')).toBe('paid');
    expect(transition(INVOICE_STATUS, 'held', 'cancel')).toBe('cancelled');
    expect(() => transition(INVOICE_STATUS, 'held', 'pay')).toThrow(conflict('Cannot pay an invoice that is held.'));
    expect(() => assertAllowed(INVOICE_STATUS, 'held', 'allocate')).toThrow(conflict('Cannot allocate an invoice that is held.'));
    expect(() => transition(INVOICE_STATUS, 'paid', 'cancel')).toThrow(conflict('Cannot cancel an invoice that is paid.'));
    expect(() => transition(INVOICE_STATUS, 'cancelled', 'release')).toThrow(conflict('Cannot release an invoice that is cancelled.'));
  });

  test('When a posted document is cancelled twice, then the second time is refused with 409', () => {
    expect(transition(POSTED_STATUS, 'posted', 'cancel')).toBe('cancelled');
    expect(() => transition(POSTED_STATUS, 'cancelled', 'cancel')).toThrow(conflict('Cannot cancel a document that is cancelled.'));
  });

  test('When an action moves an order by its progress, then transition refuses to name a fixed status for it', () => {
    expect(() => transition(ORDER_STATUS, 'approved', 'receive')).toThrow(/progress/);
  });

  test('When anything but a draft is edited, then it is refused with 409 naming its status', () => {
    expect(() => assertEditable('draft')).not.toThrow();
    for (const status of ['approved', 'partial', 'done', 'closed', 'cancelled', 'open', 'posted']) {
      expect(() => assertEditable(status)).toThrow(conflict(`Only a draft can be changed; this document is ${status}.`));
    }
  });
});

describe('Order line progress', () => {
  test('When goods are received and returned, then still to receive is qty − received + returned, never below zero', () => {
    expect(stillToDeliver(progress(10_000, 0))).toBe(10_000);
    expect(stillToDeliver(progress(10_000, 4_000))).toBe(6_000);
    // 10 ordered, 10 received, 3 returned: 3 may come again as replacement
    expect(stillToDeliver(progress(10_000, 10_000, 3_000))).toBe(3_000);
    // 10.5 received against 10 (within tolerance): nothing more to come
    expect(stillToDeliver(progress(10_000, 10_500))).toBe(0);
  });

  test('When goods are invoiced, then still to invoice is received − returned − invoiced, negative when a note is due', () => {
    expect(stillToInvoice(progress(10_000, 6_000, 0, 0))).toBe(6_000);
    expect(stillToInvoice(progress(10_000, 6_000, 1_000, 2_000))).toBe(3_000);
    expect(stillToInvoice(progress(10_000, 10_000, 0, 10_000))).toBe(0);
    // 10 invoiced, then 2 returned: a credit note for 2 is due
    expect(stillToInvoice(progress(10_000, 10_000, 2_000, 10_000))).toBe(-2_000);
  });

  test('When lines progress, then the order is approved, partial, done and closed in turn', () => {
    expect(orderProgressStatus('approved', [progress(5_000, 0), progress(2_000, 0)])).toBe('approved');
    expect(orderProgressStatus('approved', [progress(5_000, 1_000), progress(2_000, 0)])).toBe('partial');
    expect(orderProgressStatus('partial', [progress(5_000, 5_000), progress(2_000, 2_000, 0, 1_000)])).toBe('done');
    expect(orderProgressStatus('done', [progress(5_000, 5_000, 0, 5_000), progress(2_000, 2_000, 0, 2_000)])).toBe('closed');
  });

  test('When a return reopens a done line, then the order is partial again; a closed order stays closed', () => {
    const returned = [progress(5_000, 5_000, 1_000, 0)];
    expect(orderProgressStatus('done', returned)).toBe('partial');
    expect(orderProgressStatus('closed', returned)).toBe('closed');
  });

  test('When everything received went back, then the order is still partial, not approved: receipts depend on it', () => {
    expect(orderProgressStatus('partial', [progress(5_000, 5_000, 5_000)])).toBe('partial');
  });

  test('When the order is a draft or cancelled, then progress leaves its status alone', () => {
    expect(orderProgressStatus('draft', [progress(5_000, 0)])).toBe('draft');
    expect(orderProgressStatus('cancelled', [progress(5_000, 0)])).toBe('cancelled');
  });

  test('When more was invoiced than kept, then the order is done but not closed until the note is posted', () => {
    // 5 ordered, 5.5 received (within tolerance) and invoiced, 0.5 returned: 5 − 5.5 + 0.5 = 0 to receive, 5.5 − 0.5 − 5.5 = −0.5 to invoice
    expect(orderProgressStatus('done', [progress(5_000, 5_500, 500, 5_500)])).toBe('done');
    // the debit note for 0.5 brings invoiced to 5
    expect(orderProgressStatus('done', [progress(5_000, 5_500, 500, 5_000)])).toBe('closed');
  });
});
