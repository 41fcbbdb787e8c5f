import type { Decimal } from 'decimal.js';
import { Dec, ROUNDING_MODES, compareDecimal, decimalToFen, isDecimal, snap, type RoundingMode } from '../money/decimal.js';
import { fenToDecimal } from '../money/fen.js';
import { OPERATORS, compareWith, type OperandValue } from '../engine/operators.js';

/**
 * An exact figure `num ÷ den` in safe integers: money in fen is `{ fen, 100 }`, a per-capita income `{ fen, 100 × n }`.
 * Compiled conditions compare two of these by cross-multiplying, where the interpreted engine divides in Decimals and
 * compares them snapped to 24 decimals: the same answer, since two such figures that differ at all differ by at least
 * 1 ÷ (den × den′), far more than 10⁻²⁴ (see `snap`).
 */
export class Fraction {
  private decimal: Decimal | undefined;

  constructor(
    readonly num: number,
    readonly den: number,
  ) {}

  /**
   * The Decimal the interpreted engine holds for this figure: `num ÷ den` rounded once, as `new Dec(fen).div(100 × n)`
   * does for a per-capita income (decimal.js rounds a quotient correctly, so the same fraction gives the same Decimal).
   *
   * @example
   * new Fraction(300000, 300).toDecimal().toFixed() // '1000'
   */
  toDecimal(): Decimal {
    return (this.decimal ??= this.den === 100 ? fenToDecimal(this.num) : new Dec(this.num).div(this.den));
  }
}

/** A value a compiled condition reads: what a fact or parameter gives, with exact fractions for money where they fit. */
export type CValue = Fraction | Decimal | number | string | boolean | null;

/**
 * A figure in an amount: a whole number of fen (hundredths, exact) or, where a division or a fraction of a fen makes
 * one, the very Decimal the interpreted engine computes, by the same operations in the same order.
 */
export type AValue = number | Decimal;

/**
 * The value as the interpreted engine's operators take it (fractions as their Decimal).
 *
 * @example
 * toOperand(new Fraction(123800, 100)) // Decimal 1238
 */
export function toOperand(value: CValue): OperandValue {
  return value instanceof Fraction ? value.toDecimal() : value;
}

/**
 * A Decimal as an exact fraction of fen when it is a whole number of fen, else undefined.
 *
 * @example
 * fractionOf(new Dec('1238.5'))?.num // 123850
 */
export function fractionOf(value: Decimal): Fraction | undefined {
  const fen = decimalToFen(value);
  return fen === undefined ? undefined : new Fraction(fen, 100);
}

/** −1, 0 or 1 comparing two fractions exactly, or undefined when the products would not be exact integers. */
function compareFractions(a: Fraction, b: Fraction): number | undefined {
  const left = a.num * b.den;
  const right = b.num * a.den;
  if (!Number.isSafeInteger(left) || !Number.isSafeInteger(right)) return undefined;
  return left < right ? -1 : left > right ? 1 : 0;
}

const ORDERED: Readonly<Record<string, (c: number) => boolean>> = {
  lessThan: (c) => c < 0,
  lessThanInclusive: (c) => c <= 0,
  greaterThan: (c) => c > 0,
  greaterThanInclusive: (c) => c >= 0,
  equal: (c) => c === 0,
  notEqual: (c) => c !== 0,
};

/**
 * An operator bound to a threshold known when the program is compiled for a place and date (written in the rule, or
 * a parameter's value): the answer `OPERATORS[operator]` gives for every fact value, a fraction against a whole-fen
 * threshold decided in integers, the rest by the interpreted engine's own {@link compareWith}.
 *
 * @example
 * comparator('lessThan', new Dec('1238'))(new Fraction(300000, 300)) // true: 1000 < 1238
 */
export function comparator(operator: string, threshold: OperandValue): (fact: CValue) => boolean {
  const interpreted = compareWith(operator, threshold);
  const decide = ORDERED[operator];
  const exact = decide && isDecimal(threshold) ? fractionOf(threshold) : undefined;
  if (exact && decide) {
    return (fact) => {
      if (fact instanceof Fraction) {
        const c = compareFractions(fact, exact);
        if (c !== undefined) return decide(c);
      }
      return interpreted(toOperand(fact));
    };
  }
  return (fact) => interpreted(fact instanceof Fraction ? fact.toDecimal() : fact);
}

