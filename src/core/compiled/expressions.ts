import type { Member } from '../household/schema.js';
import { DECIMAL_PATTERN, Dec, isDecimal, type RoundingMode } from '../money/decimal.js';
import type { ExpressionInput, ExpressionObject } from '../policy/schema.js';
import { compileTest, NotCompiled, type ConditionEnv } from './conditions.js';
import { compileFact } from './facts.js';
import { SIGNAL, TRUE, UNDETERMINED, type Run, type Signal, type SignalDetail } from './run.js';
import {
  Fraction,
  add,
  amountOfCount,
  amountOfDecimal,
  amountOfFraction,
  compareAmounts,
  divide,
  isZero,
  larger,
  multiply,
  roundAmount,
  smaller,
  subtract,
  type AValue,
} from './values.js';

/** A compiled amount expression: its value, or {@link SIGNAL} (why: `run.signal`). */
export type Amount = (run: Run, member: Member | undefined) => AValue | Signal;

/** What compiling an amount needs beyond its conditions: the program's steps so far, and its declared rounding. */
export interface AmountEnv extends ConditionEnv {
  stepIndex: ReadonlyMap<string, number>;
  rounding: { places: number; mode: RoundingMode };
}

const DIVISION_BY_ZERO: SignalDetail = Object.freeze({ kind: 'divisionByZero' });

/**
 * Compiles an amount expression with the interpreted engine's meaning (`compileExpression`) and its very figures:
 * whole fen in integers, and where a division or a fraction of a fen leaves whole fen behind, the same Decimal
 * operations in the same order. Parameters are read from the place's slots, looked up once per place.
 *
 * @example
 * compileAmount({ sub: [{ param: 'dibao.standard' }, { fact: 'perCapitaIncome' }] }, env)(run, undefined) // 23800 (fen)
 */
export function compileAmount(expr: ExpressionInput, env: AmountEnv): Amount {
  if (typeof expr === 'string' || typeof expr === 'number') {
    if (typeof expr === 'string' && !DECIMAL_PATTERN.test(expr)) throw new NotCompiled(`decimal ${expr}`);
    const value = amountOfDecimal(new Dec(expr));
    return () => value;
  }
  return compileObject(expr, env);
}

function compileObject(expr: ExpressionObject, env: AmountEnv): Amount {
  if (expr.param !== undefined) return parameter(expr.param, expr.default, expr.area, env);
  if (expr.fact !== undefined) return fact(expr, env);
  if (expr.step !== undefined) return step(expr.step, env);
  if (expr.add) return fold(expr.add, env, add);
  if (expr.sub) return fold(expr.sub, env, subtract);
  if (expr.mul) return fold(expr.mul, env, multiply);
  if (expr.div) return fold(expr.div, env, (a, b, run) => (isZero(b) ? run.fail(DIVISION_BY_ZERO) : divide(a, b)));
  if (expr.min) return fold(expr.min, env, smaller);
  if (expr.max) return fold(expr.max, env, larger);
  if (expr.firstAvailable) return firstAvailable(expr.firstAvailable, env);
  if (expr.round !== undefined) return round(expr, env);
  if (expr.if !== undefined) return choice(expr, env);
  if (expr.tiers !== undefined) return tiers(expr, env);
  throw new NotCompiled('expression');
}

function parameter(name: string, fallback: string | undefined, area: 'urban' | 'rural' | undefined, env: AmountEnv): Amount {
  const slot = env.slots.of(name, area);
  const otherwise = fallback === undefined ? undefined : amountOfDecimal(new Dec(fallback));
  return (run) => {
    const parameter = run.read(slot);
    if (parameter.resolved !== undefined) {
      // A parameter that is not a number stops the interpreted engine with this TypeError: so it does here.
      if (parameter.amount === undefined) throw new TypeError(`${name} is not a number`);
      return parameter.amount;
    }
    return otherwise ?? run.fail(parameter.missing);
  };
}

