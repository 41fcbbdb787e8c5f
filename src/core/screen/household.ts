import type { ProgramDecision, ProgramStatus } from '../decision/types.js';
import type { EvaluationContext, Reason } from '../engine/context.js';
import { checkEvaluationInput, decidePrograms } from '../engine/evaluate.js';
import { decideProgramsCompiled, type DecidedPrograms } from '../compiled/decide.js';
import { undeterminedDetail } from '../engine/signals.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import type { Household } from '../household/schema.js';
import { decimalToFen, formatMoney, isDecimal, moneyString, snap } from '../money/decimal.js';
import { Fraction } from '../compiled/values.js';
import { sumMoney } from '../money/fen.js';
import type { Policy } from '../policy/types.js';
import type { ResolvedParameter } from '../policy/parameters.js';
import type { Decimal } from 'decimal.js';
import { manageEnrolments, type ScreenAdjustment, type ScreenDeath, type ScreenReviewDue } from './management.js';

/**
 * A program found for a household: eligible but not received (`missed`), or received but no longer eligible
 * (`review`). A person program whose enrolments name their members (`memberIds`) is compared member by member: the
 * members granted whom no enrolment names are `missed`, the members named who no longer qualify are `review`.
 */
export interface ScreenFinding {
  program: string;
  /**
   * The monthly (or per-period) amount `evaluate` gives: what the household (or, member by member, the members
   * missed) would get (`missed`), or `'0.00'`.
   */
  amount: string;
  /**
   * Members granted (person programs) or sharing the amount (household programs); for `review`, empty, or member by
   * member the members to review.
   */
  members: string[];
  /**
   * Message codes of the reasons: the tests passed (`missed`) or failed (`review`), e.g. `dibao.incomeBelowStandard`.
   * None for a member reviewed because the program no longer considers him or her at all (not counted in the
   * household, or left out for another program he or she was granted): no test of it was run for that member.
   */
  reasons: string[];
  /**
   * Set on a `missed` finding when some of those found qualify — every test of the law holds — but what they would get
   * waits for information: 特困 before the self-care assessment that sets the care standard (民发〔2021〕43号 arts.
   * 20–23), an allowance whose standard the policy has no value of for the place and date. They are found all the same
   * (they are owed the program); `amount` counts only the amounts known. What it waits on, distinct, in order: the kind
   * of each missing piece with the fact or parameter it names — `missingFact:selfCareFailedItems` (the assessment: a
   * visit to the household), `parameter:disability.careAllowance` (a value the rule files lack: a matter for the
   * policy staff, not the household), `programUndetermined:tekun`.
   */
  amountPending?: string[];
}

/** An early warning: the household is at or above a program's line, but within the configured band above it. */
export interface ScreenWarning {
  id: string;
  program: string;
  /** The fact compared, exact (`perCapitaIncome`). */
  fact: string;
  value: string;
  /** The line (e.g. the 低保 standard) and the top of the band, line × (1 + band). */
  line: string;
  upTo: string;
  /** True when the band (or the line) comes from an illustrative parameter, not a published figure. */
  illustrative: boolean;
}

/** The screening of one household (政策找人). */
export interface ScreenResult {
  ok: true;
  /** Position in the input, from 0. */
  index: number;
  householdId: string;
  /**
   * The programs the household qualifies for, or that could not be decided, with the status and amount `evaluate`
   * gives them, in the policy's order. A program not listed is ineligible (amount `'0.00'`): most households qualify
   * for few of the fifteen, and listing the rest made every result line four times as long.
   */
  programs: Partial<Record<string, { status: Exclude<ProgramStatus, 'ineligible'>; amount: string }>>;
  missed: ScreenFinding[];
  review: ScreenFinding[];
  warn: ScreenWarning[];
  /**
   * Dynamic management (动态管理) of the enrolments in force: amounts to increase or decrease (增发 / 减发), periodic
   * reviews (复核) due, recipients who have died. Always empty for a household enrolled in nothing.
   */
  adjust: ScreenAdjustment[];
  reviewDue: ScreenReviewDue[];
  deceased: ScreenDeath[];
  /**
   * Programs the household is enrolled in (in force) that the policy does not have — a misspelt id (`低保` for
   * `dibao`) or another system's program — when there are any. They count as no enrolment, so a program found
   * `missed` may be one the household does receive under that name: check these first.
   */
  unknownEnrolments?: string[];
}

