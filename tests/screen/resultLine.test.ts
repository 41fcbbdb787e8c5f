import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHouseholds, loadPolicy, screenHousehold } from '../../src/node/index.js';
import type { ScreenResult } from '../../src/core/screen/household.js';
import { BatchOutput } from '../../src/node/screen/batchOutput.js';
import { writeResultLine } from '../../src/node/screen/resultLine.js';

/** What a result line always was: JSON.stringify of its fields, dynamic management's last. */
function stringified(result: ScreenResult, line: number): string {
  const { householdId: id, programs, missed, review, warn, unknownEnrolments, adjust, reviewDue, deceased } = result;
  return JSON.stringify(
    unknownEnrolments
      ? { line, id, programs, missed, review, warn, unknownEnrolments, adjust, reviewDue, deceased }
      : { line, id, programs, missed, review, warn, adjust, reviewDue, deceased },
  );
}

/** The line as a batch's output writes it, into a buffer of `room` bytes at first (grown as it needs). */
function written(result: ScreenResult, line: number, room = 1 << 16): string {
  const output = new BatchOutput(new ArrayBuffer(room));
  output.add(result, line);
  return Buffer.from(output.finish().results).toString('utf8');
}

describe('a result line', () => {
  it('is the text JSON.stringify gives, for screened households with every kind of finding', async () => {
    const policy = await loadPolicy('guangdong');
    const seen = { missed: 0, review: 0, warn: 0, adjust: 0, reviewDue: 0, deceased: 0, pending: 0, unknown: 0 };
    let index = 0;
    for (const household of generateHouseholds(policy, { households: 3000, seed: 7 })) {
      const outcome = screenHousehold(policy, household, '2025-03-01', index++);
      if (!outcome.ok) continue;
      // Batches' buffers of any size: one too small for the line grows, and the line is written again, whole.
      expect(written(outcome, index, index % 700)).toBe(`${stringified(outcome, index)}\n`);
      seen.missed += outcome.missed.length;
      seen.review += outcome.review.length;
      seen.warn += outcome.warn.length;
      seen.adjust += outcome.adjust.length;
      seen.reviewDue += outcome.reviewDue.length;
      seen.deceased += outcome.deceased.length;
      seen.pending += outcome.missed.filter((f) => f.amountPending).length;
      seen.unknown += outcome.unknownEnrolments ? 1 : 0;
    }
    // The population held every part of a line, or the comparison above proved less than it says.
    for (const [part, count] of Object.entries(seen)) if (part !== 'unknown') expect(count, part).toBeGreaterThan(0);
  });

  it('escapes what JSON escapes, and keeps the key order JSON.stringify takes, for any strings', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('g1-0000001', 'a"b', 'a\\b', '\u2028', '\ud800', '户1', '12', '__proto__'));
    const finding = fc.record(
      { program: text, amount: text, members: fc.array(text, { maxLength: 3 }), reasons: fc.array(text, { maxLength: 3 }), amountPending: fc.array(text, { maxLength: 2 }) },
      { requiredKeys: ['program', 'amount', 'members', 'reasons'] },
    );
    const programs = fc
      .array(fc.tuple(text, fc.constantFrom('eligible', 'undetermined'), text), { maxLength: 4 })
      .map((entries) => {
        const out: ScreenResult['programs'] = {};
        for (const [id, status, amount] of entries) Object.defineProperty(out, id, { value: { status, amount }, enumerable: true, writable: true, configurable: true });
        return out;
      });
    const result = fc.record({
      householdId: text,
      programs,
      missed: fc.array(finding, { maxLength: 3 }),
      review: fc.array(finding, { maxLength: 2 }),
      unknownEnrolments: fc.option(fc.array(text, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      warn: fc.array(fc.record({ id: text, program: text, fact: text, value: text, line: text, upTo: text, illustrative: fc.boolean() }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(result, fc.nat(), fc.nat({ max: 600 }), (r, line, room) => {
        const outcome = { ok: true, index: line, adjust: [], reviewDue: [], deceased: [], ...r } as ScreenResult;
        if (r.unknownEnrolments === undefined) delete outcome.unknownEnrolments;
        // In a buffer of any size: the line whole, or -1 and then the line whole in a larger one.
        const small = Buffer.alloc(room);
        const end = writeResultLine(small, 0, outcome, line);
        const large = Buffer.alloc(1 << 16);
        const text = end >= 0 ? small.toString('utf8', 0, end) : large.toString('utf8', 0, writeResultLine(large, 0, outcome, line));
        expect(text).toBe(`${stringified(outcome, line)}\n`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('writing a result line into a buffer', () => {
  it('says when the line does not fit, to the byte', () => {
    const result = { ok: true, index: 0, householdId: '户1', programs: {}, missed: [], review: [], warn: [], adjust: [], reviewDue: [], deceased: [] } as ScreenResult;
    const line = Buffer.from(`${stringified(result, 1)}\n`);
    // The id is not ASCII: JSON.stringify's text, encoded, needs room for three bytes a unit before it is written.
    const fits = (size: number) => writeResultLine(Buffer.alloc(size), 0, result, 1);
    expect(fits(line.length + 16)).toBe(line.length);
    expect(fits(10)).toBe(-1);
    const buffer = Buffer.alloc(line.length + 16);
    writeResultLine(buffer, 0, result, 1);
    expect(buffer.subarray(0, line.length).equals(line)).toBe(true);
  });
});
