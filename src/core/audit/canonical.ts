import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { isDecimal } from '../money/decimal.js';

/**
 * Canonical JSON: object keys sorted by code unit, no insignificant whitespace, Decimals written as their exact
 * string, `undefined` members dropped. Two machines that hold the same value write the same bytes.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, -1) ?? 'null';
}

/**
 * Writes canonical JSON straight to a string (every decision hashes its input, so no intermediate copy is built).
 * `depth` < 0 writes it compact; otherwise indented by two spaces per level, as JSON.stringify(…, null, 2) does.
 * Returns undefined for `undefined` (dropped from objects, `null` in arrays), as JSON.stringify does.
 */
function write(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return quoteJson(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (isDecimal(value)) return JSON.stringify(value.toFixed());
      const pretty = depth >= 0;
      const open = pretty ? `\n${'  '.repeat(depth + 1)}` : '';
      const close = pretty ? `\n${'  '.repeat(depth)}` : '';
      const next = pretty ? depth + 1 : -1;
      // Built by concatenation (V8 joins the pieces lazily): every decision hashes its input this way.
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + open + (write(value[i], next) ?? 'null');
        return `${out}${close}]`;
      }
      // Own keys only, sorted by code unit: a `__proto__` key parsed from JSON stays a key and counts in the hash.
      const keys = Object.keys(value);
      if (!sortedByCodeUnit(keys)) keys.sort();
      const colon = pretty ? ': ' : ':';
      let out = '';
      for (const key of keys) {
        const item = write((value as Record<string, unknown>)[key], next);
        if (item !== undefined) out += (out === '' ? '' : ',') + open + quoteJson(key) + colon + item;
      }
      return out === '' ? '{}' : `{${out}${close}}`;
    }
    default:
      return undefined;
  }
}

/**
 * A string as JSON.stringify writes it: most strings in a household or decision need no escape (no control
 * character, quote, backslash or surrogate), and are quoted without the call.
 *
 * @example
 * quoteJson('低保') // '"低保"'
 */
export function quoteJson(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** Whether keys are already in code-unit order (objects written by this library often are): no sort needed. */
function sortedByCodeUnit(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/**
 * Like {@link canonicalJson} but indented for people; the key order is the same, so it is just as stable.
 *
 * @example
 * prettyCanonicalJson({ b: 1, a: 2 }) // '{\n  "a": 2,\n  "b": 1\n}'
 */
export function prettyCanonicalJson(value: unknown): string {
  return write(value, 0) ?? 'null';
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

/** A SHA-256 as {@link sha256Hex} writes it: 64 lowercase hex digits (policy ids in stores, record hashes). */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * SHA-256 of a UTF-8 string, as lowercase hex.
 *
 * @example
 * sha256Hex('') // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export function sha256Hex(text: string): string {
  return digest(text);
}

/**
 * The portable SHA-256: @noble/hashes (audited, synchronous, no platform API), the same digest in Node, a browser or
 * a worker, so that a record made in one verifies in the other. Lone surrogates become U+FFFD, as in Node's encoder.
 *
 * @example
 * portableSha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function portableSha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

let digest: (text: string) => string = portableSha256Hex;

/**
 * Lets a platform supply a faster SHA-256 of a UTF-8 string as lowercase hex — `jiuzhu/node` gives Node's own,
 * several times faster than the portable one — which must give the same digest for every string (a property test
 * holds Node's to it). No argument goes back to the portable one. The core imports nothing of any platform itself.
 *
 * @example
 * useSha256Implementation((text) => createHash('sha256').update(text, 'utf8').digest('hex'));
 */
export function useSha256Implementation(implementation?: (text: string) => string): void {
  digest = implementation ?? portableSha256Hex;
}
