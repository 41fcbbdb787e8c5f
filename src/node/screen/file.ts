import { closeSync, createReadStream, openSync, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import type { Policy } from '../../core/policy/types.js';
import { isUtf16 } from '../text/utf8File.js';
import { CsvRecordReader, type CsvEncoding, type CsvRecord } from './csvRecords.js';
import { countUnknownEnrolments, mergeFindings, type FindingsTally, type UnknownEnrolmentsTally } from '../../core/screen/findings.js';
import type { NdjsonBatch } from './batchOutput.js';
import { fileRanges } from './fileRanges.js';
import { createScreener, inOrder } from './pool.js';
import { resultsCsv } from './resultsCsv.js';
import { MAX_ROW_BYTES, checkCsvHeader, type RowBatch } from './rows.js';
import { checkScreenOptions } from './screen.js';

/**
 * The most row text one batch carries (4 MB of NDJSON, or 4 million characters of CSV): with at most a few batches
 * per worker in flight, this and the workers' heap cap bound memory however large the rows are (a valid household
 * can run to megabytes).
 */
const MAX_BATCH_BYTES = 4_000_000;

/** Counts of a screening run; `rows === results + errors` always, also when the run was stopped. */
export interface ScreenCounts {
  rows: number;
  results: number;
  errors: number;
  /**
   * Bytes of the input screened so far (the bytes read, in proportion to the batches finished: the reader runs a few
   * batches ahead), and its size — for progress.
   */
  bytes: number;
  totalBytes: number;
  /** Households found per program so far: missed (eligible, not enrolled), review (enrolled, not eligible), warned. */
  findings: FindingsTally;
  /** Households so far per enrolment program the policy does not have (a misspelt id): read as not enrolled. */
  unknownEnrolments: UnknownEnrolmentsTally;
}

export interface ScreenFileOptions {
  asOf: string;
  /** NDJSON (one household per line) or CSV (see `CSV_COLUMNS`); by default from the file name (`.csv`). */
  format?: 'ndjson' | 'csv';
  /** A CSV file's encoding: UTF-8 (the default) or GB18030, which includes GBK. NDJSON is always UTF-8. */
  encoding?: CsvEncoding;
  /** Where result lines and error lines go. Each batch is written with one call, whole lines only. */
  out: Writable;
  /** Results as NDJSON lines (the default) or as CSV rows for a spreadsheet (see `RESULT_CSV_COLUMNS`). Errors stay NDJSON. */
  outFormat?: 'ndjson' | 'csv';
  errors: Writable;
  workers?: number;
  /** Rows per batch sent to a worker (default 1000). */
  batchSize?: number;
  /** Called after each batch is written. */
  onProgress?: (counts: Readonly<ScreenCounts>) => void;
  /** Stops reading new rows; rows already read are finished and written, so the counts still add up. */
  signal?: AbortSignal;
}

/**
 * What else a run of the pipeline may do with each row than screen it (not part of the public options): decide it
 * under two policies (`compare`), and hand each batch's outcome, in input order, to the caller (its totals).
 */
export interface RowJob {
  against?: Policy;
  onBatch?: (done: Readonly<NdjsonBatch>) => void;
}

/**
 * Screens a file of households into NDJSON results and errors, in input order, on worker threads. Memory stays
 * flat: at most a few batches per worker are in flight, and reading waits for writing. An NDJSON file is not read
 * through the main thread: it only finds where lines end, and each worker reads its batch's bytes itself.
 *
 * @example
 * const counts = await screenFile(policy, 'people.ndjson', { asOf: '2025-03-01', out, errors, workers: 2 });
 * counts.rows === counts.results + counts.errors // true
 */
export async function screenFile(policy: Policy, path: string, options: ScreenFileOptions & RowJob): Promise<ScreenCounts & { stopped: boolean }> {
  checkScreenOptions(options);
  const totalBytes = inputFileSize(path);
  const format = inputFormat(path, options.format);
  // A pipe or a device (`<(zcat people.ndjson.gz)`) cannot be read at an offset, and CSV records may span lines.
  if (format === 'csv' || !statSync(path).isFile()) {
    return screenStream(policy, createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, format, totalBytes });
  }
  const fd = openSync(path, 'r');
  try {
    const stopped = () => options.signal?.aborted === true;
    const batches = fileRanges(fd, totalBytes, options.batchSize ?? 1000, MAX_BATCH_BYTES, stopped);
    // The shares of progress are the batches' bytes: what was read is what was handed out.
    return await screenBatches(policy, batches, { ...options, totalBytes }, (read) => read);
  } finally {
    closeSync(fd); // only once every worker that reads it has ended (screenBatches closes them)
  }
}

