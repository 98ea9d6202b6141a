import Decimal from 'decimal.js';
import fc from 'fast-check';
import { documentAmounts, lineAmounts, PricedLine } from '../../server/documents/amounts';

/** A line in the API's units (13 % = 0.13), scaled as the document modules will scale it. */
function line(qty: string, unitPrice: string, taxRate: string, discount = '0'): PricedLine {
  return {
    qty: new Decimal(qty).times(1e3).toNumber(),
    unitPrice: new Decimal(unitPrice).times(1e4).toNumber(),
    discount: new Decimal(discount).times(1e6).toNumber(),
    taxRate: new Decimal(taxRate).times(1e6).toNumber(),
  };
}

const BASE = { pricesIncludeTax: false, rate: 1_000_000 };
const INCLUSIVE = { pricesIncludeTax: true, rate: 1_000_000 };

describe('Document line amounts (every expected value worked out by hand in the comment beside it)', () => {
  test('When prices exclude tax, then amount = qty × price rounded to the cent and tax = amount × rate', () => {
    // 2 × 12.50 = 25.00; 25.00 × 13 % = 3.25
    expect(lineAmounts(line('2', '12.5', '0.13'), false)).toEqual({ amount: 2500, tax: 325 });
    // 3 × 33.3333 = 99.9999 → 100.00; 100.00 × 13 % = 13.00
    expect(lineAmounts(line('3', '33.3333', '0.13'), false)).toEqual({ amount: 10000, tax: 1300 });
    // 0.125 × 8.0008 = 1.0001 → 1.00; 1.00 × 6 % = 0.06
    expect(lineAmounts(line('0.125', '8.0008', '0.06'), false)).toEqual({ amount: 100, tax: 6 });
  });

  test('When prices include tax, then the gross is rounded first and split into amount and tax that add up to it', () => {
    // 3 × 33.3333 = 99.9999 → gross 100.00; 100.00 / 1.13 = 88.4955… → 88.50; tax 100.00 − 88.50 = 11.50
    expect(lineAmounts(line('3', '33.3333', '0.13'), true)).toEqual({ amount: 8850, tax: 1150 });
    // 1 × 113.00 = 113.00; / 1.13 = 100.00; tax 13.00
    expect(lineAmounts(line('1', '113', '0.13'), true)).toEqual({ amount: 10000, tax: 1300 });
    // 1 × 10.00 = 10.00; / 1.09 = 9.1743… → 9.17; tax 0.83
    expect(lineAmounts(line('1', '10', '0.09'), true)).toEqual({ amount: 917, tax: 83 });
  });

  test('When a line has a discount, then it comes off the price before rounding, with and without tax in the price', () => {
    // 10 × 9.99 = 99.90; × 0.85 = 84.915 → 84.92 (a half cent, up); 84.92 × 6 % = 5.0952 → 5.10
    expect(lineAmounts(line('10', '9.99', '0.06', '0.15'), false)).toEqual({ amount: 8492, tax: 510 });
    // 2 × 56.50 = 113.00; × 0.90 = gross 101.70; / 1.13 = 90.00; tax 11.70
    expect(lineAmounts(line('2', '56.5', '0.13', '0.1'), true)).toEqual({ amount: 9000, tax: 1170 });
    // 1 × 0.3333 × (1 − 0.333333) = 0.22220011… → 0.22; × 13 % = 0.0286 → 0.03
    expect(lineAmounts(line('1', '0.3333', '0.13', '0.333333'), false)).toEqual({ amount: 22, tax: 3 });
    // A full discount leaves nothing.
    expect(lineAmounts(line('4', '25', '0.13', '1'), false)).toEqual({ amount: 0, tax: 0 });
  });

  test('When a result lies exactly on a half cent, then it rounds up (away from zero), not to even', () => {
    // 1 × 2.005 = 2.005 → 2.01 (binary floating point makes this 2.00: 2.005 × 100 = 200.4999…); 2.01 × 10 % = 0.201 → 0.20
    expect(lineAmounts(line('1', '2.005', '0.1'), false)).toEqual({ amount: 201, tax: 20 });
    // 1 × 10.50 = 10.50; × 5 % = 0.525 → 0.53
    expect(lineAmounts(line('1', '10.5', '0.05'), false)).toEqual({ amount: 1050, tax: 53 });
    // 1 × 0.50 = 0.50; × 13 % = 0.065 → 0.07
    expect(lineAmounts(line('1', '0.5', '0.13'), false)).toEqual({ amount: 50, tax: 7 });
    // 0.001 × 5.0000 = 0.005 → 0.01
    expect(lineAmounts(line('0.001', '5', '0'), false)).toEqual({ amount: 1, tax: 0 });
    // included tax: gross 0.13 / 1.04 = 0.125 → 0.13 (half up; to even it would be 0.12), tax 0.13 − 0.13 = 0.00
    expect(lineAmounts(line('1', '0.13', '0.04'), true)).toEqual({ amount: 13, tax: 0 });
  });

  test('When the tax rate is zero, then the tax is zero and an inclusive price is all amount', () => {
    // 7 × 1.4286 = 10.0002 → 10.00
    expect(lineAmounts(line('7', '1.4286', '0'), false)).toEqual({ amount: 1000, tax: 0 });
    expect(lineAmounts(line('7', '1.4286', '0'), true)).toEqual({ amount: 1000, tax: 0 });
  });

  test('When the quantity is negative (a credit note), then every amount is the exact mirror of the positive line', () => {
    // −3 × 33.3333 = −99.9999 → gross −100.00; / 1.13 = −88.4955… → −88.50; tax −11.50
    expect(lineAmounts(line('-3', '33.3333', '0.13'), true)).toEqual({ amount: -8850, tax: -1150 });
    // −1 × 2.005 = −2.005 → −2.01 (half away from zero); × 10 % = −0.201 → −0.20
    expect(lineAmounts(line('-1', '2.005', '0.1'), false)).toEqual({ amount: -201, tax: -20 });
    // −1 × 0.50 = −0.50; × 13 % = −0.065 → −0.07
    expect(lineAmounts(line('-1', '0.5', '0.13'), false)).toEqual({ amount: -50, tax: -7 });
    // gross −0.13 / 1.04 = −0.125 → −0.13; tax 0.00
    expect(lineAmounts(line('-1', '0.13', '0.04'), true)).toEqual({ amount: -13, tax: 0 });
  });

  test('When a line would exceed what a number holds exactly, then it is refused rather than rounded', () => {
    // 1e9 × 1e8 = 1e17 units = 1e19 cents > 2^53
    expect(() => lineAmounts({ qty: 1e12, unitPrice: 1e12, taxRate: 0 }, false)).toThrow(RangeError);
    expect(() => lineAmounts({ qty: 1000, unitPrice: 10000, discount: 1_000_001, taxRate: 0 }, false)).toThrow(RangeError);
    expect(() => lineAmounts({ qty: 0.5, unitPrice: 10000, taxRate: 0 }, false)).toThrow(RangeError);
  });
});

