import type { Decimal } from 'decimal.js';
import { quoteJson, sha256Hex } from '../audit/canonical.js';
import { canonicalHouseholdJson } from '../audit/inputCanonical.js';
import { fillTemplate } from '../text/template.js';
import { DECISION_CATALOGS } from '../decision/locales/catalog.js';
import { undeterminedText } from '../decision/render.js';
import type { WarningCode } from '../decision/locales/shape.js';
import type { AmountStep, Decision, DecisionWarning, EventOutcome, MemberOutcome, ParameterUse, ProgramDecision } from '../decision/types.js';
import { dayBefore, monthsBefore } from '../household/dates.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { checkHouseholdInput } from '../household/parse.js';
import { copyInput } from '../household/copyInput.js';
import { isRealDate } from '../household/dates.js';
import type { Household, Member } from '../household/schema.js';
import type { Area } from '../household/vocabulary.js';
import { Dec, ROUNDING_MODES, atLeastZero, decimalToFen, formatMoney, moneyString } from '../money/decimal.js';
import { fenToDecimal, sumMoney } from '../money/fen.js';
import type { ResolvedParameter } from '../policy/parameters.js';
import type { CompiledProgram, Policy } from '../policy/types.js';
import { DECISION_FORMAT, ENGINE_VERSION } from '../version.js';
import { deepFreeze } from '../policy/deepFreeze.js';
import { regionKnown } from '../policy/regions.js';
import { EvaluationContext, type ProgramOutcome, type Reason, type Standing } from './context.js';
import { ProgramUndetermined, undeterminedDetail } from './signals.js';

const ZERO = new Dec(0);
const NO_STEP_VALUES: ReadonlyMap<string, Decimal> = new Map();
/**
 * The empty lists of a quick decision (screening): it never leaves the engine, so its lists are never added to and
 * one frozen array serves them all, where an explained decision, handed to the caller, gets its own.
 */
const NONE: never[] = Object.freeze([]) as never[];

export interface EvaluateOptions {
  /** The date the decision is made for, `YYYY-MM-DD`. Required: the library never reads the clock. */
  asOf: string;
}

/**
 * Decides every program of the policy for a household on `asOf` with its full explanation, by the interpreted
 * engine: the reference the compiled programs are held to. The library's `evaluate` (src/core/evaluate.ts) gives
 * the very same decision with the programs compiled; this one is for the property tests and the reference engine.
 *
 * @example
 * evaluateInterpreted(policy, household, { asOf: '2023-06-01' }).circle.circle // 'absolute'
 */
export function evaluateInterpreted(policy: Policy, input: unknown, options: EvaluateOptions): Decision {
  return evaluateWith(decideExplained, policy, input, options);
}

/** Decides every program of a validated household with its full explanation, the parameters read in `ctx.used`. */
export type ExplainedDecider = (policy: Policy, household: Household, asOf: string) => { programs: ProgramDecision[]; ctx: EvaluationContext };

/**
 * Evaluates with the programs decided by `decideAll` (the interpreted engine's, or the compiled programs'): the
 * input validated and hashed, the decision assembled around the programs.
 *
 * @example
 * evaluateWith(decideExplained, policy, household, { asOf: '2023-06-01' }).programs.length // 18
 */
export function evaluateWith(decideAll: ExplainedDecider, policy: Policy, input: unknown, options: EvaluateOptions): Decision {
  // Read once: what is validated is what is hashed, decided and (by toRecord, which checks the hash) recorded.
  const copy = copyInput(input);
  const { household, schemaShaped } = checkInput(copy, options?.asOf, policy);
  const inputSha256 = sha256Hex(canonicalHouseholdJson(copy, schemaShaped));
  const { programs, ctx } = decideAll(policy, household, options.asOf);
  return assemble(policy, household, inputSha256, options.asOf, programs, ctx);
}

/**
 * Every program decided with its full explanation by the interpreted engine.
 *
 * @example
 * decideExplained(policy, household, '2023-06-01').programs[1]?.reasons[0]?.factValue // '400.00'
 */
export function decideExplained(policy: Policy, household: Household, asOf: string): { programs: ProgramDecision[]; ctx: EvaluationContext } {
  const ctx = new EvaluationContext(policy, household, asOf);
  return { programs: policy.programs.map((program) => decideProgram(ctx, program, true)), ctx };
}

/**
 * Validates what an evaluation is given (the household and `asOf`), throwing a {@link JiuzhuError} of kind `input`
 * with every problem; shared by {@link evaluateSync} and screening so that both refuse the same rows. With `policy`,
 * a household the policy does not cover (another province, a city outside a local layer) is refused too
 * (`REGION_NOT_IN_POLICY`): rules that do not apply to it decide nothing about it.
 *
 * @example
 * checkEvaluationInput(household, '2023-06-01').members.length // 5
 */
export function checkEvaluationInput(input: unknown, asOf: string, policy?: Pick<Policy, 'id' | 'region'>): Household {
  return checkInput(input, asOf, policy).household;
}

/** {@link checkEvaluationInput}, also telling whether the input is schema-shaped (see `checkHouseholdInput`). */
function checkInput(input: unknown, asOf: string, policy?: Pick<Policy, 'id' | 'region'>): { household: Household; schemaShaped: boolean } {
  const issues: Issue[] = [];
  const asOfValid = typeof asOf === 'string' && isRealDate(asOf);
  if (!asOfValid) issues.push(makeIssue('INVALID_AS_OF', ['asOf'], { received: String(asOf) }));
  // The members in one shape: the household checked is the engine's alone, and it reads them faster so.
  const { result: checked, schemaShaped } = checkHouseholdInput(input, true);
  if (!checked.ok) issues.push(...checked.issues);
  if (checked.ok && policy && !regionKnown(checked.household.region, policy.region)) {
    issues.push(makeIssue('REGION_NOT_IN_POLICY', ['region'], { region: checked.household.region, policy: policy.id, policyRegion: policy.region }));
  }
  if (asOfValid) issues.push(...afterAsOf(checked.ok ? checked.household : input, asOf, !checked.ok));
  if (issues.length > 0 || !checked.ok) throw new JiuzhuError('input', issues);
  return { household: checked.household, schemaShaped };
}

