import { differenceInCalendarMonths, differenceInYears, isValid, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, isRealDate, monthsBefore, monthsSince, wholeMonthsSince } from '../../src/core/household/dates.js';

// date-fns is the reference for the library's own integer calendar arithmetic (which needs no Date and no time zone).
const dayArb = fc
  .record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

describe('calendar arithmetic agrees with date-fns', () => {
  it('recognises exactly the dates that exist', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        expect(isRealDate(day)).toBe(isValid(parseISO(day)) && parseISO(day).getDate() === Number(day.slice(8)));
      }),
    );
  });

  it('refuses every text not of the form YYYY-MM-DD: a digit missing or extra, another character, a year before 1000', () => {
    // Near misses of a date: its characters, mostly digits and dashes, one changed, dropped or added.
    const nearDate = fc
      .tuple(dayArb, fc.nat(11), fc.constantFrom('', '0', '9', '-', '/', ' ', '０', 'a', '\n', '00'))
      .map(([day, at, put]) => `${day.slice(0, at)}${put}${day.slice(at + (put.length > 0 && at % 3 === 0 ? 0 : 1))}`);
    fc.assert(
      fc.property(fc.oneof(nearDate, fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 999 }).map((y) => `${String(y).padStart(4, '0')}-01-01`)), (text) => {
        const formed = /^\d{4}-\d{2}-\d{2}$/.test(text) && Number(text.slice(0, 4)) >= 1000;
        if (!formed) expect(isRealDate(text)).toBe(false);
        else expect(isRealDate(text)).toBe(isValid(parseISO(text)) && parseISO(text).getDate() === Number(text.slice(8)));
      }),
      { numRuns: 3000 },
    );
  });

  it('ages and month differences match date-fns on real dates', () => {
    fc.assert(
      fc.property(dayArb.filter(isRealDate), dayArb.filter(isRealDate), (a, b) => {
        const [birth, asOf] = a <= b ? [a, b] : [b, a];
        expect(ageOn(birth, asOf)).toBe(differenceInYears(parseISO(asOf), parseISO(birth)));
        expect(monthsSince(birth, asOf)).toBe(differenceInCalendarMonths(parseISO(asOf), parseISO(birth)));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts n whole months once the n-month period has ended: on the same day, or the month’s last day where it has none (民法典 arts. 201–202)', () => {
    fc.assert(
      fc.property(dayArb.filter(isRealDate), dayArb.filter(isRealDate), (a, b) => {
        const [since, asOf] = a <= b ? [a, b] : [b, a];
        const months = wholeMonthsSince(since, asOf);
        // monthsBefore with a negative count is the date that many months later, clamped to the month's last day.
        expect(monthsBefore(since, -months) <= asOf).toBe(true);
        expect(monthsBefore(since, -(months + 1)) > asOf).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(wholeMonthsSince('2023-08-31', '2024-02-28')).toBe(5);
    expect(wholeMonthsSince('2023-08-31', '2024-02-29')).toBe(6);
    expect(wholeMonthsSince('2023-01-15', '2023-07-14')).toBe(5);
    expect(wholeMonthsSince('2023-01-15', '2023-07-15')).toBe(6);
  });
});
