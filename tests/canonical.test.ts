import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, prettyCanonicalJson } from '../src/index.js';

/** The same value with every object's keys in reverse insertion order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).reverse()) out[key] = reversedKeys((value as Record<string, unknown>)[key]);
  return out;
}

describe('canonical JSON', () => {
  it('round-trips any JSON value and does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reversedKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('writes every string, and every key, exactly as JSON.stringify does (escapes, lone surrogates, any code unit)', () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const text = fc.oneof(fc.string({ unit: anyCodeUnit }), fc.string({ unit: 'binary' }), fc.string());
    fc.assert(
      fc.property(text, text, (key, value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(value));
        expect(canonicalJson({ [key]: value })).toBe(JSON.stringify({ [key]: value }));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by code unit, integer-like keys included', () => {
    expect(canonicalJson({ b: 1, '10': 2, '': 3, '9': 4, a: [true, null] })).toBe('{"":3,"10":2,"9":4,"a":[true,null],"b":1}');
  });

  it('pretty is the same bytes, indented like JSON.stringify(…, null, 2)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.stringify(JSON.parse(prettyCanonicalJson(value)))).toBe(JSON.stringify(JSON.parse(canonicalJson(value))));
      }),
      { numRuns: 300 },
    );
    expect(prettyCanonicalJson({ b: [1, { c: 2 }], a: {}, d: [] })).toBe(JSON.stringify({ a: {}, b: [1, { c: 2 }], d: [] }, null, 2));
  });

  it('keeps a parsed __proto__ key, drops undefined members, writes null for undefined array items', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });
});
