import Decimal from 'decimal.js';
import fc from 'fast-check';
import { ageBucket, ageing, AllocationAccounts, allocationAmounts, allocationJournal, baseValue, OpenSide } from '../../server/ledgers/allocation-math';

const rate = (r: string) => Number(new Decimal(r).times(1_000_000).toFixed(0));
const usd = (amount: string) => Number(new Decimal(amount).times(100).toFixed(0));
const side = (open: number, openBase: number, r: number): OpenSide => ({ open, openBase, rate: r });
const RECEIVABLE: AllocationAccounts = { invoice: '1122', payment: '2203', fxDifference: '6603.01' };
const PAYABLE: AllocationAccounts = { invoice: '2202.01', payment: '1123', fxDifference: '6603.01' };

describe('Allocation amounts (DESIGN §4, hand-computed)', () => {
  test('USD 1,000.00 at 7.100000 is 7,100.00; 400 received at 7.200000 realizes a 40.00 gain, the rest at 7.000000 uses the invoice up with a 60.00 loss', () => {
    const invoiceBase = baseValue(usd('1000'), rate('7.1'));
    expect(invoiceBase).toBe(710000);

    const first = allocationAmounts(usd('400'), side(100000, 710000, rate('7.1')), side(40000, baseValue(40000, rate('7.2')), rate('7.2')));
    expect(first).toEqual({ amount: 40000, invoiceBase: 284000, paymentBase: 288000, fxDifference: 4000 });

    // What is left of the invoice: 600.00 carrying 4,260.00; both documents are used up, both remaining bases taken.
    const second = allocationAmounts(usd('600'), side(60000, 426000, rate('7.1')), side(60000, baseValue(60000, rate('7')), rate('7')));
    expect(second).toEqual({ amount: 60000, invoiceBase: 426000, paymentBase: 420000, fxDifference: -6000 });
  });

  test('part of a larger receipt: the difference is the amount × (payment rate − invoice rate), and the receipt keeps the rest of its base', () => {
    const receipt = side(100000, 720000, rate('7.2'));
    const part = allocationAmounts(usd('400'), side(100000, 710000, rate('7.1')), receipt);
    expect(part).toEqual({ amount: 40000, invoiceBase: 284000, paymentBase: 288000, fxDifference: 4000 });
  });

  test('three receipts of a third of 100.00 at an odd rate: the invoice is carried at its rate, and the last allocation takes its residue cent as the difference', () => {
    const r = rate('7.123457');
    const invoice = { open: 10000, openBase: baseValue(10000, r), rate: r };
    expect(invoice.openBase).toBe(71235); // 712.3457
    const results = [3333, 3333, 3334].map((amount) => {
      const receipt = side(amount, baseValue(amount, r), r);
      const a = allocationAmounts(amount, invoice, receipt);
      invoice.open -= a.amount;
      invoice.openBase -= a.invoiceBase;
      return a;
    });
    // 33.33 × 7.123457 = 237.4248… → 237.42 twice; 33.34 → 237.4961… → 237.50; the invoice has 237.51 left.
    expect(results.map((a) => [a.invoiceBase, a.paymentBase, a.fxDifference])).toEqual([
      [23742, 23742, 0],
      [23742, 23742, 0],
      [23751, 23750, -1],
    ]);
    expect(invoice).toEqual({ open: 0, openBase: 0, rate: r });
  });

  test('one receipt of 100.00 at 7.200000 set against the same invoice in thirds: 2.55 each time, and nothing left on either', () => {
    const r = rate('7.123457');
    const invoice = side(10000, 71235, r);
    const receipt = side(10000, 72000, rate('7.2'));
    const differences = [3333, 3333, 3334].map((amount) => {
      const a = allocationAmounts(amount, invoice, receipt);
      invoice.open -= amount;
      invoice.openBase -= a.invoiceBase;
      receipt.open -= amount;
      receipt.openBase -= a.paymentBase;
      return a.fxDifference;
    });
    // 33.33 × (7.2 − 7.123457) = 2.5511… → 2.55; the last takes what is left: 240.06 − 237.51.
    expect(differences).toEqual([255, 255, 255]);
    expect([invoice.openBase, receipt.openBase]).toEqual([0, 0]);
    expect(differences.reduce((s, d) => s + d, 0)).toBe(72000 - 71235);
  });

  test('documents in the base currency never produce a difference', () => {
    const base = rate('1');
    expect(allocationAmounts(12345, side(99999, 99999, base), side(50000, 50000, base))).toEqual({ amount: 12345, invoiceBase: 12345, paymentBase: 12345, fxDifference: 0 });
    expect(allocationAmounts(99999, side(99999, 99999, base), side(99999, 99999, base)).fxDifference).toBe(0);
  });

  test('a share never takes more base than is left, even when rounding up many small pieces would', () => {
    // 1 JPY at 0.048 is 0.048 CNY → 0.05 rounded; a thousand such pieces would take 50.00 of 48.00.
    const r = rate('0.048');
    const invoice = side(100000, baseValue(100000, r), r);
    expect(invoice.openBase).toBe(4800);
    for (let i = 0; i < 999; i++) {
      const a = allocationAmounts(100, invoice, side(100, 5, r));
      invoice.open -= 100;
      invoice.openBase -= a.invoiceBase;
      expect(invoice.openBase).toBeGreaterThanOrEqual(0);
    }
    const last = allocationAmounts(100, invoice, side(100, 5, r));
    expect(last.invoiceBase).toBe(invoice.openBase);
  });

  test('an amount beyond what is open on either document, or not positive, is a programming error', () => {
    const r = rate('7.1');
    expect(() => allocationAmounts(100, side(99, 700, r), side(100, 710, r))).toThrow(RangeError);
    expect(() => allocationAmounts(100, side(100, 710, r), side(99, 700, r))).toThrow(RangeError);
    expect(() => allocationAmounts(0, side(100, 710, r), side(100, 710, r))).toThrow(RangeError);
  });
});

