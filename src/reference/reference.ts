import { Engine, Rule, type TopLevelCondition } from 'json-rules-engine';
import { FACTS, resolveFactParams } from '../core/facts/catalog.js';
import { parseHousehold } from '../core/household/parse.js';
import type { Member } from '../core/household/schema.js';
import { DECIMAL_PATTERN, Dec } from '../core/money/decimal.js';
import type { ConditionInput } from '../core/policy/schema.js';
import type { CompiledProgram, Policy } from '../core/policy/types.js';
import { EvaluationContext } from '../core/engine/context.js';
import { evaluateInterpreted, outcomeOf, type EvaluateOptions } from '../core/engine/evaluate.js';
import { OPERATORS, type OperandValue } from '../core/engine/operators.js';

/** Stands for a parameter with no value in force: every comparison with it is false. */
const UNAVAILABLE = Object.freeze({ unavailable: true });

/** Raw eligibility-condition outcomes: per household program a boolean, per person program a boolean per member. */
export type ConditionOutcomes = Record<string, boolean | Record<string, boolean> | 'undetermined'>;

/**
 * Evaluates every program's eligibility conditions for a household with json-rules-engine itself (a fresh engine
 * per call, with Decimal-aware operators registered under json-rules-engine's own names), or with jiuzhu's compiled
 * functions (`engine: 'compiled'`). The two must always agree: this is how the compiled conditions are proven to
 * keep json-rules-engine's semantics. Outcomes of earlier programs (who is left out, what was granted) are taken
 * from jiuzhu's own decision, so both engines answer the same question.
 *
 * @example
 * const a = await referenceEligibility(policy, household, { asOf: '2023-06-01' });
 * const b = await referenceEligibility(policy, household, { asOf: '2023-06-01', engine: 'compiled' });
 * // a and b are deep-equal
 */
export async function referenceEligibility(
  policy: Policy,
  input: unknown,
  options: EvaluateOptions & { engine?: 'json-rules-engine' | 'compiled' },
): Promise<ConditionOutcomes> {
  const decision = evaluateInterpreted(policy, input, options);
  const household = parseHousehold(input);
  const ctx = new EvaluationContext(policy, household, options.asOf);
  for (const program of decision.programs) ctx.outcomes.set(program.program, outcomeOf(program));
  const out: ConditionOutcomes = {};
  for (const program of policy.programs) {
    ctx.view = ctx.viewLeavingOut(program.membersLeftOut);
    ctx.clearFacts();
    ctx.beneficiaries = ctx.view.counted;
    const run = options.engine === 'compiled' ? (m: Member | undefined) => compiledRun(ctx, program, m) : (m: Member | undefined) => engineRun(ctx, program, m);
    try {
      if (program.level === 'household') out[program.id] = await run(undefined);
      else {
        const members: Record<string, boolean> = {};
        for (const member of program.candidates === 'counted' ? ctx.view.counted : ctx.view.members) members[member.id] = await run(member);
        out[program.id] = members;
      }
    } catch {
      out[program.id] = 'undetermined';
    }
  }
  return out;
}

async function compiledRun(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): Promise<boolean> {
  return program.eligibility(ctx, member);
}

async function engineRun(ctx: EvaluationContext, program: CompiledProgram, member: Member | undefined): Promise<boolean> {
  const { events } = await buildEngine(ctx.policy, { ctx, member }, [program]).run();
  return events.length > 0;
}

/** What the engine's facts read at run time: the evaluation and, for person programs, the member. */
interface EngineState {
  ctx?: EvaluationContext;
  member?: Member | undefined;
}

/**
 * A json-rules-engine Engine with Decimal-aware operators under json-rules-engine's own names, the policy's shared
 * conditions, every catalog fact and every parameter (as `param:NAME` facts), and one rule per program (its event
 * type is the program id). Facts read `state` when the engine runs, so one engine can serve many households.
 */
