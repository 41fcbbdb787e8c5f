import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { JiuzhuError, canonicalJson, evaluateSync, generateHouseholds, loadPolicy, screenHousehold, type Policy } from '../../src/node/index.js';
import { decideProgramsCompiled, compiledPrograms } from '../../src/core/compiled/decide.js';
import { checkEvaluationInput, decidePrograms } from '../../src/core/engine/evaluate.js';
import { screenHouseholdInterpreted } from '../../src/core/screen/household.js';
import { REGIONS } from '../helpers/arbitraries.js';
import { richHouseholdArb } from '../helpers/richArbitraries.js';

/**
 * The compiled programs (src/core/compiled) against the interpreted engine they are compiled from: for random
 * households of every bundled province, on dates from 2019 to 2026, the very same bytes — screening results (with
 * the reason codes of what is found), every program's decision as screening makes it, and every decided field of
 * evaluate's full decision.
 */
const PROVINCES = ['guangdong', 'hunan', 'hubei'] as const;
let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = Object.fromEntries(await Promise.all([...PROVINCES, 'national'].map(async (name) => [name, await loadPolicy(name as never)])));
});

const dateArb = fc
  .record({ y: fc.integer({ min: 2019, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const programArb = fc.constantFrom('dibao', 'dibao.single', 'dibao.gradualExit', 'dibao.marginal', 'tekun', 'disability.living', 'disability.care', 'childAllowance', '低保');
const enrolmentArb = fc.record({
  program: programArb,
  since: fc.constantFrom('2018-01-01', '2021-06-01', '2024-01-01'),
  memberIds: fc.option(fc.subarray(['m1', 'm2', 'm3', 'm4']), { nil: undefined }),
});
const caseArb = fc.constantFrom(...PROVINCES).chain((province) =>
  fc.tuple(richHouseholdArb(REGIONS[province]!), fc.array(enrolmentArb, { maxLength: 3 }), dateArb).map(([household, extra, asOf]) => {
    const ids = new Set<string>(household.members.map((m) => m.id));
    const enrolments = extra.map(({ program, since, memberIds }) => ({ program, since, ...(memberIds ? { memberIds: memberIds.filter((id) => ids.has(id)) } : {}) }));
    // As read from JSON: the arbitraries leave some keys set to undefined.
    return { province, asOf, household: JSON.parse(JSON.stringify({ ...household, enrolments: [...household.enrolments, ...enrolments] })) };
  }),
);

/** A decision without what only explains it (reasons, breakdown steps): what was decided, to the byte. */
function decided(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decided);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'reasons' && key !== 'steps').map(([key, item]) => [key, decided(item)]));
}

describe('compiled programs decide exactly as the interpreted engine', () => {
  it('screens to the same bytes (statuses, amounts, members, reason codes, warnings, errors)', () => {
    fc.assert(
      fc.property(caseArb, ({ province, asOf, household }) => {
        const policy = policies[province]!;
        expect(canonicalJson(screenHousehold(policy, household, asOf))).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
      }),
      { numRuns: 600 },
    );
  });

  it('gives every program the same decision, with the same reason codes when asked for them', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 2 ** 20 }), ({ province, asOf, household }, picks) => {
        const policy = policies[province]!;
        let checked;
        try {
          checked = checkEvaluationInput(household, asOf);
        } catch (error) {
          if (error instanceof JiuzhuError) return;
          throw error;
        }
        // Reasons are asked for an arbitrary choice of programs (screening asks for those it found).
        const explainIf = (program: { program: string }) => ((picks >> policy.programs.findIndex((p) => p.id === program.program)) & 1) === 1;
        const compiled = decideProgramsCompiled(policy, checked, asOf, explainIf).programs;
        const reference = decidePrograms(policy, checked, asOf, explainIf).programs;
        expect(canonicalJson(compiled)).toBe(canonicalJson(reference));
      }),
      { numRuns: 500 },
    );
  });

  it("decides every field of evaluate's decision that is not explanation", () => {
    fc.assert(
      fc.property(caseArb, ({ province, asOf, household }) => {
        const policy = policies[province]!;
        let decision;
        try {
          decision = evaluateSync(policy, household, { asOf });
        } catch (error) {
          if (error instanceof JiuzhuError) return;
          throw error;
        }
        const compiled = decideProgramsCompiled(policy, checkEvaluationInput(household, asOf), asOf).programs;
        expect(canonicalJson(decided(compiled))).toBe(canonicalJson(decided(decision.programs)));
      }),
      { numRuns: 300 },
    );
  });

  it('screens generated populations of every bundled policy alike, on dates from 2019 to 2026', () => {
    for (const name of [...PROVINCES, 'national']) {
      const policy = policies[name]!;
      for (const asOf of ['2019-07-01', '2022-01-01', '2024-06-30', '2026-12-31']) {
        for (const household of generateHouseholds(policy, { households: 150, seed: asOf.length + name.length, asOf })) {
          const input = JSON.parse(JSON.stringify(household));
          expect(canonicalJson(screenHousehold(policy, input, asOf)), `${name} ${asOf} ${household.id}`).toBe(
            canonicalJson(screenHouseholdInterpreted(policy, input, asOf)),
          );
        }
      }
    }
  });

  it('compiles every program of every bundled policy (none is left to the interpreted engine)', () => {
    for (const name of [...PROVINCES, 'national']) {
      const policy = policies[name]!;
      expect(compiledPrograms(policy).interpreted, name).toEqual([]);
    }
  });
});
