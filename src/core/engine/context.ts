import type { Decimal } from 'decimal.js';
import type { HardshipEvent, Household, Member } from '../household/schema.js';
import { householdView } from '../household/view.js';
import type { Area } from '../household/vocabulary.js';
import { resolveParameter, type ParameterScope, type ResolvedParameter } from '../policy/parameters.js';
import { ParameterUnavailable, ProgramUndetermined } from './signals.js';
import type { Policy } from '../policy/types.js';
import type { FactValue } from './operators.js';
import type { BundledReasonCode } from '../policy/bundledIds.js';
import type { EngineReasonCode } from '../decision/locales/shape.js';

/** A reason code of the bundled rules or of the engine itself (`jiuzhu.excludedBy` …). */
export type ReasonCode = BundledReasonCode | EngineReasonCode;

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
  /** The reason's code: the bundled rules' codes and the engine's own autocomplete; rule files may add others. */
  code?: ReasonCode | (string & {});
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

/**
 * How a decided program stands for a member or the household: it grants (with an amount); it recognises (the tests
 * hold, the amount or a note could not be worked out: `qualifies`); it could not decide; or it gives nothing.
 */
export type Standing = 'granted' | 'recognised' | 'undetermined' | 'none';

/** What a program granted so far in this evaluation, for the programs that depend on it. */
export interface ProgramOutcome {
  granted: boolean;
  /** Members granted (person programs) or sharing (household programs). */
  members: ReadonlySet<string>;
  /** What each of those members gets from the program, as the decision writes it (for 补差 by a later program). */
  amounts: ReadonlyMap<string, string>;
  /** Members a person program recognises without an amount (see {@link Standing}). */
  recognised: ReadonlySet<string>;
  /**
   * How the program stands for a member — for a household or event program, its own standing whoever asks — or,
   * asked for no one, for the household: granted if it grants anyone, else recognised if it recognises anyone, else
   * undetermined if it could not decide for someone.
   */
  standing(memberId: string | undefined): Standing;
}

/**
 * Whether a decided program grants (or recognises) a member, as a program after it reads that (`memberGranted`, a
 * supporter who is 特困); undefined when it could not decide for the member, or recognises a household program
 * without saying who shares it — then nothing after it may be decided on a guess.
 *
 * @example
 * grantsMember(ctx.outcomes.get('tekun')!, 'm1') // true when m1 is 特困 in this evaluation
 */
export function grantsMember(outcome: ProgramOutcome, memberId: string): boolean | undefined {
  if (outcome.members.has(memberId) || outcome.recognised.has(memberId)) return true;
  const standing = outcome.standing(memberId);
  return standing === 'undetermined' || standing === 'recognised' ? undefined : false;
}

/**
 * Whether a decided program grants (or recognises) anyone in the household (`householdGranted`); undefined when it
 * could not decide.
 *
 * @example
 * grantsHousehold(ctx.outcomes.get('dibao')!) // true when the household gets 低保
 */
export function grantsHousehold(outcome: ProgramOutcome): boolean | undefined {
  const standing = outcome.standing(undefined);
  return standing === 'undetermined' ? undefined : standing !== 'none';
}

/**
 * What a decided program pays a member, as the decision writes it (for 补差): null when nothing, undefined when that
 * is not known (it could not decide, or recognises the member without an amount).
 *
 * @example
 * amountGranted(ctx.outcomes.get('tekun')!, 'm1') // '1981.00'
 */
export function amountGranted(outcome: ProgramOutcome, memberId: string): string | null | undefined {
  const amount = outcome.amounts.get(memberId);
  if (amount !== undefined) return amount;
  const standing = outcome.standing(memberId);
  return standing === 'undetermined' || standing === 'recognised' ? undefined : null;
}

/**
 * The resolved parameters of one (region, area, asOf), kept in the policy's parameter cache: households of the same
 * place and date share them, so each is resolved once per policy rather than once per household. A caller that meets
 * the same place again (the compiled programs' `Place`) may keep the map and hand it to {@link EvaluationContext}.
 *
 * @example
 * new EvaluationContext(policy, household, asOf, scopedParameters(policy, household.region, household.area, asOf))
 */
