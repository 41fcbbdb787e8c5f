import { regionWithin } from '../policy/regions.js';
import type { EvaluationContext } from '../engine/context.js';
import type { CompiledIncomeBasis } from '../policy/types.js';
import type { Household } from '../household/schema.js';

/**
 * The value a fact needs (its member, its event); a fact of the wrong level is caught when the policy loads, so a
 * missing one is a bug here, not bad input.
 *
 * @example
 * need(member, 'member').birthDate
 */
export function need<T>(value: T | undefined, what = 'member'): T {
  if (value === undefined) throw new Error(`${what} fact evaluated without one`);
  return value;
}

/**
 * The household's enrolment in a program in force on `asOf` (started on or before it), if any.
 *
 * @example
 * enrolmentInForce(ctx, 'dibao')?.since // '2024-01-01'
 */
export function enrolmentInForce(ctx: EvaluationContext, program: string): Household['enrolments'][number] | undefined {
  return ctx.household.enrolments.find((e) => e.program === program && e.since <= ctx.asOf);
}

/**
 * Whether a member receives a program on `asOf`: an enrolment in force that names the member, or names no one
 * (the whole household).
 *
 * @example
 * memberEnrolled(ctx, 'tekun', 'm2') // true
 */
export function memberEnrolled(ctx: EvaluationContext, program: string, memberId: string): boolean {
  return ctx.household.enrolments.some(
    (e) => e.program === program && e.since <= ctx.asOf && (e.memberIds === undefined || e.memberIds.includes(memberId)),
  );
}

/** The income basis a fact names; its existence was checked when the policy loaded. */
export function incomeBasis(ctx: EvaluationContext, name: string): CompiledIncomeBasis {
  const basis = ctx.policy.incomeBases.get(name);
  if (!basis) throw new Error(`income basis ${name} missing after load-time check`);
  return basis;
}

/**
 * Whether a 户籍 is in the place a household lives: one division code inside the other (a city holds its districts),
 * so a household recorded only by its city matches a registration in any of its districts.
 *
 * @example
 * registeredIn('440106', '440100') // true
 * registeredIn('440106', '440111') // false: another district
 */
export function registeredIn(hukouRegion: string, householdRegion: string): boolean {
  return regionWithin(hukouRegion, householdRegion) || regionWithin(householdRegion, hukouRegion);
}
