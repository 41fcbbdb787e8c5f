import type { Reason } from '../engine/context.js';
import { literal, toJsonScalar } from '../engine/conditions.js';
import type { OperandValue } from '../engine/operators.js';
import { FACTS } from '../facts/catalog.js';
import type { Level } from '../facts/definition.js';
import type { Member } from '../household/schema.js';
import { DECIMAL_PATTERN, Dec } from '../money/decimal.js';
import type { ConditionInput } from '../policy/schema.js';
import { compileFact, type FactReader } from './facts.js';
import { isLabelled } from './labels.js';
import type { ParameterSlots } from './place.js';
import { FALSE, SIGNAL, TRUE, UNDETERMINED, type Outcome, type Run, type SignalDetail } from './run.js';
import { bindOperator, comparator, fractionOf, holds, holdsAgainst, toOperand, type BoundOperator, type CValue, type Fraction } from './values.js';

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
  // Leaves write their own reason; a labelled `all` or `any` writes its own too (see `group`).
  if (!isLabelled(node) || node.fact !== undefined || node.all !== undefined || node.any !== undefined) return compileNode(node, env);
  const inner = compileNode(node, env);
  const label = labelOf(node, env);
  return (run, member) => {
    const trace = run.trace;
    if (!trace) return inner(run, member);
    const start = trace.length;
    return explained(label, trace, start, inner(run, member), run, member);
  };
}

/** A labelled node's reason: what it is and where, for the reason it writes when traced. */
interface Label {
  rule: string;
  node: ConditionInput;
  eventLevel: boolean;
}

function labelOf(node: ConditionInput, env: ConditionEnv): Label {
  return { rule: `${env.programId}/${node.id ?? node.message}`, node, eventLevel: env.level === 'event' };
}

