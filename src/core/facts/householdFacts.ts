import type { Decimal } from 'decimal.js';
import { Dec } from '../money/decimal.js';
import { sumMoney } from '../money/fen.js';
import { ageOn, monthsSince } from '../household/dates.js';
import { EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER, householdMonthlyIncome, householdMonthlyIncomeFen } from '../household/income.js';
import type { EvaluationContext } from '../engine/context.js';
import { defineFact, type FactDefinition } from './definition.js';
import { InformationMissing, NoCountedMembers } from '../engine/signals.js';
import { enrolmentInForce, incomeBasis, registeredIn } from './helpers.js';

const ZERO = new Dec(0);
const BASIS = { basis: { kind: 'incomeBasis', default: 'household' } } as const;
const PROGRAM = { program: { kind: 'program' } } as const;

function householdIncome(ctx: EvaluationContext, basisName: string): Decimal {
  return householdMonthlyIncome(ctx, incomeBasis(ctx, basisName));
}

function totalFinancialAssets(ctx: EvaluationContext): Decimal {
  return sumMoney(ctx.household.assets.financial.map((a) => a.amount));
}

/**
 * The enrolment in force whose income had gone over the line by asOf: an excess recorded for a later month has not
 * happened yet as of asOf (a 渐退期 cannot have begun), as an enrolment from a later date is not yet in force.
 * An enrolment in force that does not say when income first went over is a record the 渐退期 needs (83号: at most
 * 6 months from then): the test waits for it rather than refusing a family the exit period may be owed.
 */
function exceededByAsOf(ctx: EvaluationContext, program: string) {
  const enrolment = enrolmentInForce(ctx, program);
  if (enrolment === undefined) return undefined;
  const month = enrolment.incomeFirstExceeded;
  if (month === undefined) throw new InformationMissing('exitUnrecorded');
  return month <= ctx.asOf.slice(0, 7) ? enrolment : undefined;
}

/** Marital statuses of a parent raising children alone (a single-parent family, 单亲家庭). */
const WITHOUT_SPOUSE: ReadonlySet<string> = new Set(['unmarried', 'divorced', 'widowed']);

