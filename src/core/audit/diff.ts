import { isPlainObject } from '../household/fastParse.js';
import type { JsonPath } from '../errors/issue.js';

/**
 * One place where two JSON values differ: its path and the value on each side. A side that has nothing at that path
 * has no key (so `'recorded' in d` is false where the replayed decision added something).
 */
export interface Difference {
  path: JsonPath;
  recorded?: unknown;
  replayed?: unknown;
}

/**
 * Every leaf where two JSON values differ, in document order (object keys sorted). Arrays are compared position by
 * position; a longer array's extra items are differences with one side absent.
 *
 * @example
 * diffJson({ a: '1.00', b: [1] }, { a: '2.00', b: [1, 2] })
 * // [{ path: ['a'], recorded: '1.00', replayed: '2.00' }, { path: ['b', 1], replayed: 2 }]
 */
export function diffJson(recorded: unknown, replayed: unknown): Difference[] {
  const out: Difference[] = [];
  walk(recorded, replayed, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: (string | number)[], out: Difference[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push({ path: [...path, i], replayed: b[i] });
      else if (i >= b.length) out.push({ path: [...path, i], recorded: a[i] });
      else walk(a[i], b[i], [...path, i], out);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in b)) out.push({ path: [...path, key], recorded: a[key] });
      else if (!(key in a)) out.push({ path: [...path, key], replayed: b[key] });
      else walk(a[key], b[key], [...path, key], out);
    }
    return;
  }
  if (a !== b) out.push({ path, recorded: a, replayed: b });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether two JSON values are equal as canonical JSON writes them: the same scalars, lists item by item, objects key
 * by key in any order (a member set to `undefined` counts as absent, as JSON leaves it out). No copy is made and
 * nothing is written out, so a replay that agrees with its record costs one walk. `false` for a class instance (a
 * Decimal): the caller compares such values the long way.
 *
 * @example
 * sameJson({ a: '1.00', b: [1] }, { b: [1], a: '1.00' }) // true
 * sameJson({ a: '1.00' }, { a: '1.0' }) // false
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  // A Decimal or other class is written by canonical JSON in its own way: left to the caller's long way.
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  let count = 0;
  for (const key of Object.keys(a)) {
    const item = (a as Record<string, unknown>)[key];
    if (item === undefined) continue;
    count++;
    if (!Object.hasOwn(b, key) || !sameJson(item, (b as Record<string, unknown>)[key])) return false;
  }
  for (const key of Object.keys(b)) if ((b as Record<string, unknown>)[key] !== undefined) count--;
  return count === 0;
}
