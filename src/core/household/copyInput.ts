import { JiuzhuError, makeIssue } from '../errors/issue.js';
import { isPlainObject } from './fastParse.js';

/** Deeper than any household goes (members → incomes → an income is five); what lies deeper is refused anyway. */
const MAX_DEPTH = 32;

/**
 * The input as plain data, read once: every own enumerable field of every plain object and array is read exactly one
 * time into a fresh copy, which is then validated, hashed, decided and recorded. An object with getters or a Proxy
 * could otherwise be checked on one value and hashed (and logged) on another. What is not plain data (a Date, a
 * class instance, a Map) is kept as it is, so that validation names it (`NOT_PLAIN_DATA`). An input that throws
 * while read is a {@link JiuzhuError} `INPUT_UNREADABLE`.
 *
 * @example
 * let reads = 0;
 * const tricky = { get id() { return reads++ === 0 ? 'h1' : 'h2'; } };
 * copyInput(tricky) // { id: 'h1' }, and the getter is not read again
 */
export function copyInput(input: unknown): unknown {
  try {
    return copy(input, 0);
  } catch (error) {
    if (error instanceof JiuzhuError) throw error;
    throw new JiuzhuError('input', [makeIssue('INPUT_UNREADABLE', [], { detail: String((error as Error)?.message ?? error) })]);
  }
}

function copy(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const length = value.length;
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) out[i] = copy(value[i], depth + 1);
    return out;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key], depth + 1);
    // A `__proto__` key parsed from JSON is a field like any other (refused by validation), not a prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