/**
 * An operator's tests, looked up once where a leaf is compiled: looked up by name at every comparison, the lookup was
 * one of V8's slow, megamorphic ones (the name changes from leaf to leaf).
 */
export interface BoundOperator {
  /** For an ordering or equality: whether a comparison's sign (−1, 0, 1) satisfies it. */
  decide: ((c: number) => boolean) | undefined;
  /** The interpreted engine's operator. */
  general: (fact: OperandValue, threshold: OperandValue) => boolean;
}

/**
 * The tests of a known operator (the rule files are checked before they are compiled).
 *
 * @example
 * holdsAgainst(bindOperator('lessThan'), 3, 5, undefined) // true
 */
export function bindOperator(operator: string): BoundOperator {
  const general = OPERATORS[operator];
  if (!general) throw new Error(`unknown operator ${operator}`);
  return { decide: ORDERED[operator], general };
}

/**
 * The operator's answer for `fact` against a threshold read at run time from the place's parameters, which carries
 * its exact fraction of fen when it has one (`exact`): a fraction, or a whole number against a whole number, is
 * decided in integers, as {@link comparator} decides it.
 *
 * @example
 * holdsAgainst(bindOperator('lessThan'), new Fraction(300000, 300), standard.operand, standard.fraction) // true below 1238.00
 */
export function holdsAgainst(operator: BoundOperator, fact: CValue, threshold: OperandValue, exact: Fraction | undefined): boolean {
  const decide = operator.decide;
  if (decide) {
    if (exact !== undefined && fact instanceof Fraction) {
      const c = compareFractions(fact, exact);
      if (c !== undefined) return decide(c);
    } else if (typeof fact === 'number' && typeof threshold === 'number' && Number.isSafeInteger(fact) && Number.isSafeInteger(threshold)) {
      return decide(fact < threshold ? -1 : fact > threshold ? 1 : 0);
    }
  }
  return operator.general(toOperand(fact), threshold);
}

/**
 * The operator's answer for two values read at run time (a fact against another fact), with two fractions compared
 * exactly.
 *
 * @example
 * holds(bindOperator('lessThan'), new Fraction(1, 3), new Fraction(1, 2)) // true
 */
export function holds(operator: BoundOperator, fact: CValue, threshold: CValue): boolean {
  if (fact instanceof Fraction && threshold instanceof Fraction) {
    const decide = operator.decide;
    const c = decide ? compareFractions(fact, threshold) : undefined;
    if (c !== undefined) return decide!(c);
  }
  return operator.general(toOperand(fact), toOperand(threshold));
}

/**
 * An amount figure from a fraction: whole fen when it is one (then equal to the interpreted engine's Decimal, which is
 * exact for it), else that Decimal.
 *
 * @example
 * amountOf(new Fraction(300000, 300)) // 100000 (fen)
 */
export function amountOfFraction(value: Fraction): AValue {
  if (value.den === 100) return value.num;
  const scaled = value.num * 100;
  if (Number.isSafeInteger(scaled) && scaled % value.den === 0) return scaled / value.den;
  return value.toDecimal();
}

/**
 * An amount figure from a Decimal: whole fen when it is one, else the Decimal itself.
 *
 * @example
 * amountOfDecimal(new Dec('1238')) // 123800
 */
export function amountOfDecimal(value: Decimal): AValue {
  return decimalToFen(value) ?? value;
}

/**
 * The Decimal of an amount figure, as the interpreted engine holds it.
 *
 * @example
 * decimalOf(123800).toFixed(2) // '1238.00'
 */
export function decimalOf(value: AValue): Decimal {
  return typeof value === 'number' ? fenToDecimal(value) : value;
}

/**
 * An amount figure as a condition reads it (a step compared by a classification).
 *
 * @example
 * conditionValueOf(123800) // Fraction 123800/100
 */
