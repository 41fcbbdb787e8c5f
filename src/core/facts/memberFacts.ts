import { Dec, atLeastZero } from '../money/decimal.js';
import { ageOn } from '../household/dates.js';
import { EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER, memberMonthlyIncome } from '../household/income.js';
import type { Member } from '../household/schema.js';
import { EMPLOYMENT_STATUSES, EXCLUSIONS, DISABILITY_CATEGORIES, RELATIONS, SELF_CARE_ITEMS, STUDENT_LEVELS } from '../household/vocabulary.js';
import { defineFact, type FactDefinition } from './definition.js';
import { incomeBasis, memberEnrolled, need, registeredIn } from './helpers.js';

const PROGRAM = { program: { kind: 'program' } } as const;

/**
 * The self-care grade of 民发〔2021〕43号 arts. 20–23 from the six items: all achieved → capable (具备生活自理能力);
 * 1–3 not achieved → partial loss (部分丧失); 4 or more → full loss (完全丧失). Fixed by national law, so code.
 *
 * @example
 * selfCareGradeOf(3) // 'partial'
 */
export function selfCareGradeOf(failedItems: number): 'capable' | 'partial' | 'full' {
  if (failedItems === 0) return 'capable';
  return failedItems <= 3 ? 'partial' : 'full';
}

/** The self-care items a member does not achieve unaided, in the law's order. */
export function failedSelfCareItems(member: Member): string[] {
  const care = member.selfCare;
  return care ? SELF_CARE_ITEMS.filter((item) => !care[item]) : [];
}