function fact(expr: ExpressionObject, env: AmountEnv): Amount {
  const read = compileFact(expr.fact!, expr.params, env.slots, env.stepIndex);
  const missing: SignalDetail = Object.freeze({ kind: 'missingFact', name: expr.fact! });
  return (run, member) => {
    const value = read(run, member);
    if (value === SIGNAL) return SIGNAL;
    if (value === null) return run.fail(missing);
    if (typeof value === 'number') return amountOfCount(value);
    if (value instanceof Fraction) return amountOfFraction(value);
    if (isDecimal(value)) return amountOfDecimal(value);
    throw new TypeError(`${expr.fact} is not a number`);
  };
}

function step(id: string, env: AmountEnv): Amount {
  const index = env.stepIndex.get(id);
  if (index === undefined) throw new NotCompiled(`step ${id}`);
  return (run) => run.steps[index] ?? 0;
}

/** `add`, `sub`, `mul`, `div` (left to right), `min`, `max`: the first value that cannot be worked out stops it. */
function fold(items: ExpressionInput[], env: AmountEnv, op: (a: AValue, b: AValue, run: Run) => AValue | Signal): Amount {
  if (items.length === 0) throw new NotCompiled('empty list');
  const parts = items.map((item) => compileAmount(item, env));
  if (parts.length === 2) {
    const [first, second] = parts as [Amount, Amount];
    return (run, member) => {
      const a = first(run, member);
      if (a === SIGNAL) return a;
      const b = second(run, member);
      if (b === SIGNAL) return b;
      return op(a, b, run);
    };
  }
  return (run, member) => {
    let acc = parts[0]!(run, member);
    if (acc === SIGNAL) return acc;
    for (let i = 1; i < parts.length; i++) {
      const next = parts[i]!(run, member);
      if (next === SIGNAL) return next;
      acc = op(acc, next, run);
      if (acc === SIGNAL) return acc;
    }
    return acc;
  };
}

/** The first alternative whose parameters are in force; any other reason not to decide stops it. */
function firstAvailable(items: ExpressionInput[], env: AmountEnv): Amount {
  if (items.length === 0) throw new NotCompiled('empty firstAvailable');
  const parts = items.map((item) => compileAmount(item, env));
  return (run, member) => {
    let unavailable: SignalDetail | undefined;
    for (const part of parts) {
      const value = part(run, member);
      if (value !== SIGNAL) return value;
      if (run.signal.kind !== 'parameter') return SIGNAL;
      unavailable ??= run.signal;
    }
    run.signal = unavailable!;
    return SIGNAL;
  };
}

function round(expr: ExpressionObject, env: AmountEnv): Amount {
  const inner = compileAmount(expr.round!, env);
  const places = expr.places ?? env.rounding.places;
  const mode: RoundingMode = expr.mode ?? env.rounding.mode;
  return (run, member) => {
    const value = inner(run, member);
    return value === SIGNAL ? value : roundAmount(value, places, mode);
  };
}

function choice(expr: ExpressionObject, env: AmountEnv): Amount {
  const test = compileTest(expr.if!, env);
  const yes = compileAmount(expr.then ?? '0', env);
  const no = compileAmount(expr.else ?? '0', env);
  return (run, member) => {
    const outcome = test(run, member);
    if (outcome === UNDETERMINED) return SIGNAL;
    return outcome === TRUE ? yes(run, member) : no(run, member);
  };
}

function tiers(expr: ExpressionObject, env: AmountEnv): Amount {
  const subject = compileAmount(expr.tiers!, env);
  const rows = (expr.table ?? []).map((row) => ({ below: compileAmount(row.below, env), then: compileAmount(row.then, env) }));
  const otherwise = compileAmount(expr.else ?? '0', env);
  return (run, member) => {
    const value = subject(run, member);
    if (value === SIGNAL) return value;
    for (const row of rows) {
      const below = row.below(run, member);
      if (below === SIGNAL) return below;
      if (compareAmounts(value, below) < 0) return row.then(run, member);
    }
    return otherwise(run, member);
  };
}