/** Writes a labelled node's reason after its children's (those from `start` on), and gives its outcome. */
function explained(label: Label, trace: Reason[], start: number, outcome: Outcome, run: Run, member: Member | undefined): Outcome {
  if (outcome === UNDETERMINED) return outcome;
  // A labelled `any` that fails speaks for itself: which alternatives also failed is beside the point.
  if (label.node.any !== undefined && outcome === FALSE) trace.length = start;
  trace.push(reasonOf(label.rule, label.node, outcome === TRUE, member, run, label.eventLevel));
  return outcome;
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
  const label = isLabelled(node) ? labelOf(node, env) : undefined;
  if (node.all !== undefined) return group(node.all.map((child) => compileTest(child, env)), FALSE, label);
  if (node.any !== undefined) return group(node.any.map((child) => compileTest(child, env)), TRUE, label);
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
 * is the answer only if no child decides. A labelled one writes its reason after its children's, when traced: here,
 * not in a closure around it, which every quick decision would call through.
 */
function group(children: Test[], decisive: typeof FALSE | typeof TRUE, label: Label | undefined): Test {
  const otherwise = decisive === TRUE ? FALSE : TRUE;
  // An unlabelled group of one child decides, and traces, as that child: it writes no reason of its own, and an `any`
  // drops a failed alternative's reasons only when another alternative held, which one child never has.
  if (children.length === 1 && !label) return children[0]!;
  if (children.length === 0) {
    if (!label) return () => otherwise;
    return (run, member) => (run.trace ? explained(label, run.trace, run.trace.length, otherwise, run, member) : otherwise);
  }
  return (run, member) => {
    const trace = run.trace;
    if (trace) {
      if (!label) return traceAll(children, run, member, decisive, otherwise);
      const start = trace.length;
      return explained(label, trace, start, traceAll(children, run, member, decisive, otherwise), run, member);
    }
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

/**
 * What a leaf compares, worked out once from the rule: the fact's reader and the threshold in the form its kind
 * compares fastest. The closures here and the generated quick tests (`quickTests.ts`) are both made from it.
 */
export type LeafPlan = { read: FactReader } & (
  | {
      /** A whole number written in the rule (an age, a grade, a count), under an ordering or (in)equality. */
      kind: 'whole';
      operator: WholeOperator;
      threshold: number;
      /** Any other value of the fact, as `comparator` decides it. */
      general: (fact: CValue) => boolean;
    }
  | { kind: 'scalar'; threshold: string | boolean; negate: boolean; general: (fact: CValue) => boolean }
  | { kind: 'texts'; threshold: OperandValue; texts: ReadonlySet<string>; negate: boolean; general: (fact: CValue) => boolean }
  | { kind: 'literal'; threshold: OperandValue; general: (fact: CValue) => boolean }
  | {
      kind: 'parameter';
      operator: BoundOperator;
      slot: number;
      /** The rule's `default`, where the place has no value. */
      fallback: OperandValue | undefined;
      fallbackFraction: Fraction | undefined;
    }
  | { kind: 'fact'; operator: BoundOperator; right: FactReader }
);

export type WholeOperator = 'lessThan' | 'lessThanInclusive' | 'greaterThan' | 'greaterThanInclusive' | 'equal' | 'notEqual';
const WHOLE_OPERATORS: ReadonlySet<string> = new Set<WholeOperator>(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'equal', 'notEqual']);

/**
 * Plans a leaf: a fact compared with a threshold written in the rule, a parameter's value, or another fact. Throws
 * {@link NotCompiled} for what the interpreted engine is left to decide.
 *
 * @example
 * planLeaf({ fact: 'age', operator: 'greaterThanInclusive', value: 60 }, env).kind // 'whole'
 */
export function planLeaf(node: ConditionInput, env: ConditionEnv): LeafPlan {
  if (node.path !== undefined) throw new NotCompiled('path');
  const name = node.fact!;
  const fact = FACTS.get(name)!;
  const read = compileFact(name, node.params, env.slots, env.stepIndex);
  const operator = node.operator!;
  const value = node.value!;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'fact' in value) {
    return { kind: 'fact', read, operator: bindOperator(operator), right: compileFact(value.fact, value.params, env.slots, env.stepIndex) };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'param' in value) {
    const given = value.default;
    const fallback = given === undefined ? undefined : typeof given === 'string' && DECIMAL_PATTERN.test(given) ? new Dec(given) : given;
    const fallbackFraction = fallback instanceof Dec ? fractionOf(fallback) : undefined;
    return { kind: 'parameter', read, operator: bindOperator(operator), slot: env.slots.of(value.param, value.area), fallback, fallbackFraction };
  }
  const threshold = Array.isArray(value) ? (value.map((item) => literal(item, fact)) as OperandValue) : literal(value as string | number | boolean, fact);
  const general = comparator(operator, threshold);
  // The thresholds rules mostly write get the comparison written out; the fast path of `compareWith`, any other
  // value of the fact going to `comparator`: the same outcome for every value.
  if (isWholeNumber(threshold as CValue) && WHOLE_OPERATORS.has(operator)) {
    return { kind: 'whole', read, operator: operator as WholeOperator, threshold: threshold as number, general };
  }
  if ((typeof threshold === 'string' || typeof threshold === 'boolean') && (operator === 'equal' || operator === 'notEqual')) {
    return { kind: 'scalar', read, threshold, negate: operator === 'notEqual', general };
  }
  if (Array.isArray(threshold) && threshold.every((item) => typeof item === 'string') && (operator === 'in' || operator === 'notIn')) {
    return { kind: 'texts', read, threshold, texts: new Set(threshold as readonly string[]), negate: operator === 'notIn', general };
  }
  return { kind: 'literal', read, threshold, general };
}

/**
 * A leaf as a closure, the comparison inside it: a quick decision calls the leaf and the fact, nothing more. When
 * labelled, it writes its reason as traced, quoting the threshold (read again) when explained in full.
 */
function compileLeaf(node: ConditionInput, env: ConditionEnv): Test {
  const plan = planLeaf(node, env);
  const money = FACTS.get(node.fact!)!.type === 'money';
  const explainer = (thresholdOf: (run: Run, member: Member | undefined) => OperandValue, thresholdRef?: string): Explain | undefined =>
    isLabelled(node) ? leafExplainer(node, env, money, thresholdOf, thresholdRef) : undefined;
  switch (plan.kind) {
    case 'fact': {
      const right = plan.right;
      // Read again (worked out again where the fact is not kept): only a full explanation, one per labelled test, asks.
      const explain = explainer((run, member) => toOperand(right(run, member) as CValue), `fact:${(node.value as { fact: string }).fact}`);
      return factLeaf(plan.read, plan.operator, right, explain);
    }
    case 'parameter': {
      const { slot, fallback } = plan;
      const thresholdOf = (run: Run): OperandValue => {
        const parameter = run.place.at(slot);
        return parameter.resolved !== undefined ? parameter.operand! : (fallback as OperandValue);
      };
      return parameterLeaf(plan, explainer(thresholdOf, `param:${(node.value as { param: string }).param}`));
    }
    default: {
      const threshold = plan.threshold;
      return literalLeaf(plan, explainer(() => threshold));
    }
  }
}

/** Writes a labelled leaf's reason, with the figures it compared when the explanation is full. */
type Explain = (run: Run, member: Member | undefined, left: CValue, outcome: Outcome) => void;

function leafExplainer(
  node: ConditionInput,
  env: ConditionEnv,
  money: boolean,
  thresholdOf: (run: Run, member: Member | undefined) => OperandValue,
  thresholdRef: string | undefined,
): Explain {
  const rule = `${env.programId}/${node.id ?? node.message ?? node.fact}`;
  const eventLevel = env.level === 'event';
  return (run, member, left, outcome) => {
    const reason = reasonOf(rule, node, outcome === TRUE, member, run, eventLevel);
    // A full explanation (evaluate) quotes the figures compared, as the interpreted engine writes them.
    if (!run.ctx.codesOnly) {
      const threshold = thresholdOf(run, member);
      reason.fact = node.fact;
      reason.factValue = toJsonScalar(toOperand(left), money);
      reason.operator = node.operator;
      reason.threshold = Array.isArray(threshold) ? threshold.map((item) => toJsonScalar(item)) : toJsonScalar(threshold, money);
      if (thresholdRef !== undefined) reason.thresholdRef = thresholdRef;
    }
    run.trace!.push(reason);
  };
}

/** A leaf's outcome from whether it holds, its reason written when it is labelled and traced. */
function decided(run: Run, member: Member | undefined, left: CValue, holds: boolean, explain: Explain | undefined): Outcome {
  const outcome = holds ? TRUE : FALSE;
  if (explain !== undefined && run.trace !== null) explain(run, member, left, outcome);
  return outcome;
}

/** A leaf against another fact: undetermined when that one cannot be worked out. */
function factLeaf(read: FactReader, operator: BoundOperator, right: FactReader, explain: Explain | undefined): Test {
  return (run, member) => {
    const left = read(run, member);
    if (left === SIGNAL) return UNDETERMINED;
    const threshold = right(run, member);
    if (threshold === SIGNAL) return UNDETERMINED;
    return decided(run, member, left, holds(operator, left, threshold), explain);
  };
}

/**
 * A leaf against a parameter, with the parameter read in the leaf (the general leaf's test did it in a call of its
 * own): the place's value, or where it has none the rule's default, or without one undetermined.
 */
function parameterLeaf(plan: Extract<LeafPlan, { kind: 'parameter' }>, explain: Explain | undefined): Test {
  const { read, operator, slot, fallback, fallbackFraction } = plan;
  return (run, member) => {
    const left = read(run, member);
    if (left === SIGNAL) return UNDETERMINED;
    const parameter = run.read(slot);
    let holds: boolean;
    if (parameter.resolved !== undefined) holds = holdsAgainst(operator, left, parameter.operand!, parameter.fraction);
    else if (fallback === undefined) {
      run.signal = parameter.missing;
      return UNDETERMINED;
    } else holds = holdsAgainst(operator, left, fallback, fallbackFraction);
    return decided(run, member, left, holds, explain);
  };
}

/** Whether a fact's value is a whole number a comparison can take as it is (what `compareWith` compares directly). */
export function isWholeNumber(value: CValue): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * A leaf against a threshold written in the rule, with the comparison written out in the leaf for the thresholds
 * rules mostly write — a whole number (an age, a grade, a count), a text or flag, a list of texts — so that a quick
 * decision calls the fact and nothing else: a household reads about a hundred leaves, and the general leaf went
 * through four calls more for each (its test, the comparator, the operator, its fast path).
 */
function literalLeaf(plan: Exclude<LeafPlan, { kind: 'fact' | 'parameter' }>, explain: Explain | undefined): Test {
  const { read, general } = plan;
  switch (plan.kind) {
    case 'whole': {
      const t = plan.threshold;
      switch (plan.operator) {
        case 'lessThan':
          return (run, member) => {
            const left = read(run, member);
            if (left === SIGNAL) return UNDETERMINED;
            return decided(run, member, left, isWholeNumber(left) ? left < t : general(left), explain);
          };
        case 'lessThanInclusive':
          return (run, member) => {
            const left = read(run, member);
            if (left === SIGNAL) return UNDETERMINED;
            return decided(run, member, left, isWholeNumber(left) ? left <= t : general(left), explain);
          };
        case 'greaterThan':
          return (run, member) => {
            const left = read(run, member);
            if (left === SIGNAL) return UNDETERMINED;
            return decided(run, member, left, isWholeNumber(left) ? left > t : general(left), explain);
          };
        case 'greaterThanInclusive':
          return (run, member) => {
            const left = read(run, member);
            if (left === SIGNAL) return UNDETERMINED;
            return decided(run, member, left, isWholeNumber(left) ? left >= t : general(left), explain);
          };
        case 'equal':
          return (run, member) => {
            const left = read(run, member);
            if (left === SIGNAL) return UNDETERMINED;
            return decided(run, member, left, isWholeNumber(left) ? left === t : general(left), explain);
          };
        case 'notEqual':
          return (run, member) => {
            const left = read(run, member);
            if (left === SIGNAL) return UNDETERMINED;
            return decided(run, member, left, isWholeNumber(left) ? left !== t : general(left), explain);
          };
      }
      break;
    }
    case 'scalar': {
      const { threshold, negate } = plan;
      return (run, member) => {
        const left = read(run, member);
        if (left === SIGNAL) return UNDETERMINED;
        return decided(run, member, left, typeof left === 'string' || typeof left === 'boolean' ? (left === threshold) !== negate : general(left), explain);
      };
    }
    case 'texts': {
      const { texts, negate } = plan;
      return (run, member) => {
        const left = read(run, member);
        if (left === SIGNAL) return UNDETERMINED;
        return decided(run, member, left, typeof left === 'string' ? texts.has(left) !== negate : general(left), explain);
      };
    }
  }
  return (run, member) => {
    const left = read(run, member);
    if (left === SIGNAL) return UNDETERMINED;
    return decided(run, member, left, general(left), explain);
  };
}