/**
 * Checks that a population file can be read, and returns its size (0 for a pipe or device, whose size is not known
 * ahead: `<(zcat people.ndjson.gz)` reads). Throws FILE_NOT_FOUND, or NOT_A_FILE for a directory.
 *
 * @example
 * inputFileSize('people.ndjson') // 65030738
 */
export function inputFileSize(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new JiuzhuError('input', [makeIssue('FILE_NOT_FOUND', [], { file: path })]);
  }
  if (stat.isDirectory()) throw new JiuzhuError('input', [makeIssue('NOT_A_FILE', [], { file: path })]);
  return stat.isFile() ? stat.size : 0;
}

/**
 * Screens households read from a stream — standard input, a pipe from a database export — as {@link screenFile}
 * does a file (NDJSON unless `format` says CSV). Its size is not known unless given, so progress has rows and rate
 * but no share of the whole (`totalBytes` 0).
 *
 * @example
 * const counts = await screenStream(policy, process.stdin, { asOf: '2025-03-01', out: process.stdout, errors: process.stderr });
 */
export async function screenStream(
  policy: Policy,
  stream: Readable,
  options: ScreenFileOptions & RowJob & { totalBytes?: number },
): Promise<ScreenCounts & { stopped: boolean }> {
  checkScreenOptions(options);
  const size = options.batchSize ?? 1000;
  const stopped = () => options.signal?.aborted === true;
  let bytesRead = 0;
  const chunks = (async function* () {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        // A stream set to text (setEncoding, Readable.from of strings) is read as the UTF-8 bytes of that text.
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        // UTF-16 (Notepad's "Unicode", Excel's "Unicode Text") would make every line an error: say so once.
        if (bytesRead === 0 && isUtf16(bytes)) throw new JiuzhuError('input', [makeIssue('FILE_UTF16', [])]);
        bytesRead += bytes.length;
        yield bytes;
      }
    } catch (error) {
      if (!stopped()) throw error; // the stream closed under it because the run was stopped
    }
  })();
  // Stopping closes the input at once, also while it is waiting for more (standard input, a slow pipe).
  const stopReading = () => stream.destroy();
  options.signal?.addEventListener('abort', stopReading, { once: true });
  if (options.signal?.aborted) stopReading(); // stopped before it began (Ctrl-C while the policy loaded)
  // A pipe (no size given) may pause for long between rows: what has come is screened then, not held for a batch to
  // fill. A file is read in full batches.
  const idle = options.totalBytes === undefined ? () => stream.readableLength === 0 : () => false;
  const source = options.format === 'csv' ? csvBatches(chunks, size, stopped, idle, options.encoding) : ndjsonBatches(chunks, size, stopped, idle);
  try {
    return await screenBatches(policy, source, options, () => bytesRead);
  } finally {
    options.signal?.removeEventListener('abort', stopReading);
    stream.destroy();
  }
}

/**
 * Screens batches of rows in order on the screener's threads and writes each batch's lines as soon as it and every
 * batch before it are done: the main thread's whole part, besides finding the batches. `bytesRead` gives the bytes
 * of input read so far from the batches' shares handed out.
 */
async function screenBatches(
  policy: Policy,
  source: AsyncIterable<RowBatch>,
  options: ScreenFileOptions & RowJob & { totalBytes?: number },
  bytesRead: (read: number) => number,
): Promise<ScreenCounts & { stopped: boolean }> {
  const counts: ScreenCounts = { rows: 0, results: 0, errors: 0, bytes: 0, totalBytes: options.totalBytes ?? 0, findings: {}, unknownEnrolments: {} };
  const screener = createScreener(policy, options.asOf, options.workers ?? 0, { against: options.against });
  // Progress: the share of the input finished, by size (NDJSON) or by rows (CSV), in input order.
  const shares: number[] = [];
  let read = 0;
  let finished = 0;
  const run = (batch: RowBatch) => {
    const share = shareOf(batch);
    shares.push(share);
    read += share;
    return screener.run({ kind: 'rows', batch });
  };
  let csvHeaderWritten = false;
  try {
    for await (const done of inOrder(source, run, screener.inFlight)) {
      counts.rows += done.resultCount + done.errorCount;
      counts.results += done.resultCount;
      counts.errors += done.errorCount;
      mergeFindings(counts.findings, done.findings);
      countUnknownEnrolments(counts.unknownEnrolments, done.unknownEnrolments);
      options.onBatch?.(done);
      finished += shares.shift()!;
      counts.bytes = Math.round((bytesRead(read) * finished) / read);
      await Promise.all([writeResults(options, done, screener.reuse, !csvHeaderWritten), write(options.errors, done.errors)]);
      csvHeaderWritten ||= options.outFormat === 'csv' && done.resultCount > 0;
      options.onProgress?.(counts);
    }
  } finally {
    await screener.close();
  }
  return { ...counts, stopped: options.signal?.aborted === true };
}

