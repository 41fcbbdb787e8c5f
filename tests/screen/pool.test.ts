import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, screenStream, type Policy } from '../../src/node/index.js';
import { generateHouseholds } from '../../src/core/screen/generate.js';
import { inOrder } from '../../src/node/screen/pool.js';

const AS_OF = '2025-03-01';
let guangdong: Policy;
beforeAll(async () => {
  guangdong = await loadPolicy('guangdong');
});

/** Resolves once `done()` holds, checking every few milliseconds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('inOrder', () => {
  it('yields each result as soon as it is ready, while the source waits for its next item', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slowSource() {
      yield 1;
      await gate; // the next item is a long time coming (a pipe, a cursor)
      yield 2;
    }
    const results = inOrder(slowSource(), async (x: number) => x * 10, 3);
    expect(await results.next()).toEqual({ value: 10, done: false });
    release();
    expect(await results.next()).toEqual({ value: 20, done: false });
    expect((await results.next()).done).toBe(true);
  });

  it('keeps order and at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const run = async (x: number) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, (7 - x) * 2)); // later items finish first
      inFlight--;
      return x;
    };
    const out: number[] = [];
    for await (const x of inOrder([1, 2, 3, 4, 5, 6], run, 2)) out.push(x);
    expect(out).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBeLessThanOrEqual(2);
  });
});

describe('screenStream stopped while its input waits for more (standard input)', () => {
  it('returns at once with the rows already read finished and written, on the calling thread or on workers', async () => {
    const rows = [...generateHouseholds(guangdong, { households: 30, seed: 8, asOf: AS_OF })].map((h) => `${JSON.stringify(h)}\n`);
    for (const workers of [0, 2]) {
      const input = new PassThrough();
      for (const row of rows) input.write(row); // and the input stays open, as a terminal's would
      const written: string[] = [];
      const out = new PassThrough().on('data', (d) => written.push(...String(d).trim().split('\n')));
      const stop = new AbortController();
      const running = screenStream(guangdong, input, { asOf: AS_OF, out, errors: out, workers, batchSize: 10, signal: stop.signal });
      await until(() => written.length === 30); // every batch read is written without waiting for more input
      stop.abort();
      expect(await running).toMatchObject({ rows: 30, results: 30, errors: 0, stopped: true });
    }
  });

  it('screens the rows that came when the input pauses, without waiting for a batch to fill, and on a stop the rows read', async () => {
    const rows = [...generateHouseholds(guangdong, { households: 7, seed: 9, asOf: AS_OF })].map((h) => `${JSON.stringify(h)}\n`);
    const csvRows = ['id,region,area,members\n', ...rows.map((row) => { const h = JSON.parse(row); return `${h.id},${h.region},${h.area},"${JSON.stringify(h.members).replaceAll('"', '""')}"\n`; })];
    for (const [format, lines] of [['ndjson', rows], ['csv', csvRows]] as const) {
      for (const workers of [0, 2]) {
        const input = new PassThrough();
        for (const line of lines) input.write(line);
        const written: string[] = [];
        const out = new PassThrough().on('data', (d) => written.push(...String(d).trim().split('\n')));
        const stop = new AbortController();
        const running = screenStream(guangdong, input, { asOf: AS_OF, format, out, errors: out, workers, batchSize: 1000, signal: stop.signal });
        await until(() => written.length === 7); // 7 of a batch of 1000: the input is idle, so they go now
        input.write(lines[1]!.slice(0, 20)); // the start of a line that never ends
        stop.abort();
        expect(await running).toMatchObject({ rows: 7, results: 7, errors: 0, stopped: true });
      }
    }
  });
});