/**
 * What had not happened by asOf cannot be decided on: a member not yet born, a hardship not yet suffered (临时救助
 * for it would be paid in advance). Read from the input as given when it has other problems (`unchecked`), so that
 * these are reported with them, not after they are mended. (An enrolment, or an income over the line, recorded for
 * after asOf is not refused: as of asOf it has not begun, and the facts read it so.)
 */
function afterAsOf(input: unknown, asOf: string, unchecked: boolean): Issue[] {
  const issues: Issue[] = [];
  const list = (value: unknown): readonly unknown[] => (!Array.isArray(value) ? [] : unchecked ? value.slice(0, 50) : value);
  // A checked household's dates are real dates; an unchecked one's are read only where they are.
  const dateAt = (value: unknown, key: string): string | undefined => {
    const date = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return typeof date === 'string' && (!unchecked || isRealDate(date)) ? date : undefined;
  };
  const household = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  list(household.members).forEach((member, i) => {
    const birthDate = dateAt(member, 'birthDate');
    if (birthDate !== undefined && birthDate > asOf) issues.push(makeIssue('BIRTH_AFTER_AS_OF', ['members', i, 'birthDate'], { birthDate, asOf }));
    const diedOn = dateAt(member, 'diedOn');
    if (diedOn !== undefined && diedOn > asOf) issues.push(makeIssue('DEATH_AFTER_AS_OF', ['members', i, 'diedOn'], { date: diedOn, asOf }));
    const incomes = member !== null && typeof member === 'object' ? (member as Record<string, unknown>).incomes : undefined;
    list(incomes).forEach((income, j) => {
      const date = dateAt(income, 'date');
      if (date !== undefined && date > asOf) issues.push(makeIssue('INCOME_AFTER_AS_OF', ['members', i, 'incomes', j, 'date'], { date, asOf }));
    });
  });
  list(household.events).forEach((event, i) => {
    const date = dateAt(event, 'date');
    if (date !== undefined && date > asOf) issues.push(makeIssue('EVENT_AFTER_AS_OF', ['events', i, 'date'], { date, asOf }));
  });
  return issues;
}

/**
 * Which programs' reasons a quick decision is to give (see {@link decidePrograms}): every program's (`'all'`), or per
 * program, having seen its quick decision, none (`false`), all (`true`), or those about these members (a person
 * program; an engine may give more) — screening wants the reasons of the members it finds, not of everyone.
 */
export type ExplainIf = ((program: ProgramDecision) => boolean | ReadonlySet<string>) | 'all';

/**
 * Decides every program for a validated household without building explanations (no reasons, no breakdown text, no
 * record of parameters) — what screening needs. Status, amounts, members, events and labels are exactly those of
 * {@link evaluate}: it is the same code, with conditions allowed to short-cut; whatever cannot be decided that way
 * is decided again with full tracing. `explainIf` may ask for the reasons of chosen programs (or of `'all'`): the same
 * reasons as `evaluate` gives, in the same order, with their rule, code, outcome and subject but not the figures they
 * quote.
 *
 * @example
 * decidePrograms(policy, household, '2023-06-01').programs.find((p) => p.program === 'dibao')?.amount // '1952.00'
 */
export function decidePrograms(
  policy: Policy,
  household: Household,
  asOf: string,
  explainIf?: ExplainIf,
): { programs: ProgramDecision[]; ctx: EvaluationContext } {
  const ctx = new EvaluationContext(policy, household, asOf);
  ctx.recording = false;
  // Any reasons traced here are dropped or read for their codes only, also those of a program the quick path could
  // not decide: none needs the figures it quotes.
  ctx.codesOnly = true;
  const programs = policy.programs.map((program) => {
    // Every program's reasons wanted (replaying a compact record): traced at once, not decided twice.
    if (explainIf === 'all') return decideProgram(ctx, program, true);
    const quick = decideProgram(ctx, program, false);
    if (explainIf?.(quick)) return decideAgain(ctx, program);
    // A program the quick path handed to the traced one has reasons nobody asked for: drop them.
    if (quick.reasons.length > 0) quick.reasons = [];
    return quick;
  });
  return { programs, ctx };
}

/**
 * A program decided again with its reasons, as if for the first time: what its quick decision granted is forgotten
 * first, or the grants it read of itself (a 特困 supporter) would start from the answer.
 *
 * @example
 * decideAgain(ctx, tekun).reasons.length > 0 // true: the same decision as the quick one, with its reasons
 */
export function decideAgain(ctx: EvaluationContext, program: CompiledProgram): ProgramDecision {
  ctx.outcomes.delete(program.id);
  return decideProgram(ctx, program, true);
}

