import type { Decimal } from 'decimal.js';
import type { JsonPath } from '../errors/issue.js';
import type { Member } from '../household/schema.js';
import { DECIMAL_PATTERN, Dec, ROUNDING_MODES, isDecimal, snap, type RoundingMode } from '../money/decimal.js';
import { DivisionByZero, MissingFact, ParameterUnavailable } from './signals.js';
import type { ExpressionInput, ExpressionObject } from '../policy/schema.js';
import type { CompiledExpression } from '../policy/types.js';
import { checkName, report, whereWritten, type CompileEnv } from './compileEnv.js';
import { compileCondition, compileFactReference } from './conditions.js';
import type { EvaluationContext } from './context.js';

type Steps = ReadonlyMap<string, Decimal>;
type Ctx = EvaluationContext;
type M = Member | undefined;

const ZERO = new Dec(0);
const broken: CompiledExpression = { formula: '?', value: () => ZERO, explain: () => ({ value: ZERO, text: '?' }) };

/**
 * Compiles an amount expression into functions over Decimals. `value` is the fast path; `explain` also returns the
 * computation with the figures filled in (`1238.00 − 750.00`), for the decision's breakdown steps.
 *
 * Operators: a decimal literal (`"1.6"`), `{param}`, `{fact}`, `{step}`, `add`, `sub`, `mul`, `div`, `min`, `max`,
 * `{round, places, mode}`, `{if, then, else}` and `{tiers, table: [{below, then}], else}`.
 *
 * @example
 * compileExpression({ sub: [{ param: 'dibao.standard' }, { fact: 'perCapitaIncome' }] }, [], env).formula
 * // 'dibao.standard − perCapitaIncome'
 */
export function compileExpression(expr: ExpressionInput, givenPath: JsonPath, givenEnv: CompileEnv): CompiledExpression {
  const [env, path] = whereWritten(givenEnv, expr, givenPath);
  if (typeof expr === 'string') {
    if (!DECIMAL_PATTERN.test(expr)) {
      report(env, 'INVALID_DECIMAL', path, { received: expr });
      return broken;
    }
    const value = new Dec(expr);
    return constant(value, expr);
  }
  if (typeof expr === 'number') return constant(new Dec(expr), String(expr));
  return compileObject(expr, path, env);
}

function constant(value: Decimal, text: string): CompiledExpression {
  return { formula: text, value: () => value, explain: () => ({ value, text }) };
}

function compileObject(expr: ExpressionObject, path: JsonPath, env: CompileEnv): CompiledExpression {
  if (expr.param !== undefined) return compileParam(expr.param, expr.default, expr.area, path, env);
  if (expr.fact !== undefined) return compileFact(expr, path, env);
  if (expr.step !== undefined) return compileStep(expr.step, path, env);
  if (expr.add) return nary(expr.add, 'add', path, env, ' + ', (a, b) => a.plus(b));
  if (expr.sub) return nary(expr.sub, 'sub', path, env, ' − ', (a, b) => a.minus(b));
  if (expr.mul) return nary(expr.mul, 'mul', path, env, ' × ', (a, b) => snap(a.times(b)));
  if (expr.div) {
    return nary(expr.div, 'div', path, env, ' ÷ ', (a, b) => {
      if (b.isZero()) throw new DivisionByZero();
      return a.div(b);
    });
  }
  if (expr.min) return fold(expr.min, 'min', path, env, (a, b) => Dec.min(a, b));
  if (expr.max) return fold(expr.max, 'max', path, env, (a, b) => Dec.max(a, b));
  if (expr.firstAvailable) return compileFirstAvailable(expr.firstAvailable, path, env);
  if (expr.round !== undefined) return compileRound(expr, path, env);
  if (expr.if !== undefined) return compileIf(expr, path, env);
  if (expr.tiers !== undefined) return compileTiers(expr, path, env);
  return broken;
}

