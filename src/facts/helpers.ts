import { NoCountedMembers } from '../engine/signals.js';
import type { EvaluationContext } from '../engine/context.js';
import type { CompiledIncomeBasis } from '../policy/types.js';

/** The signal that a per-capita figure was asked of a household with no counted member (the program is undetermined). */
export function noCountedMembers(): NoCountedMembers {
  return new NoCountedMembers();
}

/** The income basis a fact names; its existence was checked when the policy loaded. */
export function incomeBasis(ctx: EvaluationContext, name: string): CompiledIncomeBasis {
  const basis = ctx.policy.incomeBases.get(name);
  if (!basis) throw new Error(`income basis ${name} missing after load-time check`);
  return basis;
}
