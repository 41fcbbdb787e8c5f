import type { ConditionInput } from '../policy/schema.js';
import type { Policy } from '../policy/types.js';

/**
 * Whether a condition, or any condition beneath it (through the shared conditions it names), is labelled (`id` or
 * `message`): a labelled condition writes a reason when traced.
 *
 * @example
 * hasLabel({ all: [{ fact: 'age', operator: 'greaterThan', value: 60, message: 'tekun.age' }] }, policy) // true
 */
export function hasLabel(node: ConditionInput, policy: Policy, seen = new Set<string>()): boolean {
  if (isLabelled(node)) return true;
  return childrenOf(node, policy, seen).some((child) => hasLabel(child, policy, seen));
}

/**
 * Whether this condition itself is labelled (`id` or `message`).
 *
 * @example
 * isLabelled({ id: 'in-hardship', any: [] }) // true
 */
export function isLabelled(node: ConditionInput): boolean {
  return node.id !== undefined || node.message !== undefined;
}

/**
 * Whether any condition strictly beneath this one is labelled (see {@link hasLabel}).
 *
 * @example
 * labelledBelow({ id: 'in-hardship', any: [{ fact: 'householdGranted', params: { program: 'dibao' }, operator: 'equal', value: true }] }, policy) // false
 */
export function labelledBelow(node: ConditionInput, policy: Policy): boolean {
  const seen = new Set<string>();
  return childrenOf(node, policy, seen).some((child) => hasLabel(child, policy, seen));
}

/** A node's children, with the shared condition it names (each shared condition visited once). */
function childrenOf(node: ConditionInput, policy: Policy, seen: Set<string>): ConditionInput[] {
  const children = [...(node.all ?? []), ...(node.any ?? []), ...(node.not ? [node.not] : [])];
  if (node.condition !== undefined && !seen.has(node.condition)) {
    seen.add(node.condition);
    const shared = policy.sharedConditions.get(node.condition);
    if (shared) children.push(shared);
  }
  return children;
}
