import type { Decimal } from 'decimal.js';
import { Dec } from '../money/decimal.js';
import { ageOn, wholeMonthsSince } from '../household/dates.js';
import type { EvaluationContext } from '../engine/context.js';
import { EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER, memberMonthlyIncome } from '../household/income.js';
import { incomeBasis, memberEnrolled, need } from './helpers.js';
import type { Member } from '../household/schema.js';
import { STUDENT_LEVELS, SUPPORT_SETTINGS } from '../household/vocabulary.js';
import { defineFact, type FactDefinition } from './definition.js';

const DISPOSABLE_INCOME = 'income.disposableIncomePreviousYear';
const DIBAO_STANDARD = 'dibao.standard';
const SUPPORTER_DIBAO_AGE = 'tekun.supporterDibaoAge';
const SUPPORTER_ELDERLY_AGE = 'tekun.supporterElderlyAge';
const ABSENCE_MONTHS = 'child.parentAbsenceMonths';
/** Parent situations that count only after they have lasted `child.parentAbsenceMonths` (民发〔2019〕62号). */
const TIMED_SITUATIONS = new Set(['prisonOrDetention', 'outOfContact']);

function severe(disability: { grade: number; category: string } | undefined): boolean {
  if (!disability) return false;
  return disability.grade <= 2 || (disability.grade === 3 && (disability.category === 'intellectual' || disability.category === 'mental'));
}

/** What art. 8 asks of a supporter, whether listed or living in the household. */
interface SupporterFacts {
  birthDate: string;
  isTekun: boolean;
  isDibaoRecipient: boolean;
  disability: { grade: number; category: string } | undefined;
  incapacity: boolean;
  /** The supporter's monthly income, when known (read only if an income test is needed). */
  income: () => Decimal | undefined;
}

/**
 * Whether a legally obliged supporter cannot support (民发〔2021〕43号 art. 8): he or she is a 特困 person; a 低保
 * recipient aged 60+; aged 70+ with income below the local previous-year per-capita disposable income; severely
 * disabled (or grade-3 intellectual/mental) with the same income test; or without civil capacity, missing, in
 * prison, or in a case the province names. The ages and the income line are parameters.
 */
function cannotSupport(ctx: EvaluationContext, supporter: SupporterFacts): boolean {
  if (supporter.isTekun || supporter.incapacity) return true;
  const age = ageOn(supporter.birthDate, ctx.asOf);
  if (supporter.isDibaoRecipient && age >= (ctx.requireParam(SUPPORTER_DIBAO_AGE).value as number)) return true;
  const poor = () => {
    const income = supporter.income();
    return income !== undefined && income.lt(ctx.requireParam(DISPOSABLE_INCOME).value as Decimal);
  };
  if (age >= (ctx.requireParam(SUPPORTER_ELDERLY_AGE).value as number) && poor()) return true;
  return severe(supporter.disability) && poor();
}

/** Art. 8 for a supporter listed in the input. */
function listedSupporterCannotSupport(ctx: EvaluationContext, supporter: Member['supporters'][number]): boolean {
  return cannotSupport(ctx, {
    birthDate: supporter.birthDate,
    isTekun: supporter.isTekun,
    isDibaoRecipient: supporter.isDibaoRecipient,
    disability: supporter.disability,
    incapacity: supporter.incapacity !== undefined,
    income: () => (supporter.monthlyIncome === undefined ? undefined : new Dec(supporter.monthlyIncome)),
  });
}

/**
 * Who in the household owes whom support, by relation to the applicant (民法典 arts. 26, 1059, 1067, as 民发〔2021〕43号
 * art. 8 reads them): `always` — spouses each other, adult children their parents (a minor child is found unable
 * below); `asParents` — parents, who owe support to a minor child and to an adult child who cannot live independently
 * ({@link dependentChild}). Grandparents, grandchildren and siblings owe support only in cases the input cannot tell
 * (arts. 1074–1075: when the parents are dead or unable), so those must be listed as supporters.
 */