/** The decision around its programs: circle, parameters used, citations and messages quoted, members, warnings. */
function assemble(policy: Policy, household: Household, inputSha256: string, asOf: string, programs: ProgramDecision[], ctx: EvaluationContext): Decision {
  const granted = new Set(programs.filter((p) => p.eligible).map((p) => p.program));
  const circleRule = policy.circles.find((rule) => rule.anyGranted.some((p) => granted.has(p)));
  const parameters = [...ctx.used].sort((a, b) => (a.name < b.name ? -1 : 1)).map(parameterUse);
  const citations: Decision['citations'] = {};
  const messages: Decision['messages'] = {};
  // A decision quotes a few dozen citations and messages from a hundred or more reasons, most of them the same rule
  // for member after member: each key is looked up once (the objects keep the order keys were first met).
  const cited = new Set<string>();
  const cite = (key: string | undefined) => {
    if (key === undefined || cited.has(key)) return;
    cited.add(key);
    const citation = policy.citations.get(key);
    if (citation) citations[key] = citation;
  };
  const worded = new Set<string>();
  for (const program of programs) {
    cite(program.citation);
    let lastCitation: string | undefined;
    for (const reason of program.reasons) {
      if (reason.citation !== lastCitation) cite((lastCitation = reason.citation));
      const code = reason.code;
      if (code === undefined || worded.has(code)) continue;
      worded.add(code);
      const message = policy.messages.get(code);
      if (message) messages[code] = message;
    }
    for (const step of program.steps) cite(step.citation);
    for (const member of program.members) for (const s of member.supplements) cite(s.citation);
  }
  if (circleRule) cite(circleRule.citation);
  const decision: Decision = {
    format: DECISION_FORMAT,
    id: decisionId(inputSha256, policy.sha256, asOf, ENGINE_VERSION),
    householdId: household.id,
    asOf,
    engine: { name: 'jiuzhu', version: ENGINE_VERSION },
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    inputSha256,
    region: { code: household.region, area: household.area },
    programs,
    circle: circleRule
      ? {
          circle: circleRule.circle,
          programs: circleRule.anyGranted.filter((p) => granted.has(p)),
          citation: circleRule.citation,
          message: circleRule.message,
        }
      : { circle: 'none', programs: [] },
    parameters,
    citations,
    messages,
    members: household.members.map((m) => ({
      id: m.id,
      ...(m.name ? { name: m.name } : {}),
      counted: m.exclusion === undefined && m.diedOn === undefined,
      ...(m.diedOn !== undefined ? { diedOn: m.diedOn } : {}),
    })),
    warnings: warningsFor(programs, ctx.used, policy, household.region),
  };
  return decision;
}

/**
 * A decision's id: the first 32 hex digits of the sha256 of what determines it (input, policy, date, engine version).
 * Replay uses it to check an id written by an older engine.
 *
 * @example
 * decisionId(decision.inputSha256, decision.policy.sha256, decision.asOf, decision.engine.version) === decision.id // true
 */
export function decisionId(inputSha256: string, policySha256: string, asOf: string, engineVersion: string): string {
  // The canonical JSON of { asOf, engine, inputSha256, policy }, keys in their sorted order, written out directly.
  const text = `{"asOf":${quoteJson(asOf)},"engine":${quoteJson(engineVersion)},"inputSha256":${quoteJson(inputSha256)},"policy":${quoteJson(policySha256)}}`;
  return sha256Hex(text).slice(0, 32);
}

/**
 * Decides one program. With `explain`, every condition is traced into reasons and every step written out; without,
 * conditions short-cut and no text is built. Both give the same outcome, undetermined ones included: a short-cut
 * passes over what it cannot decide exactly as tracing does (see `shortCut` in conditions.ts).
 *
 * @example
 * decideProgram(ctx, policy.programs[0], false).status // 'eligible'
 */
export function decideProgram(ctx: EvaluationContext, program: CompiledProgram, explain: boolean): ProgramDecision {
  ctx.quick = !explain;
  try {
    return decideProgramOnce(ctx, program);
  } finally {
    ctx.quick = false;
  }
}

/**
 * A program's decision before it is decided: ineligible, nothing granted, with the reasons traced into `trace` (none
 * when deciding quickly, whose empty lists are one shared frozen array).
 *
 * @example
 * blankDecision(policy.programs[0], null).status // 'ineligible'
 */
export function blankDecision(program: CompiledProgram, trace: Reason[] | null): ProgramDecision {
  // Built field by field, without spreads: this runs 15 times per household in screening.
  const base: ProgramDecision = {
    program: program.id,
    name: program.name,
    level: program.level,
    status: 'ineligible',
    eligible: false,
    amount: '0.00',
    period: program.amount?.period ?? 'month',
    steps: trace ? [] : NONE,
    members: trace ? [] : NONE,
    reasons: trace ?? NONE,
    citation: program.citation,
  };
  if (program.amount) base.rounding = program.amount.rounding;
  return base;
}

function decideProgramOnce(ctx: EvaluationContext, program: CompiledProgram): ProgramDecision {
  ctx.view = ctx.viewLeavingOut(program.membersLeftOut);
  ctx.programId = program.id;
  ctx.trace = ctx.quick ? null : [];
  ctx.qualified = false;
  const base = blankDecision(program, ctx.trace);
  if (program.inForce && (ctx.asOf < program.inForce.from || (program.inForce.until !== undefined && ctx.asOf > program.inForce.until))) {
    ctx.trace?.push({ rule: `${program.id}/inForce`, code: 'jiuzhu.notInForce', passed: false, params: { from: program.inForce.from } });
    ctx.outcomes.set(program.id, NOTHING_GRANTED);
    ctx.trace = null;
    return base;
  }
  try {
    const decided =
      program.level === 'household'
        ? decideHouseholdProgram(ctx, program, base)
        : program.level === 'person'
          ? decidePersonProgram(ctx, program, base)
          : decideEventProgram(ctx, program, base);
    ctx.outcomes.set(program.id, outcomeOf(decided));
    if (decided.eligible && program.validityParameter) {
      const months = ctx.requireParam(program.validityParameter).value as number;
      decided.validUntil = dayBefore(monthsAfter(ctx.asOf, months));
    }
    return decided;
  } catch (error) {
    const detail = undeterminedDetail(error);
    if (!detail) throw error;
    ctx.trace?.push({ rule: `${program.id}/undetermined`, code: 'jiuzhu.undetermined', passed: false, params: detail });
    // A fresh decision: one granted before its validity or classification could not be read grants nothing.
    const undetermined = blankDecision(program, ctx.trace);
    undetermined.status = 'undetermined';
    if (ctx.qualified && program.level === 'household') undetermined.qualifies = true;
    ctx.outcomes.set(program.id, outcomeOf(undetermined));
    return undetermined;
  } finally {
    ctx.trace = null;
    ctx.event = undefined;
    ctx.region = ctx.household.region;
    ctx.area = ctx.household.area;
    ctx.steps = NO_STEP_VALUES;
  }
}


