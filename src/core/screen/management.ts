import type { ProgramDecision } from '../decision/types.js';
import type { EvaluationContext } from '../engine/context.js';
import { undeterminedDetail } from '../engine/signals.js';
import { monthsBefore } from '../household/dates.js';
import type { Household, Member } from '../household/schema.js';
import { Dec, fenToMoney, formatMoney } from '../money/decimal.js';
import { moneyToFen, sumMoney } from '../money/fen.js';
import type { CompiledProgram } from '../policy/types.js';
import type { Bilingual } from '../text/template.js';
import { OVERDUE_WORDS, REVIEW_BASIS_WORDS, managementMessage } from './locales.js';

type Enrolment = Household['enrolments'][number];

/**
 * 增发 / 减发: an enrolment in force records a monthly amount that differs from what the household (or, member by
 * member, the members it names) is entitled to now, as `evaluate` gives it.
 */
export interface ScreenAdjustment {
  program: string;
  code: 'screen.amountIncrease' | 'screen.amountDecrease';
  direction: 'increase' | 'decrease';
  /** The enrolment's `monthlyAmount`, and the monthly amount `evaluate` gives now. */
  recorded: string;
  entitled: string;
  /** How much more (increase) or less (decrease) is due a month: never negative; `direction` says which. */
  difference: string;
  /** The members an enrolment of a person program names (`memberIds`), compared together; empty for the household's. */
  members: string[];
  message: Bilingual;
  /** The program's own citation: the rule its amount follows. */
  citation: string;
}

/** A periodic review (复核) of an enrolled household due on or before asOf. */
export interface ScreenReviewDue {
  /** The review rule that applied (`dibao.review.yearly`), and its program. */
  id: string;
  program: string;
  code: 'screen.reviewDue';
  /** The date the interval is counted from, and which date of the enrolment that is. */
  from: string;
  basis: 'lastReviewed' | 'approvedOn' | 'since';
  /** The interval that applied, in months, and the date the review fell due. */
  months: number;
  due: string;
  /** True when the interval is an illustrative parameter, not a published figure. */
  illustrative: boolean;
  message: Bilingual;
  citation: string;
}

/** A member covered by an enrolment in force has died, with no re-check recorded since. */
export interface ScreenDeath {
  /** The rule that applied (`dibao.recipientDied`), and its program. */
  id: string;
  program: string;
  code: 'screen.recipientDied';
  member: string;
  diedOn: string;
  /** The date by which the family is to be re-checked and its amount settled, and whether that date has passed. */
  by: string;
  overdue: boolean;
  months: number;
  illustrative: boolean;
  message: Bilingual;
  citation: string;
}

/** What dynamic management finds for one enrolled household. */
export interface ManagementFindings {
  adjust: ScreenAdjustment[];
  reviewDue: ScreenReviewDue[];
  deceased: ScreenDeath[];
}

/**
 * Dynamic management (动态管理) of a household's enrolments in force: amounts to increase or decrease, periodic
 * reviews due, recipients who have died. Reads the decided programs and the screening rules of the policy; `ctx` is
 * the screening's own evaluation context (its views and parameters), after every program was decided.
 *
 * @example
 * const { adjust } = manageEnrolments(ctx, programs, household.enrolments.filter((e) => e.since <= asOf));
 * adjust[0] // { program: 'dibao', direction: 'increase', recorded: '500.00', entitled: '620.00', difference: '120.00', … }
 */
export function manageEnrolments(ctx: EvaluationContext, programs: readonly ProgramDecision[], inForce: readonly Enrolment[]): ManagementFindings {
  const found: ManagementFindings = { adjust: [], reviewDue: [], deceased: [] };
  for (const enrolment of inForce) {
    if (enrolment.monthlyAmount === undefined) continue;
    const adjustment = amountAdjustment(programs, enrolment, enrolment.monthlyAmount);
    if (adjustment) found.adjust.push(adjustment);
  }
  if (ctx.policy.reviews.length > 0) found.reviewDue = reviewsDue(ctx, inForce);
  if (ctx.policy.deaths.length > 0) found.deceased = recipientsDied(ctx, inForce);
  return found;
}

