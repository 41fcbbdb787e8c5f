import type { ProgramDecision, ProgramStatus } from '../decision/types.js';
import { decideProgramsCompiled } from '../compiled/decide.js';
import { checkEvaluationInput } from '../engine/evaluate.js';
import { JiuzhuError, makeIssue } from '../errors/issue.js';
import type { Household } from '../household/schema.js';
import type { Policy } from '../policy/types.js';
import { regionKnown } from '../policy/regions.js';
import { badRow, type ScreenRowError } from '../screen/household.js';

/** What one program gives a household under one policy: its status, its amount (per its period), the members granted. */
export interface ProgramOutcome {
  status: Exclude<ProgramStatus, 'ineligible'>;
  amount: string;
  /** Members granted (person programs) or sharing the amount (household programs). */
  persons: number;
}

/**
 * A household's programs under one policy: those it qualifies for or that could not be decided, by program id. A
 * program not listed is ineligible (amount `'0.00'`), as in screening results.
 */
export type ProgramOutcomes = Partial<Record<string, ProgramOutcome>>;

/** One household decided under two policies: before (A, today's rules) and after (B, the change being priced). */
export interface HouseholdChange {
  ok: true;
  /** Position in the input, from 0. */
  index: number;
  householdId: string;
  region: string;
  /**
   * Set when the household lies outside a policy's region (a city's own layer, compared with the province's rules):
   * it is counted, not compared, and not an error.
   */
  outside?: 'before' | 'after';
  before: ProgramOutcomes;
  after: ProgramOutcomes;
}

export type HouseholdChangeOutcome = HouseholdChange | ScreenRowError;

/**
 * Decides one household under two policies on the same date, exactly as `evaluate` decides each program (the
 * screening path, without explanations): validated once, each policy's programs with status, amount and members
 * granted. Never throws for a bad household: it returns a {@link ScreenRowError} with every problem.
 *
 * @example
 * const change = compareHousehold(today, raised, household, '2026-07-01');
 * if (change.ok) [change.before.dibao?.amount, change.after.dibao?.amount] // ['1952.00', '2600.00']
 */
export function compareHousehold(before: Policy, after: Policy, input: unknown, asOf: string, index = 0): HouseholdChangeOutcome {
  let household: Household;
  let inBefore: boolean;
  let inAfter: boolean;
  try {
    household = checkEvaluationInput(input, asOf);
    inBefore = regionKnown(household.region, before.region);
    inAfter = regionKnown(household.region, after.region);
    if (!inBefore && !inAfter) {
      const policy = `${before.id}, ${after.id}`;
      throw new JiuzhuError('input', [makeIssue('REGION_NOT_IN_POLICY', ['region'], { region: household.region, policy, policyRegion: `${before.region}, ${after.region}` })]);
    }
  } catch (error) {
    return badRow(input, index, error);
  }
  const change: HouseholdChange = { ok: true, index, householdId: household.id, region: household.region, before: {}, after: {} };
  if (!inBefore || !inAfter) {
    change.outside = inBefore ? 'after' : 'before';
    return change;
  }
  // Screening's compiled programs: the interpreted engine's decisions byte for byte, at screening's speed.
  change.before = programOutcomes(decideProgramsCompiled(before, household, asOf).programs);
  change.after = programOutcomes(decideProgramsCompiled(after, household, asOf).programs);
  return change;
}

/**
 * The programs of a decision (full or from screening) that are not ineligible, as {@link ProgramOutcomes}: what
 * population totals are made of, whether the decisions come from `compareHousehold` or from a log being replayed.
 *
 * @example
 * programOutcomes(decision.programs).dibao // { status: 'eligible', amount: '1952.00', persons: 4 }
 */
export function programOutcomes(programs: readonly Pick<ProgramDecision, 'program' | 'status' | 'amount' | 'members'>[]): ProgramOutcomes {
  const out: ProgramOutcomes = {};
  for (const p of programs) {
    if (p.status === 'ineligible') continue;
    let persons = 0;
    for (const m of p.members) if (m.eligible) persons++;
    // Program ids are rule-file names (a letter first), never `__proto__`; readers still look with Object.hasOwn.
    out[p.program] = { status: p.status, amount: p.amount, persons };
  }
  return out;
}
