import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSync, loadPolicy, screen, screenHousehold, type Policy, type ScreenResult } from '../../src/index.js';
import { AS_OF, REGIONS, householdArb } from '../helpers/arbitraries.js';

let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = { guangdong: await loadPolicy('guangdong'), hunan: await loadPolicy('hunan'), hubei: await loadPolicy('hubei') };
});

// Random households, some enrolled in programs they may or may not still qualify for.
const programArb = fc.constantFrom('dibao', 'dibao.single', 'dibao.gradualExit');
const caseArb = fc.constantFrom('guangdong', 'hunan', 'hubei').chain((province) =>
  fc
    .tuple(householdArb(REGIONS[province]!), fc.array(programArb, { maxLength: 2 }))
    .map(([household, extra]) => ({
      province,
      household: { ...household, enrolments: [...household.enrolments, ...extra.map((program) => ({ program, since: '2020-01-01' }))] },
    })),
);

describe('screen agrees with evaluate (fast-check)', () => {
  it('on every program: status, amount, members; missed and review follow the enrolments', () => {
    fc.assert(
      fc.property(caseArb, ({ province, household }) => {
        const policy = policies[province]!;
        const decision = evaluateSync(policy, household, { asOf: AS_OF });
        const result = screenHousehold(policy, household, AS_OF) as ScreenResult;
        expect(result.ok).toBe(true);
        const enrolled = new Set(household.enrolments.map((e) => e.program));
        for (const program of decision.programs) {
          // screening lists the programs not ineligible; one left out is ineligible with nothing to pay
          const listed = result.programs[program.program] ?? { status: 'ineligible', amount: '0.00' };
          expect(listed, program.program).toEqual({ status: program.status, amount: program.amount });
          const missed = result.missed.find((f) => f.program === program.program);
          const review = result.review.find((f) => f.program === program.program);
          expect(missed !== undefined, `missed ${program.program}`).toBe(program.eligible && !enrolled.has(program.program));
          expect(review !== undefined, `review ${program.program}`).toBe(program.status === 'ineligible' && enrolled.has(program.program));
          if (missed) {
            expect(missed.amount).toBe(program.amount);
            expect(missed.members).toEqual(program.members.filter((m) => m.eligible).map((m) => m.memberId));
          }
          // The reason codes are those evaluate gives: passed ones for missed, failed ones for review.
          const codes = (passed: boolean) => new Set(program.reasons.filter((r) => r.passed === passed).map((r) => r.code ?? r.rule));
          if (missed) for (const code of missed.reasons) expect(codes(true).has(code), code).toBe(true);
          if (review) {
            expect(review.reasons.length).toBeGreaterThan(0);
            for (const code of review.reasons) expect(codes(false).has(code), code).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('screen() yields one outcome per input, in order, the same as screenHousehold', async () => {
    const cases = fc.sample(caseArb, { numRuns: 300, seed: 7 }).filter((c) => c.province === 'guangdong');
    const inputs = cases.map((c, i) => ({ ...c.household, id: `h${i}` }));
    const outcomes = [];
    for await (const outcome of screen(policies.guangdong!, inputs, { asOf: AS_OF, batchSize: 7 })) outcomes.push(outcome);
    expect(outcomes).toEqual(inputs.map((h, i) => screenHousehold(policies.guangdong!, h, AS_OF, i)));
  });
});
