import type { Decimal } from 'decimal.js';
import { Dec, fenToMoney, formatMoney } from './decimal.js';

const ZERO = new Dec(0);

/**
 * A validated money string (`"517.58"`, at most two decimals) as whole fen, or undefined when it is too large to
 * stay exact as a JS number (2^53 fen or more; the caller then adds Decimals instead). Sums of a household's figures
 * in fen are exact, and far cheaper than Decimal additions.
 *
 * @example
 * moneyToFen('517.58') // 51758
 * moneyToFen('3000') // 300000
 */
export function moneyToFen(money: string): number | undefined {
  let fen = 0;
  let decimals = -1;
  for (let i = 0; i < money.length; i++) {
    const code = money.charCodeAt(i);
    if (code === 46) {
      decimals = 0;
      continue;
    }
    fen = fen * 10 + (code - 48);
    if (decimals >= 0) decimals++;
  }
  if (decimals > 2) return undefined;
  if (decimals <= 0) fen *= 100;
  else if (decimals === 1) fen *= 10;
  // Every step only grows the figure, so if the result is a safe integer every step was exact; if a step passed
  // 2^53 the result is past it too, and refused.
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/**
 * A money string as whole fen in a bigint, exact however large: for totals over a population.
 *
 * @example
 * moneyToBigFen('1952.00') // 195200n
 * moneyToBigFen('-0.5') // -50n
 */
export function moneyToBigFen(money: string): bigint {
  const negative = money.startsWith('-');
  const unsigned = negative ? money.slice(1) : money;
  const fen = moneyToFen(unsigned);
  const [whole = '0', fraction = ''] = unsigned.split('.');
  if (fraction.length > 2) throw new RangeError(`money with more than two decimals: ${money}`);
  const value = fen !== undefined ? BigInt(fen) : BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

/**
 * Whole fen as an exact Decimal of yuan.
 *
 * @example
 * fenToDecimal(51758).toFixed(2) // '517.58'
 */
export function fenToDecimal(fen: number): Decimal {
  if (fen === 0) return ZERO;
  // The same figures recur household after household (wages, standards, shares); a Decimal is immutable, so one
  // made once serves every caller. Bounded: the cache starts again when full.
  let value = FEN_DECIMALS.get(fen);
  if (value === undefined) {
    if (FEN_DECIMALS.size >= 50_000) FEN_DECIMALS.clear();
    FEN_DECIMALS.set(fen, (value = new Dec(fen).div(100)));
  }
  return value;
}

const FEN_DECIMALS = new Map<number, Decimal>();


/**
 * The sum of money strings as an exact Decimal: in fen while that is exact, in Decimals otherwise.
 *
 * @example
 * sumMoney(['0.10', '0.20']).toFixed(2) // '0.30'
 */
export function sumMoney(amounts: readonly string[]): Decimal {
  let fen = 0;
  for (const amount of amounts) {
    const each = moneyToFen(amount);
    if (each === undefined || !Number.isSafeInteger(fen + each)) return amounts.reduce((sum, a) => sum.plus(a), ZERO);
    fen += each;
  }
  return fenToDecimal(fen);
}

/**
 * The exact sum of two money strings, as a money string: in fen while that is exact, in Decimals beyond (a run's
 * totals over millions of households).
 *
 * @example
 * addMoney('0.10', '0.20') // '0.30'
 */
export function addMoney(a: string, b: string): string {
  const x = moneyToFen(a);
  const y = moneyToFen(b);
  if (x !== undefined && y !== undefined && Number.isSafeInteger(x + y)) return fenToMoney(x + y);
  return formatMoney(sumMoney([a, b]));
}