/** A row that could not be screened: invalid household or `asOf`. Nothing is lost: it is reported, in order. */
export interface ScreenRowError {
  ok: false;
  index: number;
  /** The household id, when the row had one. */
  householdId?: string;
  issues: Issue[];
}

export type ScreenOutcome = ScreenResult | ScreenRowError;

/**
 * Screens one household: validates it as `evaluate` does, decides every program on the fast path, and compares
 * with the household's enrolments (`enrolments[].program`, in force on `asOf`) and the policy's early warnings.
 * Never throws for a bad household: it returns a {@link ScreenRowError} with every problem.
 *
 * @example
 * const outcome = screenHousehold(policy, household, '2023-06-01');
 * if (outcome.ok) outcome.missed.map((f) => f.program) // ['dibao']
 */
export function screenHousehold(policy: Policy, input: unknown, asOf: string, index = 0): ScreenOutcome {
  return screenWith(decideProgramsCompiled, policy, input, asOf, index);
}

/**
 * {@link screenHousehold} with every program decided by the interpreted engine: the reference the compiled programs
 * are held to, byte for byte, by a property test.
 *
 * @example
 * canonicalJson(screenHouseholdInterpreted(policy, household, asOf)) === canonicalJson(screenHousehold(policy, household, asOf)) // true
 */
export function screenHouseholdInterpreted(policy: Policy, input: unknown, asOf: string, index = 0): ScreenOutcome {
  return screenWith(decidePrograms, policy, input, asOf, index);
}

type Decider = (...args: Parameters<typeof decidePrograms>) => DecidedPrograms;

function screenWith(decide: Decider, policy: Policy, input: unknown, asOf: string, index: number): ScreenOutcome {
  let household: Household;
  try {
    household = checkEvaluationInput(input, asOf, policy);
  } catch (error) {
    return badRow(input, index, error);
  }
  const inForce = household.enrolments.filter((e) => e.since <= asOf);
  // Most households screened receive nothing: no enrolment to compare with, so what is found is what is granted.
  const enrolled = inForce.length === 0 ? NOTHING_ENROLLED : new Set(inForce.map((e) => e.program));
  const byMember = inForce.length === 0 ? NO_MEMBERS_ENROLLED : membersEnrolled(policy, inForce);
  // Which reasons a finding needs: a person program's, only those of the members it names.
  const flagged = (p: ProgramDecision): boolean | ReadonlySet<string> => {
    if (inForce.length === 0) return recognises(p) && subjectsToExplain(p);
    const members = byMember.get(p.program);
    if (members) {
      const gaps = memberGaps(p, members, household);
      return gaps.missed.length + gaps.review.length > 0 && new Set([...gaps.missed, ...gaps.review]);
    }
    if (recognises(p)) return !enrolled.has(p.program) && subjectsToExplain(p);
    return p.status === 'ineligible' && enrolled.has(p.program);
  };
  // Flagged programs are decided with their reasons (codes only), as evaluate gives them; the rest without.
  const { programs, ctx, warningValue } = decide(policy, household, asOf, flagged);
  const result: ScreenResult = { ok: true, index, householdId: household.id, programs: {}, missed: [], review: [], warn: [], adjust: [], reviewDue: [], deceased: [] };
  for (const p of programs) {
    if (p.status !== 'ineligible') result.programs[p.program] = { status: p.status, amount: p.amount };
    const members = byMember.get(p.program);
    if (members) {
      // Member by member: those granted whom no enrolment names, and those named who no longer qualify.
      const gaps = memberGaps(p, members, household);
      if (gaps.missed.length > 0) {
        const missed = p.members.filter((m) => gaps.missed.includes(m.memberId));
        const finding: ScreenFinding = { program: p.program, amount: formatMoney(sumMoney(missed.map((m) => m.amount))), members: gaps.missed, reasons: reasonCodes(p.reasons, true, gaps.missed) };
        const pending = missed.filter((m) => !m.eligible).map((m) => m.memberId);
        if (pending.length > 0) finding.amountPending = waitingOn(p, pending);
        result.missed.push(finding);
      }
      if (gaps.review.length > 0) {
        result.review.push({ program: p.program, amount: '0.00', members: gaps.review, reasons: reasonCodes(p.reasons, false, gaps.review) });
      }
      continue;
    }
    if (!flagged(p)) continue;
    const found = recognises(p);
    const granted = grantedSubjects(p);
    const finding: ScreenFinding = { program: p.program, amount: p.amount, members: granted, reasons: reasonCodes(p.reasons, found, found ? granted : undefined) };
    if (found && qualifiesWithoutAmount(p)) finding.amountPending = waitingOn(p, granted);
    (found ? result.missed : result.review).push(finding);
  }
  result.warn = earlyWarnings(ctx, warningValue);
  if (inForce.length > 0) Object.assign(result, manageEnrolments(ctx, programs, inForce));
  if (inForce.length === 0) return result;
  const unknown = [...enrolled].filter((program) => !policy.programs.some((p) => p.id === program));
  if (unknown.length > 0) result.unknownEnrolments = unknown;
  return result;
}

