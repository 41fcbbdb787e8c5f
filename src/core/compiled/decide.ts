import type { ProgramDecision } from '../decision/types.js';
import { EvaluationContext } from '../engine/context.js';
import { decideProgram } from '../engine/evaluate.js';
import type { Household } from '../household/schema.js';
import type { Area } from '../household/vocabulary.js';
import { resolveParameter, type ParameterScope } from '../policy/parameters.js';
import type { ConditionInput } from '../policy/schema.js';
import type { Policy } from '../policy/types.js';
import { NotCompiled } from './conditions.js';
import { compileProgram, decideCompiled, type ProgramForPlace } from './programs.js';
import { Run } from './run.js';

/** A policy's programs compiled per place and date, made when first asked for. */
interface Plan {
  /** False when something in the policy makes every program the interpreted engine's (see {@link compilable}). */
  compilable: boolean;
  places: Map<string, Place>;
}

/** The programs compiled for one (region, urban or rural, asOf): `null` where a program is left to the interpreted engine. */
interface Place {
  scope: ParameterScope;
  programs: (ProgramForPlace | null | undefined)[];
}

const plans = new WeakMap<Policy, Plan>();

/** Places kept per policy: a screening run meets a few hundred; a service answering any date may meet more. */
const MAX_PLACES = 5_000;

/**
 * Decides every program of the policy for a validated household without explanations, as `decidePrograms` of the
 * interpreted engine does — the same decisions, the same reason codes for the programs `explainIf` picks, byte for
 * byte (a property test holds the two to it) — with each program compiled for the household's place and date: its
 * parameters looked up once into constants, its conditions plain comparisons, its amounts in fen. A program the
 * compiled form cannot take (see {@link NotCompiled}) is decided by the interpreted engine, in the same context.
 *
 * @example
 * decideProgramsCompiled(policy, household, '2023-06-01').programs.find((p) => p.program === 'dibao')?.amount // '1952.00'
 */
export function decideProgramsCompiled(
  policy: Policy,
  household: Household,
  asOf: string,
  explainIf?: (program: ProgramDecision) => boolean,
): { programs: ProgramDecision[]; ctx: EvaluationContext } {
  const ctx = new EvaluationContext(policy, household, asOf);
  ctx.recording = false;
  ctx.codesOnly = true;
  const plan = planOf(policy);
  const run = new Run(ctx);
  const place = plan.compilable ? placeOf(plan, policy, household.region, household.area, asOf) : undefined;
  const programs: ProgramDecision[] = new Array(policy.programs.length);
  for (let i = 0; i < policy.programs.length; i++) {
    const program = policy.programs[i]!;
    const compiled = place && programAt(place, policy, i);
    const forEvents = compiled && program.level === 'event' ? eventPlaces(plan, policy, household, asOf, i) : undefined;
    if (!compiled || forEvents === null) {
      programs[i] = interpreted(ctx, program, explainIf);
      continue;
    }
    const forEvent = (region: string, area: Area) => forEvents!.get(`${region}|${area}`)!;
    const quick = decideCompiled(run, compiled, false, forEvent);
    programs[i] = explainIf?.(quick) ? decideCompiled(run, compiled, true, forEvent) : quick;
  }
  return { programs, ctx };
}

/** The interpreted engine's `decidePrograms` for one program. */
function interpreted(ctx: EvaluationContext, program: Policy['programs'][number], explainIf?: (program: ProgramDecision) => boolean): ProgramDecision {
  const quick = decideProgram(ctx, program, false);
  if (explainIf?.(quick)) return decideProgram(ctx, program, true);
  if (quick.reasons.length > 0) quick.reasons = [];
  return quick;
}

/**
 * How many of a policy's programs the compiled form decides for a place and date, and which it leaves to the
 * interpreted engine (for the report of how often that happens).
 *
 * @example
 * compiledPrograms(policy, '440100', 'urban', '2025-03-01') // { compiled: ['dibao', …], interpreted: [] }
 */
