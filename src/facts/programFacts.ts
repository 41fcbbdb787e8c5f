import type { Decimal } from 'decimal.js';
import { Dec } from '../money/decimal.js';
import { sumMoney } from '../money/fen.js';
import { monthsBefore, wholeMonthsSince } from '../household/dates.js';
import { EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER, householdMonthlyIncome } from '../household/income.js';
import type { EvaluationContext } from '../engine/context.js';
import { HARDSHIP_EVENT_KINDS, HARDSHIP_EVENT_TYPES } from '../household/vocabulary.js';
import { defineFact, type FactDefinition } from './definition.js';
import { enrolmentInForce, incomeBasis, need } from './helpers.js';

const ZERO = new Dec(0);
const PROGRAM = { program: { kind: 'program' } } as const;
const CPI = 'price.cpiYearOnYear';

/** Rigid expenditure (medical, education, rehabilitation …) paid in the 12 months up to `asOf`. */
function rigidExpenditure12Months(ctx: EvaluationContext): Decimal {
  const from = monthsBefore(ctx.asOf, 12);
  return sumMoney(ctx.household.rigidExpenditures.filter((e) => e.date > from && e.date <= ctx.asOf).map((e) => e.amount));
}

/**
 * Facts about programs and events: what earlier programs granted, enrolment durations, rigid expenditure, the
 * hardship event being decided, and the current program's own amount steps.
 */
export const PROGRAM_FACTS: readonly FactDefinition[] = [
  defineFact({
    name: 'memberProgramAmount',
    level: 'member',
    type: 'money',
    description: {
      zh: '本人在本次评估中从某项目获得的月金额（未获得为 0）',
      en: 'What the member gets from a program in this evaluation (0 if nothing)',
    },
    params: PROGRAM,
    readsOutcomes: true,
    compute: (ctx, m, p) => {
      const amount = ctx.outcomes.get(p.program!)?.amounts.get(need(m, 'member').id);
      return amount === undefined ? ZERO : new Dec(amount);
    },
  }),
  defineFact({
    name: 'monthsEnrolled',
    level: 'household',
    type: 'months',
    description: { zh: '自开始享受某项目以来的整月数（未享受为空）', en: 'Whole months since the program started (empty if not enrolled)' },
    params: PROGRAM,
    compute: (ctx, _m, p) => {
      const since = enrolmentInForce(ctx, p.program!)?.since;
      return since === undefined ? null : wholeMonthsSince(since, ctx.asOf);
    },
  }),
  defineFact({
    name: 'rigidExpenditure12Months',
    level: 'household',
    type: 'money',
    description: {
      zh: '评估日前 12 个月的刚性支出合计（医疗、教育、康复等自付部分）',
      en: 'Rigid expenditure (out-of-pocket medical, education, rehabilitation …) in the 12 months up to the evaluation date',
    },
    compute: rigidExpenditure12Months,
  }),
  defineFact({
    name: 'rigidExpenditureShare',
    level: 'household',
    type: 'decimal',
    description: {
      zh: '12 个月刚性支出占同期家庭总收入的比例（无收入而有支出时为无穷大）',
      en: 'Rigid expenditure of 12 months as a share of the family’s income over the same months (infinite with spending and no income)',
    },
    parameters: [EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER],
    compute: (ctx) => {
      const yearly = householdMonthlyIncome(ctx, incomeBasis(ctx, 'household')).times(12);
      const spent = rigidExpenditure12Months(ctx);
      if (yearly.isZero()) return spent.isZero() ? ZERO : new Dec(Infinity);
      return spent.div(yearly);
    },
  }),
  defineFact({
    name: 'studentMembers',
    level: 'household',
    type: 'count',
    description: { zh: '在读（学前至本科）的家庭成员人数', en: 'Counted members in education, pre-school to undergraduate' },
    compute: (ctx) => ctx.view.counted.filter((m) => m.student !== undefined && m.student.level !== 'postgraduate').length,
  }),
  defineFact({
    name: 'unemployedMembers',
    level: 'household',
    type: 'count',
    description: { zh: '登记为失业的家庭成员人数', en: 'Counted members recorded as unemployed' },
    compute: (ctx) => ctx.view.counted.filter((m) => m.employment === 'unemployed').length,
  }),
  defineFact({
    name: 'cpiYearOnYear',
    level: 'household',
    type: 'decimal',
    description: {
      zh: '当月居民消费价格指数同比涨幅（%，由参数 price.cpiYearOnYear 按月登记；未登记为空）',
      en: 'Consumer price index, year on year, for the month (%, recorded monthly in parameter price.cpiYearOnYear; empty if not recorded)',
    },
    parameters: [CPI],
    compute: (ctx) => (ctx.param(CPI)?.value as Decimal | undefined) ?? null,
  }),
  defineFact({
    name: 'eventType',
    level: 'event',
    type: 'enum',
    values: HARDSHIP_EVENT_TYPES,
    description: { zh: '临时救助事件类型：急难型或支出型', en: 'Hardship event type: emergency or expenditure' },
    compute: (ctx) => need(ctx.event, 'event').type,
  }),
  defineFact({
    name: 'eventKind',
    level: 'event',
    type: 'enum',
    values: HARDSHIP_EVENT_KINDS,
    description: { zh: '事件种类', en: 'What happened' },
    compute: (ctx) => need(ctx.event, 'event').kind,
  }),
  defineFact({
    name: 'eventExpense',
    level: 'event',
    type: 'money',
    description: { zh: '事件造成的必需支出', en: 'The essential expense the event caused' },
    compute: (ctx) => new Dec(need(ctx.event, 'event').expense),
  }),
  defineFact({
    name: 'eventMonthsAgo',
    level: 'event',
    type: 'months',
    description: { zh: '事件发生至评估日的整月数', en: 'Whole months from the event to the evaluation date' },
    compute: (ctx) => wholeMonthsSince(need(ctx.event, 'event').date, ctx.asOf),
  }),
  defineFact({
    name: 'flag',
    level: 'household',
    type: 'boolean',
    description: {
      zh: '某个是/否参数在该地区、该日期的取值（未设置为否），用于地方选项',
      en: 'A yes/no parameter in force for the region and date (no when unset), for local options',
    },
    params: { parameter: { kind: 'parameter' } },
    compute: (ctx, _m, p) => ctx.param(p.parameter!)?.value === true,
  }),
  defineFact({
    name: 'amountStep',
    level: 'household',
    type: 'decimal',
    description: {
      zh: '本项目金额计算中某一步的结果（供审批层级等分类使用）',
      en: 'The value of one of this program’s amount steps (for classifications such as the approval level)',
    },
    params: { step: { kind: 'step' } },
    volatile: true,
    compute: (ctx, _m, p) => ctx.steps.get(p.step!) ?? null,
  }),
];
