import type Decimal from 'decimal.js';
import { sha256Canonical } from '../audit/canonical.js';
import { fillTemplate } from '../text/template.js';
import { DECISION_CATALOGS, type WarningCode } from '../decision/locales/catalog.js';
import type { AmountStep, Decision, DecisionWarning, MemberOutcome, ParameterUse, ProgramDecision } from '../decision/types.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { NoCountedMembers } from '../facts/helpers.js';
import { checkHousehold } from '../household/parse.js';
import { isRealDate } from '../household/primitives.js';
import type { Household, Member } from '../household/schema.js';
import { householdView } from '../household/view.js';
import { Dec, ROUNDING_MODES, formatMoney, moneyString } from '../money/decimal.js';
import { ParameterUnavailable, type ResolvedParameter } from '../policy/parameters.js';
import type { CompiledProgram, Policy } from '../policy/types.js';
import { DECISION_FORMAT, ENGINE_VERSION } from '../version.js';
import { EvaluationContext, type Reason } from './context.js';
import { MissingFact, show } from './expressions.js';

const ZERO = new Dec(0);

export interface EvaluateOptions {
  /** The date the decision is made for, `YYYY-MM-DD`. Required: the library never reads the clock. */
  asOf: string;
}

/**
 * Decides every program of the policy for a household on `asOf`: eligibility with reasons, exact amounts with
 * their breakdown, the circle of assistance, every parameter used and warnings. Validates the household first and
 * throws a {@link JiuzhuError} of kind `input` listing every problem. Pure: safe to call many times at once.
 *
 * @example
 * const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
 * decision.programs.find((p) => p.program === 'dibao')?.amount // '1952.00'
 */
export async function evaluate(policy: Policy, household: unknown, options: EvaluateOptions): Promise<Decision> {
  return evaluateSync(policy, household, options);
}

/**
 * The same as {@link evaluate}, synchronously (evaluation does no I/O; batch screening uses this).
 *
 * @example
 * evaluateSync(policy, household, { asOf: '2023-06-01' }).circle.circle // 'absolute'
 */
export function evaluateSync(policy: Policy, input: unknown, options: EvaluateOptions): Decision {
  const household = checkEvaluationInput(input, options?.asOf);
  return decide(policy, household, sha256Canonical(input), options.asOf);
}

/**
 * Validates what an evaluation is given (the household and `asOf`), throwing a {@link JiuzhuError} of kind `input`
 * with every problem; shared by {@link evaluateSync} and the screening fast path so that both refuse the same rows.
 *
 * @example
 * checkEvaluationInput(household, '2023-06-01').members.length // 4
 */
export function checkEvaluationInput(input: unknown, asOf: string): Household {
  const issues: Issue[] = [];
  if (typeof asOf !== 'string' || !isRealDate(asOf)) issues.push(makeIssue('INVALID_AS_OF', ['asOf'], { received: String(asOf) }));
  const checked = checkHousehold(input);
  if (!checked.ok) issues.push(...checked.issues);
  if (checked.ok && issues.length === 0) {
    checked.household.members.forEach((m, i) => {
      if (m.birthDate > asOf) issues.push(makeIssue('BIRTH_AFTER_AS_OF', ['members', i, 'birthDate'], { birthDate: m.birthDate, asOf }));
    });
  }
  if (issues.length > 0 || !checked.ok) throw new JiuzhuError('input', issues);
  return checked.household;
}