describe('The allocation journal', () => {
  const gain = { amount: 40000, invoiceBase: 284000, paymentBase: 288000, fxDifference: 4000 };
  const loss = { amount: 60000, invoiceBase: 426000, paymentBase: 420000, fxDifference: -6000 };
  const usdAt = (invoiceRate: string, paymentRate: string) => ({ currency: 'USD', invoiceRate: rate(invoiceRate), paymentRate: rate(paymentRate) });

  test('receivables: the advance is relieved at the receipt rate, the receivable at the invoice rate, a gain credited to FX', () => {
    expect(allocationJournal('receivable', RECEIVABLE, gain, usdAt('7.1', '7.2'))).toEqual([
      { accountCode: '2203', debit: 288000, currency: 'USD', amount: 40000, rate: rate('7.2') },
      { accountCode: '1122', credit: 284000, currency: 'USD', amount: 40000, rate: rate('7.1') },
      { accountCode: '6603.01', credit: 4000 },
    ]);
    expect(allocationJournal('receivable', RECEIVABLE, loss, usdAt('7.1', '7'))).toEqual([
      { accountCode: '2203', debit: 420000, currency: 'USD', amount: 60000, rate: rate('7') },
      { accountCode: '1122', credit: 426000, currency: 'USD', amount: 60000, rate: rate('7.1') },
      { accountCode: '6603.01', debit: 6000 },
    ]);
  });

  test('payables mirror them: paying more base than the invoice carried is a loss', () => {
    expect(allocationJournal('payable', PAYABLE, gain, usdAt('7.1', '7.2'))).toEqual([
      { accountCode: '1123', credit: 288000, currency: 'USD', amount: 40000, rate: rate('7.2') },
      { accountCode: '2202.01', debit: 284000, currency: 'USD', amount: 40000, rate: rate('7.1') },
      { accountCode: '6603.01', debit: 4000 },
    ]);
    expect(allocationJournal('payable', PAYABLE, loss, usdAt('7.1', '7'))).toEqual([
      { accountCode: '1123', credit: 420000, currency: 'USD', amount: 60000, rate: rate('7') },
      { accountCode: '2202.01', debit: 426000, currency: 'USD', amount: 60000, rate: rate('7.1') },
      { accountCode: '6603.01', credit: 6000 },
    ]);
  });

  test('a credit note against an invoice on the same account leaves only the difference against it', () => {
    const sameAccount = { ...RECEIVABLE, payment: '1122' };
    expect(allocationJournal('receivable', sameAccount, gain, usdAt('7.1', '7.2'))).toEqual([
      { accountCode: '1122', debit: 4000 },
      { accountCode: '6603.01', credit: 4000 },
    ]);
    expect(allocationJournal('receivable', sameAccount, { amount: 500, invoiceBase: 500, paymentBase: 500, fxDifference: 0 }, { currency: 'CNY', invoiceRate: 1e6, paymentRate: 1e6 })).toEqual([]);
  });

  test('every journal balances and moves each account by exactly the base its document gave up', () => {
    fc.assert(
      fc.property(fc.constantFrom('receivable' as const, 'payable' as const), fc.nat(10 ** 9), fc.nat(10 ** 9), fc.boolean(), (ledger, invoiceBase, paymentBase, sameAccount) => {
        const accounts = sameAccount ? { ...RECEIVABLE, payment: '1122' } : RECEIVABLE;
        const lines = allocationJournal(ledger, accounts, { amount: 1, invoiceBase, paymentBase, fxDifference: paymentBase - invoiceBase }, usdAt('7', '7'));
        const net = (code: string) => lines.filter((l) => l.accountCode === code).reduce((s, l) => s + (l.debit ?? 0) - (l.credit ?? 0), 0);
        const normal = ledger === 'receivable' ? 1 : -1;
        expect(lines.reduce((s, l) => s + (l.debit ?? 0) - (l.credit ?? 0), 0)).toBe(0);
        expect(lines.every((l) => (l.debit ?? 0) > 0 !== (l.credit ?? 0) > 0)).toBe(true);
        if (sameAccount) expect(net('1122')).toBe(normal * (paymentBase - invoiceBase) + 0);
        else expect([net('2203'), net('1122')]).toEqual([normal * paymentBase, -normal * invoiceBase].map((n) => n + 0));
        expect(net('6603.01')).toBe(-normal * (paymentBase - invoiceBase) + 0);
      }),
    );
  });
});

