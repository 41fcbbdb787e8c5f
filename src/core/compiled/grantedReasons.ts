import type { Reason } from '../engine/context.js';
import type { ConditionInput } from '../policy/schema.js';
import type { CompiledProgram, Policy } from '../policy/types.js';
import { isLabelled, labelledBelow } from './labels.js';

/**
 * The reasons (codes only) a household recognition gives whenever it is granted, known from its rule alone — or
 * undefined where they depend on the household. Screening reports the codes of a program it finds `missed`; for these
 * programs it need not decide the household a second time, traced, to learn them.
 *
 * They are known when every labelled test hangs from the root through `all` groups and shared conditions only, and
 * none has a labelled test beneath it: a granted `all` holds in every child, so each of those tests holds and writes
 * exactly one reason, in the order the traced engine visits them. A labelled test under an `any` (which of its
 * alternatives held depends on the household) or under a `not` (it failed) is not known, nor are programs with an
 * amount, notes or classifications, whose reasons go beyond the tests, nor person and event programs, whose reasons
 * are per member or event.
 *
 * @example
 * reasonsWhenGranted(policy, policy.programs.find((p) => p.id === 'special.education')!)
 * // [{ rule: 'special.education/in-hardship', passed: true, code: 'special.inHardship', citation: 'mz2022-83.special' }, …has-student]
 */
export function reasonsWhenGranted(policy: Policy, program: CompiledProgram): readonly Reason[] | undefined {
  const source = program.source;
  if (program.level !== 'household' || source.amount || source.notes.length > 0 || program.classifications.length > 0 || source.undeterminedWhen) return undefined;
  const reasons: Reason[] = [];
  // The reasons are frozen, not the list: V8 copies a frozen array with `slice` ten times slower than a plain one, and
  // the list is copied for every household found `missed` (the type keeps it read-only).
  return collect(source.eligibility, program.id, policy, reasons) ? reasons.map((reason) => Object.freeze(reason)) : undefined;
}

/** Adds the reasons of the labelled tests along `all` paths from this node; false when they are not known. */
function collect(node: ConditionInput, programId: string, policy: Policy, reasons: Reason[]): boolean {
  if (isLabelled(node)) {
    if (labelledBelow(node, policy)) return false;
    const reason: Reason = { rule: `${programId}/${node.id ?? node.message ?? node.fact}`, passed: true };
    if (node.message !== undefined) reason.code = node.message;
    if (node.citation !== undefined) reason.citation = node.citation;
    reasons.push(reason);
    return true;
  }
  if (node.all !== undefined) return node.all.every((child) => collect(child, programId, policy, reasons));
  if (node.condition !== undefined) {
    const shared = policy.sharedConditions.get(node.condition);
    return shared !== undefined && collect(shared, programId, policy, reasons);
  }
  // An unlabelled leaf writes nothing; an unlabelled `any` or `not` is known only if nothing beneath it is labelled.
  return !labelledBelow(node, policy);
}