function decide(policy: Policy, household: Household, inputSha256: string, asOf: string): Decision {
  const ctx = new EvaluationContext(policy, household, asOf, household.region, household.area, householdView(household, new Set()));
  const programs = policy.programs.map((program) => decideProgram(ctx, program));
  const granted = new Set(programs.filter((p) => p.eligible).map((p) => p.program));
  const circleRule = policy.circles.find((rule) => rule.anyGranted.some((p) => granted.has(p)));
  const parameters = [...ctx.used.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(parameterUse);
  const citations: Decision['citations'] = {};
  const messages: Decision['messages'] = {};
  const cite = (key: string | undefined) => {
    const citation = key === undefined ? undefined : policy.citations.get(key);
    if (citation) citations[key!] = citation;
  };
  for (const program of programs) {
    cite(program.citation);
    for (const reason of program.reasons) {
      cite(reason.citation);
      const message = reason.code === undefined ? undefined : policy.messages.get(reason.code);
      if (message) messages[reason.code!] = message;
    }
    for (const step of program.steps) cite(step.citation);
    for (const member of program.members) for (const s of member.supplements) cite(s.citation);
  }
  if (circleRule) cite(circleRule.citation);
  const decision: Decision = {
    format: DECISION_FORMAT,
    id: sha256Canonical({ inputSha256, policy: policy.sha256, asOf, engine: ENGINE_VERSION }).slice(0, 32),
    householdId: household.id,
    asOf,
    engine: { name: 'jiuzhu', version: ENGINE_VERSION },
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    inputSha256,
    region: { code: household.region, area: household.area },
    programs,
    circle: circleRule
      ? {
          circle: circleRule.circle,
          programs: circleRule.anyGranted.filter((p) => granted.has(p)),
          citation: circleRule.citation,
          message: circleRule.message,
        }
      : { circle: 'none', programs: [] },
    parameters,
    citations,
    messages,
    members: household.members.map((m) => ({ id: m.id, ...(m.name ? { name: m.name } : {}), counted: m.exclusion === undefined })),
    warnings: warningsFor(programs, [...ctx.used.values()], policy, household.region),
  };
  return decision;
}

function decideProgram(ctx: EvaluationContext, program: CompiledProgram): ProgramDecision {
  const leftOut = new Set<string>();
  for (const other of program.membersLeftOut) for (const id of ctx.outcomes.get(other)?.members ?? []) leftOut.add(id);
  ctx.view = householdView(ctx.household, leftOut);
  ctx.programId = program.id;
  ctx.trace = [];
  const base: ProgramDecision = {
    program: program.id,
    name: program.name,
    level: program.level,
    status: 'ineligible',
    eligible: false,
    amount: '0.00',
    period: program.amount?.period ?? 'month',
    ...(program.amount ? { rounding: program.amount.rounding } : {}),
    steps: [],
    members: [],
    reasons: ctx.trace,
    citation: program.citation,
  };
  try {
    const decided = program.level === 'household' ? decideHouseholdProgram(ctx, program, base) : decidePersonProgram(ctx, program, base);
    ctx.outcomes.set(program.id, { granted: decided.eligible, members: new Set(decided.members.filter((m) => m.eligible).map((m) => m.memberId)) });
    return decided;
  } catch (error) {
    const detail = undeterminedDetail(error);
    if (!detail) throw error;
    ctx.outcomes.set(program.id, { granted: false, members: new Set() });
    ctx.trace.push({ rule: `${program.id}/undetermined`, code: 'jiuzhu.undetermined', passed: false, params: detail });
    return { ...base, status: 'undetermined', steps: [], members: [] };
  } finally {
    ctx.trace = null;
  }
}

/**
 * What stopped a program as undetermined (a parameter not in force, no counted member, a missing fact), or
 * undefined for any other error (a bug, rethrown).
 *
 * @example
 * undeterminedDetail(new ParameterUnavailable('dibao.standard')) // { kind: 'parameter', name: 'dibao.standard' }
 */
export function undeterminedDetail(error: unknown): Record<string, string> | undefined {
  if (error instanceof ParameterUnavailable) return { kind: 'parameter', name: error.parameter };
  if (error instanceof NoCountedMembers) return { kind: 'noCountedMembers' };
  if (error instanceof MissingFact) return { kind: 'missingFact', name: error.fact };
  return undefined;
}

/**
 * The program granted so far that excludes this one (for a member, or the whole household), if any.
 *
 * @example
 * excludingProgram(ctx, singlePersonProgram, member) // 'dibao' when the household already has 低保
 */
export function excludingProgram(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): string | undefined {
  return program.excludedBy.find((other) => {
    const outcome = ctx.outcomes.get(other);
    if (!outcome?.granted) return false;
    const otherProgram = ctx.policy.programs.find((p) => p.id === other);
    // A person program excludes only the persons it granted; a household program excludes the whole household.
    return member === undefined || otherProgram?.level === 'household' || outcome.members.has(member.id);
  });
}

function decideHouseholdProgram(ctx: EvaluationContext, program: CompiledProgram, base: ProgramDecision): ProgramDecision {
  const eligible = program.eligibility(ctx, undefined);
  const excluder = excludingProgram(ctx, program, undefined);
  if (excluder) ctx.trace!.push({ rule: `${program.id}/excludedBy`, code: 'jiuzhu.excludedBy', passed: false, params: { program: excluder } });
  if (!eligible || excluder || !program.amount) return { ...base, status: eligible && !excluder ? 'eligible' : 'ineligible', eligible: eligible && !excluder };
  const amount = program.amount;
  const beneficiaries = ctx.view.counted.filter((m) => !amount.beneficiaries || amount.beneficiaries(ctx, m));
  ctx.beneficiaries = beneficiaries;
  const { steps, value, values } = runSteps(ctx, program, undefined);
  const total = roundTo(value, amount.rounding);
  const shares = splitEqually(total, beneficiaries.length);
  const members: MemberOutcome[] = beneficiaries.map((member, i) => {
    const supplements = runSupplements(ctx, program, member, values);
    const memberTotal = supplements.reduce((sum, s) => sum.plus(s.amount), shares[i]!);
    return {
      memberId: member.id,
      eligible: true,
      amount: formatMoney(memberTotal),
      share: formatMoney(shares[i]!),
      supplements: supplements.map((s) => ({ ...s, amount: formatMoney(s.amount) })),
    };
  });
  const householdTotal = members.reduce((sum, m) => sum.plus(m.amount), ZERO);
  return { ...base, status: 'eligible', eligible: true, amount: formatMoney(householdTotal), steps, members };
}

function decidePersonProgram(ctx: EvaluationContext, program: CompiledProgram, base: ProgramDecision): ProgramDecision {
  const candidates = program.candidates === 'counted' ? ctx.view.counted : ctx.view.members;
  const members: MemberOutcome[] = [];
  for (const member of candidates) {
    const eligible = program.eligibility(ctx, member);
    const excluder = excludingProgram(ctx, program, member);
    if (excluder) {
      ctx.trace!.push({ rule: `${program.id}/excludedBy`, code: 'jiuzhu.excludedBy', passed: false, memberId: member.id, params: { program: excluder } });
    }
    if (!eligible || excluder) {
      members.push({ memberId: member.id, eligible: false, amount: '0.00', supplements: [] });
      continue;
    }
    if (!program.amount) {
      members.push({ memberId: member.id, eligible: true, amount: '0.00', supplements: [] });
      continue;
    }
    const { steps, value, values } = runSteps(ctx, program, member);
    const own = roundTo(value, program.amount.rounding);
    const supplements = runSupplements(ctx, program, member, values);
    const memberTotal = supplements.reduce((sum, s) => sum.plus(s.amount), own);
    members.push({
      memberId: member.id,
      eligible: true,
      amount: formatMoney(memberTotal),
      supplements: supplements.map((s) => ({ ...s, amount: formatMoney(s.amount) })),
      steps,
    });
  }
  const granted = members.filter((m) => m.eligible);
  if (granted.length === 0 && candidates.length === 0) {
    ctx.trace!.push({ rule: `${program.id}/candidates`, code: 'jiuzhu.notCandidate', passed: false });
  }
  const total = granted.reduce((sum, m) => sum.plus(m.amount), ZERO);
  return { ...base, status: granted.length > 0 ? 'eligible' : 'ineligible', eligible: granted.length > 0, amount: formatMoney(total), members };
}

function runSteps(
  ctx: EvaluationContext,
  program: CompiledProgram,
  member: Member | undefined,
): { steps: AmountStep[]; value: Decimal; values: ReadonlyMap<string, Decimal> } {
  const values = new Map<string, Decimal>();
  const steps: AmountStep[] = [];
  let last = ZERO;
  for (const step of program.amount!.steps) {
    const { value, text } = step.expr.explain(ctx, member, values);
    values.set(step.id, value);
    last = value;
    steps.push({
      id: step.id,
      label: step.label,
      formula: step.expr.formula,
      computation: text,
      value: show(value),
      ...(step.citation ? { citation: step.citation } : {}),
    });
  }
  return { steps, value: last, values };
}

function runSupplements(ctx: EvaluationContext, program: CompiledProgram, member: Member, steps: ReadonlyMap<string, Decimal>) {
  const out: { id: string; label: { zh: string; en: string }; amount: Decimal; citation?: string }[] = [];
  for (const supplement of program.amount!.supplements) {
    if (!supplement.when(ctx, member)) continue;
    const amount = roundTo(supplement.expr.value(ctx, member, steps), program.amount!.rounding);
    if (amount.isZero()) continue;
    out.push({ id: supplement.id, label: supplement.label, amount, ...(supplement.citation ? { citation: supplement.citation } : {}) });
  }
  return out;
}

/**
 * Rounds with the program's declared rounding, never below zero (an amount is never negative).
 *
 * @example
 * roundTo(new Dec('-3.456'), { places: 2, mode: 'halfUp' }).toFixed(2) // '0.00'
 */
export function roundTo(value: Decimal, rounding: { places: number; mode: keyof typeof ROUNDING_MODES }): Decimal {
  return Dec.max(ZERO, value.toDecimalPlaces(rounding.places, ROUNDING_MODES[rounding.mode]));
}

/**
 * Splits a household amount into equal member shares in whole fen; the fen left over go one each to the first
 * members, so the shares add up to the amount exactly.
 *
 * @example
 * splitEqually(new Dec('100.00'), 3).map(String) // ['33.34', '33.33', '33.33']
 */
export function splitEqually(total: Decimal, count: number): Decimal[] {
  if (count === 0) return [];
  const fen = total.times(100).toDecimalPlaces(0, Dec.ROUND_DOWN);
  const each = fen.divToInt(count);
  const remainder = fen.minus(each.times(count)).toNumber();
  return Array.from({ length: count }, (_, i) => (i < remainder ? each.plus(1) : each).div(100));
}

function parameterUse(p: ResolvedParameter): ParameterUse {
  return {
    name: p.name,
    type: p.type,
    value: typeof p.value === 'object' ? (p.type === 'money' ? moneyString(p.value) : p.value.toFixed()) : p.value,
    from: p.from,
    region: p.region,
    level: p.level,
    area: p.area,
    layer: p.layer,
    illustrative: p.illustrative,
    ...(p.source ? { source: p.source } : {}),
    ...(p.grade ? { grade: p.grade } : {}),
    ...(p.note ? { note: p.note } : {}),
    ...(p.formula ? { formula: p.formula, computation: p.computation!, dependsOn: (p.dependsOn ?? []).map((d) => d.name) } : {}),
  };
}

function warningsFor(programs: ProgramDecision[], used: ResolvedParameter[], policy: Policy, region: string): DecisionWarning[] {
  const warnings: DecisionWarning[] = [];
  const warn = (code: WarningCode, params: Record<string, string>) =>
    warnings.push({
      code,
      params,
      message: {
        zh: fillTemplate(DECISION_CATALOGS.zh.warnings[code], params),
        en: fillTemplate(DECISION_CATALOGS.en.warnings[code], params),
      },
    });
  const illustrative = used.filter((p) => p.illustrative && !p.formula).map((p) => p.name).sort();
  if (illustrative.length > 0) warn('ILLUSTRATIVE_PARAMETERS', { names: illustrative.join(', ') });
  for (const p of used) {
    const definition = policy.parameters.get(p.name)?.definition;
    if (definition?.localStandard && p.level !== 'city' && p.level !== 'county') {
      warn('REGION_FALLBACK', { name: p.name, region, from: `${p.region} ${p.level}` });
    }
  }
  for (const program of programs) {
    if (program.status !== 'undetermined') continue;
    const params = program.reasons.find((r) => r.code === 'jiuzhu.undetermined')?.params ?? {};
    const kind = (params.kind ?? 'parameter') as 'parameter' | 'noCountedMembers' | 'missingFact';
    const detail = (lang: 'zh' | 'en') => fillTemplate(DECISION_CATALOGS[lang].undetermined[kind], params);
    warnings.push({
      code: 'PROGRAM_UNDETERMINED',
      params: { program: program.program, ...params },
      message: {
        zh: fillTemplate(DECISION_CATALOGS.zh.warnings.PROGRAM_UNDETERMINED, { program: program.name.zh, detail: detail('zh') }),
        en: fillTemplate(DECISION_CATALOGS.en.warnings.PROGRAM_UNDETERMINED, { program: program.name.en, detail: detail('en') }),
      },
    });
  }
  return warnings;
}
