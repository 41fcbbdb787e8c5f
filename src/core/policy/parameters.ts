import type { Note } from '../text/template.js';
import type { Decimal } from 'decimal.js';
import { toDecimal } from '../money/decimal.js';
import type { FactValue } from '../engine/operators.js';
import { ParameterUnavailable } from '../engine/signals.js';
import type { Area } from '../household/vocabulary.js';
import { regionChain, type RegionLevel } from './regions.js';
import type { MergedParameter, Policy } from './types.js';

/** Where a parameter value applies and from when: the inputs of every resolution. */
export interface ParameterScope {
  readonly policy: Policy;
  readonly region: string;
  area: Area;
  readonly asOf: string;
  /** Resolves another parameter in the same scope (formulas use it), optionally for another area. */
  param(name: string, area?: Area): ResolvedParameter | undefined;
}

/** A parameter value as used by a decision, with everything an auditor needs to check it. */
export interface ResolvedParameter {
  name: string;
  type: string;
  value: Exclude<FactValue, null>;
  from: string;
  /** The division code or region group the value was set for. */
  region: string;
  level: RegionLevel;
  area: 'urban' | 'rural' | 'all';
  layer: string;
  source?: { document: string; number?: string; article?: string; url?: string; publisher?: string; note?: Note };
  grade?: string;
  illustrative: boolean;
  note?: Note;
  /** For values defined by a formula: the formula, the figures it used, and the parameters it read. */
  formula?: string;
  computation?: string;
  dependsOn?: ResolvedParameter[];
}

/**
 * Resolves a parameter for a region, an area and a date: the most specific region level that has a value in force
 * on `asOf` wins (county → city → region group → province → national); within a level, the latest `from`, and an
 * area-specific value over an `all` value from the same day. Returns undefined when nothing is in force. `area`
 * asks for another area than the household's (a 特困 person with rural collective income gets the rural rate).
 *
 * @example
 * resolveParameter(scope, 'dibao.standard')?.value.toString() // '1238' for Guangzhou on 2023-06-01
 */
export function resolveParameter(scope: ParameterScope, name: string, area: Area = scope.area): ResolvedParameter | undefined {
  const { policy, region, asOf } = scope;
  const key = `${name}|${region}|${area}|${asOf}`;
  const cache = policy.parameterCache;
  if (cache.has(key)) return cache.get(key) as ResolvedParameter | undefined;
  const parameter = policy.parameters.get(name);
  const resolved = parameter ? resolveUncached(scope, parameter, area) : undefined;
  // The cache is bounded: a screening run touches few (region, asOf) pairs, but a long-lived service may see many.
  if (cache.size > 50_000) cache.clear();
  cache.set(key, resolved);
  return resolved;
}

/** The levels a region's parameters are looked up at, most specific first, per policy (its region groups): found once. */
const levelsByPolicy = new WeakMap<Policy, Map<string, readonly { code: string; level: RegionLevel }[]>>();

function levelsOf(policy: Policy, region: string): readonly { code: string; level: RegionLevel }[] {
  let byRegion = levelsByPolicy.get(policy);
  if (!byRegion) levelsByPolicy.set(policy, (byRegion = new Map()));
  let levels = byRegion.get(region);
  if (!levels) {
    const chain = regionChain(region);
    const local = chain.filter((link) => link.level === 'county' || link.level === 'city');
    const groups = new Set(local.flatMap((link) => policy.groupsByRegion.get(link.code) ?? []));
    levels = [
      ...local,
      ...[...groups].map((code) => ({ code, level: 'group' as const })),
      ...chain.filter((link) => link.level === 'province' || link.level === 'national'),
    ];
    // Bounded as the parameter cache is: a service may be asked about any region.
    if (byRegion.size > 10_000) byRegion.clear();
    byRegion.set(region, levels);
  }
  return levels;
}

/**
 * A plain value (not a formula) as resolved, made once per value and level and shared by every place that reaches
 * it: what it says depends on the value and where it was set, not on the place asking (a formula's does).
 */
const plainResolved = new WeakMap<object, Map<string, ResolvedParameter>>();

