import { differenceInCalendarMonths, parseISO } from 'date-fns';

/**
 * Dates are calendar dates, never instants: date-fns's `parseISO` reads `YYYY-MM-DD` as a local calendar day and
 * the differences below compare calendar fields, so the machine's time zone cannot change a result.
 */

/**
 * Whole years of age on `asOf` (a birthday counts on the day itself).
 *
 * @example
 * ageOn('1951-03-01', '2021-03-01') // 70
 */
export function ageOn(birthDate: string, asOf: string): number {
  // Calendar fields compared as text (YYYY-MM-DD): the same as date-fns's differenceInYears, without building Dates.
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const birthday = birthDate.slice(5);
  const today = asOf.slice(5);
  if (years > 0) return today >= birthday ? years : years - 1;
  if (years < 0) return today <= birthday ? years : years + 1;
  return 0;
}

/**
 * Calendar months from a month (`YYYY-MM`) or a date to `asOf`: 2023-03 → 2023-06-01 is 3.
 *
 * @example
 * monthsSince('2023-03', '2023-06-01') // 3
 */
export function monthsSince(monthOrDate: string, asOf: string): number {
  const start = monthOrDate.length === 7 ? `${monthOrDate}-01` : monthOrDate;
  return differenceInCalendarMonths(parseISO(asOf), parseISO(start));
}

/**
 * Whole months elapsed from a date to `asOf` (a month is complete on the same day of a later month).
 *
 * @example
 * wholeMonthsSince('2023-01-15', '2023-07-14') // 5
 */
export function wholeMonthsSince(date: string, asOf: string): number {
  const months = monthsSince(date, asOf);
  return date.slice(8, 10) > asOf.slice(8, 10) ? months - 1 : months;
}

/**
 * The date `months` before `asOf`, as `YYYY-MM-DD` (the 12-month look-back of rigid expenditure).
 *
 * @example
 * monthsBefore('2025-03-01', 12) // '2024-03-01'
 */
export function monthsBefore(asOf: string, months: number): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(year, month, 0).getDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
