import type { ConditionInput } from '../policy/schema.js';
import { compileTest, type ConditionEnv, type Test } from './conditions.js';

/**
 * Facts whose value is the same for every household of a place and date: a local option (`flag`), the CPI of the
 * month, the urban or rural area the place is of.
 */
const PLACE_FACTS: ReadonlySet<string> = new Set(['flag', 'cpiYearOnYear', 'area']);

/**
 * The tests of a program's eligibility that only a place and date decide: the conjuncts of its top-level `all` (or
 * the eligibility itself) that read nothing but place facts, literals and parameters — 价格临时补贴's CPI trigger,
 * which no household meets while the CPI is not recorded. Where one fails at a place, the eligibility fails there for
 * every household, member and event, whatever its other tests give: an `all` with a failing child fails, whichever
 * other child could not be decided.
 *
 * @example
 * placeTests(priceSubsidy.source.eligibility, env).length // 1: the CPI trigger
 */
export function placeTests(eligibility: ConditionInput, env: ConditionEnv): Test[] {
  const conjuncts = eligibility.all ?? [eligibility];
  return conjuncts.filter(readsOnlyThePlace).map((conjunct) => compileTest(conjunct, env));
}

/** Whether a condition reads nothing a household gives: place facts, literals and parameters only. */
function readsOnlyThePlace(node: ConditionInput): boolean {
  if (node.all) return node.all.length > 0 && node.all.every(readsOnlyThePlace);
  if (node.any) return node.any.length > 0 && node.any.every(readsOnlyThePlace);
  if (node.not) return readsOnlyThePlace(node.not);
  // A shared condition may read anything (and its reasons are its own): left to the household's decision.
  if (node.condition !== undefined || node.fact === undefined || !PLACE_FACTS.has(node.fact)) return false;
  const value = node.value;
  // A threshold read from a fact is the household's; a literal or a parameter is the place's.
  return !(value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value);
}
