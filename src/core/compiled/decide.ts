import type { ProgramDecision } from '../decision/types.js';
import { EvaluationContext } from '../engine/context.js';
import { decideAgain, decideProgram, type ExplainIf } from '../engine/evaluate.js';
import type { Household } from '../household/schema.js';
import type { Area } from '../household/vocabulary.js';
import type { Policy } from '../policy/types.js';
import { NotCompiled } from './conditions.js';
import { compileFact, type FactReader } from './facts.js';
import { hasLabel } from './labels.js';
import { compileProgram, decideCompiled, type ProgramForPlace } from './programs.js';
import { Run, SIGNAL } from './run.js';
import type { Fraction } from './values.js';
import { ParameterSlots, makePlace, type Place } from './place.js';

/** A policy's programs compiled once, and the places (region, urban or rural, date) they were read at. */
interface Plan {
  /** Each program compiled, or null where it is left to the interpreted engine (all, if {@link compilable} says so). */
  programs: (ProgramForPlace | null)[];
  slots: ParameterSlots;
  /** By region, area and date. */
  places: Map<string, Record<Area, Map<string, Place>>>;
  placeCount: number;
  /** The place found last: a screening file is often sorted by region, and a household's events are mostly at home. */
  last: { region: string; area: Area; asOf: string; place: Place | undefined };
  /** The fact of each of the policy's early warnings (`policy.warnings`), read as the programs read it. */
  warnings: FactReader[];
}

/** What deciding every program of a household gives (see {@link decideProgramsCompiled}). */
export interface DecidedPrograms {
  programs: ProgramDecision[];
  ctx: EvaluationContext;
  /**
   * The value of the policy's early warning at this index (`policy.warnings`) for the household as the view of
   * `ctx` sees it, or undefined where it cannot be worked out: read from the facts the programs worked out already
   * (低保's per-capita income), not worked out again. Money comes as the compiled programs hold it, often an exact
   * {@link Fraction} of fen, which compares with a line without a Decimal division.
   */
  warningValue?: (warning: number) => unknown;
}

const plans = new WeakMap<Policy, Plan>();

/** Places kept per policy: a screening run meets a few hundred; a service answering any date may meet more. */
const MAX_PLACES = 5_000;

/**
 * Decides every program of the policy for a validated household without explanations, as `decidePrograms` of the
 * interpreted engine does — the same decisions, the same reason codes for the programs `explainIf` picks, byte for
 * byte (property tests hold the two to it; where `explainIf` names members of a person program, the reasons of those
 * members, the others' left out) — with programs compiled once per policy into plain comparisons and fen
 * arithmetic, reading the parameters of the household's place and date, looked up once per place. A program the
 * compiled form cannot take (see {@link NotCompiled}) is decided by the interpreted engine, in the same context.
 *
 * @example
 * decideProgramsCompiled(policy, household, '2023-06-01').programs.find((p) => p.program === 'dibao')?.amount // '1952.00'
 */
export function decideProgramsCompiled(
  policy: Policy,
  household: Household,
  asOf: string,
  explainIf?: ExplainIf,
): DecidedPrograms {
  return decideAll(policy, household, asOf, explainIf, false);
}

/**
 * Every program decided, traced as `explainIf` asks: for their codes only (screening, replay), or with `explained`
 * every program with its full explanation and the parameters used recorded (evaluate).
 */
function decideAll(
  policy: Policy,
  household: Household,
  asOf: string,
  explainIf: ExplainIf | undefined,
  explained: boolean,
): DecidedPrograms {
  const plan = planOf(policy);
  const home = placeOf(plan, policy, household.region, household.area, asOf);
  const ctx = new EvaluationContext(policy, household, asOf, home.contextParameters());
  const run = new Run(ctx, home, (region, area) => placeOf(plan, policy, region, area, asOf));
  ctx.recording = explained;
  ctx.codesOnly = !explained;
  const programs: ProgramDecision[] = new Array(policy.programs.length);
  for (let i = 0; i < policy.programs.length; i++) {
    const compiled = plan.programs[i];
    if (!compiled) {
      programs[i] = interpreted(ctx, policy.programs[i]!, explainIf);
      run.outcomes[i] = ctx.outcomes.get(policy.programs[i]!.id);
      continue;
    }
    // Every program's reasons wanted (evaluate, replaying a compact record): traced at once, not decided twice.
    if (explainIf === 'all') {
      programs[i] = decideCompiled(run, compiled, true);
      continue;
    }
    const quick = decideCompiled(run, compiled, false);
    const wanted = explainIf?.(quick);
    if (wanted) {
      if (quick.eligible && compiled.grantedReasons) {
        // A recognition granted gives the reasons its rule alone says (most of screening's `missed` 专项救助).
        quick.reasons = compiled.grantedReasons.slice();
        programs[i] = quick;
        continue;
      }
      // Decided again as if for the first time (see the interpreted engine's `decideAgain`).
      run.outcomes[i] = undefined;
      ctx.outcomes.delete(compiled.program.id);
      programs[i] = decideCompiled(run, compiled, true, wanted === true ? undefined : wanted);
    } else programs[i] = quick;
  }
  const warningValue = (warning: number): unknown => {
    const value = plan.warnings[warning]!(run, undefined);
    return value === SIGNAL ? undefined : value;
  };
  return { programs, ctx, warningValue };
}

