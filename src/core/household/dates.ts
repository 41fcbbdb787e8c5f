/**
 * Calendar arithmetic on `YYYY-MM-DD` strings as whole numbers: no Date objects, no time zone, no locale, so no
 * machine can change a result (and it is fast enough to run millions of times).
 */

/** The year, month and day of `YYYY-MM-DD` or `YYYY-MM` (day 1). */
function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), date.length >= 10 ? Number(date.slice(8, 10)) : 1];
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether `YYYY-MM-DD` names a day that exists (no 2023-02-30, no month 13).
 *
 * @example
 * isRealDate('2024-02-29') // true
 * isRealDate('2023-02-29') // false
 */
export function isRealDate(text: string): boolean {
  // Character by character rather than a pattern and slices: every date of every household is checked.
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  for (let i = 0; i < 10; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (i !== 4 && i !== 7 && (digit < 0 || digit > 9)) return false;
  }
  const n = dateNumber(text);
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const DASH = 45;
const ZERO = 48;

/**
 * Whole years of age on `asOf` (a birthday counts on the day itself; someone born on 29 February turns a year older
 * on 1 March in common years).
 *
 * @example
 * ageOn('1951-03-01', '2021-03-01') // 70
 */
export function ageOn(birthDate: string, asOf: string): number {
  // As YYYYMMDD numbers, whole years are the difference's ten-thousands: no arrays built (screening asks this often).
  // A run asks on one date over and over (every member's age, every supporter's, in every program): that one is kept.
  if (asOf !== lastAsOf) {
    lastAsOfNumber = dateNumber(asOf);
    lastAsOf = asOf;
  }
  return Math.floor((lastAsOfNumber - dateNumber(birthDate)) / 10000);
}

let lastAsOf = '';
let lastAsOfNumber = 0;

/** `YYYY-MM-DD` as the number YYYYMMDD, digit by digit (unrolled: it is asked for every age of every member). */
function dateNumber(date: string): number {
  const year = (date.charCodeAt(0) - ZERO) * 1000 + (date.charCodeAt(1) - ZERO) * 100 + (date.charCodeAt(2) - ZERO) * 10 + (date.charCodeAt(3) - ZERO);
  const month = (date.charCodeAt(5) - ZERO) * 10 + (date.charCodeAt(6) - ZERO);
  return year * 10000 + month * 100 + (date.charCodeAt(8) - ZERO) * 10 + (date.charCodeAt(9) - ZERO);
}

/**
 * Calendar months from a month (`YYYY-MM`) or a date to `asOf`, ignoring days: 2023-03 → 2023-06-01 is 3.
 *
 * @example
 * monthsSince('2023-03', '2023-06-01') // 3
 */
export function monthsSince(monthOrDate: string, asOf: string): number {
  const [y0, m0] = parts(monthOrDate);
  const [y1, m1] = parts(asOf);
  return (y1 - y0) * 12 + (m1 - m0);
}

/**
 * Whole months elapsed from a date to `asOf`. A period of months ends on the same day of the month it ends in, or on
 * that month's last day where it has no such day (民法典 arts. 201–202): in prison since 31 August, six months are
 * complete on 28 or 29 February.
 *
 * @example
 * wholeMonthsSince('2023-01-15', '2023-07-14') // 5
 * wholeMonthsSince('2023-08-31', '2024-02-29') // 6
 */
export function wholeMonthsSince(date: string, asOf: string): number {
  const months = monthsSince(date, asOf);
  const [year, month, day] = parts(asOf);
  const short = date.slice(8, 10) > asOf.slice(8, 10) && day !== daysInMonth(year, month);
  return short ? months - 1 : months;
}

/**
 * The date `months` before `asOf` (negative: after), clamped to the month's last day.
 *
 * @example
 * monthsBefore('2025-03-31', 1) // '2025-02-28'
 */
export function monthsBefore(asOf: string, months: number): string {
  const [y, m, d] = parts(asOf);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * The day before a date.
 *
 * @example
 * dayBefore('2024-03-01') // '2024-02-29'
 */
export function dayBefore(date: string): string {
  const [y, m, d] = parts(date);
  if (d > 1) return formatDate(y, m, d - 1);
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return formatDate(py, pm, daysInMonth(py, pm));
}

function formatDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