/** Facts about the whole household (as the program sees it). */
export const HOUSEHOLD_FACTS: readonly FactDefinition[] = [
  defineFact({
    name: 'countedMembers',
    level: 'household',
    type: 'count',
    description: {
      zh: '共同生活的家庭成员人数（不含服刑、强制隔离戒毒、宣告失踪、脱离家庭 3 年以上的宗教教职人员）',
      en: 'Counted household members (民发〔2021〕57号 art. 7): excludes prison, compulsory rehabilitation, missing, clergy apart 3+ years',
    },
    compute: (ctx) => ctx.view.counted.length,
  }),
  defineFact({
    name: 'householdMonthlyIncome',
    level: 'household',
    type: 'money',
    description: {
      zh: '家庭月收入（按收入口径计入、不计入和扣减后的合计）',
      en: 'Household monthly income under an income basis (counted, left out and deducted kinds applied)',
    },
    params: BASIS,
    parameters: [EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER],
    compute: (ctx, _m, p) => householdIncome(ctx, p.basis!),
  }),
  defineFact({
    name: 'perCapitaIncome',
    level: 'household',
    type: 'money',
    description: { zh: '家庭月人均收入（精确值，不作舍入）', en: 'Monthly income per counted member (exact, not rounded)' },
    params: BASIS,
    parameters: [EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER],
    compute: (ctx, _m, p) => {
      const n = ctx.view.counted.length;
      if (n === 0) throw new NoCountedMembers(); // no per-capita figure: the program is undetermined
      // In fen, one division gives the same correctly rounded quotient as yuan ÷ n, without the yuan Decimal.
      const basis = incomeBasis(ctx, p.basis!);
      const fen = householdMonthlyIncomeFen(ctx, basis);
      return fen === undefined ? householdMonthlyIncome(ctx, basis).div(n) : new Dec(fen).div(100 * n);
    },
  }),
  defineFact({
    name: 'beneficiaryCount',
    level: 'household',
    type: 'count',
    description: {
      zh: '分享本项目家庭金额的成员人数（计入成员中符合受益条件者，如未因拒绝工作被停发）',
      en: 'Members who share this program’s household amount (counted members meeting its beneficiary condition)',
    },
    compute: (ctx) => ctx.beneficiaries.length,
    readsOutcomes: true,
  }),
  defineFact({
    name: 'financialAssets',
    level: 'household',
    type: 'money',
    description: { zh: '家庭金融资产合计', en: 'Total financial assets of the household' },
    compute: totalFinancialAssets,
  }),
  defineFact({
    name: 'financialAssetsPerCapita',
    level: 'household',
    type: 'money',
    description: { zh: '人均金融资产', en: 'Financial assets per counted member' },
    compute: (ctx) => {
      const n = ctx.view.counted.length;
      if (n === 0) throw new NoCountedMembers();
      return totalFinancialAssets(ctx).div(n);
    },
  }),
  defineFact({
    name: 'vehicleCount',
    level: 'household',
    type: 'count',
    description: { zh: '机动车数量（不含生产或残疾人代步所需的豁免车辆）', en: 'Vehicles, not counting exempt ones (production, disability)' },
    compute: (ctx) => ctx.household.assets.vehicles.filter((v) => !v.exempt).length,
  }),
  defineFact({
    name: 'highestVehicleValue',
    level: 'household',
    type: 'money',
    description: { zh: '非豁免车辆中的最高价值（无车为 0）', en: 'Value of the most valuable non-exempt vehicle (0 if none)' },
    compute: (ctx) => ctx.household.assets.vehicles.filter((v) => !v.exempt).reduce((max, v) => Dec.max(max, v.value), ZERO),
  }),
  defineFact({
    name: 'houseCount',
    level: 'household',
    type: 'count',
    description: { zh: '住房套数（不含豁免住房）', en: 'Houses, not counting exempt ones' },
    compute: (ctx) => ctx.household.assets.houses.filter((h) => !h.exempt).length,
  }),
  defineFact({
    name: 'area',
    level: 'household',
    type: 'enum',
    values: ['urban', 'rural'],
    description: { zh: '城乡类别', en: 'Urban or rural' },
    compute: (ctx) => ctx.household.area,
  }),
  defineFact({
    name: 'isEnrolled',
    level: 'household',
    type: 'boolean',
    description: { zh: '家庭目前正在享受某项目', en: 'The household currently receives the program' },
    params: PROGRAM,
    compute: (ctx, _m, p) => enrolmentInForce(ctx, p.program!) !== undefined,
  }),
  defineFact({
    name: 'enrolledMonthlyAmount',
    level: 'household',
    type: 'money',
    description: { zh: '目前享受的月金额（未登记时为空）', en: 'The monthly amount currently received (empty if not recorded)' },
    params: PROGRAM,
    compute: (ctx, _m, p) => {
      const amount = enrolmentInForce(ctx, p.program!)?.monthlyAmount;
      return amount === undefined ? null : new Dec(amount);
    },
  }),
  defineFact({
    name: 'monthsSinceIncomeExceeded',
    level: 'household',
    type: 'months',
    description: {
      zh: '人均收入首次超过标准以来的月数（渐退期；登记的月份晚于评估日期时为空；享受中而未登记月份时暂无法确定）',
      en: 'Months since per-capita income first exceeded the standard (gradual exit; empty if recorded for a month after asOf; undetermined for an enrolment in force that does not record it)',
    },
    params: PROGRAM,
    compute: (ctx, _m, p) => {
      const month = exceededByAsOf(ctx, p.program!)?.incomeFirstExceeded;
      return month === undefined ? null : monthsSince(month, ctx.asOf);
    },
  }),
  defineFact({
    name: 'incomeExceededThroughWork',
    level: 'household',
    type: 'boolean',
    description: {
      zh: '收入超过标准是因为家庭成员就业（享受中的低保未登记原因时暂无法确定）',
      en: 'Income exceeded the standard because a member found work (undetermined for an enrolment in force that does not record why)',
    },
    params: PROGRAM,
    compute: (ctx, _m, p) => {
      // Why income went over decides whether a 渐退期 applies at all (art. 33: through work); unrecorded, it waits.
      const enrolment = enrolmentInForce(ctx, p.program!);
      if (enrolment === undefined) return false;
      if (enrolment.exceededBecause === undefined) throw new InformationMissing('exitUnrecorded');
      return enrolment.exceededBecause === 'employment';
    },
  }),
  defineFact({
    name: 'hukouRecordedMembers',
    level: 'household',
    type: 'count',
    description: { zh: '登记了户籍所在地的家庭成员人数', en: 'Counted members whose place of household registration (户籍) is recorded' },
    compute: (ctx) => ctx.view.counted.filter((m) => m.hukou !== undefined).length,
  }),
  defineFact({
    name: 'hukouHereMembers',
    level: 'household',
    type: 'count',
    description: {
      zh: '户籍在家庭居住地（同一县级行政区域，或居住地只登记到市时同一市）的家庭成员人数',
      en: 'Counted members registered (户籍) where the household lives: the same county, or the same city where only the city is recorded',
    },
    compute: (ctx) => ctx.view.counted.filter((m) => m.hukou !== undefined && registeredIn(m.hukou.region, ctx.household.region)).length,
  }),
  defineFact({
    name: 'hukouInProvinceMembers',
    level: 'household',
    type: 'count',
    description: { zh: '户籍在本省的家庭成员人数', en: 'Counted members registered (户籍) in the household’s province' },
    compute: (ctx) =>
      ctx.view.counted.filter((m) => m.hukou !== undefined && m.hukou.region.slice(0, 2) === ctx.household.region.slice(0, 2)).length,
  }),
  defineFact({
    name: 'singleParentFamily',
    level: 'household',
    type: 'boolean',
    description: {
      zh: '单亲家庭：申请人未婚、离异或丧偶，无配偶共同生活，抚养未满 18 周岁的子女（婚姻状况未登记时为否）',
      en: 'A single-parent family: the applicant is unmarried, divorced or widowed, no spouse lives in the household, and a child under 18 does (no when marital status is not recorded)',
    },
    compute: (ctx) => {
      const members = ctx.view.members;
      const applicant = members.find((m) => m.relation === 'applicant');
      if (!applicant?.maritalStatus || !WITHOUT_SPOUSE.has(applicant.maritalStatus)) return false;
      if (members.some((m) => m.relation === 'spouse')) return false;
      return ctx.view.counted.some((m) => m.relation === 'child' && ageOn(m.birthDate, ctx.asOf) < 18);
    },
  }),
  defineFact({
    name: 'householdGranted',
    level: 'household',
    type: 'boolean',
    description: { zh: '本次评估中家庭（或其成员）获得某项目', en: 'In this evaluation, the household (or a member) is granted the program' },
    params: PROGRAM,
    readsOutcomes: true,
    compute: (ctx, _m, p) => ctx.grantedToHousehold(p.program!),
  }),
];
