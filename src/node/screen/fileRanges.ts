import { read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { isUtf16 } from '../text/utf8File.js';
import { MAX_ROW_BYTES, type RowBatch } from './rows.js';

const readAt = promisify(read);

/** What the main thread reads of the file at a time to find its line ends (the same buffer throughout). */
const SCAN_BYTES = 1 << 20;

/**
 * The NDJSON batches of a file as byte ranges of whole lines, each with the number of its first line: the main
 * thread only finds line ends, in one reused buffer, and the worker that screens a range reads those bytes itself.
 * A batch ends after `size` lines or once it reaches `maxBytes`. A line longer than {@link MAX_ROW_BYTES} is never
 * read whole by anyone: it comes as a batch of its own with only its length, an error row in its place. When
 * `stopped()`, the lines found so far are the last batch (a line not yet ended is not a row yet).
 *
 * @example
 * for await (const batch of fileRanges(fd, size, 1000, 4_000_000, () => false)) console.log(batch)
 * // { format: 'ndjson-range', fd, start: 0, end: 648213, firstLine: 1 }, …
 */
export async function* fileRanges(fd: number, size: number, lines: number, maxBytes: number, stopped: () => boolean): AsyncGenerator<RowBatch> {
  const buffer = Buffer.allocUnsafe(SCAN_BYTES);
  /** The batch being filled: where it starts, its first line and how many lines it has. */
  let batchStart = 0;
  let firstLine = 1;
  let count = 0;
  /** The line being read: where it starts, and its number once ended. */
  let lineStart = 0;
  let lineNumber = 0;
  const range = (end: number): RowBatch => ({ format: 'ndjson-range', fd, start: batchStart, end, firstLine });
  const tooLong = (length: number): RowBatch => ({ format: 'ndjson', lines: [lineNumber], rows: [{ tooLong: length }] });
  for (let position = 0; position < size && !stopped(); ) {
    const { bytesRead } = await readAt(fd, buffer, 0, Math.min(SCAN_BYTES, size - position), position);
    if (bytesRead === 0) {
      size = position; // the file shrank while being read
      break;
    }
    // UTF-16 (Notepad's "Unicode", Excel's "Unicode Text") would make every line an error: say so once.
    if (position === 0 && isUtf16(buffer.subarray(0, bytesRead))) throw new JiuzhuError('input', [makeIssue('FILE_UTF16', [])]);
    for (let at = buffer.indexOf(10, 0); at >= 0 && at < bytesRead; at = buffer.indexOf(10, at + 1)) {
      const newline = position + at;
      lineNumber++;
      if (newline - lineStart > MAX_ROW_BYTES) {
        if (count > 0) yield range(lineStart);
        yield tooLong(newline - lineStart);
        batchStart = lineStart = newline + 1;
        firstLine = lineNumber + 1;
        count = 0;
        continue;
      }
      count++;
      lineStart = newline + 1;
      if (count >= lines || lineStart - batchStart >= maxBytes) {
        yield range(lineStart);
        batchStart = lineStart;
        firstLine = lineNumber + 1;
        count = 0;
      }
    }
    position += bytesRead;
  }
  if (stopped()) {
    if (count > 0) yield range(lineStart);
    return;
  }
  if (lineStart < size) {
    // the last line has no newline
    lineNumber++;
    if (size - lineStart > MAX_ROW_BYTES) {
      if (count > 0) yield range(lineStart);
      yield tooLong(size - lineStart);
      return;
    }
    count++;
    lineStart = size;
  }
  if (count > 0) yield range(lineStart);
}

/** The bytes a worker reads a range into, kept from one batch to the next; a range longer than this has its own. */
let rangeBuffer: Buffer | undefined;
const RANGE_BUFFER_BYTES = 8 << 20;

/**
 * Reads `[start, end)` of a file into memory reused from one call to the next (valid until the next call). Fewer
 * bytes than asked come back if the file has shrunk since its ranges were found.
 *
 * @example
 * const bytes = readRange(fd, 0, 648213); // bytes.length === 648213
 */
export function readRange(fd: number, start: number, end: number): Buffer {
  const length = end - start;
  const buffer = length <= RANGE_BUFFER_BYTES ? (rangeBuffer ??= Buffer.allocUnsafe(RANGE_BUFFER_BYTES)) : Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}
