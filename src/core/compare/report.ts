import type { Policy } from '../policy/types.js';
import { ENGINE_VERSION } from '../version.js';
import { parameterDifferences, type ParameterDifference } from './parameters.js';
import { changeTotals, distributionBuckets, type ChangeTally, type ProgramInfo, type RegionTotals } from './totals.js';

/** The format of a comparison report (`compare --json`), versioned as decisions are. */
export const CHANGE_REPORT_FORMAT = 'jiuzhu.compare/1';

/** A policy as a report names it. */
export interface PolicyRef {
  id: string;
  version: string;
  sha256: string;
}

/**
 * What a change of rules does to a population: households decided under both policies, what changed, the cost
 * before and after (overall, per city, per county, per program), how households' monthly amounts moved, and the
 * parameter values that differ. Money is exact decimal strings. No clock time: the same inputs give the same report.
 */
export interface ChangeReport {
  format: typeof CHANGE_REPORT_FORMAT;
  engine: string;
  asOf: string;
  before: PolicyRef;
  after: PolicyRef;
  households: {
    /** Decided under both policies. */
    compared: number;
    /** Outside the region of one of the policies: counted, not compared. */
    outside: number;
    /** Rows that could not be decided (invalid households), reported with their lines. */
    errors: number;
    changed: number;
    newlyEligible: number;
    newlyIneligible: number;
  };
  overall: RegionTotals;
  cities: RegionTotals[];
  counties: RegionTotals[];
  /** Households by the change of their monthly total, in yuan buckets (unchanged households are in none). */
  distribution: { from: string | null; to: string | null; households: number }[];
  parameters: ParameterDifference[];
}

/**
 * The programs of two policies with their names and periods: the first policy's in its order, then those only the
 * second has.
 *
 * @example
 * programInfos(today, raised)[0] // { id: 'dibao', name: { zh: '最低生活保障', … }, period: 'month' }
 */
export function programInfos(...policies: readonly Policy[]): ProgramInfo[] {
  const out: ProgramInfo[] = [];
  const seen = new Set<string>();
  for (const policy of policies) {
    for (const program of policy.programs) {
      if (seen.has(program.id)) continue;
      seen.add(program.id);
      out.push({ id: program.id, name: program.name, period: program.amount?.period ?? 'month' });
    }
  }
  return out;
}

/**
 * The report of a comparison from its tally: totals, distribution and the parameter values that differ.
 *
 * @example
 * const report = changeReport(tally, today, raised, '2026-07-01');
 * report.overall.yearly.change // '+1234567.00'
 */
export function changeReport(tally: Readonly<ChangeTally>, before: Policy, after: Policy, asOf: string): ChangeReport {
  const { overall, cities, counties } = changeTotals(tally, programInfos(before, after));
  return {
    format: CHANGE_REPORT_FORMAT,
    engine: ENGINE_VERSION,
    asOf,
    before: ref(before),
    after: ref(after),
    households: {
      compared: overall.households,
      outside: tally.outside,
      errors: tally.errors,
      changed: overall.changed,
      newlyEligible: overall.newlyEligible,
      newlyIneligible: overall.newlyIneligible,
    },
    overall,
    cities,
    counties,
    distribution: distributionBuckets(tally),
    parameters: parameterDifferences(before, after, asOf),
  };
}

function ref(policy: Policy): PolicyRef {
  return { id: policy.id, version: policy.version, sha256: policy.sha256 };
}
