import fc from 'fast-check';
import {
  DISABILITY_CATEGORIES,
  EMPLOYMENT_STATUSES,
  EXCLUSIONS,
  INCOME_KINDS,
  STUDENT_LEVELS,
} from '../../src/core/household/vocabulary.js';

/** Money as a string in fen precision, from whole fen: never a float. */
export const moneyArb = (maxYuan: number) =>
  fc.integer({ min: 0, max: maxYuan * 100 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);

const dateArb = (fromYear: number, toYear: number) =>
  fc
    .record({ y: fc.integer({ min: fromYear, max: toYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const incomeArb = fc.record({
  kind: fc.constantFrom(...INCOME_KINDS),
  amount: moneyArb(6000),
  period: fc.constantFrom('month', 'month', 'month', 'year', 'once'),
});

const memberArb = (index: number) =>
  fc.record(
    {
      id: fc.constant(`m${index + 1}`),
      relation: fc.constant(index === 0 ? 'applicant' : 'child'),
      birthDate: dateArb(1930, 2020),
      exclusion: fc.option(fc.constantFrom(...EXCLUSIONS), { freq: 8, nil: undefined }),
      incomes: fc.array(incomeArb, { maxLength: 3 }),
      disability: fc.option(
        fc.record({ grade: fc.integer({ min: 1, max: 4 }), category: fc.constantFrom(...DISABILITY_CATEGORIES) }),
        { freq: 4, nil: undefined },
      ),
      seriousIllness: fc.boolean(),
      student: fc.option(fc.record({ level: fc.constantFrom(...STUDENT_LEVELS) }), { freq: 4, nil: undefined }),
      employment: fc.option(fc.constantFrom(...EMPLOYMENT_STATUSES), { nil: undefined }),
      refusedJobOffers: fc.integer({ min: 0, max: 4 }),
    },
    { requiredKeys: ['id', 'relation', 'birthDate', 'incomes', 'seriousIllness', 'refusedJobOffers'] },
  );

/** Regions with a recorded standard in each bundled province, so most generated households are decidable. */
export const REGIONS: Record<string, string[]> = {
  guangdong: ['440100', '440106', '442000', '440300', '440600'],
  hunan: ['430000', '430100'],
  hubei: ['420100', '421381'],
};

/** A valid household input (as JSON would give it) in one of the regions. */
export const householdArb = (regions: string[]) =>
  fc
    .record({
      region: fc.constantFrom(...regions),
      area: fc.constantFrom('urban', 'rural'),
      size: fc.integer({ min: 1, max: 6 }),
      financial: fc.array(fc.record({ kind: fc.constant('deposit'), amount: moneyArb(40000) }), { maxLength: 2 }),
      vehicles: fc.array(fc.record({ value: moneyArb(100000), exempt: fc.boolean() }), { maxLength: 1 }),
      houses: fc.array(fc.record({ exempt: fc.boolean() }), { maxLength: 2 }),
      enrolled: fc.option(
        fc.record({ months: fc.integer({ min: 0, max: 9 }), amount: moneyArb(3000), work: fc.boolean() }),
        { freq: 3, nil: undefined },
      ),
    })
    .chain((shape) =>
      fc.tuple(...Array.from({ length: shape.size }, (_, i) => memberArb(i))).map((members) => ({
        id: 'h-prop',
        region: shape.region,
        area: shape.area,
        members,
        assets: { financial: shape.financial, vehicles: shape.vehicles, houses: shape.houses },
        enrolments: shape.enrolled
          ? [
              {
                program: 'dibao',
                since: '2019-01-01',
                monthlyAmount: shape.enrolled.amount,
                incomeFirstExceeded: `2023-${String(6 - Math.min(shape.enrolled.months, 5)).padStart(2, '0')}`,
                exceededBecause: shape.enrolled.work ? 'employment' : 'other',
              },
            ]
          : [],
      })),
    );

/** A date on which every bundled province has its standards in force. */
export const AS_OF = '2023-06-01';