export function scopedParameters(policy: Policy, region: string, area: Area, asOf: string): Map<string, ResolvedParameter | undefined> {
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
 * The facts of one household view, or of one member in it. Each (fact, params) a rule reads has a slot fixed when the
 * rule is compiled (see `factGetter`), so a read is an array index, not a keyed lookup; facts read for a hardship
 * event are few and keyed by the event as well.
 */
export interface FactCache {
  readonly slots: unknown[];
  /** Made on the first fact read for an event: most households have none, and most caches never see one. */
  byEvent: Map<string, FactValue> | undefined;
}

/**
 * Values kept per member: a household member's by his or her place in the household, anyone else's by a map. (A map
 * keyed by the member object gave each fresh member of each household screened an identity hash.)
 */
interface PerMember<T> {
  members: (T | undefined)[];
  others: Map<Member, T> | undefined;
}

const perMember = <T>(): PerMember<T> => ({ members: [], others: undefined });

/** A member's value in `store`, made on first use. */
function memberEntry<T>(store: PerMember<T>, household: Household, member: Member, make: () => T): T {
  const index = household.members.indexOf(member);
  if (index >= 0) return (store.members[index] ??= make());
  const others = (store.others ??= new Map());
  let own = others.get(member);
  if (!own) others.set(member, (own = make()));
  return own;
}

/** A view's fact caches: the household's and each member's. */
interface ViewFactCaches {
  household: FactCache;
  members: PerMember<FactCache>;
}

const newFactCache = (): FactCache => ({ slots: [], byEvent: undefined });
const newList = (): unknown[] => [];

const NO_ONE: ReadonlySet<string> = new Set();

/** Whether two sets of member ids hold the same ids. */
function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const id of b) if (!a.has(id)) return false;
  return true;
}

/** Step values before any program's steps run: replaced, never added to, so one empty map serves every evaluation. */
const NO_STEP_VALUES: ReadonlyMap<string, Decimal> = new Map();

/**
 * Everything one evaluation reads, and the record of what it used. Created per `evaluate` call and never shared
 * between calls, which is what makes concurrent evaluations safe.
 */
export class EvaluationContext implements ParameterScope {
  /** The parameters used, in the order first read; one entry per name, region and area. */
  readonly used: ResolvedParameter[] = [];
  readonly outcomes = new Map<string, ProgramOutcome>();
  /** Fact values per household view; within a view the household's, and each member's, by fact and params. */
  private readonly factCaches = new Map<string, ViewFactCaches>();
  private lastView: HouseholdView | undefined;
  private lastViewCache: ViewFactCaches | undefined;
  trace: Reason[] | null = null;
  /** Whether the household program being decided passed its tests (an amount or a note may still be undetermined). */
  qualified = false;
  /** Whether parameters used are recorded in {@link used}: a decision lists them, screening does not need them. */
  recording = true;
  /** Set while classifications and notes run: their reasons explain and do not decide. */
  noting = false;
  /**
   * Tracing only for the reasons' codes (screening's `missed` and `review`): the same reasons in the same order as a
   * full trace, without the figures each one quotes.
   */
  codesOnly = false;
  /** Deciding without explanation (screening): conditions short-cut, and what cannot be decided is settled as tracing settles it. */
  quick = false;
  programId = '';
  /** The members who share the current household program's amount (set before its amount steps run). */
  beneficiaries: readonly Member[] = [];
  view: HouseholdView;

  /** The hardship event an event-level program is deciding (临时救助), if any. */
  event: HardshipEvent | undefined = undefined;
  /** The current program's step values, for classifications that read them (approval level). */
  steps: ReadonlyMap<string, Decimal> = NO_STEP_VALUES;
  /**
   * Where parameters are resolved: the household's region, or for an event the place it happened (急难发生地).
   * Changing it changes the parameter cache key, so values never leak between regions.
   */
  region: string;
  /** Urban or rural for parameters: the household's, or the event's where it says. */
  area: Area;

