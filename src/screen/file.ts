import { createReadStream, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { JiuzhuError, makeIssue } from '../errors/issue.js';
import type { Policy } from '../policy/types.js';
import { createScreener, inOrder } from './pool.js';
import { MAX_ROW_CHARS, checkCsvHeader, type RowBatch } from './rows.js';
import { checkAsOf } from './screen.js';

/**
 * The most row text one batch carries (about 8 MB): with at most a few batches per worker in flight, this and the
 * workers' heap cap bound memory however large the rows are (a valid household can run to megabytes).
 */
const MAX_BATCH_CHARS = 4_000_000;

/** Counts of a screening run; `rows === results + errors` always, also when the run was stopped. */
export interface ScreenCounts {
  rows: number;
  results: number;
  errors: number;
  /**
   * Bytes of the input screened so far (the bytes read, in proportion to the rows finished: the reader runs a few
   * batches ahead), and its size — for progress.
   */
  bytes: number;
  totalBytes: number;
}

export interface ScreenFileOptions {
  asOf: string;
  /** NDJSON (one household per line) or CSV (see `CSV_COLUMNS`); by default from the file name (`.csv`). */
  format?: 'ndjson' | 'csv';
  /** Where result lines and error lines go. Each batch is written with one call, whole lines only. */
  out: Writable;
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
 * Screens a file of households into NDJSON results and errors, in input order, on worker threads. Memory stays
 * flat: at most a few batches per worker are in flight, and reading waits for writing.
 *
 * @example
 * const counts = await screenFile(policy, 'people.ndjson', { asOf: '2025-03-01', out, errors, workers: 2 });
 * counts.rows === counts.results + counts.errors // true
 */
export async function screenFile(policy: Policy, path: string, options: ScreenFileOptions): Promise<ScreenCounts & { stopped: boolean }> {
  checkAsOf(options.asOf);
  let totalBytes: number;
  try {
    totalBytes = statSync(path).size;
  } catch {
    throw new JiuzhuError('input', [makeIssue('FILE_NOT_FOUND', [], { file: path })]);
  }
  const counts: ScreenCounts = { rows: 0, results: 0, errors: 0, bytes: 0, totalBytes };
  const format = options.format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const size = options.batchSize ?? 1000;
  const stopped = () => options.signal?.aborted === true;
  const source = format === 'csv' ? csvBatches(stream, size, stopped) : ndjsonBatches(stream, size, stopped);
  const screener = createScreener(policy, options.asOf, options.workers ?? 0);
  let rowsRead = 0;
  const run = (batch: RowBatch) => {
    rowsRead += batch.rows.length;
    return screener.run({ kind: 'rows', batch });
  };
  try {
    for await (const done of inOrder(source, run, screener.inFlight)) {
      counts.rows += done.resultCount + done.errorCount;
      counts.results += done.resultCount;
      counts.errors += done.errorCount;
      counts.bytes = Math.round((stream.bytesRead * counts.rows) / rowsRead);
      await Promise.all([write(options.out, done.results), write(options.errors, done.errors)]);
      options.onProgress?.(counts);
    }
  } finally {
    stream.destroy();
    await screener.close();
  }
  return { ...counts, stopped: stopped() };
}

async function write(target: Writable, text: string): Promise<void> {
  if (text.length > 0 && !target.write(text)) await once(target, 'drain');
}

/**
 * NDJSON rows with their line numbers; blank lines are skipped (they are not rows). A line longer than
 * {@link MAX_ROW_CHARS} is not held: the reader drops it up to its newline and passes on only its length, which
 * comes out as an error row in its place.
 */
async function* ndjsonBatches(stream: Readable, size: number, stopped: () => boolean): AsyncGenerator<RowBatch> {
  stream.setEncoding('utf8');
  let rest = '';
  /** Characters of an over-long line dropped so far; 0 when not inside one. */
  let dropping = 0;
  let lineNumber = 0;
  let batch: RowBatch & { format: 'ndjson' } = { format: 'ndjson', lines: [], rows: [] };
  let chars = 0;
  /** Adds one row; true when the batch is full (by rows, or by size: a few huge rows must not make a huge batch). */
  const add = (row: string | { tooLong: number }, length: number): boolean => {
    batch.rows.push(row);
    batch.lines.push(lineNumber);
    chars += typeof row === 'string' ? length : 0;
    return batch.rows.length >= size || chars >= MAX_BATCH_CHARS;
  };
  const take = (text: string): boolean => {
    lineNumber++;
    if (text.length > MAX_ROW_CHARS) return add({ tooLong: text.length }, text.length);
    const row = text.endsWith('\r') ? text.slice(0, -1) : text;
    return row.trim() === '' ? false : add(row, row.length);
  };
  const next = () => {
    const full = batch;
    batch = { format: 'ndjson', lines: [], rows: [] };
    chars = 0;
    return full;
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    if (stopped()) return;
    let text = chunk;
    if (dropping > 0) {
      const newline = text.indexOf('\n');
      if (newline < 0) {
        dropping += text.length;
        continue;
      }
      lineNumber++;
      const full = add({ tooLong: dropping + newline }, 0);
      dropping = 0;
      text = text.slice(newline + 1);
      if (full) yield next();
    }
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    for (const part of parts) if (take(part)) yield next();
    if (rest.length > MAX_ROW_CHARS) {
      dropping = rest.length;
      rest = '';
    }
  }
  if (dropping > 0) {
    lineNumber++;
    add({ tooLong: dropping }, 0);
  } else if (rest !== '') take(rest);
  if (batch.rows.length > 0 && !stopped()) yield batch;
}

/** CSV records (header first) with the line each starts on; a record the parser cannot read becomes an error row. */
async function* csvBatches(stream: Readable, size: number, stopped: () => boolean): AsyncGenerator<RowBatch> {
  const skipped: { line: number; detail: string }[] = [];
  const parser = stream.pipe(
    parseCsv({
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error, raw) => {
        skipped.push({ line: startLine((error as { lines?: number } | undefined)?.lines ?? 0, raw ?? ''), detail: error?.message ?? 'unreadable' });
        return undefined;
      },
    }),
  );
  let header: string[] | undefined;
  let batch: RowBatch & { format: 'csv' } = { format: 'csv', lines: [], rows: [], header: [] };
  let chars = 0;
  const flushSkipped = () => {
    // A record the parser could not read still counts as a row: it comes out as an error, in its place.
    for (const { line, detail } of skipped.splice(0)) {
      batch.rows.push({ unreadable: detail });
      batch.lines.push(line);
    }
  };
  for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    if (stopped()) return;
    if (!header) {
      const issues = checkCsvHeader(record);
      if (issues.length > 0) throw new JiuzhuError('input', issues);
      header = record;
      batch.header = header;
      continue;
    }
    flushSkipped();
    batch.rows.push(record);
    batch.lines.push(startLine(info.lines, raw));
    chars += raw.length;
    if (batch.rows.length >= size || chars >= MAX_BATCH_CHARS) {
      yield batch;
      batch = { format: 'csv', lines: [], rows: [], header };
      chars = 0;
    }
  }
  flushSkipped();
  if (batch.rows.length > 0 && !stopped()) yield batch;
}

/** The line a CSV record starts on, from the line it ends on and its raw text (which may span lines). */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}