const NOTHING_ENROLLED: ReadonlySet<string> = new Set();
const NO_MEMBERS_ENROLLED: ReadonlyMap<string, Set<string>> = new Map();

/**
 * The members named by a person program's enrolments in force, for the programs whose every enrolment in force names
 * its members: those are compared member by member. An enrolment without `memberIds` (or of a household program)
 * is the household's, and its program is compared as a whole.
 */
function membersEnrolled(policy: Policy, inForce: readonly Household['enrolments'][number][]): Map<string, Set<string>> {
  const byMember = new Map<string, Set<string>>();
  const whole = new Set<string>();
  for (const enrolment of inForce) {
    const person = policy.programs.find((p) => p.id === enrolment.program)?.level === 'person';
    if (!person || enrolment.memberIds === undefined) {
      whole.add(enrolment.program);
      continue;
    }
    let members = byMember.get(enrolment.program);
    if (!members) byMember.set(enrolment.program, (members = new Set()));
    for (const id of enrolment.memberIds) members.add(id);
  }
  for (const program of whole) byMember.delete(program);
  return byMember;
}

/**
 * A person program's gaps against the members enrolled: granted but not enrolled (`missed`), and enrolled but
 * ineligible (`review`) — also a member the program no longer considers (not counted, or left out for another
 * program he or she was granted). Undetermined is neither. In the household's member order.
 */
function memberGaps(p: ProgramDecision, enrolled: ReadonlySet<string>, household: Household): { missed: string[]; review: string[] } {
  const missed = p.members.filter((m) => (m.eligible || m.qualifies) && !enrolled.has(m.memberId)).map((m) => m.memberId);
  const statusOf = (id: string) => p.members.find((m) => m.memberId === id)?.status ?? (p.status === 'undetermined' ? 'undetermined' : 'ineligible');
  const review = household.members.filter((m) => enrolled.has(m.id) && statusOf(m.id) === 'ineligible').map((m) => m.id);
  return { missed, review };
}

/**
 * A household that could not be decided, as a bad row: the checks' problems, or, for an input that throws when read
 * (a getter, a Proxy), INPUT_UNREADABLE — a bad row like any other, which must not stop a batch. Screening and
 * `compare` report their bad rows alike.
 *
 * @example
 * badRow({ id: 'h1' }, 3, new JiuzhuError('input', [makeIssue('REQUIRED', ['region'])])) // { ok: false, index: 3, householdId: 'h1', issues: [...] }
 */
export function badRow(input: unknown, index: number, error: unknown): ScreenRowError {
  const issues = error instanceof JiuzhuError ? [...error.issues] : [makeIssue('INPUT_UNREADABLE', [], { detail: String((error as Error)?.message ?? error) })];
  const id = idOf(input);
  return { ok: false, index, ...(id !== undefined ? { householdId: id } : {}), issues };
}

