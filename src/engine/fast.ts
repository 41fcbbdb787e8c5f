import type Decimal from 'decimal.js';
import type { ProgramStatus } from '../decision/types.js';
import type { Household, Member } from '../household/schema.js';
import { householdView } from '../household/view.js';
import { Dec, formatMoney } from '../money/decimal.js';
import type { CompiledProgram, Policy } from '../policy/types.js';
import { EvaluationContext, type Reason } from './context.js';
import { excludingProgram, roundTo, splitEqually, undeterminedDetail } from './evaluate.js';

const ZERO = new Dec(0);

/** A program's outcome without its explanation: what screening needs, and what `evaluate` says about it. */
export interface ProgramOutcomeLite {
  program: string;
  status: ProgramStatus;
  eligible: boolean;
  /** The program's amount, as `evaluate` writes it (`'1952.00'`). */
  amount: string;
  /** Members granted (person programs) or sharing the amount (household programs). */
  members: string[];
  /** Only when the caller asked for them (see {@link decideOutcomes}): the reasons `evaluate` would give. */
  reasons?: Reason[];
}

/**
 * Decides every program of the policy for an already validated household, as `evaluate` does, but without building
 * the explanation: conditions short-cut, amounts are computed without their breakdown text, and no record of
 * parameters or citations is kept. Status, members and amounts are exactly `evaluate`'s (a property test holds the
 * two together). `explain(outcome)` may ask for the reasons of chosen programs; they are then computed as
 * `evaluate` computes them.
 *
 * A rule that cannot be decided on the short-cut path (a parameter not in force) is decided again the way
 * `evaluate` decides it, so an undetermined program is undetermined on both paths.
 *
 * @example
 * const { programs } = decideOutcomes(policy, household, '2023-06-01');
 * programs.find((p) => p.program === 'dibao')?.amount // '1952.00'
 */
export function decideOutcomes(
  policy: Policy,
  household: Household,
  asOf: string,
  explain?: (outcome: ProgramOutcomeLite) => boolean,
): { programs: ProgramOutcomeLite[]; ctx: EvaluationContext } {
  const ctx = new EvaluationContext(policy, household, asOf, household.region, household.area, householdView(household, new Set()));
  ctx.recording = false;
  const programs = policy.programs.map((program) => {
    const leftOut = new Set<string>();
    for (const other of program.membersLeftOut) for (const id of ctx.outcomes.get(other)?.members ?? []) leftOut.add(id);
    ctx.view = householdView(ctx.household, leftOut);
    ctx.programId = program.id;
    let outcome = attempt(ctx, program, false) ?? attempt(ctx, program, true) ?? undetermined(program);
    if (explain?.(outcome)) {
      ctx.trace = [];
      outcome = { ...(attempt(ctx, program, true) ?? undetermined(program)), reasons: ctx.trace };
      ctx.trace = null;
    }
    ctx.outcomes.set(program.id, { granted: outcome.eligible, members: new Set(outcome.members) });
    return outcome;
  });
  return { programs, ctx };
}

function undetermined(program: CompiledProgram): ProgramOutcomeLite {
  return { program: program.id, status: 'undetermined', eligible: false, amount: '0.00', members: [] };
}

/** One try at a program; undefined when it cannot be decided (short-cut), or is undetermined (traced). */
function attempt(ctx: EvaluationContext, program: CompiledProgram, traced: boolean): ProgramOutcomeLite | undefined {
  const saved = ctx.trace;
  if (traced && ctx.trace === null) ctx.trace = [];
  if (!traced) ctx.trace = null;
  try {
    return program.level === 'household' ? householdProgram(ctx, program) : personProgram(ctx, program);
  } catch (error) {
    if (!undeterminedDetail(error)) throw error;
    return undefined;
  } finally {
    ctx.trace = saved;
  }
}

function householdProgram(ctx: EvaluationContext, program: CompiledProgram): ProgramOutcomeLite {
  const eligible = program.eligibility(ctx, undefined);
  const excluded = excluder(ctx, program, undefined);
  const granted = eligible && !excluded;
  if (!granted || !program.amount) return outcome(program, granted, ZERO, []);
  const amount = program.amount;
  const beneficiaries = ctx.view.counted.filter((m) => !amount.beneficiaries || amount.beneficiaries(ctx, m));
  ctx.beneficiaries = beneficiaries;
  const { value, values } = stepValues(ctx, program, undefined);
  const shares = splitEqually(roundTo(value, amount.rounding), beneficiaries.length);
  let total = ZERO;
  beneficiaries.forEach((member, i) => {
    total = total.plus(formatMoney(supplementsTotal(ctx, program, member, values, shares[i]!)));
  });
  return outcome(program, true, total, beneficiaries.map((m) => m.id));
}

function personProgram(ctx: EvaluationContext, program: CompiledProgram): ProgramOutcomeLite {
  const candidates = program.candidates === 'counted' ? ctx.view.counted : ctx.view.members;
  const granted: string[] = [];
  let total = ZERO;
  for (const member of candidates) {
    const eligible = program.eligibility(ctx, member);
    const excluded = excluder(ctx, program, member);
    if (!eligible || excluded) continue;
    granted.push(member.id);
    if (!program.amount) continue;
    const { value, values } = stepValues(ctx, program, member);
    total = total.plus(formatMoney(supplementsTotal(ctx, program, member, values, roundTo(value, program.amount.rounding))));
  }
  if (ctx.trace && candidates.length === 0) ctx.trace.push({ rule: `${program.id}/candidates`, code: 'jiuzhu.notCandidate', passed: false });
  return outcome(program, granted.length > 0, total, granted);
}

/** Whether another program granted excludes this one, with the reason `evaluate` writes when tracing. */
function excluder(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): boolean {
  const other = excludingProgram(ctx, program, member);
  if (other === undefined) return false;
  const reason: Reason = { rule: `${program.id}/excludedBy`, code: 'jiuzhu.excludedBy', passed: false, params: { program: other } };
  if (member) reason.memberId = member.id;
  ctx.trace?.push(reason);
  return true;
}

function outcome(program: CompiledProgram, eligible: boolean, total: Decimal, members: string[]): ProgramOutcomeLite {
  return { program: program.id, status: eligible ? 'eligible' : 'ineligible', eligible, amount: formatMoney(total), members };
}

function stepValues(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined) {
  const values = new Map<string, Decimal>();
  let value = ZERO;
  for (const step of program.amount!.steps) {
    value = step.expr.value(ctx, member, values);
    values.set(step.id, value);
  }
  return { value, values };
}

function supplementsTotal(ctx: EvaluationContext, program: CompiledProgram, member: Member, steps: ReadonlyMap<string, Decimal>, base: Decimal): Decimal {
  let total = base;
  for (const supplement of program.amount!.supplements) {
    if (!supplement.when(ctx, member)) continue;
    total = total.plus(roundTo(supplement.expr.value(ctx, member, steps), program.amount!.rounding));
  }
  return total;
}