/**
 * The rules again, written apart from the module: decimal.js rather than
 * BigInt, each document's value at its own rate, and the difference taken
 * from the DESIGN formula.
 */
class AllocationModel {
  static half(d: Decimal): number {
    return d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  }

  static valueAt(amount: number, r: number): number {
    return AllocationModel.half(new Decimal(amount).times(r).dividedBy(1e6));
  }

  static allocate(amount: number, invoice: OpenSide, payment: OpenSide) {
    const atInvoiceRate = AllocationModel.valueAt(amount, invoice.rate);
    const difference = AllocationModel.half(new Decimal(amount).times(payment.rate - invoice.rate).dividedBy(1e6));
    const invoiceBase = amount === invoice.open ? invoice.openBase : Math.max(0, Math.min(atInvoiceRate, invoice.openBase));
    const paymentBase = amount === payment.open ? payment.openBase : Math.max(0, Math.min(atInvoiceRate + difference, payment.openBase));
    return { invoiceBase, paymentBase };
  }
}

describe('Allocations against an independent model', () => {
  const anyRate = fc.integer({ min: 1, max: 100_000_000 }); // 0.000001 … 100
  const payments = fc.array(fc.record({ amount: fc.integer({ min: 1, max: 50_000_00 }), rate: anyRate, parts: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 12 });

  test('after any sequence of allocations that uses an invoice up, its open base is exactly 0 and Σ FX = Σ base the payments gave up − the invoice base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_00 }), anyRate, payments, (invoiceAmount, invoiceRate, receipts) => {
        const invoice = side(invoiceAmount, baseValue(invoiceAmount, invoiceRate), invoiceRate);
        const invoiceBase = invoice.openBase;
        let fx = 0;
        let paymentBase = 0;
        // The last receipt is stretched so the sequence always uses the invoice up.
        const sequence = receipts.map((r, i) => (i === receipts.length - 1 ? { ...r, amount: r.amount + invoiceAmount } : r));
        for (const r of sequence) {
          const receipt = side(r.amount, baseValue(r.amount, r.rate), r.rate);
          for (let part = r.parts; part >= 1 && invoice.open > 0 && receipt.open > 0; part--) {
            const amount = part === 1 ? Math.min(invoice.open, receipt.open) : Math.max(1, Math.floor(Math.min(invoice.open, receipt.open) / 2));
            const expected = AllocationModel.allocate(amount, invoice, receipt);
            const a = allocationAmounts(amount, invoice, receipt);
            expect({ invoiceBase: a.invoiceBase, paymentBase: a.paymentBase }).toEqual(expected);
            expect(a.fxDifference).toBe(a.paymentBase - a.invoiceBase);
            invoice.open -= amount;
            invoice.openBase -= a.invoiceBase;
            receipt.open -= amount;
            receipt.openBase -= a.paymentBase;
            expect(invoice.openBase).toBeGreaterThanOrEqual(0);
            expect(receipt.openBase).toBeGreaterThanOrEqual(0);
            fx += a.fxDifference;
            paymentBase += a.paymentBase;
          }
          if (receipt.open === 0) expect(receipt.openBase).toBe(0);
          if (invoice.open === 0) break;
        }
        expect(invoice).toEqual({ open: 0, openBase: 0, rate: invoiceRate });
        expect(fx).toBe(paymentBase - invoiceBase);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Ageing', () => {
  const item = (date: string, openBase: number, dueDate: string | null = null, invoice = openBase > 0) => ({ invoice, date, dueDate, openBase });

  test('by invoice date: 0–30, 31–60, 61–90 and over 90 days, boundaries included below', () => {
    const asOf = '2026-06-30';
    const days = (n: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    expect([0, 30, 31, 60, 61, 90, 91, 400].map((n) => ageBucket(item(days(n), 1), asOf, 'invoice'))).toEqual([
      'days0to30', 'days0to30', 'days31to60', 'days31to60', 'days61to90', 'days61to90', 'over90', 'over90',
    ]);
  });

  test('by due date: not due until the due date has passed; receipts and notes are aged by their own date', () => {
    const asOf = '2026-06-30';
    expect(ageBucket(item('2026-05-01', 1, '2026-06-30'), asOf, 'due')).toBe('notDue');
    expect(ageBucket(item('2026-05-01', 1, '2026-07-15'), asOf, 'due')).toBe('notDue');
    expect(ageBucket(item('2026-05-01', 1, '2026-06-29'), asOf, 'due')).toBe('days0to30');
    expect(ageBucket(item('2026-05-01', 1, '2026-05-01'), asOf, 'due')).toBe('days31to60');
    expect(ageBucket(item('2026-05-01', -1, '2026-07-15'), asOf, 'due')).toBe('days31to60');
  });

  test('unallocated receipts and credit notes count as negative items, so the total is what the partner owes net; later documents are left out', () => {
    const items = [
      item('2026-06-20', 100000),
      item('2026-05-15', 50000),
      item('2026-02-01', 20000),
      item('2026-06-25', -30000), // an unallocated receipt
      item('2026-04-10', -5000), // a credit note
      item('2026-07-01', 99999), // after the date asked about
      item('2026-06-01', 0),
    ];
    expect(ageing(items, '2026-06-30', 'invoice')).toEqual({ notDue: 0, days0to30: 70000, days31to60: 50000, days61to90: -5000, over90: 20000, total: 135000 });
  });
});
