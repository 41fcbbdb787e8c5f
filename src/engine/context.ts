import type Decimal from 'decimal.js';
import type { HardshipEvent, Household, Member } from '../household/schema.js';
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
  eventId?: string;
  fact?: string;
  factValue?: JsonScalar;
  operator?: string;
  threshold?: JsonScalar | JsonScalar[];
  /** Where the threshold came from: `param:NAME` or `fact:NAME`. */
  thresholdRef?: string;
  citation?: string;
  /** Written while classifying or noting: it explains, it does not decide, so it reads without ✓/✗. */
  note?: boolean;
  /** Extra values an engine reason speaks of (the excluding program, the missing parameter). */
  params?: Record<string, string>;
}
export type JsonScalar = string | number | boolean | null;

/** What a program granted so far in this evaluation, for the programs that depend on it. */
export interface ProgramOutcome {
  granted: boolean;
  /** Members granted (person programs) or sharing (household programs). */
  members: ReadonlySet<string>;
  /** What each of those members gets from the program (for 补差 by a later program). */
  amounts: ReadonlyMap<string, Decimal>;
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
  /** Set while classifications and notes run: their reasons explain and do not decide. */
  noting = false;
  programId = '';
  /** The members who share the current household program's amount (set before its amount steps run). */
  beneficiaries: readonly Member[] = [];
  view: HouseholdView;

  /** The hardship event an event-level program is deciding (临时救助), if any. */
  event: HardshipEvent | undefined = undefined;
  /** The current program's step values, for classifications that read them (approval level). */
  steps: ReadonlyMap<string, Decimal> = new Map();
  /**
   * Where parameters are resolved: the household's region, or for an event the place it happened (急难发生地).
   * Changing it changes the parameter cache key, so values never leak between regions.
   */
  region: string;
  /** Urban or rural for parameters: the household's, or the event's where it says. */
  area: Area;

  constructor(
    readonly policy: Policy,
    readonly household: Household,
    readonly asOf: string,
    region: string,
    area: Area,
    view: HouseholdView,
  ) {
    this.region = region;
    this.area = area;
    this.view = view;
  }

  /** Resolves a parameter (for another area if asked) and records it, and what it was derived from, as used. */
  param(name: string, area?: Area): ResolvedParameter | undefined {
    const resolved = resolveParameter(this, name, area ?? this.area);
    if (resolved) this.record(resolved, area ?? this.area);
    return resolved;
  }

  /** Like {@link param}, but a missing value stops the program as undetermined. */
  requireParam(name: string, area?: Area): ResolvedParameter {
    const resolved = this.param(name, area);
    if (!resolved) throw new ParameterUnavailable(name);
    return resolved;
  }

  private record(resolved: ResolvedParameter, area: Area): void {
    const key = `${resolved.name}|${this.region}|${area}`;
    if (this.used.has(key)) return;
    this.used.set(key, resolved);
    for (const dependency of resolved.dependsOn ?? []) this.record(dependency, area);
  }
}
