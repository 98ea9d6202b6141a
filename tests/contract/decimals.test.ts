import Decimal from 'decimal.js';
import fc from 'fast-check';
import { fromScaled, SCALES, ScaleKind, toScaled } from '../../contract/decimals';

describe('Scaled decimals', () => {
  test('When a scaled integer is turned back into a number, then it is the double nearest its exact decimal value', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().map((n) => n - Math.floor(Number.MAX_SAFE_INTEGER / 2)), fc.constantFrom<ScaleKind>('qty', 'money', 'price', 'rate'), (n, kind) => {
        const exact = new Decimal(n).dividedBy(10 ** SCALES[kind]).toNumber();
        expect(fromScaled(n, kind)).toBe(exact);
        expect(fromScaled(String(n), kind)).toBe(exact);
      }),
      { numRuns: 5000 },
    );
  });

  test('When a number with allowed decimals round-trips, then it comes back unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom<ScaleKind>('qty', 'money', 'price'), (n, kind) => {
        const value = fromScaled(n, kind);
        expect(toScaled(value, kind)).toBe(n);
      }),
      { numRuns: 5000 },
    );
  });

  test('When a number has more decimals than allowed, then scaling refuses it instead of rounding', () => {
    expect(() => toScaled(1.0005, 'qty')).toThrow(RangeError);
    expect(toScaled(1.005, 'qty')).toBe(1005);
    expect(toScaled(0.3, 'money')).toBe(30);
  });
});