/** The id of a row that could not be screened, when it has a readable one. */
function idOf(input: unknown): string | undefined {
  try {
    const id = (input as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a program grants or recognises anyone: the household, a member or an event granted, or qualifying — every
 * test holds, only the amount (or a note, a classification, the validity) could not be worked out, as for 特困 before
 * the self-care assessment. One who qualifies is owed the program: screening finds him or her as one granted.
 */
function recognises(p: ProgramDecision): boolean {
  return p.eligible || qualifiesWithoutAmount(p);
}

/** The members a person program finds, whose reasons its finding gives; any other program's finding gives them all. */
function subjectsToExplain(p: ProgramDecision): true | ReadonlySet<string> {
  return p.level === 'person' ? new Set(grantedSubjects(p)) : true;
}

/** Whether the household, or some member or event, qualifies without an amount known (see {@link recognises}). */
function qualifiesWithoutAmount(p: ProgramDecision): boolean {
  // Only an undetermined subject qualifies, and a program with one is eligible or undetermined, never ineligible:
  // most programs of most households are, and screening asks this of each program twice.
  if (p.status === 'ineligible') return false;
  if (p.qualifies) return true;
  const subjects: readonly { qualifies?: boolean }[] = p.events ?? p.members;
  for (let i = 0; i < subjects.length; i++) if (subjects[i]!.qualifies) return true;
  return false;
}

/**
 * What the amounts of the subjects found wait on, from the reasons a traced decision gives for them (each `jiuzhu.
 * undetermined` reason's kind, with the parameter, fact or program it names), distinct, in order.
 */
function waitingOn(p: ProgramDecision, subjects: readonly string[]): string[] {
  const on = new Set<string>();
  for (const reason of p.reasons) {
    if (reason.code !== 'jiuzhu.undetermined' || !reason.params) continue;
    const subject = reason.memberId ?? reason.eventId;
    if (subject !== undefined && !subjects.includes(subject)) continue;
    const { kind, name, program } = reason.params;
    on.add([kind, name ?? program].filter((part) => part !== undefined).join(':'));
  }
  // Traced, a decision always says why; should it not, the finding still says its amount waits.
  return on.size > 0 ? [...on] : ['undetermined'];
}

/**
 * The members granted or qualifying (person programs) or sharing the amount (household programs); the events granted
 * or qualifying for event programs.
 */
function grantedSubjects(p: ProgramDecision): string[] {
  const ids: string[] = [];
  if (p.events) {
    for (const e of p.events) if (e.eligible || e.qualifies) ids.push(e.eventId);
  } else {
    for (const m of p.members) if (m.eligible || m.qualifies) ids.push(m.memberId);
  }
  return ids;
}

/**
 * The distinct codes of the reasons that passed (eligible) or failed (no longer eligible), in order; those about a
 * member only for the members given (all members when none are given). What a finding, and a compact record, gives.
 *
 * @example
 * reasonCodes(dibao.reasons, true) // ['dibao.incomeBelowStandard', 'dibao.assetsWithinLimit', …]
 */
export function reasonCodes(reasons: readonly Reason[], passed: boolean, members?: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const reason of reasons) {
    if (reason.passed !== passed) continue;
    if (members && reason.memberId !== undefined && !members.includes(reason.memberId)) continue;
    codes.add(reason.code ?? reason.rule);
  }
  return [...codes];
}

/** A warning's band at a place: its line and top, also in whole fen where they are whole fen (they mostly are). */
interface Band {
  line: ResolvedParameter;
  band: ResolvedParameter;
  /** line × (1 + band). */
  upTo: Decimal;
  lineFen: number | undefined;
  upToFen: number | undefined;
}

/**
 * The last band worked out for each line: the parameters of a place are resolved once and shared, a screening file is
 * mostly in a few places, and most households screened are above the line, where each worked the band's top out again
 * in Decimals.
 */
const lastBand = new WeakMap<ResolvedParameter, Band>();

function bandOf(line: ResolvedParameter & { value: Decimal }, band: ResolvedParameter & { value: Decimal }): Band {
  const last = lastBand.get(line);
  if (last?.band === band) return last;
  const upTo = snap(line.value.times(band.value.plus(1)));
  const found: Band = { line, band, upTo, lineFen: decimalToFen(line.value), upToFen: decimalToFen(upTo) };
  lastBand.set(line, found);
  return found;
}

/**
 * Where a warning's value sits: below the line (−1), within the band (0) or above its top (1); undefined when it is
 * not money. An exact fraction of fen (what the compiled programs hold) is compared in integers: it is below the line
 * exactly when its Decimal is, since the two differ by far less than a fraction of a fen over its denominator.
 */
function placeInBand(value: unknown, band: Band): -1 | 0 | 1 | undefined {
  if (value instanceof Fraction && band.lineFen !== undefined && band.upToFen !== undefined) {
    // num / den yuan against L fen, L / 100 yuan: num × 100 against L × den.
    const scaled = value.num * 100;
    const line = band.lineFen * value.den;
    const top = band.upToFen * value.den;
    if (Number.isSafeInteger(scaled) && Number.isSafeInteger(line) && Number.isSafeInteger(top)) return scaled < line ? -1 : scaled > top ? 1 : 0;
  }
  const decimal = value instanceof Fraction ? value.toDecimal() : value;
  if (!isDecimal(decimal)) return undefined;
  return decimal.lt(band.line.value as Decimal) ? -1 : decimal.gt(band.upTo) ? 1 : 0;
}

/** The programs whose members each warning's program leaves out, by warning: its view of the household. */
const warningViews = new WeakMap<Policy, readonly (readonly string[])[]>();

function leftOutByWarning(policy: Policy): readonly (readonly string[])[] {
  let views = warningViews.get(policy);
  if (!views) {
    views = policy.warnings.map((warning) => policy.programs.find((p) => p.id === warning.program)?.membersLeftOut ?? []);
    warningViews.set(policy, views);
  }
  return views;
}

/**
 * The early warnings of the household. `valueOf` reads a warning's fact as the programs decided read it (the compiled
 * programs have 低保's per-capita income worked out already); without it, the fact is worked out here.
 */
function earlyWarnings(ctx: EvaluationContext, valueOf: ((warning: number) => unknown) | undefined): ScreenWarning[] {
  const out: ScreenWarning[] = [];
  const warnings = ctx.policy.warnings;
  const leftOut = leftOutByWarning(ctx.policy);
  for (let i = 0; i < warnings.length; i++) {
    const warning = warnings[i]!;
    // The household as the warned program sees it: 低保's per-capita income leaves out a member granted 特困.
    ctx.view = ctx.viewLeavingOut(leftOut[i]!);
    const line = ctx.param(warning.line);
    const band = ctx.param(warning.band);
    if (!line || !band || !isDecimal(line.value) || !isDecimal(band.value)) continue;
    // Undefined where it cannot be worked out, e.g. no counted member: no per-capita figure, nothing to warn about.
    const value = valueOf ? valueOf(i) : workedOut(warning, ctx);
    const bounds = bandOf(line as ResolvedParameter & { value: Decimal }, band as ResolvedParameter & { value: Decimal });
    if (placeInBand(value, bounds) !== 0) continue;
    out.push({
      id: warning.id,
      program: warning.program,
      fact: warning.fact,
      value: moneyString(value instanceof Fraction ? value.toDecimal() : (value as Decimal)),
      line: moneyString(line.value),
      upTo: moneyString(bounds.upTo),
      illustrative: line.illustrative || band.illustrative,
    });
  }
  return out;
}

/** A warning's fact worked out by its own code, or undefined where it cannot be. */
function workedOut(warning: Policy['warnings'][number], ctx: EvaluationContext): unknown {
  try {
    return warning.get(ctx, undefined);
  } catch (error) {
    if (!undeterminedDetail(error)) throw error;
    return undefined;
  }
}
