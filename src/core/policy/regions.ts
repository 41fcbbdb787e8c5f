/**
 * The fallback chain of a division code: county → city → province → national (GB/T 2260: the code's last two
 * digits are the county, the middle two the city). Region groups (e.g. a Guangdong standard class) sit between
 * city and province.
 *
 * @example
 * regionChain('440106') // [{ code: '440106', level: 'county' }, { code: '440100', level: 'city' }, { code: '440000', level: 'province' }, { code: '000000', level: 'national' }]
 */
export function regionChain(code: string): { code: string; level: RegionLevel }[] {
  const chain: { code: string; level: RegionLevel }[] = [];
  if (code === NATIONAL) return [{ code, level: 'national' }];
  if (code.slice(4) !== '00') chain.push({ code, level: 'county' });
  if (code.slice(2, 4) !== '00') chain.push({ code: `${code.slice(0, 4)}00`, level: 'city' });
  chain.push({ code: `${code.slice(0, 2)}0000`, level: 'province' });
  chain.push({ code: NATIONAL, level: 'national' });
  return chain;
}

export type RegionLevel = 'county' | 'city' | 'group' | 'province' | 'national';

/** The code that stands for the whole country in rule files. */
export const NATIONAL = '000000';

/**
 * Whether `code` lies inside `scope` (a province contains its cities and counties; national contains all).
 *
 * @example
 * regionWithin('440106', '440000') // true
 */
export function regionWithin(code: string, scope: string): boolean {
  if (scope === NATIONAL) return true;
  if (scope.slice(2) === '0000') return code.slice(0, 2) === scope.slice(0, 2);
  if (scope.slice(4) === '00') return code.slice(0, 4) === scope.slice(0, 4);
  return code === scope;
}

/** GB/T 2260 province-level codes (the first two digits of every division code). */
const PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '));

/**
 * Whether a household's region is one the policy covers: a real province prefix, inside the policy's region. A
 * covered region without a recorded standard is not unknown: its programs are undetermined, as anywhere else.
 *
 * @example
 * regionKnown('440106', '440000') // true
 * regionKnown('990100', '000000') // false: no such province
 */
export function regionKnown(region: string, policyRegion: string): boolean {
  return PROVINCES.has(region.slice(0, 2)) && regionWithin(region, policyRegion);
}
