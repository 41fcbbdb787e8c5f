import type Decimal from 'decimal.js';
import { Dec } from '../money/decimal.js';
import type { EvaluationContext } from '../engine/context.js';
import type { CompiledIncomeBasis } from '../policy/types.js';
import type { Member } from './schema.js';

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
  // Several facts read the same member's income (household income, per capita, own income, rigid share, supporters);
  // computed once per evaluation, member and basis. Income does not depend on the program or the view.
  return ctx.memo(member, basis.name, () => computeMemberMonthlyIncome(ctx, member, basis));
}

/**
 * The household's countable monthly income under a basis: the counted members' incomes of the current view, never
 * below zero (support paid out can exceed what comes in).
 *
 * @example
 * householdMonthlyIncome(ctx, basis).toFixed(2) // '3000.00' for the Guangzhou example
 */
export function householdMonthlyIncome(ctx: EvaluationContext, basis: CompiledIncomeBasis): Decimal {
  const total = ctx.view.counted.reduce((sum, member) => sum.plus(memberMonthlyIncome(ctx, member, basis)), ZERO);
  return Dec.max(ZERO, total);
}

function computeMemberMonthlyIncome(ctx: EvaluationContext, member: Member, basis: CompiledIncomeBasis): Decimal {
  let earned = ZERO;
  let other = ZERO;
  for (const income of member.incomes) {
    const rule = basis.kinds.get(income.kind);
    if (!rule || rule.treatment === 'excluded') continue;
    if (rule.excludedWhen && rule.excludedWhen(ctx, member)) continue;
    const amount = new Dec(income.amount);
    const monthly =
      income.period === 'month'
        ? amount
        : income.period === 'year'
          ? amount.div(12)
          : amount.div(ctx.requireParam(ONE_OFF_SPREAD_PARAMETER).value as number);
    if (rule.treatment === 'deducted') other = other.minus(monthly);
    else if (EARNED_KINDS.has(income.kind)) earned = earned.plus(monthly);
    else other = other.plus(monthly);
  }
  if (earned.gt(0)) {
    const deduction = ctx.param(EMPLOYMENT_COST_PARAMETER);
    if (deduction) earned = Dec.max(ZERO, earned.minus(deduction.value as Decimal));
  }
  return earned.plus(other);
}