describe('Document header amounts', () => {
  test('When each of three lines rounds up, then the header is the sum of the rounded lines, not the rounded sum', () => {
    // each line: 1 × 0.335 = 0.335 → 0.34, tax 0.34 × 13 % = 0.0442 → 0.04.
    // subtotal 3 × 0.34 = 1.02 (rounding 3 × 0.335 = 1.005 would give 1.01); tax 3 × 0.04 = 0.12 (1.02 × 13 % would give 0.13)
    const doc = documentAmounts([line('1', '0.335', '0.13'), line('1', '0.335', '0.13'), line('1', '0.335', '0.13')], BASE);
    expect(doc).toMatchObject({ subtotal: 102, tax: 12, total: 114, baseSubtotal: 102, baseTax: 12, baseTotal: 114 });
    expect(doc.lines).toEqual(Array(3).fill({ amount: 34, tax: 4, baseAmount: 34, baseTax: 4 }));
  });

  test('When prices include tax, then the header total is the sum of the lines’ gross amounts', () => {
    // 100.00 → 88.50 + 11.50 (above); 113.00 → 100.00 + 13.00; 10.00 → 9.17 + 0.83
    const doc = documentAmounts([line('3', '33.3333', '0.13'), line('1', '113', '0.13'), line('1', '10', '0.09')], INCLUSIVE);
    expect(doc).toMatchObject({ subtotal: 8850 + 10000 + 917, tax: 1150 + 1300 + 83, total: 22300 });
  });

  test('When a document has no lines, then every total is zero', () => {
    expect(documentAmounts([], BASE)).toEqual({ lines: [], subtotal: 0, tax: 0, total: 0, baseSubtotal: 0, baseTax: 0, baseTotal: 0 });
  });

  test('When the rate is 7.123456, then the header is converted and the lines take the rounding difference so that both sum exactly', () => {
    // lines (13 % on top): 3 × 0.05 = 0.15, tax 0.0195 → 0.02; 1 × 0.23 = 0.23, tax 0.0299 → 0.03; 4 × 1.25 = 5.00, tax 0.65
    // header: subtotal 5.38, tax 0.70, total 6.08
    // base total 6.08 × 7.123456 = 43.31061248 → 43.31; base tax 0.70 × 7.123456 = 4.9864192 → 4.99; base subtotal 43.31 − 4.99 = 38.32
    // line amounts: 0.15 × r = 1.0685184 → 1.07; 0.23 × r = 1.63839488 → 1.64; 5.00 × r = 35.61728 → 35.62; sum 38.33,
    //   one cent over 38.32: the largest line gives it back → 35.61
    // line taxes: 0.02 × r = 0.14246912 → 0.14; 0.03 × r = 0.21370368 → 0.21; 0.65 × r = 4.6302464 → 4.63; sum 4.98,
    //   one cent short of 4.99: the largest tax takes it → 4.64
    const doc = documentAmounts([line('3', '0.05', '0.13'), line('1', '0.23', '0.13'), line('4', '1.25', '0.13')], {
      pricesIncludeTax: false,
      rate: 7_123_456,
    });
    expect(doc).toEqual({
      lines: [
        { amount: 15, tax: 2, baseAmount: 107, baseTax: 14 },
        { amount: 23, tax: 3, baseAmount: 164, baseTax: 21 },
        { amount: 500, tax: 65, baseAmount: 3561, baseTax: 464 },
      ],
      subtotal: 538,
      tax: 70,
      total: 608,
      baseSubtotal: 3832,
      baseTax: 499,
      baseTotal: 4331,
    });
  });

  test('When a credit note is converted, then its base amounts round away from zero like the invoice’s', () => {
    // −100.00 × 7.123456 = −712.3456 → −712.35; −88.50 × r = −630.425856 → −630.43; −11.50 × r = −81.919744 → −81.92;
    // base tax −81.92, base subtotal −712.35 + 81.92 = −630.43
    const doc = documentAmounts([line('-3', '33.3333', '0.13')], { pricesIncludeTax: true, rate: 7_123_456 });
    expect(doc).toMatchObject({ total: -10000, baseTotal: -71235, baseTax: -8192, baseSubtotal: -63043 });
    expect(doc.lines).toEqual([{ amount: -8850, tax: -1150, baseAmount: -63043, baseTax: -8192 }]);
  });
});

