import type { Reason } from '../engine/context.js';
import { literal, toJsonScalar } from '../engine/conditions.js';
import type { OperandValue } from '../engine/operators.js';
import { FACTS } from '../facts/catalog.js';
import type { Level } from '../facts/definition.js';
import type { Member } from '../household/schema.js';
import { DECIMAL_PATTERN, Dec } from '../money/decimal.js';
import type { ConditionInput } from '../policy/schema.js';
import { compileFact } from './facts.js';
import { isLabelled } from './labels.js';
import type { ParameterSlots } from './place.js';
import { FALSE, SIGNAL, TRUE, UNDETERMINED, type Outcome, type Run, type SignalDetail } from './run.js';
import { comparator, fractionOf, holds, holdsAgainst, toOperand, type CValue } from './values.js';

/** A condition compiled for one place and date: false, true, or undetermined (why: `run.signal`). */
export type Test = (run: Run, member: Member | undefined) => Outcome;

/** What a rule uses that the compiled programs leave to the interpreted engine (the program is decided there). */
export class NotCompiled extends Error {
  constructor(readonly construct: string) {
    super(`not compiled: ${construct}`);
  }
}

/** What compiling one program's conditions needs to know. */
export interface ConditionEnv {
  /** The slots of the parameters read, filled by each place. */
  slots: ParameterSlots;
  /** Shared conditions as written (after overlays). */
  sharedConditions: ReadonlyMap<string, ConditionInput>;
  /** Shared conditions compiled so far for this program, per level. */
  compiledShared: Map<string, Test>;
  level: Level;
  programId: string;
  /** The program's amount steps, by id, for the facts that read them (`amountStep`). */
  stepIndex?: ReadonlyMap<string, number>;
}

/**
 * Compiles a json-rules-engine condition tree with exactly the interpreted engine's meaning (`compileCondition`):
 * a threshold written in the rule is bound to its operator here; a parameter is read from the place's slots, looked
 * up once per place, so a test against `dibao.standard` compares with a number already there; a parameter not in
 * force makes the test undetermined, as the interpreted one throws. Deciding quickly,
 * `all` and `any` stop at the first child that decides (passing over an undetermined one as `shortCut` does); when
 * `run.trace` is set, every child is evaluated and labelled nodes write the same reasons as `traceAll`.
 *
 * @example
 * const test = compileTest(program.source.eligibility, env);
 * test(run, undefined) // 1 when the household qualifies
 */
export function compileTest(node: ConditionInput, env: ConditionEnv): Test {
  const inner = compileNode(node, env);
  if (!isLabelled(node)) return inner;
  if (node.fact !== undefined) return inner; // leaves write their own reason
  const rule = `${env.programId}/${node.id ?? node.message}`;
  const eventLevel = env.level === 'event';
  const isAny = node.any !== undefined;
  return (run, member) => {
    const trace = run.trace;
    if (!trace) return inner(run, member);
    const start = trace.length;
    const outcome = inner(run, member);
    if (outcome === UNDETERMINED) return outcome;
    // A labelled `any` that fails speaks for itself: which alternatives also failed is beside the point.
    if (isAny && outcome === FALSE) trace.length = start;
    trace.push(reasonOf(rule, node, outcome === TRUE, member, run, eventLevel));
    return outcome;
  };
}

function reasonOf(rule: string, node: ConditionInput, passed: boolean, member: Member | undefined, run: Run, eventLevel: boolean): Reason {
  const reason: Reason = { rule, passed };
  if (run.ctx.noting) reason.note = true;
  if (node.message !== undefined) reason.code = node.message;
  if (member) reason.memberId = member.id;
  if (node.citation !== undefined) reason.citation = node.citation;
  if (eventLevel && run.ctx.event) reason.eventId = run.ctx.event.id;
  return reason;
}

function compileNode(node: ConditionInput, env: ConditionEnv): Test {
  if (node.all !== undefined) return group(node.all.map((child) => compileTest(child, env)), FALSE);
  if (node.any !== undefined) return group(node.any.map((child) => compileTest(child, env)), TRUE);
  if (node.not !== undefined) {
    const child = compileTest(node.not, env);
    return (run, member) => {
      const outcome = child(run, member);
      return outcome === UNDETERMINED ? outcome : outcome === TRUE ? FALSE : TRUE;
    };
  }
  if (node.condition !== undefined) return shared(node.condition, env);
  return compileLeaf(node, env);
}

/**
 * `all` (decided by a child that fails) and `any` (by one that holds): the first undetermined child is remembered and
 * is the answer only if no child decides.
 */
function group(children: Test[], decisive: typeof FALSE | typeof TRUE): Test {
  const otherwise = decisive === TRUE ? FALSE : TRUE;
  if (children.length === 0) return () => otherwise;
  return (run, member) => {
    if (run.trace) return traceAll(children, run, member, decisive, otherwise);
    let pending: SignalDetail | undefined;
    for (let i = 0; i < children.length; i++) {
      const outcome = children[i]!(run, member);
      if (outcome === decisive) return decisive;
      if (outcome === UNDETERMINED) pending ??= run.signal;
    }
    if (pending === undefined) return otherwise;
    run.signal = pending;
    return UNDETERMINED;
  };
}

