import type { ProgramStatus } from '../decision/types.js';
import type { Household } from '../household/schema.js';
import type { Policy } from '../policy/types.js';
import type { EvaluationContext, Reason } from './context.js';
import { decidePrograms } from './evaluate.js';

/** A program's outcome without its explanation: what screening needs, and what `evaluate` says about it. */
export interface ProgramOutcomeLite {
  program: string;
  status: ProgramStatus;
  eligible: boolean;
  /** The program's amount, as `evaluate` writes it (`'1952.00'`). */
  amount: string;
  /** Members granted (person programs) or sharing the amount (household programs); events for event programs. */
  members: string[];
  /** Only when the caller asked for them: the reasons `evaluate` gives. */
  reasons?: Reason[];
}

/**
 * Every program's outcome for a validated household, without explanations unless `explain` asks for a program's
 * reasons. The same code as `evaluate` (see {@link decidePrograms}), so the outcomes are exactly `evaluate`'s.
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
  const lite = (p: ReturnType<typeof decidePrograms>['programs'][number], withReasons: boolean): ProgramOutcomeLite => {
    const outcome: ProgramOutcomeLite = {
      program: p.program,
      status: p.status,
      eligible: p.eligible,
      amount: p.amount,
      members: grantedSubjects(p),
    };
    if (withReasons) outcome.reasons = p.reasons;
    return outcome;
  };
  const { programs, ctx } = decidePrograms(policy, household, asOf, explain ? (p) => explain(lite(p, false)) : undefined);
  return { programs: programs.map((p) => lite(p, p.reasons.length > 0)), ctx };
}

function grantedSubjects(p: ReturnType<typeof decidePrograms>['programs'][number]): string[] {
  const ids: string[] = [];
  if (p.events) {
    for (const e of p.events) if (e.eligible) ids.push(e.eventId);
  } else {
    for (const m of p.members) if (m.eligible) ids.push(m.memberId);
  }
  return ids;
}