/** The outcome of a program that gives no one anything (not in force, ineligible): one object for them all. */
export const NOTHING_GRANTED: ProgramOutcome = Object.freeze({
  granted: false,
  members: new Set<string>(),
  amounts: new Map<string, string>(),
  recognised: new Set<string>(),
  standing: () => 'none' as const,
});

/**
 * What a decided program gives whom, for the programs decided after it (a 特困 person left out of 低保, 补差), and
 * where it could not decide (those programs cannot either).
 *
 * @example
 * outcomeOf(decision.programs[0]).members.has('m1') // true when m1 was granted
 */
export function outcomeOf(decided: ProgramDecision): ProgramOutcome {
  return decided.status === 'ineligible' ? NOTHING_GRANTED : new DecidedOutcome(decided);
}

/**
 * A program granted or undetermined, as later programs read it. Its sets and map are made on first read: most grants
 * are never read by name (screening grants three or four programs a household, and a set and a map for each were an
 * eighth of what it allocated). The decision is complete when this is made and is not changed after.
 */
class DecidedOutcome implements ProgramOutcome {
  readonly granted: boolean;
  private memberSet: Set<string> | undefined;
  private amountMap: Map<string, string> | undefined;
  private recognisedSet: Set<string> | undefined;

  constructor(private readonly decided: ProgramDecision) {
    this.granted = decided.eligible;
  }

  get members(): ReadonlySet<string> {
    if (this.memberSet === undefined) {
      this.memberSet = new Set();
      for (const m of this.decided.members) if (m.eligible) this.memberSet.add(m.memberId);
    }
    return this.memberSet;
  }

  get amounts(): ReadonlyMap<string, string> {
    if (this.amountMap === undefined) {
      this.amountMap = new Map();
      for (const m of this.decided.members) if (m.eligible) this.amountMap.set(m.memberId, m.amount);
    }
    return this.amountMap;
  }

  get recognised(): ReadonlySet<string> {
    if (this.recognisedSet === undefined) {
      this.recognisedSet = new Set();
      if (this.decided.level === 'person') for (const m of this.decided.members) if (m.qualifies) this.recognisedSet.add(m.memberId);
    }
    return this.recognisedSet;
  }

  standing(memberId: string | undefined): Standing {
    const decided = this.decided;
    if (decided.level !== 'person' || decided.members.length === 0) {
      // The program as a whole: a household or event program, or a person program stopped before its members.
      if (decided.eligible) return 'granted';
      if (decided.status !== 'undetermined') return 'none';
      return decided.qualifies ? 'recognised' : 'undetermined';
    }
    let recognised = false;
    let undetermined = false;
    for (const m of decided.members) {
      if (memberId !== undefined && m.memberId !== memberId) continue;
      if (m.eligible) return 'granted';
      if (m.qualifies) recognised = true;
      else if (m.status === 'undetermined') undetermined = true;
    }
    return recognised ? 'recognised' : undetermined ? 'undetermined' : 'none';
  }
}

/** The program that excludes this subject, if any: a person or event is excluded by what it was itself granted. */
function excludingProgram(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): string | undefined {
  // A person program excludes only the persons it granted; a household program excludes the whole household (see
  // `Standing`: a person recognised without an amount is excluded too).
  return program.excludedBy.find((other) => {
    const standing = ctx.outcomes.get(other)?.standing(member?.id);
    return standing === 'granted' || standing === 'recognised';
  });
}

/**
 * Throws when a subject that passed the tests turns on a program that could not decide for it: one that would exclude
 * it, or leave out a member of the household. Asked once the tests hold: a subject refused with the undecided members
 * counted is refused either way — one the other program cannot decide for has no work capacity and an income below the
 * standard, and leaving out such a member lowers no per-capita figure below a line the household was above — while a
 * grant might not stand without them (the others' per-capita income may rise), so it is not made on a guess.
 */
function awaitPrograms(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): void {
  const waiting = undecidedProgram(ctx.outcomes, ctx.household, program.excludedBy, program.membersLeftOut, member?.id);
  if (waiting !== undefined) throw new ProgramUndetermined(waiting);
}

/**
 * The program a subject waits for (see `awaitPrograms`): the first excluder that could not decide for it, then the
 * first program leaving out members that could not decide for one of them. Both engines ask it.
 *
 * @example
 * undecidedProgram(ctx.outcomes, household, ['tekun'], [], 'm1') // 'tekun' when 特困 is undetermined for m1
 */
export function undecidedProgram(
  outcomes: ReadonlyMap<string, ProgramOutcome>,
  household: Household,
  excludedBy: readonly string[],
  membersLeftOut: readonly string[],
  memberId: string | undefined,
): string | undefined {
  for (const other of excludedBy) if (outcomes.get(other)?.standing(memberId) === 'undetermined') return other;
  for (const other of membersLeftOut) {
    const outcome = outcomes.get(other);
    if (outcome === undefined) continue;
    for (const m of household.members) if (outcome.standing(m.id) === 'undetermined') return other;
  }
  return undefined;
}