/** Every child evaluated and explained, with the result of `traceAll` in the interpreted engine. */
function traceAll(children: Test[], run: Run, member: Member | undefined, decisive: Outcome, otherwise: Outcome): Outcome {
  const trace = run.trace!;
  let decided = false;
  let pending: SignalDetail | undefined;
  // Where each failed alternative's reasons begin and end, in pairs (one flat list: no array per alternative).
  let failedAlternatives: number[] | undefined;
  for (let i = 0; i < children.length; i++) {
    const start = trace.length;
    const outcome = children[i]!(run, member);
    if (outcome === UNDETERMINED) pending ??= run.signal;
    else if (outcome === decisive) decided = true;
    else if (decisive === TRUE && trace.length > start) (failedAlternatives ??= []).push(start, trace.length);
  }
  // When one alternative of an `any` holds, the ones that did not are beside the point: drop their reasons.
  if (decided && decisive === TRUE && failedAlternatives) {
    for (let i = failedAlternatives.length - 2; i >= 0; i -= 2) trace.splice(failedAlternatives[i]!, failedAlternatives[i + 1]! - failedAlternatives[i]!);
  }
  if (decided) return decisive;
  if (pending === undefined) return otherwise;
  run.signal = pending;
  return UNDETERMINED;
}

function shared(name: string, env: ConditionEnv): Test {
  const key = `${env.level}:${name}`;
  const done = env.compiledShared.get(key);
  if (done) return done;
  const node = env.sharedConditions.get(name);
  if (!node) throw new NotCompiled(`condition ${name}`);
  // Compiled on first use and kept, so that programs reading it share one test; a cycle was refused at load.
  let compiled: Test | undefined;
  const late: Test = (run, member) => compiled!(run, member);
  env.compiledShared.set(key, late);
  compiled = compileTest(node, env);
  env.compiledShared.set(key, compiled);
  return compiled;
}

/** A leaf: a fact compared with a threshold written in the rule, a parameter's value, or another fact. */
function compileLeaf(node: ConditionInput, env: ConditionEnv): Test {
  if (node.path !== undefined) throw new NotCompiled('path');
  const name = node.fact!;
  const fact = FACTS.get(name)!;
  const read = compileFact(name, node.params, env.slots, env.stepIndex);
  const operator = node.operator!;
  const value = node.value!;
  const labelled = isLabelled(node);
  const rule = `${env.programId}/${node.id ?? node.message ?? name}`;
  const eventLevel = env.level === 'event';
  let test: (run: Run, member: Member | undefined, left: CValue) => Outcome;
  /** The threshold as a full explanation quotes it, read again after the test decided. */
  let thresholdOf: (run: Run, member: Member | undefined) => OperandValue;
  let thresholdRef: string | undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'fact' in value) {
    const right = compileFact(value.fact, value.params, env.slots, env.stepIndex);
    test = (run, member, left) => {
      const threshold = right(run, member);
      if (threshold === SIGNAL) return UNDETERMINED;
      return holds(operator, left, threshold) ? TRUE : FALSE;
    };
    // Read again (worked out again where the fact is not kept): only a full explanation, one per labelled test, asks.
    thresholdOf = (run, member) => toOperand(right(run, member) as CValue);
    thresholdRef = `fact:${value.fact}`;
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'param' in value) {
    const slot = env.slots.of(value.param, value.area);
    const given = value.default;
    const fallback = given === undefined ? undefined : typeof given === 'string' && DECIMAL_PATTERN.test(given) ? new Dec(given) : given;
    const fallbackFraction = fallback instanceof Dec ? fractionOf(fallback) : undefined;
    test = (run, _member, left) => {
      const parameter = run.read(slot);
      if (parameter.resolved !== undefined) return holdsAgainst(operator, left, parameter.operand!, parameter.fraction) ? TRUE : FALSE;
      if (fallback === undefined) {
        run.signal = parameter.missing;
        return UNDETERMINED;
      }
      return holdsAgainst(operator, left, fallback, fallbackFraction) ? TRUE : FALSE;
    };
    thresholdOf = (run) => {
      const parameter = run.place.at(slot);
      return parameter.resolved !== undefined ? parameter.operand! : (fallback as OperandValue);
    };
    thresholdRef = `param:${value.param}`;
  } else {
    const threshold = Array.isArray(value) ? (value.map((item) => literal(item, fact)) as OperandValue) : literal(value as string | number | boolean, fact);
    const compare = comparator(operator, threshold);
    test = (_run, _member, left) => (compare(left) ? TRUE : FALSE);
    thresholdOf = () => threshold;
  }
  const money = fact.type === 'money';
  return (run, member) => {
    const left = read(run, member);
    if (left === SIGNAL) return UNDETERMINED;
    const outcome = test(run, member, left);
    if (labelled && run.trace && outcome !== UNDETERMINED) {
      const reason = reasonOf(rule, node, outcome === TRUE, member, run, eventLevel);
      // A full explanation (evaluate) quotes the figures compared, as the interpreted engine writes them.
      if (!run.ctx.codesOnly) {
        const threshold = thresholdOf(run, member);
        reason.fact = name;
        reason.factValue = toJsonScalar(toOperand(left), money);
        reason.operator = operator;
        reason.threshold = Array.isArray(threshold) ? threshold.map((item) => toJsonScalar(item)) : toJsonScalar(threshold, money);
        if (thresholdRef !== undefined) reason.thresholdRef = thresholdRef;
      }
      run.trace.push(reason);
    }
    return outcome;
  };
}