function compileParam(
  name: string,
  fallback: string | undefined,
  area: 'urban' | 'rural' | undefined,
  path: JsonPath,
  env: CompileEnv,
): CompiledExpression {
  if (!checkName(env, 'UNKNOWN_PARAMETER', name, env.parameterNames, [...path, 'param'])) return broken;
  env.readsParameters.add(name);
  if (fallback !== undefined && !DECIMAL_PATTERN.test(fallback)) report(env, 'INVALID_DECIMAL', [...path, 'default'], { received: fallback });
  const value = (ctx: Ctx) => {
    const resolved = ctx.param(name, area);
    if (resolved) return asNumber(resolved.value, name);
    if (fallback !== undefined) return new Dec(fallback);
    throw new ParameterUnavailable(name);
  };
  const formula = area ? `${name}[${area}]` : name;
  return { formula, value, explain: (ctx) => { const v = value(ctx); return { value: v, text: show(v) }; } };
}

function compileFact(expr: ExpressionObject, path: JsonPath, env: CompileEnv): CompiledExpression {
  const ref = compileFactReference(expr.fact!, expr.params, path, env);
  if (!ref) return broken;
  if (!['money', 'count', 'years', 'months', 'decimal'].includes(ref.fact.type)) {
    report(env, 'FACT_PARAMS', [...path, 'fact'], { name: expr.fact!, detail: `a ${ref.fact.type} fact is not a number` });
    return broken;
  }
  const value = (ctx: Ctx, member: M) => {
    const v = ref.get(ctx, member);
    if (v === null) throw new MissingFact(expr.fact!);
    return asNumber(v as Decimal | number, expr.fact!);
  };
  return { formula: expr.fact!, value, explain: (ctx, m) => { const v = value(ctx, m); return { value: v, text: show(v) }; } };
}

function compileStep(id: string, path: JsonPath, env: CompileEnv): CompiledExpression {
  if (!checkName(env, 'UNKNOWN_STEP', id, env.steps, [...path, 'step'])) return broken;
  const value = (_ctx: Ctx, _m: M, steps: Steps) => steps.get(id) ?? ZERO;
  return { formula: id, value, explain: (c, m, s) => { const v = value(c, m, s); return { value: v, text: show(v) }; } };
}

function nary(
  items: ExpressionInput[],
  key: string,
  path: JsonPath,
  env: CompileEnv,
  symbol: string,
  op: (a: Decimal, b: Decimal) => Decimal,
): CompiledExpression {
  const parts = items.map((item, i) => compileExpression(item, [...path, key, i], env));
  const wrap = (text: string, i: number) => (needsParens(items[i]!) ? `(${text})` : text);
  return {
    formula: parts.map((p, i) => wrap(p.formula, i)).join(symbol),
    value(ctx, m, s) {
      let acc = parts[0]!.value(ctx, m, s);
      for (let i = 1; i < parts.length; i++) acc = op(acc, parts[i]!.value(ctx, m, s));
      return acc;
    },
    explain(ctx, m, s) {
      const shown = parts.map((p) => p.explain(ctx, m, s));
      let acc = shown[0]!.value;
      for (let i = 1; i < shown.length; i++) acc = op(acc, shown[i]!.value);
      return { value: acc, text: shown.map((x, i) => wrap(x.text, i)).join(symbol) };
    },
  };
}

function fold(items: ExpressionInput[], name: string, path: JsonPath, env: CompileEnv, op: (a: Decimal, b: Decimal) => Decimal): CompiledExpression {
  const parts = items.map((item, i) => compileExpression(item, [...path, name, i], env));
  return {
    formula: `${name}(${parts.map((p) => p.formula).join(', ')})`,
    value(ctx, m, s) {
      return parts.map((p) => p.value(ctx, m, s)).reduce(op);
    },
    explain(ctx, m, s) {
      const shown = parts.map((p) => p.explain(ctx, m, s));
      return { value: shown.map((x) => x.value).reduce(op), text: `${name}(${shown.map((x) => x.text).join(', ')})` };
    },
  };
}

/**
 * The first alternative that can be worked out: one that reads a parameter with no value in force (and no default)
 * is passed over for the next. Where a place publishes its own figure, that figure; elsewhere the general rule.
 */
