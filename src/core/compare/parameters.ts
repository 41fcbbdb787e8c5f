import { DECIMAL_PATTERN, Dec } from '../money/decimal.js';
import type { MergedParameter, Policy } from '../policy/types.js';

/** A parameter value as a rule file sets it: a figure (money per year when `per` says so), or a formula. */
export interface ParameterSetting {
  value?: string;
  per?: 'month' | 'year';
  formula?: string;
  illustrative?: boolean;
}

/**
 * One value of a parameter that is not the same in the two policies: set in one only (a standard raised from a new
 * date is a value only the new policy has), or set to something else for the same place, area and date.
 */
export interface ParameterDifference {
  name: string;
  /** The division code, or the region group (`group:…`), the value is set for. */
  region: string;
  area: 'urban' | 'rural' | 'all';
  from: string;
  before?: ParameterSetting;
  after?: ParameterSetting;
  /** Whether this value is (under either policy) the one in force on the date compared, for its place and area. */
  inForce: boolean;
}

/**
 * Every parameter value that differs between two policies, in name, place, area and date order: what a change of
 * rules consists of, as an officer would list it ("Guangzhou's 低保 standard from 2026-07-01: 1400.00, new").
 * Sources and notes are not compared: a new source for the same figure changes no decision.
 *
 * @example
 * parameterDifferences(today, raised, '2026-07-01')
 * // [{ name: 'dibao.standard', region: '440100', area: 'all', from: '2026-07-01', after: { value: '1400.00' }, inForce: true }]
 */
export function parameterDifferences(before: Policy, after: Policy, asOf: string): ParameterDifference[] {
  const out: ParameterDifference[] = [];
  const names = [...new Set([...before.parameters.keys(), ...after.parameters.keys()])].sort();
  for (const name of names) {
    const a = settings(before.parameters.get(name));
    const b = settings(after.parameters.get(name));
    const inForceA = inForceKeys(a, asOf);
    const inForceB = inForceKeys(b, asOf);
    const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
    for (const key of keys) {
      const x = a.get(key);
      const y = b.get(key);
      if (x && y && sameSetting(x.setting, y.setting)) continue;
      const where = (x ?? y)!;
      out.push({
        name,
        region: where.region,
        area: where.area,
        from: where.from,
        ...(x ? { before: x.setting } : {}),
        ...(y ? { after: y.setting } : {}),
        inForce: inForceA.has(key) || inForceB.has(key),
      });
    }
  }
  return out;
}

interface Keyed {
  region: string;
  area: 'urban' | 'rural' | 'all';
  from: string;
  setting: ParameterSetting;
}

/** A parameter's values by place, area and date (a later layer's value for the same key replaces an earlier one's). */
function settings(parameter: MergedParameter | undefined): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const value of parameter?.values ?? []) {
    const region = value.region ?? `group:${value.group}`;
    const setting: ParameterSetting = {
      ...(value.value !== undefined ? { value: String(value.value) } : {}),
      ...(value.per ? { per: value.per } : {}),
      ...(value.compiledFormula ? { formula: value.compiledFormula.formula } : {}),
      ...(value.illustrative ? { illustrative: true } : {}),
    };
    out.set(`${region}|${value.area}|${value.from}`, { region, area: value.area, from: value.from, setting });
  }
  return out;
}

/** The keys of the values in force on `asOf`: for each place and area, the latest from on or before it. */
function inForceKeys(values: ReadonlyMap<string, Keyed>, asOf: string): Set<string> {
  const latest = new Map<string, Keyed & { key: string }>();
  for (const [key, value] of values) {
    if (value.from > asOf) continue;
    const scope = `${value.region}|${value.area}`;
    const current = latest.get(scope);
    if (!current || value.from > current.from) latest.set(scope, { ...value, key });
  }
  return new Set([...latest.values()].map((v) => v.key));
}

function sameSetting(a: ParameterSetting, b: ParameterSetting): boolean {
  return sameValue(a.value, b.value) && a.per === b.per && a.formula === b.formula;
}

/** The same figure however written: `1400` and `"1400.00"` are one standard. */
function sameValue(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || !DECIMAL_PATTERN.test(a) || !DECIMAL_PATTERN.test(b)) return false;
  return new Dec(a).eq(b);
}
