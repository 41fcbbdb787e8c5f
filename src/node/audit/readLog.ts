import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { RecordProblem } from '../../core/audit/record.js';
import { makeIssue } from '../../core/errors/issue.js';
import { ndjsonBatches } from '../screen/file.js';
import { splitNdjson } from '../screen/rows.js';
import { checkLogHeader, isLogHeaderLine, type LogHeader } from './header.js';
import { MAX_LOG_LINE_BYTES, lineProblem, parseLogLine, type LogEntry } from './log.js';

/** A line of a log as read: a record (parsed, not yet verified), the header, or why it could not be read. */
export type LogLine = (LogEntry | { line: number; header: LogHeader }) & { bytes: number };

/**
 * Reads an NDJSON decision log line by line on this thread, streaming (a log may be larger than memory). Blank lines
 * are skipped. A line that is not JSON does not stop the reading: it is reported with its line number, as
 * `LOG_LINE_TRUNCATED` when the JSON stops short (a write interrupted by a crash), `LOG_LINE_TOO_LONG` past 32 MB
 * (skipped unread), else `LOG_LINE_INVALID`. The header comes as `header` (a damaged one as its issue).
 *
 * @example
 * for await (const entry of readRecordLog('decisions.ndjson')) {
 *   if ('issue' in entry) console.log(entry.line, entry.issue.message.zh);
 * }
 */
export async function* readRecordLog(source: string | Readable): AsyncGenerator<LogLine> {
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
  let bytes = 0;
  const chunks = (async function* () {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += data.length;
      yield data;
    }
  })();
  try {
    for await (const batch of ndjsonBatches(chunks, 200, () => false, () => false, MAX_LOG_LINE_BYTES)) {
      const rows = batch.format === 'ndjson-text' ? splitNdjson(batch) : batch;
      if (rows.format !== 'ndjson') continue;
      for (let i = 0; i < rows.rows.length; i++) {
        const line = rows.lines[i]!;
        const row = rows.rows[i]!;
        if (typeof row !== 'string') {
          const issue = 'problem' in row ? row.problem : makeIssue('LOG_LINE_TOO_LONG', [], { line, length: row.tooLong, limit: MAX_LOG_LINE_BYTES });
          yield { line, issue, bytes };
          continue;
        }
        const entry = parseLogLine(row, line);
        if ('record' in entry && isLogHeaderLine(entry.record)) {
          const checked = checkLogHeader(entry.record, line);
          yield 'header' in checked ? { line, header: checked.header, bytes } : { line, issue: checked.issue, bytes };
          continue;
        }
        yield { ...entry, bytes };
      }
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Runs `check` on every record of a log, streaming, in order, on this thread: what comparison (`replay --against`)
 * does. A line that cannot be read (torn by a crash, not JSON) is an `error` result with its line number, and the
 * lines after it are still checked; the header is passed over.
 *
 * @example
 * for await (const { line, result } of checkRecordLog('decisions.ndjson', (record) => compareWithPolicy(record, policy))) console.log(line, result.status);
 */
export async function* checkRecordLog<R>(
  source: string | Readable,
  check: (record: unknown) => Promise<R>,
): AsyncGenerator<{ line: number; bytes: number; result: R | RecordProblem }> {
  for await (const entry of readRecordLog(source)) {
    if ('header' in entry) continue;
    const result = 'issue' in entry ? lineProblem(entry.issue) : await check(entry.record);
    yield { line: entry.line, bytes: entry.bytes, result };
  }
}
