import type { Decimal } from 'decimal.js';
import { Dec, decimalToFen } from '../money/decimal.js';
import { fenToDecimal, moneyToFen } from '../money/fen.js';
import type { EvaluationContext } from '../engine/context.js';
import type { CompiledIncomeBasis } from '../policy/types.js';
import type { Member } from './schema.js';
import { monthsBefore } from './dates.js';

const ZERO = new Dec(0);
const EARNED_KINDS = new Set(['wage', 'business']);

/** The parameter a region sets for necessary employment costs deducted from earned income (art. 13); no national default. */
export const EMPLOYMENT_COST_PARAMETER = 'income.employmentCostDeduction';
/** The parameter that spreads one-off income over months (no national rule: a local choice). */
export const ONE_OFF_SPREAD_PARAMETER = 'income.oneOffSpreadMonths';

/**
 * A member's countable income per month under an income basis (民发〔2021〕57号 art. 13): counted kinds added,
 * excluded kinds left out (also counted kinds whose `excludedWhen` holds for this member), deducted kinds
 * subtracted. Yearly amounts are ÷ 12 and one-off amounts ÷ `income.oneOffSpreadMonths`, exactly; nothing is rounded.
 * Necessary employment costs, where the region configures them, are deducted from earned income, never below zero.
 *
 * @example
 * memberMonthlyIncome(ctx, member, basis).toFixed(2) // '3000.00' for a wage of 3000.00 a month
 */
export function memberMonthlyIncome(ctx: EvaluationContext, member: Member, basis: CompiledIncomeBasis): Decimal {
  const income = memberIncome(ctx, member, basis);
  return (income.exact ??= fenToDecimal(income.fen!));
}

/**
 * The household's countable monthly income under a basis: the counted members' incomes of the current view, never
 * below zero (support paid out can exceed what comes in).
 *
 * @example
 * householdMonthlyIncome(ctx, basis).toFixed(2) // '3000.00' for the Guangzhou example
 */
export function householdMonthlyIncome(ctx: EvaluationContext, basis: CompiledIncomeBasis): Decimal {
  const fen = householdMonthlyIncomeFen(ctx, basis);
  if (fen !== undefined) return fenToDecimal(fen);
  const total = ctx.view.counted.reduce((sum, member) => sum.plus(memberMonthlyIncome(ctx, member, basis)), ZERO);
  return Dec.max(ZERO, total);
}

/**
 * {@link householdMonthlyIncome} in whole fen when every counted member's income is exactly that (monthly amounts
 * only); undefined otherwise. Per-capita figures divide it once, with no Decimal sum before.
 *
 * @example
 * householdMonthlyIncomeFen(ctx, basis) // 300000 for the Guangzhou example
 */
export function householdMonthlyIncomeFen(ctx: EvaluationContext, basis: CompiledIncomeBasis): number | undefined {
  let total = 0;
  for (const member of ctx.view.counted) {
    const fen = memberIncome(ctx, member, basis).fen;
    if (fen === undefined) return undefined;
    total += fen;
  }
  return Number.isSafeInteger(total) ? Math.max(0, total) : undefined;
}

/**
 * {@link memberMonthlyIncome} in whole fen when it is exactly that (monthly amounts only); undefined otherwise.
 *
 * @example
 * memberMonthlyIncomeFen(ctx, member, basis) // 300000 for a wage of 3000.00 a month
 */
export function memberMonthlyIncomeFen(ctx: EvaluationContext, member: Member, basis: CompiledIncomeBasis): number | undefined {
  return memberIncome(ctx, member, basis).fen;
}

/** A member's income under a basis: in whole fen when exact, as a Decimal made when first asked for. */
interface MemberIncome {
  fen: number | undefined;
  exact: Decimal | undefined;
}

function memberIncome(ctx: EvaluationContext, member: Member, basis: CompiledIncomeBasis): MemberIncome {
  // Several facts read the same member's income (household income, per capita, own income, rigid share, supporters);
  // computed once per evaluation, member and basis. Income does not depend on the program or the view.
  const memo = ctx.memoOf(member);
  let income = memo[basis.index] as MemberIncome | undefined;
  if (income === undefined) memo[basis.index] = income = computeMemberIncome(ctx, member, basis);
  return income;
}

