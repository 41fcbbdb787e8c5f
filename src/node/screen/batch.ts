import type { Policy } from '../../core/policy/types.js';
import { screenHousehold, type ScreenOutcome } from '../../core/screen/household.js';
import { BatchOutput, type NdjsonBatch } from './batchOutput.js';
import { readRange } from './fileRanges.js';
import { screenNdjsonBytes, type RowJob } from './ndjsonBytes.js';
import { markRow } from './rowProgress.js';
import { parseRow, splitCsv, type RowBatch } from './rows.js';

/**
 * Screens a batch of raw rows (NDJSON lines or CSV records) into NDJSON. One result line per good row, one error
 * line per bad row, both carrying the row's line number, so that rows in = results out + errors out. The result
 * lines are written into `spare` when given (a buffer of an earlier batch, written out and handed back); `progress`
 * follows the row being screened.
 *
 * @example
 * screenRowBatch(policy, '2023-06-01', { format: 'ndjson', lines: [1], rows: ['{"id":'] }).errorCount // 1
 */
export function screenRowBatch(policy: Policy, asOf: string, given: RowBatch, progress?: Float64Array, spare?: ArrayBuffer): NdjsonBatch {
  const output = new BatchOutput(spare);
  const job: RowJob<ScreenOutcome> = { decide: (value, index) => screenHousehold(policy, value, asOf, index), add: (outcome, line) => output.add(outcome, line) };
  runRowBatch(job, given, progress);
  return output.finish();
}

/**
 * Runs `job` over every row of a batch of raw rows, whatever its form: a range of a file's bytes, NDJSON bytes, or
 * rows already split (CSV records, lines). Screening and `compare` share it: only what is done with a row differs.
 *
 * @example
 * runRowBatch({ decide: (value, index) => screenHousehold(policy, value, asOf, index), add: (o, line) => output.add(o, line) }, batch)
 */
export function runRowBatch<O extends { ok: boolean }>(job: RowJob<O>, given: RowBatch, progress?: Float64Array): void {
  if (given.format === 'ndjson-range') {
    const bytes = readRange(given.fd, given.start, given.end);
    // Offsets in the file, so that the row a worker died on is found by where it is (see screenAroundRow).
    screenNdjsonBytes(job, bytes, given.firstLine, progress, given.start);
    return;
  }
  if (given.format === 'ndjson-text') {
    const { text } = given;
    screenNdjsonBytes(job, Buffer.from(text.buffer, text.byteOffset, text.byteLength), given.firstLine, progress);
    return;
  }
  const batch = given.format === 'csv-text' ? splitCsv(given) : given;
  for (let i = 0; i < batch.rows.length; i++) {
    const line = batch.lines[i]!;
    if (progress) markRow(progress, i, line);
    const row = parseRow(batch, i);
    job.add(row.ok ? job.decide(row.value, i) : { ok: false, index: i, issues: row.issues }, line);
  }
}

/**
 * Screens a batch of household inputs (already objects), numbering them from `first`; `progress` follows the one
 * being screened.
 *
 * @example
 * screenValueBatch(policy, '2023-06-01', [household], 0)[0]!.ok // true
 */
export function screenValueBatch(policy: Policy, asOf: string, values: readonly unknown[], first: number, progress?: Float64Array): ScreenOutcome[] {
  return runValueBatch((value, index) => screenHousehold(policy, value, asOf, index), values, first, progress);
}

/**
 * Decides every household of a batch of objects with `decide`, numbering them from `first`; `progress` follows the
 * one being decided. Screening and `compare` share it.
 *
 * @example
 * runValueBatch((value, index) => screenHousehold(policy, value, asOf, index), [household], 0)[0]!.ok // true
 */
export function runValueBatch<O>(decide: (value: unknown, index: number) => O, values: readonly unknown[], first: number, progress?: Float64Array): O[] {
  return values.map((value, i) => {
    if (progress) markRow(progress, i, first + i);
    return decide(value, first + i);
  });
}
