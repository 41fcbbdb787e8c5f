import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecisionRecordSchema, chainRecord, evaluateSync, generateHouseholds, loadPolicy, toRecord, verifyRecord } from '../../src/node/index.js';
import { isCompactRecordShape } from '../../src/core/audit/compactShape.js';

/**
 * The hand-written check of a compact record's shape stands in for the record schema on nearly every log line: it
 * must never accept what the schema refuses (which would let a forged field through), and must accept every compact
 * record jiuzhu writes (else it spares nothing).
 */
let records: unknown[];
beforeAll(async () => {
  const policy = await loadPolicy('guangdong');
  const asOf = '2025-03-01';
  records = [...generateHouseholds(policy, { households: 40, seed: 3, asOf })].map((household, i) => {
    const record = toRecord(evaluateSync(policy, household, { asOf }), household, { compact: true, ...(i % 2 ? { meta: { caseNumber: `C-${i}` } } : {}) });
    return JSON.parse(JSON.stringify(i % 3 ? chainRecord(record, { seq: i + 1, prev: 'a'.repeat(64) }) : record));
  });
});

/** Every place in a value where an edit can be made: its path of keys. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((key) => paths((value as Record<string, unknown>)[key], [...at, key]))];
}

const replacement = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(undefined, '', 'eligible', 'month', 'jiuzhu', 'jiuzhu.record/2', 'jiuzhu.record/1', 0, 1, -1, 1.5, 2 ** 53, 'a'.repeat(64), 'A'.repeat(64), [], {}, ['x'], { x: 'y' }, new Date(0)),
);
const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add', 'proto'),
  key: fc.constantFrom('x', 'program', 'status', 'members', 'events', 'reasons', 'meta', 'seq', 'prev', 'name', 'version', 'sha256', 'input'),
  value: replacement,
});

function edited(record: unknown, edits: { at: number; kind: string; key: string; value: unknown }[]): unknown {
  let copy: unknown = structuredClone(record);
  for (const { at, kind, key, value: shared } of edits) {
    // A fresh copy of each value put in: the constants of `replacement` are one object for every run, and a later
    // edit inside one would change it for all of them (and could put an array inside itself).
    const value: unknown = structuredClone(shared);
    const all = paths(copy);
    const path = all[at % all.length]!;
    if (path.length === 0) {
      if (kind === 'replace') copy = value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (kind === 'replace') parent[last] = value;
    else if (kind === 'delete') delete parent[last];
    else if (kind === 'add' && !Array.isArray(parent)) parent[key] = value;
    else if (kind === 'proto' && !Array.isArray(parent)) Object.defineProperty(parent, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

describe('the hand-written compact record check', () => {
  it('accepts every compact record jiuzhu writes, chained or not, with or without meta', () => {
    for (const record of records) {
      expect(isCompactRecordShape(record)).toBe(true);
      expect('record' in verifyRecord(record)).toBe(true);
    }
  });

  it('never accepts what the record schema refuses, whatever is edited, added or removed', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
        const value = edited(records[which % records.length], edits);
        if (isCompactRecordShape(value)) expect(DecisionRecordSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
