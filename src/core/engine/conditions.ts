import { FACTS, factGetter, resolveFactParams } from '../facts/catalog.js';
import type { FactDefinition } from '../facts/definition.js';
import type { JsonPath } from '../errors/issue.js';
import { DECIMAL_PATTERN, Dec, isDecimal, moneyString } from '../money/decimal.js';
import { typedValue } from '../policy/parameters.js';
import type { ConditionInput } from '../policy/schema.js';
import type { CompiledCondition } from '../policy/types.js';
import type { EvaluationContext, JsonScalar, Reason } from './context.js';
import { checkName, report, whereWritten, type CompileEnv } from './compileEnv.js';
import { OPERATORS, OPERATOR_NAMES, compareWith, type OperandValue } from './operators.js';
import type { Member } from '../household/schema.js';
import { ParameterUnavailable } from './signals.js';

const MAX_DEPTH = 32;
const PLAIN_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const never: CompiledCondition = () => false;

/**
 * Compiles a json-rules-engine condition tree into a synchronous function with the same meaning: `all` is true
 * when every child is (and for `[]`), `any` when one is (false for `[]`), `not` negates, `condition` refers to a
 * shared condition. When `ctx.trace` is set, every child is evaluated (no short-cut) and each labelled node
 * (`id` or `message`) writes a {@link Reason}, so an explanation lists every failed test, not just the first.
 *
 * @example
 * const test = compileCondition({ fact: 'perCapitaIncome', operator: 'lessThan', value: { param: 'dibao.standard' } }, [], env);
 * test(ctx, undefined) // true when the household is below the standard
 */
export function compileCondition(node: ConditionInput, givenPath: JsonPath, givenEnv: CompileEnv, depth = 0): CompiledCondition {
  const [env, path] = whereWritten(givenEnv, node, givenPath);
  if (depth > MAX_DEPTH) {
    report(env, 'CONDITION_TOO_DEEP', path, { limit: MAX_DEPTH });
    return never;
  }
  if (node.citation !== undefined) checkName(env, 'UNKNOWN_CITATION', node.citation, env.citations, [...path, 'citation']);
  if (node.message !== undefined) checkName(env, 'UNKNOWN_MESSAGE', node.message, env.messages, [...path, 'message']);
  const inner = compileNode(node, path, env, depth);
  if (node.id === undefined && node.message === undefined) return inner;
  if (node.fact !== undefined) return inner; // leaves write their own, richer reason
  const rule = `${env.programId}/${node.id ?? node.message}`;
  const eventLevel = env.level === 'event';
  const isAny = node.any !== undefined;
  return (ctx, member) => {
    const start = ctx.trace?.length ?? 0;
    const passed = inner(ctx, member);
    // A labelled `any` that fails speaks for itself: which alternatives also failed is beside the point.
    if (ctx.trace && isAny && !passed) ctx.trace.length = start;
    if (ctx.trace) {
      const reason = reasonOf(rule, node, passed, member, ctx.noting);
      if (eventLevel && ctx.event) reason.eventId = ctx.event.id;
      ctx.trace.push(reason);
    }
    return passed;
  };
}

function reasonOf(rule: string, node: ConditionInput, passed: boolean, member: Member | undefined, noting: boolean): Reason {
  const reason: Reason = { rule, passed };
  if (noting) reason.note = true;
  if (node.message !== undefined) reason.code = node.message;
  if (member) reason.memberId = member.id;
  if (node.citation !== undefined) reason.citation = node.citation;
  return reason;
}

function compileNode(node: ConditionInput, path: JsonPath, env: CompileEnv, depth: number): CompiledCondition {
  if (node.all !== undefined) {
    const children = node.all.map((child, i) => compileCondition(child, [...path, 'all', i], env, depth + 1));
    return (ctx, member) => (ctx.trace ? traceAll(children, ctx, member, false) : shortCut(children, ctx, member, false));
  }
  if (node.any !== undefined) {
    const children = node.any.map((child, i) => compileCondition(child, [...path, 'any', i], env, depth + 1));
    return (ctx, member) => (ctx.trace ? traceAll(children, ctx, member, true) : shortCut(children, ctx, member, true));
  }
  if (node.not !== undefined) {
    const child = compileCondition(node.not, [...path, 'not'], env, depth + 1);
    return (ctx, member) => !child(ctx, member);
  }
  if (node.condition !== undefined) return compileSharedReference(node.condition, [...path, 'condition'], env, depth);
  return compileLeaf(node, path, env);
}