function computeMemberIncome(ctx: EvaluationContext, member: Member, basis: CompiledIncomeBasis): MemberIncome {
  const counted = countedIncomes(ctx, member, basis);
  const fen = sumInFen(counted);
  if (fen) {
    const earned = earnedLessCostsInFen(ctx, fen.earned);
    if (earned !== undefined && Number.isSafeInteger(earned + fen.other)) return { fen: earned + fen.other, exact: undefined };
  }
  const { earned, other } = fen ? { earned: fenToDecimal(fen.earned), other: fenToDecimal(fen.other) } : sumInDecimals(ctx, counted);
  return { fen: undefined, exact: withEmploymentCosts(ctx, earned).plus(other) };
}

/** {@link withEmploymentCosts} in whole fen; undefined when the configured deduction is not whole fen. */
function earnedLessCostsInFen(ctx: EvaluationContext, earned: number): number | undefined {
  if (earned <= 0) return earned;
  const deduction = ctx.param(EMPLOYMENT_COST_PARAMETER);
  if (!deduction) return earned;
  const deductionFen = decimalToFen(deduction.value as Decimal);
  return deductionFen === undefined ? undefined : Math.max(0, earned - deductionFen);
}

/** Earned income less the necessary employment costs the region configures, never below zero. */
function withEmploymentCosts(ctx: EvaluationContext, earned: Decimal): Decimal {
  if (!earned.gt(0)) return earned;
  const deduction = ctx.param(EMPLOYMENT_COST_PARAMETER);
  return deduction ? Dec.max(ZERO, earned.minus(deduction.value as Decimal)) : earned;
}

interface CountedIncome {
  income: Member['incomes'][number];
  deducted: boolean;
  earned: boolean;
}

/**
 * The member's incomes the basis counts or deducts (kinds it leaves out, and kinds excluded for this member, dropped).
 * A one-off income dated before the reference period (the `income.oneOffSpreadMonths` months up to asOf) is past:
 * it is not spread into today's income (民发〔2021〕57号 art. 13 counts income over the reference period).
 */
function countedIncomes(ctx: EvaluationContext, member: Member, basis: CompiledIncomeBasis): CountedIncome[] {
  const out: CountedIncome[] = [];
  for (const income of member.incomes) {
    const rule = basis.kinds.get(income.kind);
    if (!rule || rule.treatment === 'excluded') continue;
    if (rule.excludedWhen && rule.excludedWhen(ctx, member)) continue;
    if (income.period === 'once' && income.date !== undefined && !withinReferencePeriod(ctx, income.date)) continue;
    out.push({ income, deducted: rule.treatment === 'deducted', earned: EARNED_KINDS.has(income.kind) });
  }
  return out;
}

/**
 * The common case in whole fen: when every counted income is monthly, earned and other income are exact integer
 * sums. Undefined when an income is yearly or one-off (those divide) or a figure is too large for exact integers:
 * {@link sumInDecimals} then gives the same result.
 */
function sumInFen(counted: readonly CountedIncome[]): { earned: number; other: number } | undefined {
  let earned = 0;
  let other = 0;
  for (const { income, deducted, earned: isEarned } of counted) {
    const fen = income.period === 'month' ? moneyToFen(income.amount) : undefined;
    if (fen === undefined) return undefined;
    if (deducted) other -= fen;
    else if (isEarned) earned += fen;
    else other += fen;
  }
  return Number.isSafeInteger(earned) && Number.isSafeInteger(other) ? { earned, other } : undefined;
}

/** Whether a date falls in the reference period: after the day `income.oneOffSpreadMonths` months before asOf, up to asOf. */
function withinReferencePeriod(ctx: EvaluationContext, date: string): boolean {
  const months = ctx.requireParam(ONE_OFF_SPREAD_PARAMETER).value as number;
  return date > monthsBefore(ctx.asOf, months) && date <= ctx.asOf;
}

/** Yearly amounts ÷ 12 and one-off amounts ÷ the spread, exactly. */
function sumInDecimals(ctx: EvaluationContext, counted: readonly CountedIncome[]): { earned: Decimal; other: Decimal } {
  let earned = ZERO;
  let other = ZERO;
  for (const { income, deducted, earned: isEarned } of counted) {
    const amount = new Dec(income.amount);
    const monthly =
      income.period === 'month'
        ? amount
        : income.period === 'year'
          ? amount.div(12)
          : amount.div(ctx.requireParam(ONE_OFF_SPREAD_PARAMETER).value as number);
    if (deducted) other = other.minus(monthly);
    else if (isEarned) earned = earned.plus(monthly);
    else other = other.plus(monthly);
  }
  return { earned, other };
}