function pushExclusion(ctx: EvaluationContext, program: CompiledProgram, excluder: string, subject: { memberId?: string; eventId?: string }) {
  const citation = program.exclusionCitations.get(excluder);
  ctx.trace?.push({
    rule: `${program.id}/excludedBy`,
    code: 'jiuzhu.excludedBy',
    passed: false,
    ...subject,
    ...(citation ? { citation } : {}),
    params: { program: excluder },
  });
}

function decideHouseholdProgram(ctx: EvaluationContext, program: CompiledProgram, base: ProgramDecision): ProgramDecision {
  // An exclusion decides before the tests: there is nothing to explain beyond it.
  const excluder = excludingProgram(ctx, program, undefined);
  if (excluder) {
    pushExclusion(ctx, program, excluder, {});
    return base;
  }
  if (ctx.view.counted.length === 0) {
    ctx.trace?.push({ rule: `${program.id}/members`, code: 'jiuzhu.noMembers', passed: false });
    return base;
  }
  if (!program.eligibility(ctx, undefined)) return base;
  awaitPrograms(ctx, program, undefined);
  ctx.qualified = true;
  runNotes(ctx, program, undefined);
  const amount = program.amount;
  if (!amount) {
    // A recognition without cash (低保边缘, 专项救助): the counted members are those it concerns.
    const members = ctx.view.counted.map((m) => ({ memberId: m.id, status: 'eligible' as const, eligible: true, amount: '0.00', supplements: [] }));
    base.status = 'eligible';
    base.eligible = true;
    base.members = members;
    return withClassifications(ctx, program, undefined, base);
  }
  const beneficiaries = ctx.view.counted.filter((m) => !amount.beneficiaries || amount.beneficiaries(ctx, m));
  ctx.beneficiaries = beneficiaries;
  const { steps, value, values } = runSteps(ctx, program, undefined);
  const total = roundTo(value, amount.rounding);
  const shares = splitEqually(total, beneficiaries.length);
  const members: MemberOutcome[] = beneficiaries.map((member, i) => {
    const supplements = runSupplements(ctx, program, member, values);
    const memberTotal = supplements.reduce((sum, s) => sum.plus(s.amount), shares[i]!);
    return {
      memberId: member.id,
      status: 'eligible' as const,
      eligible: true,
      amount: formatMoney(memberTotal),
      share: formatMoney(shares[i]!),
      supplements: supplements.map((s) => ({ ...s, amount: formatMoney(s.amount) })),
    };
  });
  const householdTotal = sumMoney(members.map((m) => m.amount));
  base.status = 'eligible';
  base.eligible = true;
  base.amount = formatMoney(householdTotal);
  base.steps = steps;
  base.members = members;
  return withClassifications(ctx, program, undefined, base);
}

function decidePersonProgram(ctx: EvaluationContext, program: CompiledProgram, base: ProgramDecision): ProgramDecision {
  const candidates = program.candidates === 'counted' ? ctx.view.counted : ctx.view.members;
  const decideAll = () =>
    candidates.map((member) => {
      const decided = decideSubject(ctx, program, member, { memberId: member.id }) as MemberOutcome;
      decided.memberId = member.id;
      return decided;
    });
  ctx.beginPass(program.id, undefined);
  let members: MemberOutcome[] = decideAll();
  // A member granted here may change another's facts (a 特困 person cannot support another). Decide again, taking as
  // granted whoever might be, until the grants agree with themselves: each pass can only take grants away, so this
  // ends within one pass per member, at the largest set of grants consistent with the law's own test.
  // Recognised counts as granted here: one who qualifies is 特困 whatever the care amount, and cannot support another.
  const grantedIn = (outcomes: readonly MemberOutcome[]) => new Set(outcomes.filter((m) => m.eligible || m.qualifies).map((m) => m.memberId));
  let assumed = ctx.mightGrant(grantedIn(members), members.filter((m) => !m.eligible && !m.qualifies).map((m) => m.memberId));
  if (assumed.size > grantedIn(members).size) {
    // What a pass grants does not depend on tracing it: the passes that find where the grants settle are decided
    // quickly, and only the last one, whose reasons are the decision's, is decided again traced.
    const { trace, quick } = ctx;
    ctx.trace = null;
    ctx.quick = true;
    let last = members;
    for (let pass = 0; pass <= candidates.length; pass++) {
      ctx.beginPass(program.id, assumed);
      last = decideAll();
      const granted = grantedIn(last);
      if (granted.size === assumed.size && [...granted].every((id) => assumed.has(id))) break;
      if (pass < candidates.length) assumed = granted;
    }
    ctx.trace = trace;
    ctx.quick = quick;
    if (!trace) members = last;
    else if (assumed.size > 0) {
      ctx.beginPass(program.id, assumed);
      trace.length = 0;
      members = decideAll();
    }
    // Settled on no one: granting no one provisionally is the first pass again (`grantedSoFar` reads an empty set as
    // none), whose reasons and members stand.
  }
  ctx.beginPass(program.id, undefined);
  if (candidates.length === 0) ctx.trace?.push({ rule: `${program.id}/members`, code: 'jiuzhu.noMembers', passed: false });
  base.members = members;
  return withOverall(base, members);
}

/**
 * Event programs (临时救助) decide each hardship event on its own. An emergency is decided with the parameters of the
 * place it happened (急难发生地), whatever the household's own region; expenditure hardship is applied for where the
 * family lives, with its own standards (国发〔2014〕47号).
 */
