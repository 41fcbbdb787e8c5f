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
 * The resolved parameters of one (region, area, asOf), kept in the policy's parameter cache: households of the same
 * place and date share them, so each is resolved once per policy rather than once per household.
 */
function scopedParameters(policy: Policy, region: string, area: Area, asOf: string): Map<string, ResolvedParameter | undefined> {
  const key = `scope|${region}|${area}|${asOf}`;
  let scoped = policy.parameterCache.get(key) as Map<string, ResolvedParameter | undefined> | undefined;
  if (!scoped) {
    if (policy.parameterCache.size > 50_000) policy.parameterCache.clear();
    scoped = new Map();
    policy.parameterCache.set(key, scoped);
  }
  return scoped;
}

/**
 * Everything one evaluation reads, and the record of what it used. Created per `evaluate` call and never shared
 * between calls, which is what makes concurrent evaluations safe.
 */
export class EvaluationContext implements ParameterScope {
  readonly used = new Map<string, ResolvedParameter>();
  readonly outcomes = new Map<string, ProgramOutcome>();
  /** Fact values by household view key; within a view, the household's and each member's, by fact and params. */
  readonly factCache = new Map<string, { household: Map<string, FactValue>; members: Map<Member, Map<string, FactValue>> }>();
  private lastView: HouseholdView | undefined;
  private lastViewCache: { household: Map<string, FactValue>; members: Map<Member, Map<string, FactValue>> } | undefined;

  /** The fact cache of the current view: the household's, or a member's. */
  factCacheOf(member: Member | undefined): Map<string, FactValue> {
    if (this.lastView !== this.view || !this.lastViewCache || !this.factCache.has(this.view.key)) {
      let entry = this.factCache.get(this.view.key);
      if (!entry) this.factCache.set(this.view.key, (entry = { household: new Map(), members: new Map() }));
      this.lastView = this.view;
      this.lastViewCache = entry;
    }
    const entry = this.lastViewCache;
    if (!member) return entry.household;
    let own = entry.members.get(member);
    if (!own) entry.members.set(member, (own = new Map()));
    return own;
  }
  trace: Reason[] | null = null;
  /** Whether parameters used are recorded in {@link used} (a decision lists them; screening does not need them). */
  recording = true;
  /** The policy's resolved parameters for this evaluation's region, area and date, by name (shared, pure). */
  private scoped: Map<string, ResolvedParameter | undefined> | undefined;
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

  /** Resolves a parameter and records it (and what it was derived from) as used by this decision. */
  param(name: string): ResolvedParameter | undefined {
    const scoped = (this.scoped ??= scopedParameters(this.policy, this.region, this.area, this.asOf));
    let resolved = scoped.get(name);
    if (resolved === undefined && !scoped.has(name)) {
      resolved = resolveParameter(this, name);
      scoped.set(name, resolved);
    }
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
