import { differenceInCalendarMonths, differenceInYears, isValid, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, isRealDate, monthsSince } from '../../src/core/household/dates.js';

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
});