  /**
   * Starts at the household's own region and area, seeing the whole household. `homeParameters`, when given, is
   * {@link scopedParameters} of that place, kept by the caller: not looked up again for every household.
   */
  constructor(
    readonly policy: Policy,
    readonly household: Household,
    readonly asOf: string,
    homeParameters?: Map<string, ResolvedParameter | undefined>,
  ) {
    this.region = household.region;
    this.area = household.area;
    this.view = this.viewWithout(NO_ONE);
    if (homeParameters) this.scopes.know(household.region, household.area, homeParameters);
  }

  /** The fact cache of the current household view: the household's, or a member's. */
  factCacheOf(member: Member | undefined): FactCache {
    if (this.lastView !== this.view || !this.lastViewCache) {
      let entry = this.factCaches.get(this.view.key);
      if (!entry) this.factCaches.set(this.view.key, (entry = { household: newFactCache(), members: perMember() }));
      this.lastView = this.view;
      this.lastViewCache = entry;
    }
    const entry = this.lastViewCache;
    if (!member) return entry.household;
    // A person's tests read one fact after another about the same member: that one is found without a lookup.
    if (member === this.lastMember && entry === this.lastMemberEntry) return this.lastMemberCache!;
    const own = memberEntry(entry.members, this.household, member, newFactCache);
    this.lastMember = member;
    this.lastMemberEntry = entry;
    this.lastMemberCache = own;
    return own;
  }

  private lastMember: Member | undefined;
  private lastMemberEntry: object | undefined;
  private lastMemberCache: FactCache | undefined;

  /** The views leaving someone out, made on the first (most households have no one a program leaves out). */
  private views: Map<string, HouseholdView> | undefined;
  private wholeView: HouseholdView | undefined;
  /** Memos per region and area (an event elsewhere has its own), each member's a list by a number its caller keeps. */
  private readonly memos = new ByPlace(() => perMember<unknown[]>());

  /**
   * The list of values about one member that no program changes (e.g. countable income under a basis, at the
   * basis's `index`), kept for the evaluation: the caller reads and writes its own place in it. Values that read
   * parameters are kept per region and area, since events change both. A list, not a map by name, and no callback:
   * a member's income is read a dozen times per household, and each made garbage.
   *
   * @example
   * const memo = ctx.memoOf(member);
   * const income = (memo[basis.index] ??= computeIncome(member, basis));
   */
  memoOf(member: Member): unknown[] {
    return memberEntry(this.memos.at(this.region, this.area), this.household, member, newList);
  }

  /**
   * The household as a program sees it, with these members left out; one view per distinct set, so that programs
   * seeing the same members share their facts.
   */
  viewWithout(leftOut: ReadonlySet<string>): HouseholdView {
    if (leftOut.size === 0) return (this.wholeView ??= householdView(this.household, leftOut));
    const key = [...leftOut].sort().join(',');
    const views = (this.views ??= new Map());
    let view = views.get(key);
    if (!view) views.set(key, (view = householdView(this.household, leftOut)));
    return view;
  }

  /**
   * The household as a program sees it: without the members granted any of `programs` (its `membersLeftOut`) so far.
   *
   * @example
   * ctx.viewLeavingOut(['tekun']).counted // the counted members not granted 特困
   */
  viewLeavingOut(programs: readonly string[]): HouseholdView {
    let leftOut: Set<string> | undefined;
    for (let i = 0; i < programs.length; i++) {
      const outcome = this.outcomes.get(programs[i]!);
      if (!outcome) continue;
      // Recognised is left out too: a 特困 person is one whatever the care amount (see `Standing`).
      if (outcome.members.size > 0) for (const id of outcome.members) (leftOut ??= new Set()).add(id);
      if (outcome.recognised.size > 0) for (const id of outcome.recognised) (leftOut ??= new Set()).add(id);
    }
    if (leftOut === undefined) return this.viewWithout(NO_ONE);
    // The programs deciding after 特困 each ask for the view without its members: the view found last for the same
    // members is found again without sorting and joining their ids into a key.
    const last = this.lastLeftOut;
    if (last !== undefined && sameMembers(last.ids, leftOut)) return last.view;
    const view = this.viewWithout(leftOut);
    this.lastLeftOut = { ids: leftOut, view };
    return view;
  }

