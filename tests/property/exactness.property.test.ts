import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, compareDecimal, decimalToFen, fenToMoney, snap } from '../../src/core/money/decimal.js';
import { OPERATORS } from '../../src/core/engine/operators.js';
import { moneyToFen, sumMoney } from '../../src/core/money/fen.js';

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

  // Sums in whole fen are a shortcut: they must give exactly what Decimal addition gives, including past 2^53 fen.
  const moneyArb = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 20n }).chain((fen) =>
      fc.constantFrom(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`, `${fen / 100n}`, `${fen / 100n}.${(fen % 100n) / 10n}`),
    ),
    fc.integer({ min: 0, max: 10_000_000 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`),
    // around 2^53 fen, where exactness ends
    fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }).map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`),
  );

  it('money read in fen and summed equals Decimal addition, for any size of figure', () => {
    fc.assert(
      fc.property(fc.array(moneyArb, { maxLength: 8 }), (amounts) => {
        const exact = amounts.reduce((sum, a) => sum.plus(a), new Dec(0));
        expect(sumMoney(amounts).eq(exact)).toBe(true);
        for (const a of amounts) {
          const fen = moneyToFen(a);
          expect(decimalToFen(new Dec(a))).toBe(fen);
          if (fen !== undefined) expect(new Dec(fen).eq(new Dec(a).times(100))).toBe(true);
          else expect(new Dec(a).times(100).gt(Number.MAX_SAFE_INTEGER)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('comparing Decimals without copying agrees with decimal.js comparedTo', () => {
    const decimal = fc.oneof(
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).chain((n) => fc.integer({ min: 0, max: 40 }).map((scale) => new Dec(n.toString()).div(new Dec(10).pow(scale)))),
      fc.integer({ min: -1000, max: 1000 }).map((n) => new Dec(n)),
      fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 1, max: 600 })).map(([n, d]) => new Dec(n).div(d)),
      fc.constantFrom(new Dec(0), new Dec('-0'), new Dec('1e-30'), new Dec('10000000'), new Dec('9999999.9999999')),
    );
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(compareDecimal(a, b)).toBe(a.comparedTo(b));
        expect(compareDecimal(a, a)).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  it('a Decimal read as whole fen, and written back as money, matches decimal.js toFixed(2) exactly', () => {
    expect(decimalToFen(new Dec('450'))).toBe(45000);
    expect(decimalToFen(new Dec('-0.05'))).toBe(-5);
    expect(decimalToFen(new Dec('0.125'))).toBeUndefined();
    expect(decimalToFen(new Dec(4300).div(12))).toBeUndefined();
    const decimal = fc.oneof(
      fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).chain((n) => fc.integer({ min: 0, max: 12 }).map((scale) => new Dec(n.toString()).div(new Dec(10).pow(scale)))),
      fc.bigInt({ min: -(2n ** 53n) - 1000n, max: 2n ** 53n + 1000n }).map((fen) => new Dec(fen.toString()).div(100)),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((fen) => new Dec(fen).div(100)),
      fc.constantFrom(new Dec(0), new Dec('-0'), new Dec('1e-9'), new Dec('10000000'), new Dec('0.01'), new Dec('9999999.99')),
    );
    fc.assert(
      fc.property(decimal, (value) => {
        const fen = decimalToFen(value);
        if (value.decimalPlaces() > 2 || value.abs().times(100).gt(Number.MAX_SAFE_INTEGER)) expect(fen).toBeUndefined();
        else {
          expect(fen! + 0).toBe(value.times(100).toNumber() + 0); // + 0: -0 and 0 are the same fen
          expect(fenToMoney(fen!)).toBe(value.toFixed(2));
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
