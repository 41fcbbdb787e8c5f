import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JiuzhuError, canonicalJson, generateHouseholds, loadPolicy, type Policy } from '../../src/node/index.js';
import { compactOutcome } from '../../src/core/audit/record.js';
import { decideProgramsCompiled } from '../../src/core/compiled/decide.js';
import { checkEvaluationInput, decidePrograms } from '../../src/core/engine/evaluate.js';
import { REGIONS } from '../helpers/arbitraries.js';
import { loadGoldenCases } from '../helpers/golden.js';
import { richHouseholdArb } from '../helpers/richArbitraries.js';

/**
 * Replay decides a compact record with the compiled programs, every program traced (`'all'`): it must give the very
 * bytes the interpreted engine gives — every program's decision with its reason codes, and so the compact outcome
 * a record keeps — for random households, golden cases and generated populations of every bundled policy.
 */
const PROVINCES = ['guangdong', 'hunan', 'hubei'] as const;
let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = Object.fromEntries(await Promise.all([...PROVINCES, 'national'].map(async (name) => [name, await loadPolicy(name as never)])));
});

const dateArb = fc
  .record({ y: fc.integer({ min: 2019, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const caseArb = fc
  .constantFrom(...PROVINCES)
  .chain((province) => fc.tuple(fc.constant(province), richHouseholdArb(REGIONS[province]!), dateArb))
  .map(([province, household, asOf]) => ({ province, asOf, household: JSON.parse(JSON.stringify(household)) as unknown }));

/** Both engines on one household, every program traced: the same programs and the same compact outcome, to the byte. */
function expectAlike(policy: Policy, household: unknown, asOf: string, label?: string): void {
  let checked;
  try {
    checked = checkEvaluationInput(household, asOf);
  } catch (error) {
    if (error instanceof JiuzhuError) return; // refused alike: replay reports it before deciding
    throw error;
  }
  const compiled = decideProgramsCompiled(policy, checked, asOf, 'all').programs;
  const reference = decidePrograms(policy, checked, asOf, 'all').programs;
  expect(canonicalJson(compiled), label).toBe(canonicalJson(reference));
  expect(canonicalJson(compactOutcome(compiled)), label).toBe(canonicalJson(compactOutcome(reference)));
}

describe('replay decides compact records with the compiled programs exactly as the interpreted engine', () => {
  it('gives every program the same decision and reason codes, every program traced', () => {
    fc.assert(
      fc.property(caseArb, ({ province, asOf, household }) => expectAlike(policies[province]!, household, asOf)),
      { numRuns: 300 },
    );
  });

  it('decides every golden case alike', () => {
    for (const { file, value } of loadGoldenCases(join(import.meta.dirname, '..', 'cases'))) {
      const c = value as { policy: string; asOf: string; household: unknown };
      const policy = policies[c.policy];
      if (policy) expectAlike(policy, c.household, c.asOf, file);
    }
  });

  it('decides generated populations of every bundled policy alike', () => {
    for (const name of [...PROVINCES, 'national']) {
      const policy = policies[name]!;
      for (const asOf of ['2020-03-01', '2025-03-01']) {
        for (const household of generateHouseholds(policy, { households: 60, seed: 7, asOf })) {
          expectAlike(policy, JSON.parse(JSON.stringify(household)), asOf, `${name} ${asOf} ${household.id}`);
        }
      }
    }
  });
});
