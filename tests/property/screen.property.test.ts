import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSync, loadPolicy, screen, screenHousehold, type Decision, type Policy, type ScreenResult } from '../../src/node/index.js';
import { AS_OF, REGIONS, householdArb } from '../helpers/arbitraries.js';
import { Dec } from '../../src/core/money/decimal.js';

let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = { guangdong: await loadPolicy('guangdong'), hunan: await loadPolicy('hunan'), hubei: await loadPolicy('hubei') };
});

// Random households, some enrolled in programs they may or may not still qualify for; person programs sometimes
// member by member (`memberIds`).
const programArb = fc.constantFrom('dibao', 'dibao.single', 'dibao.gradualExit', 'tekun', 'disability.living', 'disability.care');
const enrolmentArb = fc.record({ program: programArb, memberIds: fc.option(fc.subarray(['m1', 'm2', 'm3', 'm4']), { nil: undefined }) });
const caseArb = fc.constantFrom('guangdong', 'hunan', 'hubei').chain((province) =>
  fc
    .tuple(householdArb(REGIONS[province]!), fc.array(enrolmentArb, { maxLength: 3 }))
    .map(([household, extra]) => {
      const ids = new Set<string>(household.members.map((m) => m.id));
      const enrolments = extra.map(({ program, memberIds }) => ({
        program,
        since: '2020-01-01',
        ...(memberIds ? { memberIds: memberIds.filter((id) => ids.has(id)) } : {}),
      }));
      return { province, household: { ...household, enrolments: [...household.enrolments, ...enrolments] } };
    }),
);

/**
 * What evaluate says the amounts of these members (or events) wait on: each undetermined reason about them (or about
 * the program as a whole), as `kind:name`; undefined when nothing waits.
 */
function waitingOn(program: Decision['programs'][number], subjects: readonly string[]): string[] | undefined {
  if (subjects.length === 0) return undefined;
  const on = new Set<string>();
  for (const r of program.reasons) {
    const subject = r.memberId ?? r.eventId;
    if (r.code !== 'jiuzhu.undetermined' || (subject !== undefined && !subjects.includes(subject))) continue;
    on.add([r.params!.kind, r.params!.name ?? r.params!.program].filter((part) => part !== undefined).join(':'));
  }
  return [...on];
}

