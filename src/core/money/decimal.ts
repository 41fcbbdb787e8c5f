// The constructor is decimal.js's default export; the type is taken by name, which TypeScript resolves alike for
// ES-module and CommonJS consumers (a default-imported `Decimal` is a namespace to a `nodenext` one).
import DecimalJs from 'decimal.js';
import type { Decimal } from 'decimal.js';

/**
 * The one Decimal constructor the library uses. A private clone, so that a host application that changes
 * decimal.js's global settings can never change our arithmetic.
 */
export const Dec = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

/** Rounding modes a rule file may declare. Names follow the law's usage: 四舍五入 = halfUp. */
export const ROUNDING_MODES = {
  halfUp: DecimalJs.ROUND_HALF_UP,
  halfEven: DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
} as const;
export type RoundingMode = keyof typeof ROUNDING_MODES;

/** A decimal literal as it may appear in JSON: optional minus, digits, optional fraction. No exponents. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/**
 * Parses a decimal string into a Decimal. Throws on anything that is not a plain decimal literal.
 *
 * @example
 * toDecimal('1238.00').times(4).toFixed(2) // '4952.00'
 */
export function toDecimal(value: string | number | Decimal): Decimal {
  if (value instanceof DecimalJs) return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
    return new Dec(value);
  }
  if (!DECIMAL_PATTERN.test(value)) throw new TypeError(`not a decimal literal: ${value}`);
  return new Dec(value);
}

/**
 * Rounds to `places` decimals with the declared mode.
 *
 * @example
 * roundDecimal(new Dec('1980.8'), 0, 'halfUp').toFixed(0) // '1981'
 */
export function roundDecimal(value: Decimal, places: number, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(places, ROUNDING_MODES[mode]);
}

/**
 * The value, or zero when it is below zero — the same as `Dec.max(0, value)` without making a new Decimal when the
 * value stands (amounts and incomes are never negative; this runs for every member and program).
 *
 * @example
 * atLeastZero(new Dec('-3.10')).toFixed(2) // '0.00'
 */
export function atLeastZero(value: Decimal): Decimal {
  return value.isNegative() ? ZERO_DECIMAL : value;
}

const ZERO_DECIMAL = new Dec(0);

/**
 * Formats money for JSON: always two decimals (fen), e.g. `"1952.00"`. The value must already carry no more
 * than two decimals after the program's declared rounding; formatting never rounds silently.
 *
 * @example
 * formatMoney(new Dec('488')) // '488.00'
 */
export function formatMoney(value: Decimal): string {
  const fen = decimalToFen(value);
  if (fen !== undefined) return fenToMoney(fen);
  if (value.decimalPlaces() > 2) throw new RangeError(`money with more than two decimals: ${value.toString()}`);
  return value.toFixed(2);
}

/**
 * Formats any exact figure for an explanation or a trace without losing digits, e.g. a per-capita income
 * of 4300/12 stays `358.3333333333333333333333333333333333333` rather than being rounded behind the reader's back.
 *
 * @example
 * formatExact(new Dec('750')) // '750'
 */
export function formatExact(value: Decimal): string {
  return value.toFixed();
}

/**
 * An exact money figure as a decision writes it: two decimals when that loses nothing (`1238` → `"1238.00"`),
 * otherwise every digit (`4300/12` → `"358.3333…"` in full), so that a per-capita figure is never rounded silently.
 *
 * @example
 * moneyString(new Dec('750')) // '750.00'
 */
export function moneyString(value: Decimal): string {
  const fen = decimalToFen(value);
  if (fen !== undefined) return fenToMoney(fen);
  return value.decimalPlaces() <= 2 ? value.toFixed(2) : value.toFixed();
}

/** Decimal places kept by {@link snap}: far finer than any real difference between figures built from fen. */
export const SNAP_PLACES = 24;

