import fc from 'fast-check';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, screenFile, type Policy } from '../../src/node/index.js';
import { generateHouseholds } from '../../src/core/screen/generate.js';
import type { NdjsonBatch } from '../../src/node/screen/batchOutput.js';
import { screenAroundRow } from '../../src/node/screen/outOfMemory.js';
import { createScreener } from '../../src/node/screen/pool.js';
import { hasTooManyValues, type RowBatch } from '../../src/node/screen/rows.js';

const AS_OF = '2025-03-01';
let guangdong: Policy;
let good: string[];
beforeAll(async () => {
  guangdong = await loadPolicy('guangdong');
  good = [...generateHouseholds(guangdong, { households: 6, seed: 3 })].map((h) => JSON.stringify(h));
});

/** The JSON values in a parsed value, itself included (keys are not values). */
function countValues(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + countValues(item), 0);
  if (value !== null && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + countValues(item), 0);
  return 1;
}

describe('rows that would exhaust a worker’s memory', () => {
  it('counts the values of JSON text exactly, without parsing it', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const values = countValues(JSON.parse(text));
        expect(hasTooManyValues(text, values - 1)).toBe(true);
        expect(hasTooManyValues(text, values)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a 15 MB row of five million small objects is an error row, unparsed; the rows around it are screened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-adversarial-'));
    const input = join(dir, 'people.ndjson');
    const giant = `[${'{},'.repeat(4_999_999)}{}]`;
    writeFileSync(input, `${[...good.slice(0, 3), giant, ...good.slice(3)].join('\n')}\n`);
    const out = createWriteStream(join(dir, 'out.ndjson'));
    const errors = createWriteStream(join(dir, 'errors.ndjson'));
    const counts = await screenFile(guangdong, input, { asOf: AS_OF, out, errors, workers: 2 });
    await Promise.all([out, errors].map((s) => new Promise((done) => s.end(done))));
    expect(counts).toMatchObject({ rows: 7, results: 6, errors: 1 });
    const lines = readFileSync(join(dir, 'out.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).line);
    expect(lines).toEqual([1, 2, 3, 5, 6, 7]);
    const error = JSON.parse(readFileSync(join(dir, 'errors.ndjson'), 'utf8'));
    expect(error).toMatchObject({ line: 4, problems: [{ code: 'ROW_TOO_MANY_VALUES' }] });
  }, 60_000);

  it('a row that runs its worker out of memory twice is an error row in its place; the run goes on', async () => {
    // Fewer values than the limit, but hundreds of thousands of keys: parsed, then too much for a small heap.
    const keys = Array.from({ length: 400_000 }, (_, i) => `"k${i}":0`).join(',');
    const adversarial = `{"id":"adv","region":"440100","area":"urban","members":[{"id":"m1","relation":"applicant","birthDate":"1970-01-01"}],${keys}}`;
    const rows = [good[0]!, good[1]!, adversarial, good[2]!];
    const screener = createScreener(guangdong, AS_OF, 1, { heapMb: 64 });
    try {
      const done = await screener.run({ kind: 'rows', batch: { format: 'ndjson', lines: [1, 2, 3, 4], rows } });
      expect({ results: done.resultCount, errors: done.errorCount }).toEqual({ results: 3, errors: 1 });
      expect(JSON.parse(done.errors)).toMatchObject({ line: 3, problems: [{ code: 'ROW_OUT_OF_MEMORY' }] });
      const lines = Buffer.from(done.results).toString().trim().split('\n').map((l) => JSON.parse(l).line);
      expect(lines).toEqual([1, 2, 4]);
      // The worker that died was replaced: the next batch is screened as usual.
      const next = await screener.run({ kind: 'rows', batch: { format: 'ndjson', lines: [5], rows: [good[3]!] } });
      expect(next.resultCount).toBe(1);
    } finally {
      await screener.close();
    }
  }, 120_000);

  it('compare on the same pipeline: the row that runs its worker out of memory is an error row, the others are compared and totalled', async () => {
    const keys = Array.from({ length: 400_000 }, (_, i) => `"k${i}":0`).join(',');
    const adversarial = `{"id":"adv","region":"440100","area":"urban","members":[{"id":"m1","relation":"applicant","birthDate":"1970-01-01"}],${keys}}`;
    const screener = createScreener(guangdong, AS_OF, 1, { heapMb: 64, against: guangdong });
    try {
      const done = await screener.run({ kind: 'rows', batch: { format: 'ndjson', lines: [1, 2, 3, 4], rows: [good[0]!, adversarial, good[1]!, good[2]!] } });
      expect({ results: done.resultCount, errors: done.errorCount }).toEqual({ results: 3, errors: 1 });
      expect(JSON.parse(done.errors)).toMatchObject({ line: 2, problems: [{ code: 'ROW_OUT_OF_MEMORY' }] });
      // The parts' totals are merged: every household compared counts once; the same policy on both sides changes none.
      expect(done.changes!.overall.households + done.changes!.outside).toBe(3);
      expect(done.changes!.overall.changed).toBe(0);
      expect(done.results.length).toBe(0);
    } finally {
      await screener.close();
    }
  }, 120_000);

  it('a batch is screened again around the row its worker died on: the rows before, the row alone, the rows after', async () => {
    const batch: RowBatch = { format: 'ndjson', lines: [10, 11, 12, 13], rows: ['a', 'b', 'c', 'd'] };
    const parts: { lines: number[]; alone: boolean }[] = [];
    const screen = async (part: RowBatch, alone: boolean): Promise<NdjsonBatch> => {
      const lines = (part as RowBatch & { format: 'ndjson' }).lines;
      parts.push({ lines, alone });
      const results = Buffer.from(lines.map((line) => `{"line":${line}}\n`).join(''));
      return { results, errors: '', resultCount: lines.length, errorCount: 0, findings: {}, unknownEnrolments: {} };
    };
    const done = await screenAroundRow(batch, { index: 2, line: 12, start: -1, next: -1 }, screen);
    expect(parts).toEqual([
      { lines: [10, 11], alone: false },
      { lines: [12], alone: true },
      { lines: [13], alone: false },
    ]);
    expect(Buffer.from(done.results).toString()).toBe('{"line":10}\n{"line":11}\n{"line":12}\n{"line":13}\n');
    expect(done.resultCount).toBe(4);
  });
});