describe('screen agrees with evaluate (fast-check)', () => {
  it('on every program: status, amount, members; missed and review follow the enrolments', () => {
    fc.assert(
      fc.property(caseArb, ({ province, household }) => {
        const policy = policies[province]!;
        const decision = evaluateSync(policy, household, { asOf: AS_OF });
        const result = screenHousehold(policy, household, AS_OF) as ScreenResult;
        expect(result.ok).toBe(true);
        const enrolled = new Set(household.enrolments.map((e) => e.program));
        /** The members named by a person program's enrolments, when all of them name members: compared one by one. */
        const named = (program: (typeof decision.programs)[number]) => {
          const enrolments = household.enrolments.filter((e) => e.program === program.program);
          if (program.level !== 'person' || enrolments.length === 0 || enrolments.some((e) => !('memberIds' in e))) return undefined;
          return new Set(enrolments.flatMap((e) => ('memberIds' in e ? (e.memberIds as string[]) : [])));
        };
        for (const program of decision.programs) {
          // Found as granted: one who qualifies (every test holds) with the amount not known yet, as one granted.
          const subjects: { eligible: boolean; qualifies?: true }[] = program.events ?? program.members;
          const pending = program.qualifies === true || subjects.some((m) => m.qualifies);
          const recognised = program.eligible || pending;
          // screening lists the programs not ineligible; one left out is ineligible with nothing to pay
          const listed = result.programs[program.program] ?? { status: 'ineligible', amount: '0.00' };
          expect(listed, program.program).toEqual({ status: program.status, amount: program.amount });
          const missed = result.missed.find((f) => f.program === program.program);
          const review = result.review.find((f) => f.program === program.program);
          const members = named(program);
          if (members) {
            const statusOf = (id: string) => program.members.find((m) => m.memberId === id)?.status ?? (program.status === 'undetermined' ? 'undetermined' : 'ineligible');
            const missedIds = program.members.filter((m) => (m.eligible || m.qualifies) && !members.has(m.memberId));
            const reviewIds = household.members.map((m) => m.id).filter((id) => members.has(id) && statusOf(id) === 'ineligible');
            expect(missed?.members ?? [], `missed ${program.program}`).toEqual(missedIds.map((m) => m.memberId));
            if (missed) expect(new Dec(missed.amount).eq(missedIds.reduce((sum, m) => sum.plus(m.amount), new Dec(0)))).toBe(true);
            if (missed) expect(missed.amountPending, `amountPending ${program.program}`).toEqual(waitingOn(program, missedIds.filter((m) => !m.eligible).map((m) => m.memberId)));
            expect(review?.members ?? [], `review ${program.program}`).toEqual(reviewIds);
            continue;
          }
          expect(missed !== undefined, `missed ${program.program}`).toBe(recognised && !enrolled.has(program.program));
          expect(review !== undefined, `review ${program.program}`).toBe(program.status === 'ineligible' && enrolled.has(program.program));
          if (missed) {
            expect(missed.amount).toBe(program.amount);
            const ids = program.events ? program.events.filter((e) => e.eligible || e.qualifies).map((e) => e.eventId) : program.members.filter((m) => m.eligible || m.qualifies).map((m) => m.memberId);
            expect(missed.members).toEqual(ids);
            expect(missed.amountPending, `amountPending ${program.program}`).toEqual(pending ? waitingOn(program, ids) : undefined);
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

  it('增发/减发 follow evaluate: an enrolment’s recorded amount against the amount evaluate gives now', () => {
    // The same cases, each enrolment with a recorded monthly amount: sometimes exactly what evaluate gives.
    const withAmounts = caseArb.chain((c) =>
      fc.tuple(fc.constant(c), fc.array(fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }), { minLength: 8, maxLength: 8 })),
    );
    fc.assert(
      fc.property(withAmounts, ([{ province, household }, fen]) => {
        const policy = policies[province]!;
        const entitledFor = (decision: Decision, e: { program: string; memberIds?: string[] }) => {
          const p = decision.programs.find((d) => d.program === e.program);
          if (!p || p.period !== 'month' || !p.eligible) return undefined;
          if (p.level !== 'person' || e.memberIds === undefined) return p.amount;
          const named = p.members.filter((m) => e.memberIds!.includes(m.memberId));
          if (!named.some((m) => m.eligible) || named.some((m) => m.status === 'undetermined')) return undefined;
          return named.filter((m) => m.eligible).reduce((sum, m) => sum.plus(m.amount), new Dec(0)).toFixed(2);
        };
        // a drawn amount, or (when none is drawn) exactly the entitlement: equal amounts must give no finding
        const first = evaluateSync(policy, household, { asOf: AS_OF });
        const enrolments = (household.enrolments as { program: string; since: string; memberIds?: string[] }[]).map((e, i) => {
          const drawn = fen[i];
          const monthlyAmount = drawn === undefined ? entitledFor(first, e) : new Dec(drawn).div(100).toFixed(2);
          return monthlyAmount === undefined ? e : { ...e, monthlyAmount };
        });
        // Decided again with the amounts recorded: 渐退期 pays the 低保 amount the household's enrolment records.
        const recorded = { ...household, enrolments };
        const decision = evaluateSync(policy, recorded, { asOf: AS_OF });
        const result = screenHousehold(policy, recorded, AS_OF) as ScreenResult;
        const expected = enrolments.flatMap((e) => {
          const entitled = entitledFor(decision, e);
          if (!('monthlyAmount' in e) || entitled === undefined || new Dec(entitled).eq(e.monthlyAmount)) return [];
          const increase = new Dec(entitled).gt(e.monthlyAmount);
          return [{ program: e.program, entitled, direction: increase ? 'increase' : 'decrease', difference: new Dec(entitled).minus(e.monthlyAmount).abs().toFixed(2) }];
        });
        expect(result.adjust.map(({ program, entitled, direction, difference }) => ({ program, entitled, direction, difference }))).toEqual(expected);
      }),
      { numRuns: 300 },
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
