import type { Decimal } from 'decimal.js';
import { Dec, atLeastZero } from '../money/decimal.js';
import { sumMoney } from '../money/fen.js';
import { ageOn, dayBefore, monthsBefore, wholeMonthsSince } from '../household/dates.js';
import { EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER, householdMonthlyIncome } from '../household/income.js';
import type { EvaluationContext } from '../engine/context.js';
import { HARDSHIP_EVENT_KINDS, HARDSHIP_EVENT_TYPES, MEANS_CHECK_STATES } from '../household/vocabulary.js';
import type { HardshipEvent } from '../household/schema.js';
import { defineFact, type FactDefinition } from './definition.js';
import { enrolmentInForce, incomeBasis, need } from './helpers.js';

const ZERO = new Dec(0);
const PROGRAM = { program: { kind: 'program' } } as const;
const CPI = 'price.cpiYearOnYear';
const ELDERLY_AGE = 'dibao.elderlyAge';

/** What a family has already received for an event (insurance, compensation, charity, assistance). */
function eventReceived(event: HardshipEvent): Decimal {
  const received = event.received;
  if (!received) return ZERO;
  return sumMoney([received.insurance, received.compensation, received.charity, received.assistance].filter((x) => x !== undefined));
}

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
      const amount = ctx.amountGrantedTo(p.program!, need(m, 'member').id);
      return amount === null ? ZERO : new Dec(amount);
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
    name: 'elderlyMembers',
    level: 'household',
    type: 'count',
    description: {
      zh: '达到老年人年龄（参数 dibao.elderlyAge）的家庭成员人数',
      en: 'Counted members of the elderly age (parameter dibao.elderlyAge) or older',
    },
    parameters: [ELDERLY_AGE],
    compute: (ctx) => {
      const from = ctx.requireParam(ELDERLY_AGE).value as number;
      return ctx.view.counted.filter((m) => ageOn(m.birthDate, ctx.asOf) >= from).length;
    },
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
    name: 'eventLoss',
    level: 'event',
    type: 'money',
    description: { zh: '事件造成的财产等损失（未登记为 0）', en: 'What the event destroyed or cost besides spending (0 if not recorded)' },
    compute: (ctx) => new Dec(need(ctx.event, 'event').loss ?? '0'),
  }),
  defineFact({
    name: 'eventReceived',
    level: 'event',
    type: 'money',
    description: {
      zh: '已就该事件获得的保险赔付、赔偿、慈善捐助和已给予的救助合计',
      en: 'Insurance, compensation, charity and assistance already received for the event, in all',
    },
    compute: (ctx) => eventReceived(need(ctx.event, 'event')),
  }),
  defineFact({
    name: 'eventAssistanceReceived',
    level: 'event',
    type: 'money',
    description: {
      zh: '已就该事件给予的救助（如先行救助的垫付），未登记为 0',
      en: 'Assistance already given for the event (an advance paid first, say); 0 if not recorded',
    },
    compute: (ctx) => new Dec(need(ctx.event, 'event').received?.assistance ?? '0'),
  }),
  defineFact({
    name: 'eventNetNeed',
    level: 'event',
    type: 'money',
    description: {
      zh: '事件造成的支出和损失，扣除已获得的保险赔付、赔偿、慈善捐助和救助后仍需的金额（不低于 0）',
      en: 'The spending and loss the event caused, less insurance, compensation, charity and assistance already received (never below 0)',
    },
    compute: (ctx) => {
      const event = need(ctx.event, 'event');
      return atLeastZero(new Dec(event.expense).plus(event.loss ?? '0').minus(eventReceived(event)));
    },
  }),
  defineFact({
    name: 'eventMeansCheck',
    level: 'event',
    type: 'enum',
    values: MEANS_CHECK_STATES,
    description: {
      zh: '家庭经济状况核查：pending 为先行救助、待事后核查；done 为已核查（未登记视为已按登记的收入和财产核查）',
      en: 'The means check: pending (helped first, checked afterwards) or done (absent: the recorded income and property are the check)',
    },
    compute: (ctx) => need(ctx.event, 'event').meansCheck ?? 'done',
  }),
  defineFact({
    name: 'eventMonthsAgo',
    level: 'event',
    type: 'months',
    description: {
      zh: '事件发生后已经届满的整月数：自事件次日起算，到期之日（对应日，无对应日的为月末日）二十四时届满，当日仍在期间内（民法典第二百零一至二百零三条）',
      en: 'Whole months since the event that have ended: counted from the next day, each ending at 24:00 of its corresponding day (or the month’s last day where there is none), so that day is still within it (民法典 arts. 201–203)',
    },
    // A window of N months after the event (先行救助) still holds on its last day: months ended by the day before.
    compute: (ctx) => {
      const date = need(ctx.event, 'event').date;
      return date < ctx.asOf ? wholeMonthsSince(date, dayBefore(ctx.asOf)) : 0;
    },
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
