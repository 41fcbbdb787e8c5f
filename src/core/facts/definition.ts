import type { EvaluationContext } from '../engine/context.js';
import type { FactValue } from '../engine/operators.js';
import type { Member } from '../household/schema.js';
import type { Bilingual } from '../text/template.js';

/** Where a fact or condition applies: the household, one member, or one hardship event. */
export type Level = 'household' | 'member' | 'event';

/** What a fact param refers to, so that a rule file naming a basis or program that does not exist fails at load. */
export type FactParamKind = 'incomeBasis' | 'program' | 'step' | 'parameter';

/**
 * A fact: a named, typed, documented, pure function of the household (or of one member) on `asOf`. Rule files may
 * reference only facts of this catalog.
 */
export interface FactDefinition {
  name: string;
  level: Level;
  type: 'money' | 'count' | 'years' | 'months' | 'boolean' | 'enum' | 'text' | 'decimal';
  description: Bilingual;
  /** Allowed params, with their defaults (`undefined` = required). */
  params?: Readonly<Record<string, { kind: FactParamKind; default?: string }>>;
  /** Enum facts: the values they take. */
  values?: readonly string[];
  /** Parameters the fact may read; they must be defined in every policy that uses the fact. */
  parameters?: readonly string[];
  /** Other programs whose outcome the fact reads (evaluation order follows). */
  readsOutcomes?: boolean;
  compute(ctx: EvaluationContext, member: Member | undefined, params: Readonly<Record<string, string>>): FactValue;
  /** Facts about the current program's own computation (amount steps): never cached. */
  volatile?: boolean;
}

/** Declares a fact; only a typing aid. */
export function defineFact(fact: FactDefinition): FactDefinition {
  return fact;
}
