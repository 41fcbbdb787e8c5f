import type { Issue } from '../errors/issue.js';
import type { Citation, ConditionInput, ParameterDefinition, ParameterValue, Program } from './schema.js';
import type { Bilingual } from '../text/template.js';
import type { FactValue } from '../engine/operators.js';
import type { EvaluationContext } from '../engine/context.js';
import type { Member } from '../household/schema.js';
import type { Decimal } from 'decimal.js';

/** A condition compiled to a plain function: json-rules-engine semantics, no engine at run time. */
export type CompiledCondition = (ctx: EvaluationContext, member: Member | undefined) => boolean;

/** An expression compiled to plain functions: one fast, one that also writes the figures it used. */
export interface CompiledExpression {
  /** The formula with names, e.g. `dibao.standard − perCapitaIncome`. */
  formula: string;
  value(ctx: EvaluationContext, member: Member | undefined, steps: ReadonlyMap<string, Decimal>): Decimal;
  explain(ctx: EvaluationContext, member: Member | undefined, steps: ReadonlyMap<string, Decimal>): { value: Decimal; text: string };
}

/** A parameter with its values from every layer of the policy. */
export interface MergedParameter {
  name: string;
  definition: ParameterDefinition;
  values: (ParameterValue & { layer: string; file: string; path: (string | number)[]; compiledFormula?: CompiledExpression })[];
}

export interface CompiledIncomeBasis {
  name: string;
  /** The basis's place among the policy's (`incomeBases`), under which a member's income on it is kept (`memoOf`). */
  index: number;
  label: Bilingual;
  citation: string;
  kinds: Map<
    string,
    {
      treatment: 'counted' | 'excluded' | 'deducted';
      excludedWhen?: CompiledCondition;
      /** `excludedWhen` as written, after overlays (the compiled programs ask whether it writes reasons). */
      excludedWhenAsWritten?: ConditionInput;
      citation?: string;
    }
  >;
}

export interface CompiledStep {
  id: string;
  label: Bilingual;
  expr: CompiledExpression;
  citation?: string;
}

export interface CompiledSupplement extends CompiledStep {
  when: CompiledCondition;
}

export interface CompiledClassification {
  id: string;
  label: Bilingual;
  options: { value: string; label: Bilingual; when: CompiledCondition; citation?: string }[];
}

export interface CompiledProgram {
  id: string;
  name: Bilingual;
  level: 'household' | 'person' | 'event';
  citation: string;
  candidates: 'counted' | 'all';
  excludedBy: string[];
  /** The rule each exclusion rests on, by excluding program. */
  exclusionCitations: ReadonlyMap<string, string>;
  membersLeftOut: string[];
  eligibility: CompiledCondition;
  amount?: {
    period: 'month' | 'year' | 'once';
    rounding: { places: number; mode: 'halfUp' | 'halfEven' | 'down' | 'up' };
    beneficiaries?: CompiledCondition;
    steps: CompiledStep[];
    supplements: CompiledSupplement[];
  };
  classifications: CompiledClassification[];
  notes: CompiledCondition[];
  /** When it holds, the subject is undetermined (see the rule file's `undeterminedWhen`), with this reason code and citation. */
  undeterminedWhen?: { test: CompiledCondition; rule: string; code?: string; citation?: string };
  validityParameter?: string;
  inForce?: { from: string; until?: string };
  /** The rule file as written, after overlays: kept for the policy document and the reference engine. */
  source: Program;
}

/** A screening early warning (政策找人): the household is at or above `line`, within `band` above it. */
export interface CompiledWarning {
  id: string;
  program: string;
  label: Bilingual;
  fact: string;
  /** The fact's params as written, for a reader of the fact compiled elsewhere (the compiled programs'). */
  params?: Readonly<Record<string, string | number | boolean>>;
  get(ctx: EvaluationContext, member: Member | undefined): unknown;
  /** Money parameter the band sits above. */
  line: string;
  /** Ratio parameter: the band's width as a share of the line. */
  band: string;
  citation?: string;
}

/**
 * A periodic review (复核) of the households enrolled in a program: due `interval` months (a months parameter) after
 * the last one. Of a program's rules, the first whose `when` holds (or that has none) applies.
 */
export interface CompiledReview {
  id: string;
  program: string;
  label: Bilingual;
  when?: CompiledCondition;
  interval: string;
  citation: string;
}

/** A recipient's death: the family is re-checked, and its amount settled, within `within` months (a months parameter). */
export interface CompiledDeathRule {
  id: string;
  program: string;
  label: Bilingual;
  within: string;
  citation: string;
}

export interface CircleRule {
  circle: 'absolute' | 'relative' | 'other';
  anyGranted: string[];
  citation: string;
  message: Bilingual;
}

/** The document a policy's hash is taken over: every rule file of every layer, as parsed. */
export interface PolicyDocument {
  format: 'jiuzhu.policy/1';
  id: string;
  version: string;
  layers: { id: string; region: string; files: Record<string, unknown> }[];
}

/**
 * A loaded, validated, compiled policy. Immutable once loaded (its only mutable part is a cache of resolved
 * parameters, which is pure).
 */
export interface Policy {
  id: string;
  version: string;
  name: Bilingual;
  region: string;
  sha256: string;
  document: PolicyDocument;
  parameters: ReadonlyMap<string, MergedParameter>;
  groupsByRegion: ReadonlyMap<string, readonly string[]>;
  regionGroupNames: ReadonlyMap<string, Bilingual>;
  incomeBases: ReadonlyMap<string, CompiledIncomeBasis>;
  citations: ReadonlyMap<string, Citation>;
  /** Shared conditions as written (after overlays), for the reference engine and tools. */
  sharedConditions: ReadonlyMap<string, import('./schema.js').ConditionInput>;
  messages: ReadonlyMap<string, { pass: Bilingual; fail: Bilingual; unknown?: Bilingual }>;
  programs: readonly CompiledProgram[];
  circles: readonly CircleRule[];
  /** Screening early warnings (from `screening` rule files). */
  warnings: readonly CompiledWarning[];
  /**
   * Advice about the rule files that does not stop them loading (`jiuzhu validate` prints it): parameters and
   * citations no rule uses, notes in one language only, money written into a rule where a parameter belongs, reasons
   * without a citation. `lintPolicy` adds what needs today's date or the archived packs.
   */
  lint: readonly Issue[];
  /** Screening periodic reviews (复核), in order, and what a recipient's death asks (from `screening` rule files). */
  reviews: readonly CompiledReview[];
  deaths: readonly CompiledDeathRule[];
  /** The name problems give a rule file of a layer (`provinces/guangdong/parameters.json`, `guangdong:parameters.json`). */
  fileName(layer: number, relativePath: string): string;
  /** Overrides the layers applied, for `jiuzhu policy` and for auditors. */
  overrides: readonly { target: string; layer: string; file: string }[];
  /** Resolved parameters by name|region|area|asOf, and by name within each region|area|asOf. Pure, so safe to share between evaluations. */
  parameterCache: Map<string, unknown>;
}

export type { FactValue };