/**
 * Writes a batch's result lines: their bytes as they are (handed back to be reused once written), or as CSV rows
 * for a spreadsheet.
 */
async function writeResults(options: ScreenFileOptions, done: NdjsonBatch, reuse: (bytes: Uint8Array) => void, withHeader: boolean): Promise<void> {
  if (options.outFormat === 'csv') {
    const text = Buffer.from(done.results.buffer, done.results.byteOffset, done.results.length).toString();
    reuse(done.results);
    return write(options.out, resultsCsv(text, withHeader));
  }
  return write(options.out, done.results, () => reuse(done.results));
}

/**
 * The format a file is read in: the one asked for, or CSV for a `.csv` name and NDJSON otherwise.
 *
 * @example
 * inputFormat('people.CSV') // 'csv'
 */
export function inputFormat(path: string, format?: 'ndjson' | 'csv'): 'ndjson' | 'csv' {
  return format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
}

/** A batch's share of the input, for progress: its bytes (NDJSON) or its rows (CSV). */
function shareOf(batch: RowBatch): number {
  if (batch.format === 'ndjson-range') return batch.end - batch.start;
  if (batch.format === 'ndjson-text') return batch.text.length;
  if (batch.format === 'csv-text' || batch.format === 'csv') return batch.rows.length;
  return batch.rows.reduce((sum, row) => sum + (typeof row === 'string' ? row.length : 'tooLong' in row ? row.tooLong : 0), 0);
}

/**
 * Writes a batch's text or bytes, waiting while the target is full; a target that has failed (a full disk) throws
 * its error. `written` is called once the bytes are out and their memory may be used again.
 */
async function write(target: Writable, text: string | Uint8Array, written?: () => void): Promise<void> {
  if (text.length === 0) {
    written?.();
    return;
  }
  if (target.errored) throw target.errored;
  if (target.write(text, written && ((error) => error || written()))) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error | null) => {
      target.off('drain', onDrain).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(target.errored ?? new Error('the output was closed'));
    target.on('drain', onDrain).on('close', onClose);
  });
}

/**
 * NDJSON batches as the bytes of whole lines, numbered from their first line. The reader only finds line ends; the
 * worker that screens a batch decodes and splits it (and skips blank lines, which are not rows). A line longer than
 * `maxLineBytes` ({@link MAX_ROW_BYTES} for households; decision logs have their own) is not held: the reader drops it up to its newline and passes on only its length, in a batch
 * of its own, which comes out as an error row in its place.
 */