/** Facts about one member. */
export const MEMBER_FACTS: readonly FactDefinition[] = [
  defineFact({
    name: 'age',
    level: 'member',
    type: 'years',
    description: { zh: '评估日的周岁年龄', en: 'Age in whole years on the evaluation date' },
    compute: (ctx, m) => ageOn(need(m).birthDate, ctx.asOf),
  }),
  defineFact({
    name: 'isCounted',
    level: 'member',
    type: 'boolean',
    description: { zh: '是否计入共同生活的家庭成员', en: 'Counted as a household member (art. 7)' },
    compute: (_ctx, m) => need(m).exclusion === undefined,
  }),
  defineFact({
    name: 'relation',
    level: 'member',
    type: 'enum',
    values: RELATIONS,
    description: { zh: '与申请人的关系', en: 'Relation to the applicant' },
    compute: (_ctx, m) => need(m).relation,
  }),
  defineFact({
    name: 'exclusion',
    level: 'member',
    type: 'enum',
    values: ['none', ...EXCLUSIONS],
    description: { zh: '不计入家庭成员的原因（none 表示计入）', en: 'Why the member is not counted (none = counted)' },
    compute: (_ctx, m) => need(m).exclusion ?? 'none',
  }),
  defineFact({
    name: 'disabilityGrade',
    level: 'member',
    type: 'count',
    description: { zh: '残疾等级 1–4（无残疾为 0）', en: 'Disability grade 1–4 (0 = none)' },
    compute: (_ctx, m) => need(m).disability?.grade ?? 0,
  }),
  defineFact({
    name: 'disabilityCategory',
    level: 'member',
    type: 'enum',
    values: ['none', ...DISABILITY_CATEGORIES],
    description: { zh: '残疾类别（无残疾为 none）', en: 'Disability category (none = not disabled)' },
    compute: (_ctx, m) => need(m).disability?.category ?? 'none',
  }),
  defineFact({
    name: 'hasDisabilityCertificate',
    level: 'member',
    type: 'boolean',
    description: { zh: '持有残疾人证', en: 'Holds a disability certificate' },
    compute: (_ctx, m) => need(m).disability?.certificate === true,
  }),
  defineFact({
    name: 'hasSeriousIllness',
    level: 'member',
    type: 'boolean',
    description: { zh: '患有当地认定的重特大疾病', en: 'Has a locally recognised serious illness' },
    compute: (_ctx, m) => need(m).seriousIllness,
  }),
  defineFact({
    name: 'studentLevel',
    level: 'member',
    type: 'enum',
    values: ['none', ...STUDENT_LEVELS],
    description: { zh: '在读学段（不在读为 none）', en: 'Level of education currently attended (none = not a student)' },
    compute: (_ctx, m) => need(m).student?.level ?? 'none',
  }),
  defineFact({
    name: 'isFullTimeStudent',
    level: 'member',
    type: 'boolean',
    description: { zh: '全日制在读', en: 'In full-time education' },
    compute: (_ctx, m) => need(m).student?.fullTime === true,
  }),
  defineFact({
    name: 'employment',
    level: 'member',
    type: 'enum',
    values: ['unknown', ...EMPLOYMENT_STATUSES],
    description: { zh: '就业状况（未登记为 unknown）', en: 'Employment status (unknown if not recorded)' },
    compute: (_ctx, m) => need(m).employment ?? 'unknown',
  }),
  defineFact({
    name: 'refusedJobOffers',
    level: 'member',
    type: 'count',
    description: { zh: '无正当理由拒绝适当工作的次数（第三十四条）', en: 'Suitable jobs refused without good reason (art. 34)' },
    compute: (_ctx, m) => need(m).refusedJobOffers,
  }),
  defineFact({
    name: 'memberMonthlyIncome',
    level: 'member',
    type: 'money',
    description: { zh: '本人月收入（按收入口径）', en: 'The member’s own monthly income under an income basis' },
    params: { basis: { kind: 'incomeBasis', default: 'household' } },
    parameters: [EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER],
    compute: (ctx, m, p) => atLeastZero(memberMonthlyIncome(ctx, need(m), incomeBasis(ctx, p.basis!))),
  }),
  defineFact({
    name: 'selfCareFailedItems',
    level: 'member',
    type: 'count',
    description: {
      zh: '六项生活自理指标中不能自主完成的项数（未评估为空）',
      en: 'How many of the six self-care items are not achieved (empty if not assessed)',
    },
    compute: (_ctx, m) => (need(m).selfCare ? failedSelfCareItems(need(m)).length : null),
  }),
  defineFact({
    name: 'selfCareGrade',
    level: 'member',
    type: 'enum',
    values: ['capable', 'partial', 'full', 'unassessed'],
    description: {
      zh: '生活自理能力等级：具备 / 部分丧失 / 完全丧失（民发〔2021〕43号第二十至二十三条）',
      en: 'Self-care grade: capable / partial loss / full loss (民发〔2021〕43号 arts. 20–23)',
    },
    compute: (_ctx, m) => (need(m).selfCare ? selfCareGradeOf(failedSelfCareItems(need(m)).length) : 'unassessed'),
  }),
  defineFact({
    name: 'selfCareFailedItemList',
    level: 'member',
    type: 'text',
    description: {
      zh: '不能自主完成的生活自理项目（按法定顺序，逗号分隔；全部能完成为空字符串，未评估为空）',
      en: 'The self-care items not achieved, in the law’s order, comma-separated (an empty string if all are achieved; empty if not assessed)',
    },
    // Not assessed is not "all achieved": the note says which.
    compute: (_ctx, m) => (need(m).selfCare ? failedSelfCareItems(need(m)).join(', ') : null),
  }),
  defineFact({
    name: 'registeredHere',
    level: 'member',
    type: 'boolean',
    description: {
      zh: '本人户籍在家庭居住地（同一县级行政区域，或居住地只登记到市时同一市）；户籍未登记时视为是',
      en: 'The member’s 户籍 is where the household lives (the same county, or the same city where only the city is recorded); yes when not recorded',
    },
    compute: (ctx, m) => {
      const hukou = need(m).hukou;
      return hukou === undefined || registeredIn(hukou.region, ctx.household.region);
    },
  }),
  defineFact({
    name: 'ruralCollective',
    level: 'member',
    type: 'boolean',
    description: { zh: '承包土地或参与农村集体经济收益分配', en: 'Holds contracted land or shares rural collective income' },
    compute: (_ctx, m) => need(m).ruralCollective,
  }),
  defineFact({
    name: 'receivesWorkInjuryNursingFee',
    level: 'member',
    type: 'boolean',
    description: { zh: '领取工伤保险生活护理费', en: 'Receives the work-injury nursing fee' },
    compute: (_ctx, m) => need(m).workInjuryNursingFee,
  }),
  defineFact({
    name: 'isMemberEnrolled',
    level: 'member',
    type: 'boolean',
    description: { zh: '本人目前正在享受某项目', en: 'The member currently receives the program' },
    params: PROGRAM,
    compute: (ctx, m, p) => memberEnrolled(ctx, p.program!, need(m).id),
  }),
  defineFact({
    name: 'memberGranted',
    level: 'member',
    type: 'boolean',
    description: { zh: '本次评估中本人获得某项目', en: 'In this evaluation, the member is granted the program' },
    params: PROGRAM,
    readsOutcomes: true,
    compute: (ctx, m, p) => ctx.grantedTo(p.program!, need(m).id),
  }),
];