/**
 * An enrolment's recorded monthly amount against the entitlement now, for a monthly program the household is still
 * granted: the household's amount, or the sum of the amounts of the members a person program's enrolment names
 * (a named member no longer granted counts nothing, and is also `review`). None when they are equal, when the
 * program pays per year or once, or when anything compared could not be decided.
 */
function amountAdjustment(programs: readonly ProgramDecision[], enrolment: Enrolment, recorded: string): ScreenAdjustment | undefined {
  const p = programs.find((d) => d.program === enrolment.program);
  if (!p || p.period !== 'month' || !p.eligible) return undefined;
  let entitled: string = p.amount;
  let members: string[] = [];
  if (p.level === 'person' && enrolment.memberIds !== undefined) {
    members = enrolment.memberIds;
    const named = p.members.filter((m) => members.includes(m.memberId));
    if (!named.some((m) => m.eligible) || named.some((m) => m.status === 'undetermined')) return undefined;
    entitled = formatMoney(sumMoney(named.filter((m) => m.eligible).map((m) => m.amount)));
  }
  const figures = difference(recorded, entitled);
  if (!figures) return undefined;
  const code = figures.increase ? 'screen.amountIncrease' : 'screen.amountDecrease';
  const { increase: _increase, ...quoted } = figures;
  return {
    program: p.program,
    code,
    direction: figures.increase ? 'increase' : 'decrease',
    ...quoted,
    members: [...members],
    message: managementMessage(code, { program: p.name.zh, ...quoted }, { program: p.name.en, ...quoted }),
    citation: p.citation,
  };
}

/**
 * The recorded and entitled amounts as written, and how far apart they are (never negative), or undefined when they
 * are equal. In whole fen, exactly; in Decimals past what a JS number holds exactly.
 */
function difference(recorded: string, entitled: string): { recorded: string; entitled: string; difference: string; increase: boolean } | undefined {
  const [a, b] = [moneyToFen(recorded), moneyToFen(entitled)];
  if (a !== undefined && b !== undefined) {
    if (a === b) return undefined;
    return { recorded: fenToMoney(a), entitled, difference: fenToMoney(Math.abs(b - a)), increase: b > a };
  }
  const change = new Dec(entitled).minus(recorded);
  if (change.isZero()) return undefined;
  return { recorded: formatMoney(new Dec(recorded)), entitled, difference: formatMoney(change.abs()), increase: change.isPositive() };
}

/**
 * The periodic reviews due on or before asOf: for each program with review rules and an enrolment in force, the
 * first rule whose condition holds gives the interval, counted from the enrolment's last review (else its approval,
 * else the start of payment; a date after asOf has not happened yet). With several enrolments in the program, the
 * earliest due.
 */
function reviewsDue(ctx: EvaluationContext, inForce: readonly Enrolment[]): ScreenReviewDue[] {
  const out: ScreenReviewDue[] = [];
  const decided = new Set<string>();
  for (const rule of ctx.policy.reviews) {
    if (decided.has(rule.program)) continue;
    const enrolments = inForce.filter((e) => e.program === rule.program);
    if (enrolments.length === 0) continue;
    const program = compiledProgram(ctx, rule.program);
    // The household as the program sees it (低保's leaves out a member granted 特困), as its own conditions read it.
    ctx.view = ctx.viewLeavingOut(program?.membersLeftOut ?? []);
    if (rule.when && !holds(ctx, rule.when)) continue;
    decided.add(rule.program);
    const interval = ctx.param(rule.interval);
    if (!interval || typeof interval.value !== 'number') continue; // no interval in force (before the measures)
    const months = interval.value;
    const earliest = enrolments.map((e) => reviewBasis(e, ctx.asOf)).reduce((a, b) => (b.from < a.from ? b : a));
    const due = monthsBefore(earliest.from, -months);
    if (due > ctx.asOf) continue;
    const name = programName(ctx, rule.program);
    out.push({
      id: rule.id,
      program: rule.program,
      code: 'screen.reviewDue',
      ...earliest,
      months,
      due,
      illustrative: interval.illustrative,
      message: managementMessage(
        'screen.reviewDue',
        { program: name.zh, label: rule.label.zh, months, basis: REVIEW_BASIS_WORDS[earliest.basis].zh, from: earliest.from, due },
        { program: name.en, label: rule.label.en, months, basis: REVIEW_BASIS_WORDS[earliest.basis].en, from: earliest.from, due },
      ),
      citation: rule.citation,
    });
  }
  return out;
}