/**
 * Evaluates every child (so that every failed test is explained), with json-rules-engine's result: for `any`
 * (decisive = true) one passing child decides, for `all` one failing child. A child that cannot be decided (a
 * parameter not in force) only matters when no other child decided the outcome, as with short-cut evaluation.
 * When an `any` holds, the reasons of its failed alternatives are removed (a 72-year-old needs no note that the
 * rule for minors does not apply).
 */
function traceAll(children: CompiledCondition[], ctx: EvaluationContext, member: Member | undefined, decisive: boolean): boolean {
  let decided = false;
  let pending: unknown;
  const trace = ctx.trace!;
  const failedAlternatives: [number, number][] = [];
  for (const child of children) {
    const start = trace.length;
    try {
      const result = child(ctx, member);
      if (result === decisive) decided = true;
      else if (decisive) failedAlternatives.push([start, trace.length]);
    } catch (error) {
      pending ??= error;
    }
  }
  // When one alternative of an `any` holds, the ones that did not are beside the point: drop their reasons.
  if (decided && decisive) for (const [from, to] of failedAlternatives.reverse()) trace.splice(from, to - from);
  if (decided) return decisive;
  if (pending !== undefined) throw pending;
  return !decisive;
}

/**
 * {@link traceAll}'s result without tracing: stops at the first child that decides (true for `any`, false for
 * `all`). A child that cannot be decided (a parameter not in force) is passed over as traceAll passes it over, and
 * thrown only if no later child decides — so a household with a car, where the vehicle cap has no value, is still
 * decided by its income without deciding the program again, traced.
 */
function shortCut(children: CompiledCondition[], ctx: EvaluationContext, member: Member | undefined, decisive: boolean): boolean {
  let pending: unknown;
  for (let i = 0; i < children.length; i++) {
    try {
      if (children[i]!(ctx, member) === decisive) return decisive;
    } catch (error) {
      pending ??= error;
    }
  }
  if (pending !== undefined) throw pending;
  return !decisive;
}

function compileSharedReference(name: string, path: JsonPath, env: CompileEnv, depth: number): CompiledCondition {
  if (!checkName(env, 'UNKNOWN_CONDITION', name, env.sharedConditions, path)) {
    return never;
  }
  const key = `${env.level}:${name}`;
  const done = env.compiledShared.get(key);
  if (done) return done;
  if (env.compilingShared.has(key)) {
    report(env, 'CONDITION_CYCLE', path, { chain: [...env.compilingShared, key].join(' → ') });
    return never;
  }
  const shared = env.sharedConditions.get(name)!;
  env.compilingShared.add(key);
  // A shared condition is compiled in its own file's name, so its problems point at that file.
  const compiled = compileCondition(shared.node, ['conditions', name], { ...env, file: shared.file, pathPrefix: undefined }, depth + 1);
  env.compilingShared.delete(key);
  env.compiledShared.set(key, compiled);
  return compiled;
}

interface Operand {
  get(ctx: EvaluationContext, member: Member | undefined): OperandValue;
  ref?: string;
  /** When the operand is written in the rule itself: its value, the same whatever the household. */
  literal?: { value: OperandValue };
}

function compileLeaf(node: ConditionInput, path: JsonPath, env: CompileEnv): CompiledCondition {
  const factRef = compileFactReference(node.fact!, node.params, path, env);
  const operator = node.operator ?? '';
  const compare = OPERATORS[operator];
  if (!compare) report(env, 'UNKNOWN_OPERATOR', [...path, 'operator'], { name: operator, didYouMean: nearestOperator(operator) });
  if (factRef && compare && node.path === undefined) checkThreshold(node.value!, factRef.fact, operator, [...path, 'value'], env);
  const right = compileOperand(node.value!, [...path, 'value'], env, factRef?.fact);
  let pick: ((value: OperandValue) => OperandValue) | undefined;
  if (node.path !== undefined) {
    if (!PLAIN_PATH.test(node.path)) report(env, 'UNSUPPORTED_PATH', [...path, 'path'], { path: node.path });
    const keys = node.path.split('.').slice(1);
    pick = (value) => {
      let current: unknown = value;
      for (const key of keys) current = current !== null && typeof current === 'object' && Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
      return (current ?? null) as OperandValue;
    };
  }
  if (!factRef || !compare || !right) return never;
  const rule = `${env.programId}/${node.id ?? node.message ?? node.fact}`;
  const labelled = node.id !== undefined || node.message !== undefined;
  const eventLevel = env.level === 'event';
  const money = factRef.fact.type === 'money';
  // A threshold written in the rule is bound to its operator once, here.
  const test = right.literal ? compareWith(operator, right.literal.value) : undefined;
  return (ctx, member) => {
    let left: OperandValue = factRef.get(ctx, member);
    if (pick) left = pick(left);
    // Most tests are untraced and against a threshold written in the rule: nothing more to read or write.
    if (test && !(ctx.trace && labelled)) return test(left);
    const threshold = right.get(ctx, member);
    const passed = test ? test(left) : compare(left, threshold);
    if (ctx.trace && labelled) {
      const reason = reasonOf(rule, node, passed, member, ctx.noting);
      if (eventLevel && ctx.event) reason.eventId = ctx.event.id;
      if (ctx.codesOnly) {
        ctx.trace.push(reason);
        return passed;
      }
      reason.fact = node.fact!;
      reason.factValue = toJsonScalar(left, money);
      reason.operator = operator;
      reason.threshold = Array.isArray(threshold) ? threshold.map((t) => toJsonScalar(t)) : toJsonScalar(threshold as OperandValue, money);
      if (right.ref) reason.thresholdRef = right.ref;
      ctx.trace.push(reason);
    }
    return passed;
  };
}

