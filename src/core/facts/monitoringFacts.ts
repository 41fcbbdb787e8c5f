import { ageOn } from '../household/dates.js';
import type { Member } from '../household/schema.js';
import { defineFact, type FactDefinition } from './definition.js';

/**
 * The ages of work: from 16, the lowest age of employment (劳动法 art. 15), to 59 — at 60 a person is one of those
 * with no capacity to work in 特困's own test (民发〔2021〕43号 art. 5), which this mirrors.
 */
const WORKING_AGE = { from: 16, below: 60 } as const;

/**
 * Whether a member is able to work in the sense of dynamic management (动态管理): of working age, not severely
 * disabled (grade 1 or 2), not seriously ill and not in full-time education. A family whose income is unstable and
 * that has such a member is reviewed every 6 months rather than every year.
 *
 * @example
 * ableToWork({ birthDate: '1985-01-01', seriousIllness: false, … }, '2025-03-01') // true (40, no disability)
 */
export function ableToWork(member: Member, asOf: string): boolean {
  const age = ageOn(member.birthDate, asOf);
  if (age < WORKING_AGE.from || age >= WORKING_AGE.below) return false;
  if (member.disability !== undefined && member.disability.grade <= 2) return false;
  if (member.seriousIllness) return false;
  return member.student?.fullTime !== true;
}

/**
 * Facts of monitoring (低收入人口动态监测): what the periodic review (复核) of an enrolled family depends on. Read by
 * the screening rules (`reviews` in a screening file), never by a program's eligibility today.
 */
export const MONITORING_FACTS: readonly FactDefinition[] = [
  defineFact({
    name: 'incomeUnstable',
    level: 'household',
    type: 'boolean',
    description: {
      zh: '家庭收入来源不固定（未登记为否）',
      en: 'The family’s income is unstable (no when not recorded)',
    },
    compute: (ctx) => ctx.household.incomeUnstable === true,
  }),
  defineFact({
    name: 'membersAbleToWork',
    level: 'household',
    type: 'count',
    description: {
      zh: '有劳动能力的家庭成员人数：计入家庭、16 至 59 周岁、非一二级残疾、未患重特大疾病、非全日制在读',
      en: 'Counted members able to work: aged 16–59, not disabled grade 1–2, not seriously ill, not in full-time education',
    },
    compute: (ctx) => ctx.view.counted.filter((m) => ableToWork(m, ctx.asOf)).length,
  }),
];