function decideEventProgram(ctx: EvaluationContext, program: CompiledProgram, base: ProgramDecision): ProgramDecision {
  if (ctx.view.counted.length === 0 && ctx.household.events.length > 0) {
    ctx.trace?.push({ rule: `${program.id}/members`, code: 'jiuzhu.noMembers', passed: false });
    return base;
  }
  const events: EventOutcome[] = ctx.household.events.map((event) => {
    ctx.event = event;
    ({ region: ctx.region, area: ctx.area } = placeOfEvent(event, ctx.household));
    const { supplements: _none, steps, ...decided } = decideSubject(ctx, program, undefined, { eventId: event.id });
    return { eventId: event.id, region: event.region, ...decided, steps: steps ?? [] };
  });
  if (ctx.household.events.length === 0) ctx.trace?.push({ rule: `${program.id}/candidates`, code: 'jiuzhu.noEvent', passed: false });
  base.events = events;
  return withOverall(base, events);
}

/**
 * Where a hardship event is decided: an emergency where it happened (急难发生地), expenditure hardship where the family
 * lives (国发〔2014〕47号).
 *
 * @example
 * placeOfEvent({ type: 'emergency', region: '440300', … }, household) // { region: '440300', area: 'urban' }
 */
export function placeOfEvent(event: Household['events'][number], household: Household): { region: string; area: Area } {
  return event.type === 'emergency' ? { region: event.region, area: event.area ?? household.area } : { region: household.region, area: household.area };
}

/**
 * One person or event: excluded, eligible with its amount, not eligible, or undetermined on its own (one member
 * without a self-care assessment does not leave the others undecided).
 */
function decideSubject(
  ctx: EvaluationContext,
  program: CompiledProgram,
  member: Member | undefined,
  subject: { memberId?: string; eventId?: string },
): Omit<MemberOutcome, 'memberId'> {
  const excluder = excludingProgram(ctx, program, member);
  if (excluder) {
    pushExclusion(ctx, program, excluder, subject);
    return notGranted(ctx, 'ineligible');
  }
  let qualifies = false;
  try {
    if (program.undeterminedWhen && waitsFor(ctx, program.undeterminedWhen, member, subject)) return notGranted(ctx, 'undetermined');
    if (!program.eligibility(ctx, member)) return notGranted(ctx, 'ineligible');
    awaitPrograms(ctx, program, member);
    qualifies = true;
    runNotes(ctx, program, member);
    const granted = grantSubject(ctx, program, member) as Omit<MemberOutcome, 'memberId'>;
    granted.status = 'eligible';
    granted.eligible = true;
    return granted;
  } catch (error) {
    const detail = undeterminedDetail(error);
    ctx.noting = false;
    if (!detail) throw error;
    ctx.trace?.push({ rule: `${program.id}/undetermined`, code: 'jiuzhu.undetermined', passed: false, ...subject, params: detail });
    // The tests held: the program recognises the subject, only its amount (or a note) is not known.
    return qualifies ? { ...notGranted(ctx, 'undetermined'), qualifies: true } : notGranted(ctx, 'undetermined');
  }
}

/**
 * Whether a subject cannot be decided yet (the program's `undeterminedWhen` holds): the condition is read untraced
 * first, and only when it holds traced, with its own message last, so the decision says what is awaited and why.
 */
function waitsFor(
  ctx: EvaluationContext,
  pending: NonNullable<CompiledProgram['undeterminedWhen']>,
  member: Member | undefined,
  subject: { memberId?: string; eventId?: string },
): boolean {
  const trace = ctx.trace;
  ctx.trace = null;
  let holds: boolean;
  try {
    holds = pending.test(ctx, member);
  } finally {
    ctx.trace = trace;
  }
  if (holds && trace) {
    // Only now traced: what was awaited is explained by its own tests (no advance: the limit already paid …).
    pending.test(ctx, member);
    trace.push(waitingReason(pending, subject));
  }
  return holds;
}

/**
 * The reason a subject is undetermined because the program's `undeterminedWhen` holds: its rule, message and citation.
 *
 * @example
 * waitingReason(program.undeterminedWhen!, { eventId: 'e1' }).code // 'temporary.checkPending'
 */
export function waitingReason(pending: { rule: string; code?: string; citation?: string }, subject: { memberId?: string; eventId?: string }): Reason {
  return {
    rule: pending.rule,
    passed: false,
    ...subject,
    ...(pending.code !== undefined ? { code: pending.code } : {}),
    ...(pending.citation !== undefined ? { citation: pending.citation } : {}),
  };
}

function notGranted(ctx: EvaluationContext, status: 'ineligible' | 'undetermined'): Omit<MemberOutcome, 'memberId'> {
  return { status, eligible: false, amount: '0.00', supplements: ctx.quick ? NONE : [] };
}

/**
 * Sets a person or event program's overall outcome: eligible when anyone is, with the sum of their amounts;
 * undetermined when no one is and someone could not be decided.
 */
function withOverall(decision: ProgramDecision, subjects: readonly { status: string; eligible: boolean; amount: string }[]): ProgramDecision {
  const granted = subjects.filter((s) => s.eligible);
  decision.status = granted.length > 0 ? 'eligible' : subjects.some((s) => s.status === 'undetermined') ? 'undetermined' : 'ineligible';
  decision.eligible = granted.length > 0;
  decision.amount = granted.length === 0 ? '0.00' : formatMoney(sumMoney(granted.map((s) => s.amount)));
  return decision;
}