/**
 * Decides every program of the policy with its full explanation, as `evaluate` writes it — every reason with the
 * figures it compares, each granted amount's breakdown, every parameter read recorded in `ctx.used` — the very
 * decisions of the interpreted engine (a property test holds the two to the byte), with the programs compiled.
 *
 * @example
 * decideProgramsExplained(policy, household, '2023-06-01').programs[1]?.reasons[0]?.factValue // '400.00'
 */
export function decideProgramsExplained(policy: Policy, household: Household, asOf: string): { programs: ProgramDecision[]; ctx: EvaluationContext } {
  return decideAll(policy, household, asOf, 'all', true);
}

/** The interpreted engine's `decidePrograms` for one program. */
function interpreted(ctx: EvaluationContext, program: Policy['programs'][number], explainIf?: ExplainIf): ProgramDecision {
  if (explainIf === 'all') return decideProgram(ctx, program, true);
  const quick = decideProgram(ctx, program, false);
  if (explainIf?.(quick)) return decideAgain(ctx, program);
  if (quick.reasons.length > 0) quick.reasons = [];
  return quick;
}

/**
 * Which of a policy's programs the compiled form decides, and which it leaves to the interpreted engine (for the
 * report of how often that happens).
 *
 * @example
 * compiledPrograms(policy) // { compiled: ['tekun', 'dibao', …], interpreted: [] }
 */
export function compiledPrograms(policy: Policy): { compiled: string[]; interpreted: string[] } {
  const plan = planOf(policy);
  const compiled: string[] = [];
  const interpretedIds: string[] = [];
  policy.programs.forEach((program, i) => (plan.programs[i] ? compiled : interpretedIds).push(program.id));
  return { compiled, interpreted: interpretedIds };
}

function planOf(policy: Policy): Plan {
  let plan = plans.get(policy);
  if (!plan) {
    const slots = new ParameterSlots(new Map(policy.programs.map((program, i) => [program.id, i])));
    const whole = compilable(policy);
    const programs = policy.programs.map((program, i) => {
      if (!whole) return null;
      try {
        return compileProgram(policy, program, slots, i);
      } catch (error) {
        if (!(error instanceof NotCompiled)) throw error;
        return null;
      }
    });
    const warnings = policy.warnings.map((warning) => compileFact(warning.fact, warning.params, slots));
    plans.set(policy, (plan = { programs, slots, places: new Map(), placeCount: 0, last: { region: '', area: 'urban', asOf: '', place: undefined }, warnings }));
  }
  return plan;
}

/**
 * Whether the compiled form can decide this policy's programs at all. Income bases are applied by the interpreted
 * engine's own code; a reason labelled inside an income rule (`excludedWhen`) would be written into a program's
 * reasons there, wherever income is first worked out, which the compiled programs do not follow. The rules are read
 * as compiled, after overlays: an overlay may add such a rule to a basis whose file has none.
 */
function compilable(policy: Policy): boolean {
  for (const basis of policy.incomeBases.values()) {
    for (const rule of basis.kinds.values()) if (rule.excludedWhenAsWritten && hasLabel(rule.excludedWhenAsWritten, policy)) return false;
  }
  return true;
}

/** The parameters of a place and date, looked up on first use and kept (bounded). */
function placeOf(plan: Plan, policy: Policy, region: string, area: Area, asOf: string): Place {
  const last = plan.last;
  if (last.place !== undefined && last.region === region && last.area === area && last.asOf === asOf) return last.place;
  // Keyed region by region, not by one joined string: joining made a fresh string to hash for every household.
  let byDate = plan.places.get(region)?.[area];
  let place = byDate?.get(asOf);
  if (!place) {
    if (plan.placeCount >= MAX_PLACES) {
      plan.places.clear();
      plan.placeCount = 0;
      byDate = undefined;
    }
    if (!byDate) {
      let ofRegion = plan.places.get(region);
      if (!ofRegion) plan.places.set(region, (ofRegion = { urban: new Map(), rural: new Map() }));
      byDate = ofRegion[area];
    }
    byDate.set(asOf, (place = makePlace(policy, plan.slots, region, area, asOf)));
    plan.placeCount++;
  }
  last.region = region;
  last.area = area;
  last.asOf = asOf;
  last.place = place;
  return place;
}