/**
 * An independent model in decimal.js: the formulas of API.md read literally
 * on unscaled decimals, each rounding done half away from zero.
 */
const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });
// `+ 0` turns decimal.js's −0 into the 0 an integer computation gives.
const toCents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(100).toNumber() + 0;

function modelLine(l: PricedLine, inclusive: boolean) {
  const qty = new Exact(l.qty).dividedBy(1e3);
  const price = new Exact(l.unitPrice).dividedBy(1e4);
  const discount = new Exact(l.discount ?? 0).dividedBy(1e6);
  const taxRate = new Exact(l.taxRate).dividedBy(1e6);
  const priced = qty.times(price).times(new Exact(1).minus(discount)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (!inclusive) return { gross: null, amount: toCents(priced), tax: toCents(priced.times(taxRate)) };
  const amount = priced.dividedBy(taxRate.plus(1)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { gross: toCents(priced), amount: toCents(amount), tax: toCents(priced.minus(amount)) };
}

const modelBase = (cents: number, rate: number) => toCents(new Exact(cents).dividedBy(100).times(new Exact(rate).dividedBy(1e6)));
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const pricedLine: fc.Arbitrary<PricedLine> = fc.record({
  qty: fc.integer({ min: -10_000_000, max: 10_000_000 }),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 1_000_000_000 })),
  discount: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })),
  taxRate: fc.constantFrom(0, 30_000, 60_000, 90_000, 130_000, 170_000, 123_457),
});

describe('Document amounts against an independent decimal model', () => {
  test('When random lines are priced, then each line matches the model, the header sums the lines and base sums are exact', () => {
    fc.assert(
      fc.property(
        fc.array(pricedLine, { maxLength: 12 }),
        fc.boolean(),
        fc.oneof(fc.constant(1_000_000), fc.integer({ min: 1, max: 20_000_000 })),
        (lines, inclusive, rate) => {
          const doc = documentAmounts(lines, { pricesIncludeTax: inclusive, rate });
          const model = lines.map((l) => modelLine(l, inclusive));

          expect(doc.lines.map(({ amount, tax }) => ({ amount, tax }))).toEqual(model.map(({ amount, tax }) => ({ amount, tax })));
          if (inclusive) for (const [i, m] of model.entries()) expect(doc.lines[i]!.amount + doc.lines[i]!.tax).toBe(m.gross);
          expect(doc.subtotal).toBe(total(model.map((m) => m.amount)));
          expect(doc.tax).toBe(total(model.map((m) => m.tax)));
          expect(doc.total).toBe(doc.subtotal + doc.tax);

          expect(doc.baseTotal).toBe(modelBase(doc.total, rate));
          expect(doc.baseTax).toBe(modelBase(doc.tax, rate));
          expect(doc.baseSubtotal + doc.baseTax).toBe(doc.baseTotal);
          expect(total(doc.lines.map((l) => l.baseAmount))).toBe(doc.baseSubtotal);
          expect(total(doc.lines.map((l) => l.baseTax))).toBe(doc.baseTax);
          // At most one line per column departs from its own conversion, by what the header needs.
          const offAmount = doc.lines.filter((l) => l.baseAmount !== modelBase(l.amount, rate));
          const offTax = doc.lines.filter((l) => l.baseTax !== modelBase(l.tax, rate));
          expect(offAmount.length).toBeLessThanOrEqual(1);
          expect(offTax.length).toBeLessThanOrEqual(1);
          if (rate === 1_000_000) expect(doc).toMatchObject({ baseSubtotal: doc.subtotal, baseTax: doc.tax, baseTotal: doc.total });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