/** The date a review interval counts from: the last review, else the approval, else the start of payment. */
function reviewBasis(enrolment: Enrolment, asOf: string): { from: string; basis: ScreenReviewDue['basis'] } {
  if (enrolment.lastReviewed !== undefined && enrolment.lastReviewed <= asOf) return { from: enrolment.lastReviewed, basis: 'lastReviewed' };
  if (enrolment.approvedOn !== undefined && enrolment.approvedOn <= asOf) return { from: enrolment.approvedOn, basis: 'approvedOn' };
  return { from: enrolment.since, basis: 'since' };
}

/**
 * Members who died while an enrolment in force covered them (named in its `memberIds`, or the whole household),
 * from its approval or start on, with no review recorded on or after the death: the family is to be re-checked and
 * its amount settled within the rule's months of the death.
 */
function recipientsDied(ctx: EvaluationContext, inForce: readonly Enrolment[]): ScreenDeath[] {
  const out: ScreenDeath[] = [];
  const dead = ctx.household.members.filter((m) => m.diedOn !== undefined);
  if (dead.length === 0) return out;
  for (const rule of ctx.policy.deaths) {
    const enrolments = inForce.filter((e) => e.program === rule.program);
    if (enrolments.length === 0) continue;
    const within = ctx.param(rule.within);
    if (!within || typeof within.value !== 'number') continue;
    const months = within.value;
    const name = programName(ctx, rule.program);
    for (const member of dead) {
      if (!enrolments.some((e) => coveredAtDeath(e, member, ctx.asOf))) continue;
      const diedOn = member.diedOn!;
      const by = monthsBefore(diedOn, -months);
      const overdue = by < ctx.asOf;
      const who = member.name === undefined ? member.id : `${member.id}（${member.name}）`;
      out.push({
        id: rule.id,
        program: rule.program,
        code: 'screen.recipientDied',
        member: member.id,
        diedOn,
        by,
        overdue,
        months,
        illustrative: within.illustrative,
        message: managementMessage(
          'screen.recipientDied',
          { program: name.zh, label: rule.label.zh, member: who, diedOn, by, overdue: overdue ? OVERDUE_WORDS.zh : '' },
          { program: name.en, label: rule.label.en, member: who, diedOn, by, overdue: overdue ? OVERDUE_WORDS.en : '' },
        ),
        citation: rule.citation,
      });
    }
  }
  return out;
}

/** Whether an enrolment covered a member when he or she died, and no review has been recorded since the death. */
function coveredAtDeath(enrolment: Enrolment, member: Member, asOf: string): boolean {
  const diedOn = member.diedOn!;
  if (enrolment.memberIds !== undefined && !enrolment.memberIds.includes(member.id)) return false;
  const start = enrolment.approvedOn !== undefined && enrolment.approvedOn < enrolment.since ? enrolment.approvedOn : enrolment.since;
  if (diedOn < start) return false; // died before the family was granted it: not a recipient
  const reviewed = enrolment.lastReviewed;
  return reviewed === undefined || reviewed > asOf || reviewed < diedOn;
}

/** A condition of a screening rule: one that cannot be decided for this household (a fact not recorded) does not hold. */
function holds(ctx: EvaluationContext, when: NonNullable<CompiledProgram['eligibility']>): boolean {
  try {
    return when(ctx, undefined);
  } catch (error) {
    if (!undeterminedDetail(error)) throw error;
    return false;
  }
}

function compiledProgram(ctx: EvaluationContext, id: string): CompiledProgram | undefined {
  return ctx.policy.programs.find((p) => p.id === id);
}

/** A program's name; a screening rule's program was checked to exist when the policy loaded. */
function programName(ctx: EvaluationContext, id: string): Bilingual {
  return compiledProgram(ctx, id)?.name ?? { zh: id, en: id };
}