const DUTY: Readonly<Record<string, { always: readonly string[]; asParents: readonly string[] }>> = {
  applicant: { always: ['spouse', 'child'], asParents: ['parent'] },
  spouse: { always: ['applicant', 'child'], asParents: [] },
  child: { always: [], asParents: ['applicant', 'spouse'] },
  parent: { always: ['applicant', 'sibling'], asParents: [] },
  grandparent: { always: ['parent'], asParents: [] },
  grandchild: { always: [], asParents: ['child', 'childInLaw'] },
  sibling: { always: [], asParents: ['parent'] },
};
const NO_DUTY: { always: readonly string[]; asParents: readonly string[] } = { always: [], asParents: [] };

/** School levels up to undergraduate: an adult child in full-time education at these cannot live independently. */
const DEPENDENT_STUDY_LEVELS: ReadonlySet<string> = new Set(STUDENT_LEVELS.filter((level) => level !== 'postgraduate'));

/**
 * Whether parents owe this person support as their child: a minor, or an adult who cannot live independently
 * (民法典 art. 1067; 婚姻家庭编解释（一） art. 41: lost all or part of the capacity to work) — severely disabled (grade
 * 1–2, or grade 3 intellectual or mental, whom 民发〔2021〕43号 art. 5 counts as unable to work), seriously ill, or in
 * full-time education at undergraduate level or below, the adult children 民发〔2021〕57号 art. 7 counts as members.
 */
function dependentChild(ctx: EvaluationContext, member: Member): boolean {
  if (ageOn(member.birthDate, ctx.asOf) < 18) return true;
  if (member.seriousIllness || severe(member.disability)) return true;
  return member.student !== undefined && member.student.fullTime && DEPENDENT_STUDY_LEVELS.has(member.student.level);
}

/** Members of the household who owe this member support (before asking whether they can). */
function householdSupporters(ctx: EvaluationContext, member: Member): Member[] {
  const duty = DUTY[member.relation] ?? NO_DUTY;
  const parents = duty.asParents.length > 0 && dependentChild(ctx, member) ? duty.asParents : [];
  return ctx.household.members.filter(
    (other) => other.id !== member.id && (duty.always.includes(other.relation) || parents.includes(other.relation)),
  );
}

/**
 * Parents recorded for a dependent member (`parents`, with their situation) who live elsewhere and are present (alive,
 * not in any of the situations 民发〔2019〕62号 names): each owes support whether or not anyone listed him or her as
 * a supporter. Counted only when no parent lives in the household and none is listed among the supporters, where
 * the same parents would already be counted.
 */
function parentsLivingApart(ctx: EvaluationContext, member: Member): number {
  if (member.parents.length === 0 || !dependentChild(ctx, member)) return 0;
  const parentRelations = (DUTY[member.relation] ?? NO_DUTY).asParents;
  if (ctx.household.members.some((other) => other.id !== member.id && parentRelations.includes(other.relation))) return 0;
  if (member.supporters.some((s) => s.relation === 'parent')) return 0;
  return member.parents.filter((parent) => parent.situation === 'present').length;
}

/**
 * Art. 8 for a supporter who lives in the household: a minor or someone not counted (prison, missing …) cannot
 * support; otherwise the same tests as for a listed supporter, with 特困 and 低保 read from the enrolments and the
 * income from the member's own countable income.
 */
function memberCannotSupport(ctx: EvaluationContext, supporter: Member): boolean {
  if (supporter.diedOn !== undefined || ageOn(supporter.birthDate, ctx.asOf) < 18 || supporter.exclusion !== undefined) return true;
  return cannotSupport(ctx, {
    birthDate: supporter.birthDate,
    isTekun: memberEnrolled(ctx, 'tekun', supporter.id),
    isDibaoRecipient: memberEnrolled(ctx, 'dibao', supporter.id),
    disability: supporter.disability,
    incapacity: false,
    income: () => memberMonthlyIncome(ctx, supporter, incomeBasis(ctx, 'household')),
  });
}

function parentsIn(ctx: EvaluationContext, member: Member, situations: ReadonlySet<string>): number {
  return member.parents.filter((parent) => {
    if (!situations.has(parent.situation)) return false;
    if (parent.situation === 'severeDisability' && parent.disability && !severeForChild(parent.disability)) return false;
    if (!TIMED_SITUATIONS.has(parent.situation)) return true;
    if (parent.since === undefined) return false;
    return wholeMonthsSince(parent.since, ctx.asOf) >= (ctx.requireParam(ABSENCE_MONTHS).value as number);
  }).length;
}

