import type { Household, Member } from '../household/schema.js';
import type { Area } from '../household/vocabulary.js';
import { ParameterUnavailable, resolveParameter, type ParameterScope, type ResolvedParameter } from '../policy/parameters.js';
import type { Policy } from '../policy/types.js';
import type { FactValue } from './operators.js';

/**
 * The members a program sees. Members granted a program named in `membersLeftOut` (a 特困 person in a 低保
 * household) are not in it at all; `counted` are those art. 7 counts.
 */
export interface HouseholdView {
  key: string;
  members: readonly Member[];
  counted: readonly Member[];
}

/** One evaluated condition, as data: the raw material of every explanation. */
export interface Reason {
  /** `program/conditionId`, or `program` for the program's own verdict. */
  rule: string;
  code?: string;
  passed: boolean;
  memberId?: string;
  fact?: string;
  factValue?: JsonScalar;
  operator?: string;
  threshold?: JsonScalar | JsonScalar[];
  /** Where the threshold came from: `param:NAME` or `fact:NAME`. */
  thresholdRef?: string;
  citation?: string;
  /** Extra values an engine reason speaks of (the excluding program, the missing parameter). */
  params?: Record<string, string>;
}
export type JsonScalar = string | number | boolean | null;

/** What a program granted so far in this evaluation, for the programs that depend on it. */
export interface ProgramOutcome {
  granted: boolean;
  /** Members granted (person programs) or sharing (household programs). */
  members: ReadonlySet<string>;
}

/**
 * Everything one evaluation reads, and the record of what it used. Created per `evaluate` call and never shared
 * between calls, which is what makes concurrent evaluations safe.
 */
export class EvaluationContext implements ParameterScope {
  readonly used = new Map<string, ResolvedParameter>();
  readonly outcomes = new Map<string, ProgramOutcome>();
  readonly factCache = new Map<string, FactValue>();
  trace: Reason[] | null = null;
  /** Whether parameters used are recorded in {@link used} (a decision lists them; screening does not need them). */
  recording = true;
  programId = '';
  /** The members who share the current household program's amount (set before its amount steps run). */
  beneficiaries: readonly Member[] = [];
  view: HouseholdView;

  constructor(
    readonly policy: Policy,
    readonly household: Household,
    readonly asOf: string,
    readonly region: string,
    readonly area: Area,
    view: HouseholdView,
  ) {
    this.view = view;
  }

  /** Parameters this evaluation has resolved, by name (region, area and asOf are fixed for it). */
  private readonly resolved = new Map<string, ResolvedParameter | undefined>();

  /** Resolves a parameter and records it (and what it was derived from) as used by this decision. */
  param(name: string): ResolvedParameter | undefined {
    if (this.resolved.has(name)) return this.resolved.get(name);
    const resolved = resolveParameter(this, name);
    this.resolved.set(name, resolved);
    if (resolved) this.record(resolved);
    return resolved;
  }

  /** Like {@link param}, but a missing value stops the program as undetermined. */
  requireParam(name: string): ResolvedParameter {
    const resolved = this.param(name);
    if (!resolved) throw new ParameterUnavailable(name);
    return resolved;
  }

  private record(resolved: ResolvedParameter): void {
    if (!this.recording || this.used.has(resolved.name)) return;
    this.used.set(resolved.name, resolved);
    for (const dependency of resolved.dependsOn ?? []) this.record(dependency);
  }
}
