import type { EvaluationContext } from '../engine/context.js';
import type { FactValue } from '../engine/operators.js';
import type { Member } from '../household/schema.js';
import type { FactDefinition } from './definition.js';
import { HOUSEHOLD_FACTS } from './householdFacts.js';
import { MEMBER_FACTS } from './memberFacts.js';
import { MONITORING_FACTS } from './monitoringFacts.js';
import { PROGRAM_FACTS } from './programFacts.js';
import { SUPPORT_FACTS } from './supportFacts.js';

/** Every fact a rule file may name, by name. `jiuzhu facts` prints this catalog. */
export const FACTS: ReadonlyMap<string, FactDefinition> = new Map(
  [...HOUSEHOLD_FACTS, ...MEMBER_FACTS, ...SUPPORT_FACTS, ...PROGRAM_FACTS, ...MONITORING_FACTS].map((fact) => [fact.name, fact]),
);

/**
 * A getter for one fact with its params, as a rule reads it: computed once per evaluation, household view and member,
 * and cached under the fact's name and params. What varies by fact (cached or not, per member or per household, the
 * cache key) is settled here, once, when the rule is compiled, not on every read.
 *
 * @example
 * const perCapita = factGetter(FACTS.get('perCapitaIncome')!, { basis: 'household' });
 * perCapita(ctx, undefined) // Decimal 750
 */
export function factGetter(fact: FactDefinition, params: Readonly<Record<string, string>>): (ctx: EvaluationContext, member: Member | undefined) => FactValue {
  // Facts that read other programs' outcomes change as the evaluation proceeds, so they are not cached.
  if (fact.readsOutcomes || fact.volatile) return (ctx, member) => fact.compute(ctx, member, params);
  const perMember = fact.level === 'member';
  const cacheKey = Object.keys(params).length === 0 ? fact.name : `${fact.name}|${JSON.stringify(params)}`;
  const slot = factSlot(cacheKey);
  return (ctx, member) => {
    // Cached per household view, per member for member facts; event facts and anything read at an event's region
    // are keyed by the event too, so no value leaks between places.
    const cache = ctx.factCacheOf(perMember ? member : undefined);
    if (ctx.event) {
      const key = `${cacheKey}|${ctx.event.id}`;
      const byEvent = (cache.byEvent ??= new Map());
      const cached = byEvent.get(key);
      if (cached !== undefined || byEvent.has(key)) return cached!;
      const value = fact.compute(ctx, member, params);
      byEvent.set(key, value);
      return value;
    }
    const cached = cache.slots[slot];
    if (cached !== undefined) return (cached === NO_VALUE ? undefined : cached) as FactValue;
    const value = fact.compute(ctx, member, params);
    cache.slots[slot] = value === undefined ? NO_VALUE : value;
    return value;
  };
}

/** Marks a cached fact whose value is `undefined`, which an empty slot cannot tell apart. */
const NO_VALUE = Symbol('no value');

/** The slot of each distinct (fact, params) in every fact cache, shared by all policies compiled here: there are few. */
const FACT_SLOTS = new Map<string, number>();

function factSlot(cacheKey: string): number {
  let slot = FACT_SLOTS.get(cacheKey);
  if (slot === undefined) FACT_SLOTS.set(cacheKey, (slot = FACT_SLOTS.size));
  return slot;
}

/**
 * Fills in a fact's default params and checks the given ones; returns the problems as text (empty when fine).
 *
 * @example
 * resolveFactParams(FACTS.get('perCapitaIncome')!, {}) // { params: { basis: 'household' }, problems: [] }
 */
export function resolveFactParams(
  fact: FactDefinition,
  given: Readonly<Record<string, string | number | boolean>> | undefined,
): { params: Record<string, string>; problems: string[] } {
  const params: Record<string, string> = {};
  const problems: string[] = [];
  const allowed = fact.params ?? {};
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!(key in allowed)) problems.push(`unknown param "${key}" (allowed: ${Object.keys(allowed).join(', ') || 'none'})`);
    else if (typeof value !== 'string') problems.push(`param "${key}" must be a string`);
    else params[key] = value;
  }
  for (const [key, spec] of Object.entries(allowed)) {
    if (params[key] === undefined) {
      if (spec.default === undefined) problems.push(`param "${key}" is required`);
      else params[key] = spec.default;
    }
  }
  return { params, problems };
}