/** How a threshold of each fact type is written, for the message when one is not. */
const WRITTEN_LIKE: Record<FactDefinition['type'], string> = {
  money: '"1238.00"',
  decimal: '"0.5"',
  count: '3',
  years: '60',
  months: '6',
  boolean: 'true',
  enum: '"…"',
  text: '"…"',
};

/**
 * A threshold written in the rule must be a value the fact can take: a money fact compared with "1,400.00" or
 * "1400元" would be false for every household, silently refusing everyone. (Thresholds read from parameters are
 * checked with the parameters; a `path` into a fact reads a value of another type, so it is not checked here.)
 */
function checkThreshold(value: NonNullable<ConditionInput['value']>, fact: FactDefinition, operator: string, path: JsonPath, env: CompileEnv): void {
  // What the operator can never do with this fact: no fact is a list (contains), and text has no order (lessThan).
  const ordering = ORDERING.has(operator);
  if (operator === 'contains' || operator === 'doesNotContain' || (ordering && !NUMERIC_TYPES.has(fact.type))) {
    report(env, 'OPERATOR_NOT_FOR_FACT', [...path.slice(0, -1), 'operator'], { operator, fact: fact.name, type: fact.type });
    return;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return; // a parameter or another fact
  const wantsList = operator === 'in' || operator === 'notIn';
  const values = fact.type === 'enum' ? (fact.values ?? []).map((v) => JSON.stringify(v)) : [WRITTEN_LIKE[fact.type]];
  const expected = wantsList ? `[${values.join(', ')}]` : values.join(' / ');
  const problem = (received: unknown, at: JsonPath) =>
    report(env, 'CONDITION_VALUE_TYPE', at, { fact: fact.name, type: fact.type, received: JSON.stringify(received), expected });
  // An empty list: `in` is false and `notIn` true for every household, which is never what was meant.
  if (Array.isArray(value) !== wantsList || (Array.isArray(value) && value.length === 0)) return problem(value, path);
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    if (!thresholdFits(item, fact, ordering)) problem(item, Array.isArray(value) ? [...path, i] : path);
  });
}

const ORDERING = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const NUMERIC_TYPES = new Set<FactDefinition['type']>(['money', 'decimal', 'count', 'years', 'months']);

function thresholdFits(value: unknown, fact: FactDefinition, ordering: boolean): boolean {
  if (value === null) return true; // a fact with no value (no disability, no grade) is compared with null
  const decimalText = typeof value === 'string' && DECIMAL_PATTERN.test(value);
  switch (fact.type) {
    case 'money':
    case 'decimal':
      return decimalText || (typeof value === 'number' && Number.isFinite(value));
    case 'count':
    case 'years':
    case 'months':
      // Ordered comparisons read "3" as 3 exactly; equal and in compare as written, where 3 is not "3".
      return (typeof value === 'number' && Number.isFinite(value)) || (ordering && decimalText);
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && (fact.values === undefined || fact.values.includes(value));
    case 'text':
      return typeof value === 'string';
  }
}

function nearestOperator(name: string): string | undefined {
  const lower = OPERATOR_NAMES.find((op) => op.toLowerCase() === name.toLowerCase());
  return lower ?? OPERATOR_NAMES.find((op) => op.startsWith(name.slice(0, 5)));
}