/** 62号: a parent's severe disability is grade 1–2, or grade 3–4 mental or intellectual. */
function severeForChild(disability: { grade: number; category: string }): boolean {
  return disability.grade <= 2 || disability.category === 'intellectual' || disability.category === 'mental';
}

const UNABLE_SITUATIONS = new Set(['severeDisability', 'seriousIllness', 'prisonOrDetention', 'compulsoryRehabilitation', 'outOfContact']);
const GONE_SITUATIONS = new Set(['deceased', 'missing']);

/** Facts about the people around a member: legally obliged supporters (特困) and parents (children's allowance). */
export const SUPPORT_FACTS: readonly FactDefinition[] = [
  defineFact({
    name: 'ableSupporters',
    level: 'member',
    type: 'count',
    description: {
      zh: '具备赡养、抚养、扶养能力的法定义务人人数：登记的义务人；同住的配偶、成年子女；未成年或不能独立生活的成年子女（一、二级残疾或三级智力、精神残疾，重病，全日制在读本科及以下）的父母，同住或登记为在世的分开居住父母（民发〔2021〕43号第八条；民法典第一千零六十七条）',
      en: 'Legally obliged supporters able to support: those listed; the spouse and adult children in the household; the parents of a minor, or of an adult child who cannot live independently (disability grade 1–2 or grade 3 intellectual/mental, seriously ill, in full-time education up to undergraduate), living with the member or recorded as present elsewhere (民发〔2021〕43号 art. 8; 民法典 art. 1067)',
    },
    parameters: [DISPOSABLE_INCOME, SUPPORTER_DIBAO_AGE, SUPPORTER_ELDERLY_AGE, EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER],
    compute: (ctx, m) =>
      need(m).supporters.filter((s) => !listedSupporterCannotSupport(ctx, s)).length +
      householdSupporters(ctx, need(m)).filter((s) => !memberCannotSupport(ctx, s)).length +
      parentsLivingApart(ctx, need(m)),
  }),
  defineFact({
    name: 'personalDibaoStandard',
    level: 'member',
    type: 'money',
    description: {
      zh: '按本人适用的城乡标准确定的低保标准（承包土地或分享农村集体收益者按农村标准）',
      en: 'The 低保 standard at the member’s own rate (rural for those with contracted land or rural collective income)',
    },
    parameters: [DIBAO_STANDARD],
    compute: (ctx, m) => ctx.requireParam(DIBAO_STANDARD, need(m).ruralCollective ? 'rural' : undefined).value as Decimal,
  }),
  defineFact({
    name: 'recordedParents',
    level: 'member',
    type: 'count',
    description: { zh: '登记了情况的父母人数', en: 'Parents whose situation is recorded' },
    compute: (_ctx, m) => need(m).parents.length,
  }),
  defineFact({
    name: 'parentsDeceasedOrMissing',
    level: 'member',
    type: 'count',
    description: { zh: '死亡或宣告失踪的父母人数', en: 'Parents deceased or declared missing' },
    compute: (ctx, m) => parentsIn(ctx, need(m), GONE_SITUATIONS),
  }),
  defineFact({
    name: 'parentsUnableToRaise',
    level: 'member',
    type: 'count',
    description: {
      zh: '重残、重病、服刑或羁押满规定月数、强制隔离戒毒、失联满规定月数的父母人数（民发〔2019〕62号）',
      en: 'Parents severely disabled, seriously ill, in prison or detention or out of contact for the set months, or in compulsory rehabilitation (民发〔2019〕62号)',
    },
    parameters: [ABSENCE_MONTHS],
    compute: (ctx, m) => parentsIn(ctx, need(m), UNABLE_SITUATIONS),
  }),
  defineFact({
    name: 'supportSetting',
    level: 'member',
    type: 'enum',
    values: SUPPORT_SETTINGS,
    description: { zh: '供养（养育）方式：分散或集中', en: 'Supported at home (dispersed) or in an institution' },
    compute: (_ctx, m) => need(m).supportSetting,
  }),
];