export function conditionValueOf(value: AValue): CValue {
  return typeof value === 'number' ? new Fraction(value, 100) : value;
}

/** a + b, as `a.plus(b)`. */
export function add(a: AValue, b: AValue): AValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return decimalOf(a).plus(decimalOf(b));
}

/** a − b, as `a.minus(b)`. */
export function subtract(a: AValue, b: AValue): AValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const difference = a - b;
    if (Number.isSafeInteger(difference)) return difference;
  }
  return decimalOf(a).minus(decimalOf(b));
}

/** a × b, as `snap(a.times(b))`: in fen, a product of hundredths is whole fen when it ends in 00. */
export function multiply(a: AValue, b: AValue): AValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const product = a * b;
    if (Number.isSafeInteger(product) && product % 100 === 0) return product / 100;
  }
  return snap(decimalOf(a).times(decimalOf(b)));
}

/** a ÷ b, as `a.div(b)` (the caller has refused b = 0). */
export function divide(a: AValue, b: AValue): AValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const scaled = a * 100;
    if (Number.isSafeInteger(scaled) && scaled % b === 0) return scaled / b;
  }
  return decimalOf(a).div(decimalOf(b));
}

/** Whether an amount figure is zero. */
export function isZero(value: AValue): boolean {
  return typeof value === 'number' ? value === 0 : value.isZero();
}

/** −1, 0 or 1 comparing two amount figures exactly, as decimal.js compares them (no snapping). */
export function compareAmounts(a: AValue, b: AValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return compareDecimal(decimalOf(a), decimalOf(b));
}

/** The smaller of two figures, as `Dec.min`. */
export function smaller(a: AValue, b: AValue): AValue {
  return compareAmounts(b, a) < 0 ? b : a;
}

/** The larger of two figures, as `Dec.max`. */
export function larger(a: AValue, b: AValue): AValue {
  return compareAmounts(b, a) > 0 ? b : a;
}

/**
 * Rounds to `places` decimals with a declared mode, as `toDecimalPlaces`: whole fen need nothing for two places or
 * more, and are rounded in integers for fewer (whole yuan, 四舍五入).
 *
 * @example
 * roundAmount(198080, 0, 'halfUp') // 198100: 1980.80 → 1981
 */
export function roundAmount(value: AValue, places: number, mode: RoundingMode): AValue {
  if (typeof value !== 'number') return value.toDecimalPlaces(places, ROUNDING_MODES[mode]);
  if (places >= 2) return value;
  const step = places === 1 ? 10 : places === 0 ? 100 : 10 ** (2 - places);
  if (!Number.isSafeInteger(step)) return decimalOf(value).toDecimalPlaces(places, ROUNDING_MODES[mode]);
  const size = Math.abs(value);
  const rest = size % step;
  const down = size - rest;
  let rounded: number;
  switch (mode) {
    case 'down':
      rounded = down;
      break;
    case 'up':
      rounded = rest > 0 ? down + step : down;
      break;
    case 'halfUp':
      rounded = rest * 2 >= step ? down + step : down;
      break;
    case 'halfEven':
      rounded = rest * 2 > step || (rest * 2 === step && (down / step) % 2 === 1) ? down + step : down;
      break;
  }
  if (!Number.isSafeInteger(rounded)) return decimalOf(value).toDecimalPlaces(places, ROUNDING_MODES[mode]);
  return value < 0 ? -rounded : rounded;
}

/**
 * A program's own rounding, never below zero (`roundTo` of the interpreted engine).
 *
 * @example
 * roundAmountAtLeastZero(-5, 2, 'halfUp') // 0
 */
export function roundAmountAtLeastZero(value: AValue, places: number, mode: RoundingMode): AValue {
  const rounded = roundAmount(value, places, mode);
  if (typeof rounded === 'number') return rounded < 0 || Object.is(rounded, -0) ? 0 : rounded;
  return rounded.isNegative() ? 0 : rounded;
}

/** Whole numbers read by an amount (members, months) as fen. */
export function amountOfCount(value: number): AValue {
  const fen = value * 100;
  return Number.isSafeInteger(fen) ? fen : new Dec(value);
}
