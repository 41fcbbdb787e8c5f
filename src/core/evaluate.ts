import { decideProgramsExplained } from './compiled/decide.js';
import type { Decision } from './decision/types.js';
import { evaluateWith, type EvaluateOptions } from './engine/evaluate.js';
import type { Policy } from './policy/types.js';

/**
 * Decides every program of the policy for a household on `asOf`: eligibility with reasons, exact amounts with
 * their breakdown, the circle of assistance, every parameter used and warnings. Validates the household first and
 * throws a {@link JiuzhuError} of kind `input` listing every problem. Pure: safe to call many times at once.
 *
 * The programs are decided by their compiled form (src/core/compiled), explained as the interpreted engine explains
 * them: a property test holds the two decisions to the same bytes.
 *
 * @example
 * const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
 * decision.programs.find((p) => p.program === 'dibao')?.amount // '1952.00'
 */
export async function evaluate(policy: Policy, household: unknown, options: EvaluateOptions): Promise<Decision> {
  return evaluateSync(policy, household, options);
}

/**
 * The same as {@link evaluate}, synchronously (evaluation does no I/O).
 *
 * @example
 * evaluateSync(policy, household, { asOf: '2023-06-01' }).circle.circle // 'absolute'
 */
export function evaluateSync(policy: Policy, input: unknown, options: EvaluateOptions): Decision {
  return evaluateWith(decideProgramsExplained, policy, input, options);
}