function compileFirstAvailable(items: ExpressionInput[], path: JsonPath, env: CompileEnv): CompiledExpression {
  const parts = items.map((item, i) => compileExpression(item, [...path, 'firstAvailable', i], env));
  const first = <T>(run: (part: CompiledExpression) => T): T => {
    let unavailable: unknown;
    for (const part of parts) {
      try {
        return run(part);
      } catch (error) {
        if (!(error instanceof ParameterUnavailable)) throw error;
        unavailable ??= error;
      }
    }
    throw unavailable;
  };
  return {
    formula: `firstAvailable(${parts.map((p) => p.formula).join(', ')})`,
    value: (c, m, s) => first((part) => part.value(c, m, s)),
    explain: (c, m, s) => first((part) => part.explain(c, m, s)),
  };
}

function compileRound(expr: ExpressionObject, path: JsonPath, env: CompileEnv): CompiledExpression {
  const inner = compileExpression(expr.round!, [...path, 'round'], env);
  const places = expr.places ?? env.rounding.places;
  const mode: RoundingMode = expr.mode ?? env.rounding.mode;
  const round = (v: Decimal) => v.toDecimalPlaces(places, ROUNDING_MODES[mode]);
  const label = `round(${'{}'}, ${places}, ${mode})`;
  return {
    formula: label.replace('{}', inner.formula),
    value: (c, m, s) => round(inner.value(c, m, s)),
    explain(c, m, s) {
      const x = inner.explain(c, m, s);
      return { value: round(x.value), text: label.replace('{}', x.text) };
    },
  };
}

function compileIf(expr: ExpressionObject, path: JsonPath, env: CompileEnv): CompiledExpression {
  const test = compileCondition(expr.if!, [...path, 'if'], env);
  if (expr.then === undefined) report(env, 'REQUIRED', [...path, 'then']);
  if (expr.else === undefined) report(env, 'REQUIRED', [...path, 'else']);
  const yes = compileExpression(expr.then ?? '0', [...path, 'then'], env);
  const no = compileExpression(expr.else ?? '0', [...path, 'else'], env);
  return {
    formula: `if(…, ${yes.formula}, ${no.formula})`,
    value: (c, m, s) => (test(c, m) ? yes.value(c, m, s) : no.value(c, m, s)),
    explain: (c, m, s) => (test(c, m) ? yes.explain(c, m, s) : no.explain(c, m, s)),
  };
}

function compileTiers(expr: ExpressionObject, path: JsonPath, env: CompileEnv): CompiledExpression {
  const subject = compileExpression(expr.tiers!, [...path, 'tiers'], env);
  const rows = (expr.table ?? []).map((row, i) => ({
    below: compileExpression(row.below, [...path, 'table', i, 'below'], env),
    then: compileExpression(row.then, [...path, 'table', i, 'then'], env),
  }));
  if (expr.table === undefined) report(env, 'REQUIRED', [...path, 'table']);
  if (expr.else === undefined) report(env, 'REQUIRED', [...path, 'else']);
  const otherwise = compileExpression(expr.else ?? '0', [...path, 'else'], env);
  const pick = (c: Ctx, m: M, s: Steps) => {
    const v = subject.value(c, m, s);
    return rows.find((row) => v.lt(row.below.value(c, m, s)))?.then ?? otherwise;
  };
  return {
    formula: `tier(${subject.formula})`,
    value: (c, m, s) => pick(c, m, s).value(c, m, s),
    explain(c, m, s) {
      const x = pick(c, m, s).explain(c, m, s);
      return { value: x.value, text: `tier(${show(subject.value(c, m, s))}) → ${x.text}` };
    },
  };
}

function needsParens(expr: ExpressionInput): boolean {
  return typeof expr === 'object' && (expr.add !== undefined || expr.sub !== undefined || expr.mul !== undefined || expr.div !== undefined);
}

function asNumber(value: unknown, name: string): Decimal {
  if (isDecimal(value)) return value;
  if (typeof value === 'number') return new Dec(value);
  throw new TypeError(`${name} is not a number`);
}

/**
 * A figure as an explanation shows it: exact up to six decimals (a per-capita income of 4300/12 shows as
 * `358.333333…`), never rounded so that it looks like something else.
 *
 * @example
 * show(new Dec('1952')) // '1952'
 */
export function show(value: Decimal): string {
  return value.decimalPlaces() <= 6 ? value.toFixed() : `${value.toFixed(6, Dec.ROUND_DOWN)}…`;
}
