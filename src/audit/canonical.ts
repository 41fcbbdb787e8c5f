import { createHash } from 'node:crypto';
import { isDecimal } from '../money/decimal.js';

/**
 * Canonical JSON: object keys sorted by code unit, no insignificant whitespace, Decimals written as their exact
 * string, `undefined` members dropped. Two machines that hold the same value write the same bytes.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

/**
 * Like {@link canonicalJson} but indented for people; the key order is the same, so it is just as stable.
 *
 * @example
 * prettyCanonicalJson({ b: 1, a: 2 }) // '{\n  "a": 2,\n  "b": 1\n}'
 */
export function prettyCanonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value), null, 2);
}

/**
 * SHA-256 of the canonical JSON of a value, as lowercase hex.
 *
 * @example
 * sha256Canonical({ a: 1 }) // '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862'
 */
export function sha256Canonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * SHA-256 of a UTF-8 string, as lowercase hex.
 *
 * @example
 * sha256Hex('') // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function normalise(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return value;
  }
  if (isDecimal(value)) return value.toFixed();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : normalise(item)));
  // No prototype: a `__proto__` key parsed from JSON stays a key (and counts in the hash) instead of vanishing.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = normalise(item);
  }
  return out;
}
