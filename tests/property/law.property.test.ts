import Decimal from 'decimal.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSync, loadPolicy, type Decision, type Policy } from '../../src/index.js';
import { moneyArb } from '../helpers/arbitraries.js';
import { eventArb } from '../helpers/richArbitraries.js';

// Invariants the law states, checked on random households of every bundled province.

let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = { guangdong: await loadPolicy('guangdong'), hunan: await loadPolicy('hunan'), hubei: await loadPolicy('hubei') };
});
/** A place and date in each province where 低保 and 特困 standards are in force. */
const PLACES = { guangdong: '440100', hunan: '430100', hubei: '420100' } as const;
const AS_OF = '2025-06-01';
const provinceArb = fc.constantFrom(...(Object.keys(PLACES) as (keyof typeof PLACES)[]));
const program = (d: Decision, id: string) => d.programs.find((p) => p.program === id)!;

describe('who owes support (民发〔2021〕43号 art. 8; 民法典 art. 1067)', () => {
  // An adult who cannot live independently: severely disabled (grade 1–2, or grade 3 intellectual or mental), or
  // seriously ill, with no income and no one listed as a supporter: 特困 if nobody in the household owes support.
  // (Art. 5 also makes each of them unable to work, so that, alone, they are 特困.)
  const dependentAdultArb = fc.oneof(
    fc.record({ disability: fc.record({ grade: fc.constantFrom(1, 2), category: fc.constantFrom('physical', 'intellectual', 'mental') }) }),
    fc.record({ disability: fc.record({ grade: fc.constantFrom(1, 2, 3), category: fc.constantFrom('intellectual', 'mental') }) }),
    fc.record({ disability: fc.constant({ grade: 1, category: 'visual' }) }),
  );
  const selfCare = { eating: true, dressing: true, transferring: true, toileting: true, walkingIndoors: true, bathing: false };

  it('an able parent with income above the lines, added to the household, never leaves the adult child 特困', () => {
    fc.assert(
      fc.property(
        provinceArb,
        dependentAdultArb,
        fc.integer({ min: 1960, max: 2006 }),
        fc.boolean(),
        moneyArb(30000).filter((wage) => new Decimal(wage).gt(4000)), // above every 低保, marginal and disposable-income line here
        fc.integer({ min: 1958, max: 1985 }),
        fc.constantFrom('applicant', 'spouse'),
        (province, details, childYear, seriouslyIll, wage, parentYear, parentRelation) => {
          const child = { id: 'c', relation: 'child', birthDate: `${childYear}-03-03`, seriousIllness: seriouslyIll, selfCare, ...details };
          const alone = { id: 'h', region: PLACES[province], area: 'urban', members: [{ id: 'p0', relation: 'applicant', birthDate: '1950-01-01', exclusion: 'prison' }, child] };
          const before = program(evaluateSync(policies[province]!, alone, { asOf: AS_OF }), 'tekun');
          fc.pre(before.members.find((m) => m.memberId === 'c')?.eligible === true);
          const parent = { id: 'p', relation: parentRelation, birthDate: `${parentYear}-05-05`, employment: 'employed', incomes: [{ kind: 'wage', amount: wage, period: 'month' }] };
          const members = parentRelation === 'applicant' ? [parent, child] : [{ ...alone.members[0]!, exclusion: 'prison' }, parent, child];
          const after = program(evaluateSync(policies[province]!, { ...alone, members }, { asOf: AS_OF }), 'tekun');
          const childOutcome = after.members.find((m) => m.memberId === 'c');
          expect(childOutcome?.eligible ?? false).toBe(false);
          expect(after.reasons.some((r) => r.rule === 'tekun/no-able-supporter' && r.memberId === 'c' && !r.passed)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('temporary assistance (国发〔2014〕47号; 民发〔2018〕23号)', () => {
  const received = (event: { received?: Record<string, string | undefined> }) =>
    Object.values(event.received ?? {}).reduce((sum: Decimal, x) => sum.plus(x ?? '0'), new Decimal(0));

  it('never pays more than the loss and spending net of what was received; above the lines only an advance marked for checking', () => {
    fc.assert(
      fc.property(provinceArb, fc.array(moneyArb(9000), { minLength: 1, maxLength: 4 }), eventArb('X'), (province, wages, rawEvent) => {
        const region = PLACES[province];
        const event = { ...rawEvent, region, date: '2025-05-01' };
        const members = wages.map((wage, i) => ({
          id: `m${i + 1}`,
          relation: i === 0 ? 'applicant' : 'child',
          birthDate: i === 0 ? '1975-01-01' : '1998-01-01',
          incomes: [{ kind: 'wage', amount: wage, period: 'month' }],
        }));
        const household = { id: 'h', region, area: 'urban', members, events: [event] };
        const decided = program(evaluateSync(policies[province]!, household, { asOf: AS_OF }), 'temporary').events![0]!;
        const need = Decimal.max(0, new Decimal(event.expense).plus(event.loss ?? '0').minus(received(event)));
        expect(new Decimal(decided.amount).lte(need)).toBe(true);
        // Above the means line (the illustrative previous-year disposable income, 39218 a year): nothing but an advance.
        const perCapita = wages.reduce((sum, w) => sum.plus(w), new Decimal(0)).div(wages.length);
        if (decided.eligible && perCapita.gte(new Decimal(39218).div(12))) {
          expect(event.type).toBe('emergency');
          expect(event.meansCheck).toBe('pending');
          expect(decided.classifications?.firstAid?.value).toBe('yes');
          expect(decided.classifications?.meansCheck?.value).toBe('pending');
        }
      }),
      { numRuns: 300 },
    );
  });
});
