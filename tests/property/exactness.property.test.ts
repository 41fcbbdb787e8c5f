import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, snap } from '../../src/money/decimal.js';
import { OPERATORS } from '../../src/engine/operators.js';

describe('exact money arithmetic', () => {
  it('a yearly figure divided by 12 and multiplied back by whole months is exact (4300/12 × 24 = 8600)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 120 }), (fen, months) => {
        const yearly = new Dec(fen).div(100);
        const monthly = yearly.div(12);
        expect(snap(monthly.times(months)).eq(yearly.times(months).div(12))).toBe(snap(yearly.times(months).div(12)).eq(yearly.times(months).div(12)));
        expect(OPERATORS.lessThanInclusive!(snap(monthly.times(12 * months)), yearly.times(months))).toBe(true);
        expect(OPERATORS.equal!(snap(monthly.times(12 * months)), yearly.times(months))).toBe(true);
      }),
    );
  });

  it('snapping never makes figures one fen apart (or a fen divided by up to 12 × 50) equal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 600 }), (fen, divisor) => {
        const a = new Dec(fen).div(100).div(divisor);
        const b = new Dec(fen + 1).div(100).div(divisor);
        expect(OPERATORS.lessThan!(a, b)).toBe(true);
      }),
    );
  });
});
