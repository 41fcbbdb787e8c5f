import type { Decimal } from 'decimal.js';
import { DECIMAL_PATTERN, Dec, SNAP_PLACES, compareDecimal, isDecimal, snap } from '../money/decimal.js';

/** A value a fact or parameter can take. Money and ratios are Decimals; counts and ages are whole numbers. */
export type FactValue = Decimal | number | boolean | string | null;
export type OperandValue = FactValue | readonly (string | number | boolean)[];

function asDecimal(value: unknown): Decimal | undefined {
  if (isDecimal(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Dec(value);
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return new Dec(value);
  return undefined;
}

/**
 * Compares two numeric operands exactly (after {@link snap}, so 8600 and 4300/12 × 24 are equal), or returns
 * undefined when either is not numeric.
 */
function compareNumeric(a: unknown, b: unknown): number | undefined {
  // Whole numbers (counts, ages, months) compare as they are: exact, with no Decimal to build.
  if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = asDecimal(a);
  const y = asDecimal(b);
  return x === undefined || y === undefined ? undefined : compareDecimal(snapped(x), snapped(y));
}

/** Snapped figures, kept: a per-capita income of 4300/3 is compared by several programs of one household. */
const snappedFigures = new WeakMap<Decimal, Decimal>();

/** {@link snap} changes only figures with more than {@link SNAP_PLACES} decimals; others are compared as they are. */
function snapped(value: Decimal): Decimal {
  // An upper bound on the decimals from the documented digit groups (7 digits each) first, which decides most cases.
  const groups = value.d;
  if (groups && (groups.length - 1 - Math.floor(value.e / 7)) * 7 <= SNAP_PLACES) return value;
  if (value.decimalPlaces() <= SNAP_PLACES) return value;
  let figure = snappedFigures.get(value);
  if (!figure) snappedFigures.set(value, (figure = snap(value)));
  return figure;
}

function same(a: unknown, b: unknown): boolean {
  if ((isDecimal(a) || isDecimal(b)) && !(a === null || b === null)) return compareNumeric(a, b) === 0;
  return a === b;
}

/**
 * The operators a condition may use: json-rules-engine's names and meanings, made exact for money. Where
 * json-rules-engine would compare `Number.parseFloat` values (and so compare Decimal objects as strings), these
 * compare Decimals; a non-numeric operand makes a numeric comparison false, as in json-rules-engine.
 */
export const OPERATORS: Readonly<Record<string, (fact: OperandValue, value: OperandValue) => boolean>> = {
  equal: (a, b) => same(a, b),
  notEqual: (a, b) => !same(a, b),
  lessThan: (a, b) => {
    const c = compareNumeric(a, b);
    return c !== undefined && c < 0;
  },
  lessThanInclusive: (a, b) => {
    const c = compareNumeric(a, b);
    return c !== undefined && c <= 0;
  },
  greaterThan: (a, b) => {
    const c = compareNumeric(a, b);
    return c !== undefined && c > 0;
  },
  greaterThanInclusive: (a, b) => {
    const c = compareNumeric(a, b);
    return c !== undefined && c >= 0;
  },
  in: (a, b) => Array.isArray(b) && b.some((item) => same(a, item)),
  notIn: (a, b) => Array.isArray(b) && !b.some((item) => same(a, item)),
  contains: (a, b) => Array.isArray(a) && a.some((item) => same(item, b)),
  doesNotContain: (a, b) => Array.isArray(a) && !a.some((item) => same(item, b)),
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

/** Symbols for explanations: how each comparison reads. */
export const OPERATOR_SYMBOLS: Readonly<Record<string, string>> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: '∈',
  notIn: '∉',
  contains: '∋',
  doesNotContain: '∌',
};

/**
 * An operator bound to a threshold written in the rule (a literal, never a parameter): the same answer as
 * `OPERATORS[operator](fact, threshold)` for every fact value, with the common cases — a whole number against a
 * whole number, text or a flag against text, a flag or a list of texts — decided without the general path, since
 * most of a screening run's tests are of that kind (ages, grades, categories, enrolments).
 *
 * @example
 * compareWith('greaterThanInclusive', 60)(72) // true
 * compareWith('in', ['mental', 'intellectual'])('visual') // false
 */
export function compareWith(operator: string, threshold: OperandValue): (fact: OperandValue) => boolean {
  const general = OPERATORS[operator]!;
  const otherwise = (fact: OperandValue) => general(fact, threshold);
  if (typeof threshold === 'number' && Number.isSafeInteger(threshold)) {
    const whole =
      (decide: (fact: number) => boolean) =>
      (fact: OperandValue): boolean =>
        typeof fact === 'number' && Number.isSafeInteger(fact) ? decide(fact) : otherwise(fact);
    switch (operator) {
      case 'lessThan':
        return whole((fact) => fact < threshold);
      case 'lessThanInclusive':
        return whole((fact) => fact <= threshold);
      case 'greaterThan':
        return whole((fact) => fact > threshold);
      case 'greaterThanInclusive':
        return whole((fact) => fact >= threshold);
      case 'equal':
        return whole((fact) => fact === threshold);
      case 'notEqual':
        return whole((fact) => fact !== threshold);
    }
  }
  // Text and flags are never Decimals, so `same` is plain identity between them.
  if ((typeof threshold === 'string' || typeof threshold === 'boolean') && (operator === 'equal' || operator === 'notEqual')) {
    const negate = operator === 'notEqual';
    return (fact) => (typeof fact === 'string' || typeof fact === 'boolean' ? (fact === threshold) !== negate : otherwise(fact));
  }
  if (Array.isArray(threshold) && threshold.every((item) => typeof item === 'string') && (operator === 'in' || operator === 'notIn')) {
    const texts = new Set(threshold as readonly string[]);
    const negate = operator === 'notIn';
    return (fact) => (typeof fact === 'string' ? texts.has(fact) !== negate : otherwise(fact));
  }
  return otherwise;
}