  /** The members last left out by {@link viewLeavingOut}, and their view. */
  private lastLeftOut: { ids: ReadonlySet<string>; view: HouseholdView } | undefined;

  /**
   * The members a person program has granted in an earlier pass over the same household, while it decides again
   * (a member it grants 特困 can no longer support another, who may then qualify too).
   */
  private provisional: { program: string; members: ReadonlySet<string> } | undefined;
  /** For each member, the members whose grant by the current program would change his or her facts. */
  private grantDependencies: Map<string, Set<string>> | undefined;

  /**
   * Whether this decision grants a member a program: once the program is decided, its outcome; while it is being
   * decided, what its earlier pass granted.
   *
   * @example
   * ctx.grantedSoFar('tekun', 'm2') // true when m2 is granted 特困 in this evaluation
   */
  grantedSoFar(program: string, memberId: string): boolean {
    return this.grantedTo(program, memberId) || (this.provisional?.program === program && this.provisional.members.has(memberId));
  }

  /**
   * Whether a program decided earlier grants (or recognises) a member; throws where it could not decide for him or
   * her (see {@link grantsMember}).
   *
   * @example
   * ctx.grantedTo('tekun', 'm2') // true when 特困 was granted to m2 earlier in this evaluation
   */
  grantedTo(program: string, memberId: string): boolean {
    const decided = this.outcomes.get(program);
    const grants = decided === undefined ? false : grantsMember(decided, memberId);
    if (grants === undefined) throw new ProgramUndetermined(program);
    return grants;
  }

  /**
   * Whether a program decided earlier grants (or recognises) anyone in the household; throws where it could not decide.
   *
   * @example
   * ctx.grantedToHousehold('dibao') // true when the household gets 低保
   */
  grantedToHousehold(program: string): boolean {
    const decided = this.outcomes.get(program);
    const grants = decided === undefined ? false : grantsHousehold(decided);
    if (grants === undefined) throw new ProgramUndetermined(program);
    return grants;
  }

  /**
   * What a program decided earlier pays a member (null: nothing); throws where that is not known (see
   * {@link amountGranted}).
   *
   * @example
   * ctx.amountGrantedTo('tekun', 'm1') // '1981.00'
   */
  amountGrantedTo(program: string, memberId: string): string | null {
    const decided = this.outcomes.get(program);
    const amount = decided === undefined ? null : amountGranted(decided, memberId);
    if (amount === undefined) throw new ProgramUndetermined(program);
    return amount;
  }

  /**
   * Whether any member's facts were found to depend on another's grant in this pass (see {@link dependsOnGrant}):
   * without any, {@link mightGrant} can add no one, and a person program's first pass is its last.
   */
  get dependsOnGrants(): boolean {
    return this.grantDependencies !== undefined;
  }

  /** Notes that a member's facts depend on whether another member is granted the program being decided. */
  dependsOnGrant(memberId: string, otherId: string): void {
    const map = (this.grantDependencies ??= new Map());
    let set = map.get(memberId);
    if (!set) map.set(memberId, (set = new Set()));
    set.add(otherId);
  }

