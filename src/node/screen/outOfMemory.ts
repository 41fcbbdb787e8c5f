import { makeIssue } from '../../core/errors/issue.js';
import type { ScreenOutcome } from '../../core/screen/household.js';
import { BatchOutput, type NdjsonBatch } from './batchOutput.js';
import type { RowAt } from './rowProgress.js';
import type { RowBatch } from './rows.js';

/**
 * Whether a worker thread died of its memory limit (one row of millions of small objects can do that), rather than
 * of a fault in screening.
 *
 * @example
 * diedOfMemory(error) // true for ERR_WORKER_OUT_OF_MEMORY
 */
export function diedOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * Finishes a batch whose worker died of its memory limit on the row `at`: the rows before it and the rows after it
 * are screened again as batches of their own, and the row itself alone in a fresh worker — where, if it runs out of
 * memory again (`alone`), it is an error row (`ROW_OUT_OF_MEMORY`) in its place. So one adversarial row costs
 * itself only, and a row that failed only because of what came before it in the batch is screened after all.
 *
 * @example
 * await screenAroundRow(batch, { index: 3, line: 12, start: 4096, next: 4800 }, screenBatch)
 */
export async function screenAroundRow(
  batch: RowBatch,
  at: RowAt,
  screen: (part: RowBatch, alone: boolean) => Promise<NdjsonBatch>,
): Promise<NdjsonBatch> {
  const [before, row, after] = partsAround(batch, at);
  const done = await Promise.all([before && screen(before, false), screen(row, true), after && screen(after, false)]);
  const output = new BatchOutput();
  for (const part of done) if (part) output.append(part);
  return output.finish();
}

/**
 * The batch of one row that ran a worker out of memory twice: its error row.
 *
 * @example
 * outOfMemoryBatch({ index: 0, line: 12, start: 4096, next: 4800 }, 160).errors // '{"line":12,"problems":[{"code":"ROW_OUT_OF_MEMORY",…'
 */
export function outOfMemoryBatch(at: RowAt, limitMb: number): NdjsonBatch {
  const output = new BatchOutput(new ArrayBuffer(0));
  output.add(outOfMemoryOutcome(at.index, limitMb), at.line);
  return output.finish();
}

/**
 * The outcome of a household that ran a worker out of memory twice.
 *
 * @example
 * outOfMemoryOutcome(5, 160).issues[0].code // 'ROW_OUT_OF_MEMORY'
 */
export function outOfMemoryOutcome(index: number, limitMb: number): ScreenOutcome {
  return { ok: false, index, issues: [makeIssue('ROW_OUT_OF_MEMORY', [], { limit: String(limitMb) })] };
}

/**
 * Splits a list of household inputs around the one at `index`: those before, it alone, those after (each part with
 * the position of its first household).
 *
 * @example
 * valuesAround(['a', 'b', 'c'], 10, 1) // [{ values: ['a'], first: 10 }, { values: ['b'], first: 11 }, { values: ['c'], first: 12 }]
 */
export function valuesAround(values: readonly unknown[], first: number, index: number) {
  const part = (from: number, to: number) => (to > from ? { values: values.slice(from, to), first: first + from } : undefined);
  return [part(0, index), part(index, index + 1)!, part(index + 1, values.length)] as const;
}

/** A batch split around the row at `at`: the rows before it (if any), the row alone, the rows after it (if any). */
function partsAround(batch: RowBatch, at: RowAt): [RowBatch | undefined, RowBatch, RowBatch | undefined] {
  switch (batch.format) {
    case 'ndjson-range': {
      // Byte offsets in the file; the rows after start on the line after the row's.
      const range = (start: number, end: number, firstLine: number): RowBatch => ({ ...batch, start, end, firstLine });
      return [
        at.index > 0 ? range(batch.start, at.start, batch.firstLine) : undefined,
        range(at.start, at.next, at.line),
        at.next < batch.end ? range(at.next, batch.end, at.line + 1) : undefined,
      ];
    }
    case 'ndjson-text': {
      // Offsets in the batch's bytes, which the main thread keeps (a copy went to the worker).
      const text = (start: number, end: number, firstLine: number): RowBatch => ({ ...batch, text: batch.text.subarray(start, end), firstLine });
      return [
        at.index > 0 ? text(0, at.start, batch.firstLine) : undefined,
        text(at.start, at.next, at.line),
        at.next < batch.text.length ? text(at.next, batch.text.length, at.line + 1) : undefined,
      ];
    }
    default: {
      const rows = (from: number, to: number): RowBatch | undefined =>
        to > from ? ({ ...batch, lines: batch.lines.slice(from, to), rows: batch.rows.slice(from, to) } as RowBatch) : undefined;
      return [rows(0, at.index), rows(at.index, at.index + 1)!, rows(at.index + 1, batch.rows.length)];
    }
  }
}
