import type { Policy } from '../../core/policy/types.js';
import { screenHousehold, type ScreenOutcome } from '../../core/screen/household.js';
import { BatchOutput, type NdjsonBatch } from './batchOutput.js';
import { readRange } from './fileRanges.js';
import { screenNdjsonBytes } from './ndjsonBytes.js';
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
  if (given.format === 'ndjson-range') {
    const bytes = readRange(given.fd, given.start, given.end);
    // Offsets in the file, so that the row a worker died on is found by where it is (see screenAroundRow).
    screenNdjsonBytes(policy, asOf, bytes, given.firstLine, output, progress, given.start);
    return output.finish();
  }
  if (given.format === 'ndjson-text') {
    const { text } = given;
    const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    screenNdjsonBytes(policy, asOf, bytes, given.firstLine, output, progress);
    return output.finish();
  }
  const batch = given.format === 'csv-text' ? splitCsv(given) : given;
  for (let i = 0; i < batch.rows.length; i++) {
    const line = batch.lines[i]!;
    if (progress) markRow(progress, i, line);
    const row = parseRow(batch, i);
    output.add(row.ok ? screenHousehold(policy, row.value, asOf, i) : { ok: false, index: i, issues: row.issues }, line);
  }
  return output.finish();
}

/**
 * Screens a batch of household inputs (already objects), numbering them from `first`; `progress` follows the one
 * being screened.
 *
 * @example
 * screenValueBatch(policy, '2023-06-01', [household], 0)[0]!.ok // true
 */
export function screenValueBatch(policy: Policy, asOf: string, values: readonly unknown[], first: number, progress?: Float64Array): ScreenOutcome[] {
  return values.map((value, i) => {
    if (progress) markRow(progress, i, first + i);
    return screenHousehold(policy, value, asOf, first + i);
  });
}