  /**
   * The members a person program might grant once it knows its own grants: those it granted, and those not granted
   * whose facts depend on members who are in this set too (two elderly spouses with no one else: each is the other's
   * only supporter, and a 特困 person cannot support — so each may be 特困). The engine starts from this set and
   * decides again until the grants settle, which gives the largest set of grants that agree with themselves.
   *
   * @example
   * ctx.mightGrant(new Set(), ['m1', 'm2']) // Set { 'm1', 'm2' } when each depends on the other
   */
  mightGrant(granted: ReadonlySet<string>, notGranted: readonly string[]): Set<string> {
    const dependencies = this.grantDependencies;
    const maybe = new Set(dependencies ? notGranted.filter((id) => dependencies.has(id)) : []);
    // Leave out whoever depends only on members that will not be granted: they cannot change.
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of maybe) {
        if (![...dependencies!.get(id)!].some((other) => granted.has(other) || maybe.has(other))) {
          maybe.delete(id);
          changed = true;
        }
      }
    }
    return new Set([...granted, ...maybe]);
  }

  /** Sets the members an earlier pass of `program` granted (or clears them with `undefined`) and forgets dependencies. */
  beginPass(program: string, granted: ReadonlySet<string> | undefined): void {
    this.provisional = granted === undefined ? undefined : { program, members: granted };
    this.grantDependencies = undefined;
  }

  /** Forgets every cached fact (the reference engine re-reads facts after changing what earlier programs granted). */
  clearFacts(): void {
    this.factCaches.clear();
    this.lastView = undefined;
    this.lastViewCache = undefined;
    this.lastMemberEntry = undefined;
  }

  /**
   * The resolved parameters of each place (region and area) read, from the policy's cache for that place and date:
   * found there once per evaluation, and the place read last without a lookup (a rule reading the other area's rate
   * switches back and forth).
   */
  private readonly scopes = new ByPlace((region, area) => scopedParameters(this.policy, region, area, this.asOf));

  /** Resolves a parameter (for another area if asked) and records it, and what it was derived from, as used. */
  param(name: string, area: Area = this.area): ResolvedParameter | undefined {
    const scoped = this.scopes.at(this.region, area);
    let resolved = scoped.get(name);
    if (resolved === undefined && !scoped.has(name)) {
      resolved = resolveParameter(this, name, area);
      scoped.set(name, resolved);
    }
    if (resolved && this.recording) this.recordUse(resolved, area);
    return resolved;
  }

  /** Like {@link param}, but a missing value stops the program as undetermined. */
  requireParam(name: string, area?: Area): ResolvedParameter {
    const resolved = this.param(name, area);
    if (!resolved) throw new ParameterUnavailable(name);
    return resolved;
  }

  /** Resolved parameters already recorded: a parameter is read many times, recorded once. Made on the first record. */
  private recorded: Set<ResolvedParameter> | undefined;

  /**
   * Records a parameter as used (and what it was derived from), as {@link param} does when it reads one: for the
   * compiled programs, which read their parameters from a place's slots.
   *
   * @example
   * ctx.recordUse(resolved, ctx.area); ctx.used.includes(resolved) // true
   */
  recordUse(resolved: ResolvedParameter, area: Area): void {
    const recorded = (this.recorded ??= new Set());
    if (recorded.has(resolved)) return;
    recorded.add(resolved);
    const names = (this.namesUsed ??= new ByPlace(() => new Set<string>())).at(this.region, area);
    if (names.has(resolved.name)) return;
    names.add(resolved.name);
    this.used.push(resolved);
    if (resolved.dependsOn) for (const dependency of resolved.dependsOn) this.recordUse(dependency, area);
  }

  /** The names already recorded per region and area (another object for one of them is not listed twice). */
  private namesUsed: ByPlace<Set<string>> | undefined;
}

/**
 * Values kept per (region, area) within one evaluation. Events move the place, but most reads come from the same
 * place in a row, so the last one is found without building a key.
 */
class ByPlace<T> {
  /** Made when a second place is read: most evaluations read one. */
  private all: Map<string, T> | undefined;
  private last: { region: string; area: Area; value: T } | undefined;

  constructor(private readonly make: (region: string, area: Area) => T) {}

  /** Takes the value of one place as already known (see `EvaluationContext`'s `homeParameters`). */
  know(region: string, area: Area, value: T): void {
    this.keep();
    this.last = { region, area, value };
  }

  at(region: string, area: Area): T {
    const last = this.last;
    if (last && last.region === region && last.area === area) return last.value;
    if (!last) {
      // The first place read: most evaluations read no other, and need no map or joined key for it.
      const value = this.make(region, area);
      this.last = { region, area, value };
      return value;
    }
    this.keep();
    const all = (this.all ??= new Map());
    const key = `${region}|${area}`;
    let value = all.get(key);
    if (value === undefined) all.set(key, (value = this.make(region, area)));
    this.last = { region, area, value };
    return value;
  }

  /**
   * Puts the place read last among all, before another is read: only then, since most evaluations read one place, and
   * a map and a joined key made for each were garbage.
   */
  private keep(): void {
    const last = this.last;
    if (last) (this.all ??= new Map()).set(`${last.region}|${last.area}`, last.value);
  }
}