/** Compiles `{ fact, params }` into a getter, checking the fact exists, fits the level and gets valid params. */
export function compileFactReference(
  name: string,
  givenParams: Readonly<Record<string, string | number | boolean>> | undefined,
  path: JsonPath,
  env: CompileEnv,
): { fact: FactDefinition; get(ctx: EvaluationContext, member: Member | undefined): OperandValue } | undefined {
  if (!env.allowFacts) {
    report(env, 'UNKNOWN_PARAMETER', [...path, 'fact'], { name: `fact:${name}` });
    return undefined;
  }
  if (!checkName(env, 'UNKNOWN_FACT', name, FACTS, [...path, 'fact'])) return undefined;
  const fact = FACTS.get(name)!;
  if (fact.level !== 'household' && fact.level !== env.level) {
    report(env, 'FACT_LEVEL', [...path, 'fact'], { name, level: fact.level, context: env.level });
    return undefined;
  }
  const { params, problems } = resolveFactParams(fact, givenParams);
  for (const detail of problems) report(env, 'FACT_PARAMS', [...path, 'params'], { name, detail });
  for (const [key, spec] of Object.entries(fact.params ?? {})) {
    const value = params[key];
    if (value === undefined) continue;
    if (spec.kind === 'incomeBasis') checkName(env, 'UNKNOWN_INCOME_BASIS', value, env.incomeBases, [...path, 'params', key]);
    if (spec.kind === 'program' && checkName(env, 'UNKNOWN_PROGRAM', value, env.programIds, [...path, 'params', key])) {
      if (fact.readsOutcomes) env.readsPrograms.add(value);
    }
    if (spec.kind === 'step') checkName(env, 'UNKNOWN_STEP', value, env.steps, [...path, 'params', key]);
    if (spec.kind === 'parameter' && checkName(env, 'UNKNOWN_PARAMETER', value, env.parameterNames, [...path, 'params', key])) {
      env.readsParameters.add(value);
    }
  }
  for (const parameter of fact.parameters ?? []) env.readsParameters.add(parameter);
  if (problems.length > 0) return undefined;
  return { fact, get: factGetter(fact, params) };
}

function compileOperand(
  value: NonNullable<ConditionInput['value']>,
  path: JsonPath,
  env: CompileEnv,
  fact: FactDefinition | undefined,
): Operand | undefined {
  if (Array.isArray(value)) {
    const items = value.map((item) => literal(item, fact));
    return { get: () => items as OperandValue, literal: { value: items as OperandValue } };
  }
  if (typeof value === 'object' && value !== null) {
    if ('fact' in value) {
      const ref = compileFactReference(value.fact, value.params, path, env);
      return ref ? { get: ref.get, ref: `fact:${value.fact}` } : undefined;
    }
    if ('param' in value) return compileParameterOperand(value.param, value.default, value.area, path, env);
  }
  const constant = literal(value as string | number | boolean, fact);
  return { get: () => constant, literal: { value: constant } };
}

function compileParameterOperand(
  name: string,
  fallback: string | number | boolean | undefined,
  area: 'urban' | 'rural' | undefined,
  path: JsonPath,
  env: CompileEnv,
): Operand | undefined {
  if (!checkName(env, 'UNKNOWN_PARAMETER', name, env.parameterNames, [...path, 'param'])) return undefined;
  env.readsParameters.add(name);
  return {
    ref: `param:${name}`,
    get(ctx) {
      const resolved = ctx.param(name, area);
      if (resolved) return resolved.value;
      if (fallback !== undefined) return typeof fallback === 'string' && DECIMAL_PATTERN.test(fallback) ? new Dec(fallback) : fallback;
      throw new ParameterUnavailable(name);
    },
  };
}

/**
 * A threshold written in a rule as the engine compares it: a decimal string compared with a money fact as a Decimal.
 *
 * @example
 * literal('1400.00', FACTS.get('perCapitaIncome')) // Decimal 1400
 */
export function literal(value: string | number | boolean, fact: FactDefinition | undefined): OperandValue {
  if (typeof value === 'string' && fact?.type === 'money' && DECIMAL_PATTERN.test(value)) return typedValue('money', value);
  return value;
}

/** A fact or threshold value as it is written into a decision: Decimals as exact strings. */
export function toJsonScalar(value: OperandValue, money = false): JsonScalar {
  if (isDecimal(value)) return money ? moneyString(value) : value.toFixed();
  if (Array.isArray(value)) return JSON.stringify(value);
  return value as JsonScalar;
}