function resolveUncached(scope: ParameterScope, parameter: MergedParameter, area: Area): ResolvedParameter | undefined {
  for (const { code, level } of levelsOf(scope.policy, scope.region)) {
    let best: MergedParameter['values'][number] | undefined;
    for (const value of parameter.values) {
      const where = level === 'group' ? value.group : value.region;
      if (where !== code) continue;
      if (value.area !== 'all' && value.area !== area) continue;
      if (value.from > scope.asOf) continue;
      if (
        best === undefined ||
        value.from > best.from ||
        (value.from === best.from && best.area === 'all' && value.area !== 'all')
      ) {
        best = value;
      }
    }
    if (!best) continue;
    if (best.compiledFormula) return materialise(scope, parameter, best, code, level, area);
    let byLevel = plainResolved.get(best);
    if (!byLevel) plainResolved.set(best, (byLevel = new Map()));
    const key = `${level}|${code}`;
    let resolved = byLevel.get(key);
    if (!resolved) byLevel.set(key, (resolved = materialise(scope, parameter, best, code, level, area)!));
    return resolved;
  }
  return undefined;
}

function materialise(
  scope: ParameterScope,
  parameter: MergedParameter,
  chosen: MergedParameter['values'][number],
  code: string,
  level: RegionLevel,
  area: Area,
): ResolvedParameter | undefined {
  const type = parameter.definition.type;
  const base: Omit<ResolvedParameter, 'value'> = {
    name: parameter.name,
    type,
    from: chosen.from,
    region: code,
    level,
    area: chosen.area,
    layer: chosen.layer,
    illustrative: chosen.illustrative === true,
    ...(chosen.source ? { source: chosen.source } : {}),
    ...(chosen.grade ? { grade: chosen.grade } : {}),
    ...(chosen.note ? { note: chosen.note } : {}),
  };
  if (chosen.compiledFormula) {
    const dependsOn: ResolvedParameter[] = [];
    const recordingScope: ParameterScope = {
      policy: scope.policy,
      region: scope.region,
      area,
      asOf: scope.asOf,
      // A formula's own parameters are read for the area it was resolved for, unless it names another.
      param(name, otherArea = area) {
        const resolved = resolveParameter(scope, name, otherArea);
        if (resolved) dependsOn.push(resolved);
        return resolved;
      },
    };
    let explained: { value: Decimal; text: string };
    try {
      explained = chosen.compiledFormula.explain(recordingScope as never, undefined, new Map());
    } catch (error) {
      if (error instanceof ParameterUnavailable) return undefined;
      throw error;
    }
    const illustrative = base.illustrative || dependsOn.some((d) => d.illustrative);
    return {
      ...base,
      illustrative,
      value: explained.value,
      formula: chosen.compiledFormula.formula,
      computation: explained.text,
      dependsOn,
    };
  }
  return { ...base, value: typedValue(type, chosen.value!, chosen.per) };
}

/**
 * Converts a value as written in a rule file into its run-time form: money and ratios to exact Decimals (money per
 * year ÷ 12, kept exact), counts to whole numbers, booleans and text as they are.
 *
 * @example
 * typedValue('money', '4300', 'year').toFixed(4) // '358.3333'
 */
export function typedValue(type: string, raw: string | number | boolean, per?: 'month' | 'year'): Exclude<FactValue, null> {
  switch (type) {
    case 'money':
    case 'ratio':
    case 'decimal': {
      const value = toDecimal(raw as string);
      return per === 'year' ? value.div(12) : value;
    }
    case 'count':
    case 'months':
    case 'years':
      return raw as number;
    default:
      return raw;
  }
}

/**
 * How a value of a parameter type is written in a rule file, for a message that shows the fix (a money value
 * typed as 1400 or "1,400.00" is written "1400.00").
 *
 * @example
 * typeExample('money') // '"1400.00"'
 */
export function typeExample(type: string): string {
  return TYPE_EXAMPLES[type] ?? '"…"';
}
const TYPE_EXAMPLES: Readonly<Record<string, string>> = {
  money: '"1400.00"',
  ratio: '"1.5"',
  decimal: '"0.5"',
  count: '3',
  months: '12',
  years: '2',
  boolean: 'true',
};

/** Whether a raw value fits a parameter type; used when loading rule files. */
export function valueFitsType(type: string, raw: unknown): boolean {
  switch (type) {
    case 'money':
    case 'ratio':
    case 'decimal':
      return typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw);
    case 'count':
    case 'months':
    case 'years':
      return typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0;
    case 'boolean':
      return typeof raw === 'boolean';
    default:
      return typeof raw === 'string';
  }
}