/** The amount, supplements and classifications of one granted person or event. */
function grantSubject(
  ctx: EvaluationContext,
  program: CompiledProgram,
  member: Member | undefined,
): Pick<MemberOutcome, 'amount' | 'supplements' | 'steps' | 'classifications'> {
  if (!program.amount) {
    const classifications = classify(ctx, program, member);
    return { amount: '0.00', supplements: [], ...(classifications ? { classifications } : {}) };
  }
  const { steps, value, values } = runSteps(ctx, program, member);
  const own = roundTo(value, program.amount.rounding);
  const supplements = member ? runSupplements(ctx, program, member, values) : [];
  const total = supplements.reduce((sum, s) => sum.plus(s.amount), own);
  const classifications = classify(ctx, program, member);
  return {
    amount: formatMoney(total),
    supplements: supplements.map((s) => ({ ...s, amount: formatMoney(s.amount) })),
    steps,
    ...(classifications ? { classifications } : {}),
  };
}

function withClassifications(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined, decided: ProgramDecision): ProgramDecision {
  const classifications = classify(ctx, program, member);
  if (classifications) decided.classifications = classifications;
  return decided;
}

/** Each classification takes its first option whose condition holds (conditions may read the amount steps). */
function classify(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): MemberOutcome['classifications'] {
  if (program.classifications.length === 0) return undefined;
  const out: NonNullable<MemberOutcome['classifications']> = {};
  ctx.noting = true;
  for (const classification of program.classifications) {
    const option = classification.options.find((o) => o.when(ctx, member));
    if (option) out[classification.id] = { value: option.value, label: option.label, ...(option.citation ? { citation: option.citation } : {}) };
  }
  ctx.noting = false;
  return out;
}

/** Notes explain a granted subject (e.g. which self-care items failed) without deciding anything. */
function runNotes(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): void {
  ctx.noting = true;
  for (const note of program.notes) note(ctx, member);
  ctx.noting = false;
}

function runSteps(
  ctx: EvaluationContext,
  program: CompiledProgram,
  member: Member | undefined,
): { steps: AmountStep[]; value: Decimal; values: ReadonlyMap<string, Decimal> } {
  // Without explanation, or traced for reason codes only (screening), nobody reads the breakdown's text.
  if (ctx.quick || ctx.codesOnly) {
    const values = new Map<string, Decimal>();
    let last = ZERO;
    ctx.steps = values;
    for (const step of program.amount!.steps) values.set(step.id, (last = step.expr.value(ctx, member, values)));
    return { steps: [], value: last, values };
  }
  return explainSteps(ctx, program, member);
}

/**
 * A program's amount steps worked out with the breakdown a full decision writes — each step's formula, computation
 * and value — for a member, an event (the context's) or the household. The compiled programs, which work the figures
 * out on their own, ask it for the text of a subject they granted.
 *
 * @example
 * explainSteps(ctx, dibao, undefined).steps[0]?.computation // '1238.00 − 400.00 = 838.00'
 */
export function explainSteps(
  ctx: EvaluationContext,
  program: CompiledProgram,
  member: Member | undefined,
): { steps: AmountStep[]; value: Decimal; values: ReadonlyMap<string, Decimal> } {
  const values = new Map<string, Decimal>();
  const steps: AmountStep[] = [];
  let last = ZERO;
  ctx.steps = values;
  for (const step of program.amount!.steps) {
    const { value, text } = step.expr.explain(ctx, member, values);
    values.set(step.id, value);
    last = value;
    steps.push({
      id: step.id,
      label: step.label,
      formula: step.expr.formula,
      computation: text,
      value: value.toFixed(),
      ...(step.citation ? { citation: step.citation } : {}),
    });
  }
  return { steps, value: last, values };
}

function runSupplements(ctx: EvaluationContext, program: CompiledProgram, member: Member, steps: ReadonlyMap<string, Decimal>) {
  const out: { id: string; label: { zh: string; en: string }; amount: Decimal; citation?: string }[] = [];
  for (const supplement of program.amount!.supplements) {
    if (!supplement.when(ctx, member)) continue;
    const amount = roundTo(supplement.expr.value(ctx, member, steps), program.amount!.rounding);
    if (amount.isZero()) continue;
    out.push({ id: supplement.id, label: supplement.label, amount, ...(supplement.citation ? { citation: supplement.citation } : {}) });
  }
  return out;
}

/** Rounds with the program's declared rounding, never below zero (an amount is never negative). */
/** The calendar date `months` after a date (clamped to the month's last day). */
function monthsAfter(date: string, months: number): string {
  return monthsBefore(date, -months);
}

function roundTo(value: Decimal, rounding: { places: number; mode: keyof typeof ROUNDING_MODES }): Decimal {
  return atLeastZero(value.toDecimalPlaces(rounding.places, ROUNDING_MODES[rounding.mode]));
}

/**
 * Splits a household amount into equal member shares in whole fen; the fen left over go one each to the first
 * members, so the shares add up to the amount exactly.
 *
 * @example
 * splitEqually(new Dec('100.00'), 3).map(String) // ['33.34', '33.33', '33.33']
 */
export function splitEqually(total: Decimal, count: number): Decimal[] {
  if (count === 0) return [];
  const whole = decimalToFen(total);
  if (whole !== undefined && whole >= 0) {
    // Whole fen, the common case: the same split in integers.
    const each = Math.floor(whole / count);
    const remainder = whole - each * count;
    return Array.from({ length: count }, (_, i) => fenToDecimal(i < remainder ? each + 1 : each));
  }
  const fen = total.times(100).toDecimalPlaces(0, Dec.ROUND_DOWN);
  const each = fen.divToInt(count);
  const remainder = fen.minus(each.times(count)).toNumber();
  return Array.from({ length: count }, (_, i) => (i < remainder ? each.plus(1) : each).div(100));
}

/** Each resolved parameter's entry, made once: resolved parameters are shared by every decision of a (region, date). */
const parameterUses = new WeakMap<ResolvedParameter, ParameterUse>();