function buildEngine(policy: Policy, state: EngineState, programs: readonly CompiledProgram[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const [name, compare] of Object.entries(OPERATORS)) {
    engine.addOperator(name, (a: unknown, b: unknown) =>
      a === UNAVAILABLE || b === UNAVAILABLE ? false : compare(a as OperandValue, b as OperandValue),
    );
  }
  for (const [name, node] of policy.sharedConditions) engine.setCondition(name, topLevel(node));
  for (const fact of FACTS.values()) {
    engine.addFact(fact.name, (params: Record<string, string | number | boolean>) => {
      const { params: full } = resolveFactParams(fact, params);
      return fact.compute(state.ctx!, state.member, full);
    }, { cache: false });
  }
  for (const name of policy.parameters.keys()) {
    engine.addFact(`param:${name}`, (params: { default?: unknown }) => {
      const resolved = state.ctx!.param(name);
      if (resolved) return resolved.value;
      if (params?.default !== undefined) {
        const d = params.default;
        return typeof d === 'string' && DECIMAL_PATTERN.test(d) ? new Dec(d) : d;
      }
      return UNAVAILABLE;
    }, { cache: false });
  }
  for (const program of programs) {
    engine.addRule(new Rule({ conditions: topLevel(program.source.eligibility), event: { type: program.id } }));
  }
  return engine;
}

/**
 * One json-rules-engine Engine per program level, built once and reused for every household: raw json-rules-engine
 * running the policy's eligibility conditions, the baseline the benchmarks compare the compiled conditions with.
 * It answers each program's eligibility conditions alone (no interplay between programs, no amounts).
 *
 * @example
 * const run = createReferenceEngine(policy);
 * await run(household, '2023-06-01') // { dibao: true, 'dibao.single': { m1: false }, … }
 */
export function createReferenceEngine(policy: Policy): (input: unknown, asOf: string) => Promise<ConditionOutcomes> {
  const state: EngineState = {};
  const householdPrograms = policy.programs.filter((p) => p.level === 'household');
  const personPrograms = policy.programs.filter((p) => p.level === 'person');
  const householdEngine = buildEngine(policy, state, householdPrograms);
  const personEngine = buildEngine(policy, state, personPrograms);
  return async (input, asOf) => {
    const household = parseHousehold(input);
    const ctx = new EvaluationContext(policy, household, asOf);
    state.ctx = ctx;
    state.member = undefined;
    const out: ConditionOutcomes = {};
    const granted = async () => {
      try {
        const { events } = await (state.member ? personEngine : householdEngine).run();
        return new Set(events.map((e) => e.type));
      } catch {
        return undefined;
      }
    };
    const decided = await granted();
    for (const p of householdPrograms) out[p.id] = decided ? decided.has(p.id) : 'undetermined';
    for (const p of personPrograms) out[p.id] = {};
    for (const member of ctx.view.counted) {
      state.member = member;
      const result = await granted();
      for (const p of personPrograms) {
        const entry = out[p.id];
        if (typeof entry === 'object') entry[member.id] = result ? result.has(p.id) : false;
      }
    }
    return out;
  };
}

/** Our condition node in json-rules-engine's own form (labels dropped; parameters become `param:NAME` facts). */
function translate(node: ConditionInput): Record<string, unknown> {
  if (node.all) return { all: node.all.map(translate) };
  if (node.any) return { any: node.any.map(translate) };
  if (node.not) return { not: translate(node.not) };
  if (node.condition) return { condition: node.condition };
  const value = node.value;
  let translatedValue: unknown = value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    translatedValue =
      'param' in value
        ? { fact: `param:${value.param}`, params: value.default === undefined ? {} : { default: value.default } }
        : { fact: value.fact, params: value.params ?? {} };
  }
  return {
    fact: node.fact,
    operator: node.operator,
    value: translatedValue,
    ...(node.params ? { params: node.params } : {}),
    ...(node.path ? { path: node.path } : {}),
  };
}

function topLevel(node: ConditionInput): TopLevelCondition {
  const translated = translate(node);
  return ('all' in translated || 'any' in translated || 'not' in translated || 'condition' in translated
    ? translated
    : { all: [translated] }) as unknown as TopLevelCondition;
}
