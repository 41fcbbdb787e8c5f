import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JiuzhuError, canonicalJson, evaluateSync, generateHouseholds, loadPolicy, prettyCanonicalJson, sha256Hex } from '../src/node/index.js';
import { portableSha256Hex, useSha256Implementation } from '../src/core/audit/canonical.js';
import { canonicalHouseholdJson } from '../src/core/audit/inputCanonical.js';
import { isPlainCanonicalText } from '../src/core/audit/canonicalText.js';
import { sameJson } from '../src/core/audit/diff.js';
import { checkHouseholdInput } from '../src/core/household/parse.js';
import { nodeSha256Hex } from '../src/node/audit/sha256.js';
import { REGIONS } from './helpers/arbitraries.js';
import { richHouseholdArb } from './helpers/richArbitraries.js';

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

describe('a canonical text read off in one pass (isPlainCanonicalText), and values compared without writing them (sameJson)', () => {
  /** A JSON text of a value written some other way: keys in another order, spaces, numbers and strings spelled otherwise. */
  const respelled = fc.jsonValue().chain((value) =>
    fc.constantFrom(
      JSON.stringify(value),
      JSON.stringify(reversedKeys(value)),
      JSON.stringify(value, null, 1),
      canonicalJson(value),
      canonicalJson(value).replace(/(\d)(?=[,\]}])/, '$1.0'),
      canonicalJson(value).replace(/(\d)(?=[,\]}])/, '$1e0'),
      canonicalJson(value).replace(/:/, ': '),
      canonicalJson(value).replace(/"([a-z])/, '"\\u0061$1'),
      canonicalJson(value).replace(/^\{"([^"\\]*)":([^,{}[\]]*),/, '{"$1":$2,"$1":$2,'),
    ),
  );

  it('is never true for a text that is not its value\'s canonical JSON, and true for canonical text without escapes', () => {
    fc.assert(
      fc.property(respelled, (text) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return; // a respelling that is no JSON at all (1e+250e0): JSON.parse refuses the line first
        }
        if (isPlainCanonicalText(text)) expect(canonicalJson(value)).toBe(text);
        else if (canonicalJson(value) === text) expect(/[\\\ud800-\udfff]/.test(text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives where each top-level value is: that slice of a canonical text is the value's own canonical JSON", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const text = canonicalJson(record);
        const spans = new Map<string, [number, number]>();
        if (!isPlainCanonicalText(text, spans)) return; // escapes: the long way, no spans wanted
        expect([...spans.keys()].sort()).toEqual(Object.keys(record).sort());
        for (const [key, [start, end]] of spans) expect(text.slice(start, end)).toBe(canonicalJson(record[key]));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses keys twice, out of order, spaces, numbers not as JavaScript writes them, and escapes it leaves to the long way', () => {
    expect(isPlainCanonicalText('{"a":1,"b":[true,false,null,"低保",{}],"c":{"d":-1.5,"e":1e+21}}')).toBe(true);
    for (const text of ['{"a":1,"a":1}', '{"b":1,"a":1}', '{"a":1 }', '{"a":1.0}', '{"a":-0}', '{"a":1E3}', '{"a":"\\n"}', '{"a":"\\u00e9"}', '{"a":1e400}', '[1,2] ']) {
      expect(isPlainCanonicalText(text), text).toBe(false);
    }
  });

  it('sameJson says what comparing canonical JSON says', () => {
    const pair = fc.oneof(
      fc.tuple(fc.jsonValue(), fc.jsonValue()),
      fc.jsonValue().map((value) => [value, reversedKeys(value)] as const),
      fc.jsonValue().map((value) => [value, JSON.parse(JSON.stringify(value))] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 2000 },
    );
    expect(sameJson({ a: undefined, b: ['1.00'] }, { b: ['1.00'] })).toBe(true);
    expect(sameJson({ a: '1.00' }, { a: '1.0' })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
  });
});

describe('the canonical JSON of a checked household input, written in the schema key order', () => {
  const anyText = fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }), fc.string());
  const inputArb = fc
    .tuple(richHouseholdArb(Object.values(REGIONS).flat()), fc.option(anyText, { nil: undefined }), fc.option(anyText, { nil: undefined }), fc.boolean())
    .map(([household, name, schema, reverse]) => {
      const withText: Record<string, unknown> = { ...household, ...(schema !== undefined ? { $schema: schema } : {}) };
      if (name !== undefined) withText.members = (household.members as object[]).map((m, i) => (i === 0 ? { ...m, name: name.slice(0, 100) } : m));
      // As read from JSON (the arbitraries leave some keys set to undefined, which JSON has not).
      const read = JSON.parse(JSON.stringify(withText));
      return reverse ? reversedKeys(read) : read;
    });

  it('is the very text canonicalJson writes, for every household the fast check accepts (and it accepts them)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { result, schemaShaped } = checkHouseholdInput(input);
        expect(result.ok).toBe(true);
        expect(schemaShaped).toBe(true);
        expect(canonicalHouseholdJson(input, true)).toBe(canonicalJson(input));
      }),
      { numRuns: 400 },
    );
  });

  it('is left to canonicalJson for an input the fast check passes to zod (a key set to undefined)', () => {
    const input = { id: 'h1', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01', name: undefined }] };
    const { result, schemaShaped } = checkHouseholdInput(input);
    expect([result.ok, schemaShaped]).toEqual([true, false]);
    expect(canonicalHouseholdJson(input, schemaShaped)).toBe(canonicalJson(input));
  });

  it('gives a decision the same input sha256 as canonicalJson', async () => {
    const policy = await loadPolicy('guangdong');
    for (const household of generateHouseholds(policy, { households: 200, seed: 3 })) {
      const input = JSON.parse(JSON.stringify(household));
      try {
        expect(evaluateSync(policy, input, { asOf: '2025-03-01' }).inputSha256).toBe(portableSha256Hex(canonicalJson(input)));
      } catch (error) {
        if (!(error instanceof JiuzhuError)) throw error;
      }
    }
  });
});

describe('SHA-256', () => {
  it("Node's (what jiuzhu/node gives the core) and the portable one give the same digest for any string", () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: anyCodeUnit, maxLength: 300 }), fc.string({ unit: 'binary' }), fc.string({ maxLength: 5000 })), (text) => {
        expect(nodeSha256Hex(text)).toBe(portableSha256Hex(text));
      }),
      { numRuns: 1000 },
    );
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is the portable one in the core until jiuzhu/node supplies its own, and can go back to it', () => {
    useSha256Implementation(() => 'x');
    expect(sha256Hex('abc')).toBe('x');
    useSha256Implementation();
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    useSha256Implementation(nodeSha256Hex);
  });
});