function parameterUse(p: ResolvedParameter): ParameterUse {
  let use = parameterUses.get(p);
  if (!use) parameterUses.set(p, (use = deepFreeze(buildParameterUse(p))));
  return use;
}

function buildParameterUse(p: ResolvedParameter): ParameterUse {
  return {
    name: p.name,
    type: p.type,
    value: typeof p.value === 'object' ? (p.type === 'money' ? moneyString(p.value) : p.value.toFixed()) : p.value,
    from: p.from,
    region: p.region,
    level: p.level,
    area: p.area,
    layer: p.layer,
    illustrative: p.illustrative,
    ...(p.source ? { source: p.source } : {}),
    ...(p.grade ? { grade: p.grade } : {}),
    ...(p.note ? { note: p.note } : {}),
    ...(p.formula ? { formula: p.formula, computation: p.computation!, dependsOn: (p.dependsOn ?? []).map((d) => d.name) } : {}),
  };
}

function warningsFor(programs: ProgramDecision[], used: ResolvedParameter[], policy: Policy, region: string): DecisionWarning[] {
  const warnings: DecisionWarning[] = [];
  let illustrative: string[] | undefined;
  for (const p of used) if (warnsOf(p, policy).illustrative) (illustrative ??= []).push(p.name);
  if (illustrative) warnings.push(illustrativeWarning(illustrative));
  for (const p of used) {
    if (warnsOf(p, policy).fallsBack) warnings.push(fallbackWarning(p, region));
  }
  // Every subject that could not be decided is a warning, even when others in the program were decided.
  const seen = new Set<string>();
  for (const program of programs) {
    for (const reason of program.reasons) {
      if (reason.code !== 'jiuzhu.undetermined') continue;
      const params = reason.params ?? {};
      const key = `${program.program}|${JSON.stringify(params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const detail = (lang: 'zh' | 'en') => undeterminedText(params, lang, programs);
      warnings.push({
        code: 'PROGRAM_UNDETERMINED',
        params: { program: program.program, ...params },
        message: {
          zh: fillTemplate(DECISION_CATALOGS.zh.warnings.PROGRAM_UNDETERMINED, { program: program.name.zh, detail: detail('zh') }),
          en: fillTemplate(DECISION_CATALOGS.en.warnings.PROGRAM_UNDETERMINED, { program: program.name.en, detail: detail('en') }),
        },
      });
    }
  }
  return warnings;
}

/** The fallback warning of a resolved parameter for households of a region: made once (see {@link sharedWarning}). */
function fallbackWarning(p: ResolvedParameter, region: string): DecisionWarning {
  let byRegion = fallbackWarnings.get(p);
  if (!byRegion) fallbackWarnings.set(p, (byRegion = new Map()));
  let warning = byRegion.get(region);
  if (!warning) byRegion.set(region, (warning = sharedWarning('REGION_FALLBACK', { name: p.name, region, from: p.region, level: p.level })));
  return warning;
}

const fallbackWarnings = new WeakMap<ResolvedParameter, Map<string, DecisionWarning>>();

/** What a resolved parameter puts in a decision's warnings: the same for every decision that uses it. */
interface ParameterWarns {
  /** An illustrative value (one derived by a formula is not listed: those it reads are). */
  illustrative: boolean;
  /** A local standard taken from above the city (a province or national figure). */
  fallsBack: boolean;
}

/** Worked out once per resolved parameter: resolved parameters are shared by every decision of a (region, date). */
const parameterWarns = new WeakMap<ResolvedParameter, ParameterWarns>();

function warnsOf(p: ResolvedParameter, policy: Policy): ParameterWarns {
  let warns = parameterWarns.get(p);
  if (!warns) {
    const localStandard = policy.parameters.get(p.name)?.definition.localStandard === true;
    warns = { illustrative: p.illustrative && !p.formula, fallsBack: localStandard && p.level !== 'city' && p.level !== 'county' };
    parameterWarns.set(p, warns);
  }
  return warns;
}

/** The illustrative-parameters warning for these names (in the order used), listing them sorted. */
const illustrativeWarnings = new Map<string, DecisionWarning>();

function illustrativeWarning(names: string[]): DecisionWarning {
  const key = names.join('|');
  let warning = illustrativeWarnings.get(key);
  if (!warning) {
    if (illustrativeWarnings.size > 10_000) illustrativeWarnings.clear();
    warning = sharedWarning('ILLUSTRATIVE_PARAMETERS', { names: [...new Set(names)].sort().join(', ') });
    illustrativeWarnings.set(key, warning);
  }
  return warning;
}

/**
 * Households of one place and date get the same warnings (the same illustrative parameters, the same fallbacks), so
 * each distinct warning is built once and shared, frozen, like the parameters' entries.
 */
const warningCache = new Map<string, DecisionWarning>();

/** A warning's params with the words for the region level (`city` → 市级) each language uses. */
function inWords(params: Record<string, string>, lang: 'zh' | 'en'): Record<string, string> {
  return params.level === undefined ? params : { ...params, levelName: DECISION_CATALOGS[lang].values[params.level] ?? params.level };
}

function sharedWarning(code: WarningCode, params: Record<string, string>): DecisionWarning {
  const key = `${code}|${JSON.stringify(params)}`;
  let warning = warningCache.get(key);
  if (!warning) {
    if (warningCache.size > 10_000) warningCache.clear();
    warning = Object.freeze({
      code,
      params: Object.freeze(params),
      message: Object.freeze({
        zh: fillTemplate(DECISION_CATALOGS.zh.warnings[code], inWords(params, 'zh')),
        en: fillTemplate(DECISION_CATALOGS.en.warnings[code], inWords(params, 'en')),
      }),
    });
    warningCache.set(key, warning);
  }
  return warning;
}