/**
 * Removes the residue a repeating decimal leaves when it is multiplied back: 4300/12 is held to 40 significant
 * digits (358.333…3), so × 24 gives 8599.999…9 rather than 8600. Divisions keep full precision; products and
 * comparisons are snapped to 24 decimal places, which restores 8600 exactly. Two figures that really differ (built
 * from fen amounts and divisions by months or members) differ by far more than 10^-24, so snapping never makes
 * them equal.
 *
 * @example
 * snap(new Dec(4300).div(12).times(24)).toFixed() // '8600'
 */
export function snap(value: Decimal): Decimal {
  return value.toDecimalPlaces(SNAP_PLACES, DecimalJs.ROUND_HALF_EVEN);
}

/** Whether a value is a Decimal (of any clone). */
export function isDecimal(value: unknown): value is Decimal {
  // The typeof test first: most values asked about are numbers and booleans, which decimal.js's own test handles slowly.
  return typeof value === 'object' && value !== null && DecimalJs.isDecimal(value);
}

/**
 * `x.comparedTo(y)` for two finite Decimals without the copy of `y` that decimal.js makes first: comparisons run
 * tens of times per household in screening. Reads the documented instance properties: sign `s`, exponent `e` and
 * the base-10^7 digit groups `d` (normalised: no leading zero group, no trailing zeros, `[0]` for zero).
 *
 * @example
 * compareDecimal(new Dec('1238'), new Dec('1238.00')) // 0
 * compareDecimal(new Dec('-1'), new Dec('0')) // -1
 */
export function compareDecimal(x: Decimal, y: Decimal): number {
  const xd = x.d;
  const yd = y.d;
  if (!xd || !yd) return x.comparedTo(y); // NaN or ±Infinity: decimal.js's own rules
  const xs = x.s;
  const ys = y.s;
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  if (xs !== ys) return xs;
  const flip = xs < 0;
  if (x.e !== y.e) return (x.e > y.e) !== flip ? 1 : -1;
  const common = Math.min(xd.length, yd.length);
  for (let i = 0; i < common; i++) if (xd[i] !== yd[i]) return (xd[i]! > yd[i]!) !== flip ? 1 : -1;
  return xd.length === yd.length ? 0 : (xd.length > yd.length) !== flip ? 1 : -1;
}

/**
 * A Decimal as whole fen when it has at most two decimals and fits an exact integer; undefined otherwise. Read from
 * decimal.js's documented representation — digit groups `d` of 7 digits aligned on the decimal point, exponent `e`,
 * sign `s` — with no string in between.
 *
 * @example
 * decimalToFen(new Dec('450')) // 45000
 * decimalToFen(new Dec('0.125')) // undefined
 */
export function decimalToFen(value: Decimal): number | undefined {
  const groups = value.d;
  if (!groups) return undefined; // NaN, ±Infinity
  const units = Math.floor(value.e / 7); // the index of the group holding the units digit
  let fen = 0;
  for (let i = 0; i < groups.length; i++) {
    const power = 7 * (units - i) + 2; // this group's place in fen
    if (power >= 0) fen += groups[i]! * 10 ** power;
    else if (power === -5 && groups[i]! % 100_000 === 0) fen += groups[i]! / 100_000; // the first decimals' group: .xx00000
    else return undefined; // a third decimal or beyond
  }
  // Every term is non-negative, so a safe total means every step was exact.
  if (!Number.isSafeInteger(fen)) return undefined;
  return value.s < 0 && fen !== 0 ? -fen : fen;
}

/**
 * Money as a decision writes it (`'1952.00'`), from whole fen: a number, or a bigint for totals of any size.
 *
 * @example
 * fenToMoney(-5) // '-0.05'
 * fenToMoney(123456789012345678n) // '1234567890123456.78'
 */
export function fenToMoney(fen: number | bigint): string {
  if (typeof fen === 'bigint') {
    const whole = fen < 0n ? -fen : fen;
    const fraction = Number(whole % 100n);
    return `${fen < 0n ? '-' : ''}${whole / 100n}.${fraction < 10 ? '0' : ''}${fraction}`;
  }
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}
