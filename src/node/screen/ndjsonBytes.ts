import { isUtf8 } from 'node:buffer';
import { makeIssue } from '../../core/errors/issue.js';
import { NEWLINE, OPEN_BRACE } from '../../core/text/jsonChars.js';
import { validateHouseholdInPlace } from '../../core/household/fastParse.js';
import type { ScreenRowError } from '../../core/screen/household.js';
import { markRow } from './rowProgress.js';
import { parseRowJson } from './rows.js';

/**
 * What a worker does with each household of a batch: `decide` it (screen it, or compare it under two policies) and
 * `add` the outcome to the batch's output on its line; a bad row is added as its error.
 */
export interface RowJob<O extends { ok: boolean }> {
  decide(value: unknown, index: number): O;
  add(outcome: O | ScreenRowError, line: number): void;
}

const CR = 13;

/**
 * Screens the NDJSON lines in `bytes` — whole lines, the first numbered `firstLine` — with `job`, one
 * line at a time, straight from the bytes: a line is decoded, parsed, checked in place and screened, and nothing
 * else is made of it. Blank lines are not rows; a line ending in CR LF loses its CR; a line that is not UTF-8 is an
 * error row (`ROW_NOT_UTF8`), never read with replacement characters; a byte-order mark opening the input (line 1)
 * is dropped. A row that is not valid is parsed again and checked in full, so that its problems are the ones
 * `evaluate` reports. Before each row, `progress` (when given) says which one is being screened, and where its bytes
 * are in the input (`bytes` starting at `offset`).
 *
 * @example
 * const output = new BatchOutput();
 * const job = { decide: (value, index) => screenHousehold(policy, value, '2023-06-01', index), add: (o, line) => output.add(o, line) };
 * screenNdjsonBytes(job, Buffer.from('{"id":"a"}\n\n{"id":"b"}\n'), 7);
 * output.finish().errorCount // 2: lines 7 and 9
 */
export function screenNdjsonBytes<O extends { ok: boolean }>(job: RowJob<O>, bytes: Buffer, firstLine: number, progress?: Float64Array, offset = 0): void {
  const to = bytes.length;
  let start = 0;
  if (firstLine === 1 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf && start + 3 <= to) start += 3;
  let line = firstLine;
  let index = 0;
  while (start < to) {
    let newline = bytes.indexOf(NEWLINE, start);
    if (newline < 0 || newline >= to) newline = to; // the last line, without a newline
    const end = newline > start && bytes[newline - 1] === CR ? newline - 1 : newline;
    const text = bytes.toString('utf8', start, end);
    // Decoding replaces bytes that are not UTF-8 with U+FFFD: only a line that has one needs the strict check.
    if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end))) {
      job.add({ ok: false, index, issues: [makeIssue('ROW_NOT_UTF8', [])] }, line);
      index++;
    } else if (bytes[start] === OPEN_BRACE || text.trim() !== '') {
      if (progress) markRow(progress, index, line, offset + start, offset + Math.min(newline + 1, to));
      job.add(decideRowText(job, text, line, index), line);
      index++;
    }
    start = newline + 1;
    line++;
  }
}

/**
 * One NDJSON row decided from its text: parsed and checked in place (the row is ours: nothing else holds it);
 * when it is not valid, parsed again so that the full check reports its problems on the row as it was.
 */
function decideRowText<O extends { ok: boolean }>(job: RowJob<O>, text: string, line: number, index: number): O | ScreenRowError {
  const row = parseRowJson(text, [], line);
  if (!row.ok) return { ok: false, index, issues: row.issues };
  return job.decide(validateHouseholdInPlace(row.value) ? row.value : JSON.parse(text), index);
}
