import fc from 'fast-check';
import { abcClasses, quintileScores, scoreRfm, segmentOf } from '../../server/modules/customers-admin/rfm-scoring';

describe('RFM quintile scores (DESIGN §4 Customers): 1 + floor(5 × strictly worse / n)', () => {
  test('When ten customers have 1 to 10 orders, then each pair of them is one quintile', () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'higher')).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  test('When measures tie, then the tied customers share the score the first of them gets', () => {
    // [1, 1, 2, 3, 5]: strictly worse 0, 0, 2, 3, 4 of 5 → 1, 1, 3, 4, 5.
    expect(quintileScores([3, 1, 5, 1, 2], 'higher')).toEqual([4, 1, 5, 1, 3]);
    expect(quintileScores([7, 7, 7], 'higher')).toEqual([1, 1, 1]);
  });

  test('When fewer than five customers are scored, then the best of three scores 4 and a lone one 1', () => {
    // Strictly worse 0, 1, 2 of 3 → 1, 1 + floor(5/3) = 2, 1 + floor(10/3) = 4.
    expect(quintileScores([10, 20, 30], 'higher')).toEqual([1, 2, 4]);
    expect(quintileScores([42], 'higher')).toEqual([1]);
    expect(quintileScores([], 'higher')).toEqual([]);
  });

  test('When recency is scored, then fewer days since the last order is better', () => {
    // Days 0, 10, 10, 40, 100: strictly worse (more days) 4, 2, 2, 1, 0 of 5 → 5, 3, 3, 2, 1.
    expect(quintileScores([10, 0, 100, 10, 40], 'lower')).toEqual([3, 5, 1, 3, 2]);
  });

  test('When scores are drawn at random, then they are 1–5, never lower for a better measure, and equal for equal measures', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }), (values) => {
        const scores = quintileScores(values, 'higher');
        values.forEach((a, i) => {
          expect(scores[i]).toBeGreaterThanOrEqual(1);
          expect(scores[i]).toBeLessThanOrEqual(5);
          values.forEach((b, j) => {
            if (a > b) expect(scores[i]).toBeGreaterThanOrEqual(scores[j]!);
            if (a === b) expect(scores[i]).toBe(scores[j]);
          });
        });
        // The worst always scores 1; from five customers on, the best (if unrivalled) scores 5.
        expect(scores[values.indexOf(Math.min(...values))]).toBe(1);
        const best = Math.max(...values);
        if (values.length >= 5 && values.filter((v) => v === best).length === 1) expect(scores[values.indexOf(best)]).toBe(5);
      }),
    );
  });
});

describe('RFM segments: the first rule that holds, in DESIGN order', () => {
  test.each([
    [5, 5, 'champions'],
    [4, 4, 'champions'],
    [1, 4, 'loyal'], // F ≥ 4 comes before at-risk and lost
    [3, 5, 'loyal'],
    [4, 1, 'new'],
    [5, 1, 'new'],
    [2, 3, 'at-risk'],
    [1, 3, 'at-risk'], // at-risk comes before lost
    [1, 2, 'lost'],
    [1, 1, 'lost'],
    [3, 1, 'others'],
    [4, 2, 'others'],
    [5, 3, 'others'],
    [2, 2, 'others'],
    [3, 3, 'others'],
  ])('R %i, F %i → %s', (r, f, segment) => {
    expect(segmentOf({ r, f, m: 3 })).toBe(segment);
  });

  test('When a population is scored, then each customer gets R, F, M and the segment from them', () => {
    const scored = scoreRfm([
      { id: 'a', recencyDays: 2, frequency: 9, monetary: 90_000 },
      { id: 'b', recencyDays: 3, frequency: 1, monetary: 500 },
      { id: 'c', recencyDays: 200, frequency: 6, monetary: 40_000 },
      { id: 'd', recencyDays: 300, frequency: 1, monetary: 100 },
      { id: 'e', recencyDays: 30, frequency: 2, monetary: 2_000 },
    ]);
    // R (fewer days better): strictly worse 4, 3, 1, 0, 2 → 5, 4, 2, 1, 3.
    // F: [9, 1, 6, 1, 2] → strictly worse 4, 0, 3, 0, 2 → 5, 1, 4, 1, 3.
    // M: strictly worse 4, 1, 3, 0, 2 → 5, 2, 4, 1, 3.
    expect(scored.map(({ id, r, f, m, segment }) => [id, r, f, m, segment])).toEqual([
      ['a', 5, 5, 5, 'champions'],
      ['b', 4, 1, 2, 'new'],
      ['c', 2, 4, 4, 'loyal'],
      ['d', 1, 1, 1, 'lost'],
      ['e', 3, 3, 3, 'others'],
    ]);
  });
});

describe('ABC classes by cumulative revenue share: the share before a customer decides', () => {
  const classes = (revenues: number[]) => abcClasses(revenues).map((c) => c.abc).join('');

  test('When the cumulative share lands exactly on 80 % and 95 %, then the customer landing there is still A (B), the next B (C)', () => {
    const rows = abcClasses([5000, 3000, 1000, 500, 300, 200]);

    expect(rows).toEqual([
      { share: 0.5, cumulativeShare: 0.5, abc: 'A' },
      { share: 0.3, cumulativeShare: 0.8, abc: 'A' },
      { share: 0.1, cumulativeShare: 0.9, abc: 'B' },
      { share: 0.05, cumulativeShare: 0.95, abc: 'B' },
      { share: 0.03, cumulativeShare: 0.98, abc: 'C' },
      { share: 0.02, cumulativeShare: 1, abc: 'C' },
    ]);
  });

  test('When a customer carries the share across 80 % or 95 %, then it keeps the class it started in', () => {
    expect(classes([7000, 2000, 1000])).toBe('AAB'); // before: 0, 70 %, 90 %
    expect(classes([7999, 2000, 1])).toBe('AAC'); // before: 0, 79.99 %, 99.99 %
    expect(classes([8000, 1499, 1, 500])).toBe('ABBC'); // before: 0, 80 %, 94.99 %, 95 %
    expect(classes([9900, 100])).toBe('AC'); // a class may stay empty
  });

  test('When one customer has all the revenue, or shares do not divide evenly, then shares round half-up to 6 decimals from the exact running sum', () => {
    expect(abcClasses([12345])).toEqual([{ share: 1, cumulativeShare: 1, abc: 'A' }]);
    expect(abcClasses([1, 1, 1])).toEqual([
      { share: 0.333333, cumulativeShare: 0.333333, abc: 'A' },
      { share: 0.333333, cumulativeShare: 0.666667, abc: 'A' },
      { share: 0.333333, cumulativeShare: 1, abc: 'A' },
    ]);
  });

  test('When revenues run to quadrillions of cents, then the boundary is still compared exactly', () => {
    // 4k of 5k is exactly 80 % (k odd, the products beyond a double's integers): the second customer is B;
    // one cent less before it and it is A.
    const k = 1_000_000_000_000_001;
    expect(classes([4 * k, k])).toBe('AB');
    expect(classes([4 * k - 1, k + 1])).toBe('AA');
  });
});