export function compiledPrograms(policy: Policy, region: string, area: Area, asOf: string): { compiled: string[]; interpreted: string[] } {
  const plan = planOf(policy);
  const place = plan.compilable ? placeOf(plan, policy, region, area, asOf) : undefined;
  const compiled: string[] = [];
  const interpretedIds: string[] = [];
  policy.programs.forEach((program, i) => (place && programAt(place, policy, i) ? compiled : interpretedIds).push(program.id));
  return { compiled, interpreted: interpretedIds };
}

function planOf(policy: Policy): Plan {
  let plan = plans.get(policy);
  if (!plan) plans.set(policy, (plan = { compilable: compilable(policy), places: new Map() }));
  return plan;
}

/**
 * Whether the compiled form can decide this policy's programs at all. Income bases are applied by the interpreted
 * engine's own code; a reason labelled inside an income rule (`excludedWhen`) would be written into a program's
 * reasons there, wherever income is first worked out, which the compiled programs do not follow.
 */
function compilable(policy: Policy): boolean {
  for (const basis of policy.document.layers.flatMap((layer) => Object.values(layer.files))) {
    const bases = (basis as { kind?: string; bases?: Record<string, { kinds?: Record<string, { excludedWhen?: ConditionInput }> }> }).bases;
    if ((basis as { kind?: string }).kind !== 'income' || !bases) continue;
    for (const { kinds } of Object.values(bases)) {
      for (const rule of Object.values(kinds ?? {})) if (rule.excludedWhen && labelled(rule.excludedWhen, policy)) return false;
    }
  }
  return true;
}

/** Whether a condition tree (through the shared conditions it names) labels any node: such a node writes a reason. */
function labelled(node: ConditionInput, policy: Policy, seen = new Set<string>()): boolean {
  if (node.id !== undefined || node.message !== undefined) return true;
  const children = [...(node.all ?? []), ...(node.any ?? []), ...(node.not ? [node.not] : [])];
  if (node.condition !== undefined && !seen.has(node.condition)) {
    seen.add(node.condition);
    const shared = policy.sharedConditions.get(node.condition);
    if (shared) children.push(shared);
  }
  return children.some((child) => labelled(child, policy, seen));
}

function placeOf(plan: Plan, policy: Policy, region: string, area: Area, asOf: string): Place {
  const key = `${region}|${area}|${asOf}`;
  let place = plan.places.get(key);
  if (!place) {
    if (plan.places.size >= MAX_PLACES) plan.places.clear();
    const scope: ParameterScope = { policy, region, area, asOf, param: (name, other) => resolveParameter(scope, name, other) };
    plan.places.set(key, (place = { scope, programs: new Array(policy.programs.length) }));
  }
  return place;
}

/** A program compiled for a place, on first use; null when it is left to the interpreted engine. */
function programAt(place: Place, policy: Policy, index: number): ProgramForPlace | null {
  let compiled = place.programs[index];
  if (compiled === undefined) {
    try {
      compiled = compileProgram(policy, policy.programs[index]!, place.scope, place.scope.asOf);
    } catch (error) {
      if (!(error instanceof NotCompiled)) throw error;
      compiled = null;
    }
    place.programs[index] = compiled;
  }
  return compiled;
}

/** An event program compiled for the place of each of the household's events, or null if one cannot be. */
function eventPlaces(plan: Plan, policy: Policy, household: Household, asOf: string, index: number): Map<string, ProgramForPlace> | null {
  const out = new Map<string, ProgramForPlace>();
  for (const event of household.events) {
    const area = event.area ?? household.area;
    const key = `${event.region}|${area}`;
    if (out.has(key)) continue;
    const compiled = programAt(placeOf(plan, policy, event.region, area, asOf), policy, index);
    if (!compiled) return null;
    out.set(key, compiled);
  }
  return out;
}