export async function* ndjsonBatches(
  chunks: AsyncIterable<Buffer>,
  size: number,
  stopped: () => boolean,
  idle: () => boolean,
  maxLineBytes = MAX_ROW_BYTES,
): AsyncGenerator<RowBatch> {
  /** Whole lines of the batch being filled, and the line the batch starts at. */
  let parts: Uint8Array[] = [];
  let partsBytes = 0;
  let lines = 0;
  let firstLine = 1;
  /** The line being read: its bytes so far, or (when over the limit) only how many were dropped. */
  let rest: Uint8Array[] = [];
  let restBytes = 0;
  let dropping = 0;
  let lineNumber = 0;
  const take = (): RowBatch => {
    // Its own buffer, copied to the worker that screens it and kept here: if that worker dies of one row, the rest
    // is screened again from it. (A log's reader hands it over instead.)
    const text = new Uint8Array(partsBytes);
    let offset = 0;
    for (const part of parts) {
      text.set(part, offset);
      offset += part.length;
    }
    const batch: RowBatch = { format: 'ndjson-text', firstLine, text };
    parts = [];
    partsBytes = 0;
    lines = 0;
    firstLine = lineNumber + 1;
    return batch;
  };
  const keep = (part: Uint8Array) => {
    if (part.length === 0) return;
    parts.push(part);
    partsBytes += part.length;
  };
  const tooLong = (length: number): RowBatch => {
    firstLine = lineNumber + 1;
    return { format: 'ndjson', lines: [lineNumber], rows: [{ tooLong: length }] };
  };
  /** The line being read began in an earlier chunk: its start joins the batch, ahead of the rest of it. */
  const keepRest = () => {
    if (restBytes === 0) return;
    for (const part of rest) keep(part);
    rest = [];
    restBytes = 0;
  };
  for await (const chunk of chunks) {
    if (stopped()) break;
    /** Where this chunk's bytes not yet kept start, and where the current line starts. */
    let region = 0;
    let from = 0;
    for (let newline = chunk.indexOf(10, from); newline >= 0; newline = chunk.indexOf(10, from)) {
      lineNumber++;
      const length = dropping + restBytes + newline - from;
      if (length > maxLineBytes) {
        keep(chunk.subarray(region, from));
        if (lines > 0) yield take();
        yield tooLong(length);
        rest = [];
        restBytes = 0;
        dropping = 0;
        region = newline + 1;
      } else {
        keepRest();
        lines++;
        if (lines >= size || partsBytes + newline + 1 - region >= MAX_BATCH_BYTES) {
          keep(chunk.subarray(region, newline + 1));
          region = newline + 1;
          yield take();
        }
      }
      from = newline + 1;
    }
    keep(chunk.subarray(region, from));
    if (from < chunk.length) {
      if (dropping > 0 || restBytes + chunk.length - from > maxLineBytes) {
        dropping += restBytes + chunk.length - from;
        rest = [];
        restBytes = 0;
      } else {
        rest.push(chunk.subarray(from));
        restBytes += chunk.length - from;
      }
    }
    if (lines > 0 && idle()) yield take();
  }
  if (stopped()) {
    // The whole lines read are rows read: they are screened and written (a line not yet ended is not a row yet).
    if (lines > 0) yield take();
    return;
  }
  if (dropping > 0) {
    lineNumber++;
    if (lines > 0) yield take();
    yield tooLong(dropping);
  } else if (restBytes > 0) {
    // the last line has no newline
    lineNumber++;
    keepRest();
    lines++;
  }
  if (lines > 0) yield take();
}

/**
 * CSV batches of record texts with the line each starts on; the header (the first record) is checked first and
 * goes with every batch. A record that cannot be read comes out as an error row in its place (see
 * {@link CsvRecordReader}); the worker splits the cells of the rest.
 */
async function* csvBatches(
  chunks: AsyncIterable<Buffer>,
  size: number,
  stopped: () => boolean,
  idle: () => boolean,
  encoding?: CsvEncoding,
): AsyncGenerator<RowBatch> {
  const reader = new CsvRecordReader(encoding);
  async function* recordsRead(): AsyncGenerator<CsvRecord[]> {
    for await (const chunk of chunks) {
      if (stopped()) return;
      yield reader.push(chunk);
    }
    if (!stopped()) yield reader.end();
  }
  let header: string[] | undefined;
  const emptyBatch = (): RowBatch & { format: 'csv-text' } => ({ format: 'csv-text', lines: [], rows: [], header: header ?? [] });
  let batch = emptyBatch();
  let chars = 0;
  for await (const records of recordsRead()) {
    if (!header && reader.header) {
      const issues = checkCsvHeader(reader.header);
      if (issues.length > 0) throw new JiuzhuError('input', issues);
      batch.header = header = reader.header;
    }
    for (const record of records) {
      batch.lines.push(record.line);
      if ('problem' in record) batch.rows.push({ problem: record.problem });
      else {
        batch.rows.push(record.text);
        chars += record.text.length;
      }
      // Full, or the input has paused (see `idle`) after this chunk's last record.
      if (batch.rows.length >= size || chars >= MAX_BATCH_BYTES || (record === records[records.length - 1] && idle())) {
        yield batch;
        batch = emptyBatch();
        chars = 0;
      }
    }
  }
  // Also when stopped: the records read are rows read, and are screened and written.
  if (batch.rows.length > 0) yield batch;
}
