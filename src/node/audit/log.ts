import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { JiuzhuError, makeIssue, type Issue } from '../../core/errors/issue.js';
import { recordLine, type DecisionRecord, type RecordProblem } from '../../core/audit/record.js';
import { canonicalJson } from '../../core/audit/canonical.js';
import { repeatedKeyIssues } from '../../core/text/repeatedKeys.js';
import { syntaxErrorAt } from '../../core/text/jsonSyntax.js';

/** Appends decision records to an NDJSON log, one line each. */
export interface RecordAppender {
  /** Appends one record as one line; resolves once the line is written (and, when `durable`, on disk). */
  append(record: DecisionRecord): Promise<void>;
  /** Waits for pending appends and closes the file. */
  close(): Promise<void>;
  /** Whether opening found a torn last line (a crash while writing) and started a fresh line after it. */
  readonly repairedTornLine: boolean;
}

export interface AppenderOptions {
  /** Flush each line to disk (fdatasync) before `append` resolves. Default `true`: a logged decision survives a crash. */
  durable?: boolean;
}

/**
 * Opens an NDJSON decision log for appending (creating it if needed). Each record is written as one complete line in
 * one append-mode write, and appends are queued so concurrent calls never interleave. If the file ends in a torn line
 * (the process died while writing it), a newline is added first, so the torn line stays a line of its own that
 * {@link readRecordLog} reports, and every later record is still readable.
 *
 * @example
 * const log = await openRecordLog('decisions.ndjson');
 * await log.append(toRecord(decision, household));
 * await log.close();
 */
export async function openRecordLog(file: string, options: AppenderOptions = {}): Promise<RecordAppender> {
  const durable = options.durable ?? true;
  const handle = await open(file, 'a+');
  const repairedTornLine = !(await endsWithNewline(handle));
  if (repairedTornLine) await handle.appendFile('\n');
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    repairedTornLine,
    append: (record) =>
      enqueue(async () => {
        await handle.appendFile(recordLine(record));
        if (durable) await handle.datasync();
      }),
    close: () => enqueue(() => handle.close()),
  };
}

/** True for an empty file or one whose last byte is `\n`. */
async function endsWithNewline(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** One line of a log: its record (as parsed JSON, not yet verified), or why it could not be read. */
export type LogEntry = { line: number; record: unknown } | { line: number; issue: Issue };

/**
 * Reads an NDJSON decision log line by line, streaming (a log may be larger than memory). Blank lines are skipped.
 * A line that is not JSON does not stop the reading: it is reported with its line number, as `LOG_LINE_TRUNCATED`
 * when the JSON stops short (a write interrupted by a crash), else `LOG_LINE_INVALID`.
 *
 * @example
 * for await (const entry of readRecordLog('decisions.ndjson')) {
 *   if ('issue' in entry) console.log(entry.line, entry.issue.message.zh);
 * }
 */
export async function* readRecordLog(file: string): AsyncGenerator<LogEntry & { bytes: number }> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  let bytes = 0;
  for await (const text of lines) {
    line += 1;
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    // A log re-saved by an editor may start with a byte-order mark; it is not part of the record.
    yield { ...parseLogLine(line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text, line, file), bytes };
  }
}

/**
 * Runs `check` on every record of a log, streaming, in order: what replay and comparison share. A line that cannot
 * be read (torn by a crash, not JSON) is an `error` result with its line number, and the lines after it are still
 * checked.
 *
 * @example
 * for await (const { line, result } of checkRecordLog('decisions.ndjson', (record) => replay(record, store))) console.log(line, result.status);
 */
export async function* checkRecordLog<R>(
  file: string,
  check: (record: unknown) => Promise<R>,
): AsyncGenerator<{ line: number; bytes: number; result: R | RecordProblem }> {
  for await (const entry of readRecordLog(file)) {
    const result = 'issue' in entry ? { status: 'error' as const, error: new JiuzhuError('record', [entry.issue]) } : await check(entry.record);
    yield { line: entry.line, bytes: entry.bytes, result };
  }
}

/**
 * Parses one log line (1-based `line` for messages).
 *
 * @example
 * parseLogLine('{"format":"jiuzhu.rec', 7, 'log.ndjson') // { line: 7, issue: { code: 'LOG_LINE_TRUNCATED', … } }
 */
export function parseLogLine(text: string, line: number, file?: string): LogEntry {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    const stoppedShort = syntaxErrorAt(text) >= text.trimEnd().length;
    return { line, issue: makeIssue(stoppedShort ? 'LOG_LINE_TRUNCATED' : 'LOG_LINE_INVALID', [], { line, detail }, file) };
  }
  // A line jiuzhu wrote is canonical, so it has no key twice. Any other is searched: a key written twice makes the
  // line say one thing to a person or another tool and another to this one, so it is not evidence of anything.
  if (record !== null && typeof record === 'object' && !isCanonical(record, text)) {
    const [repeated] = repeatedKeyIssues(text, file, line);
    if (repeated) return { line, issue: repeated };
  }
  return { line, record };
}

/** Whether a line is its record's canonical JSON. A record canonical JSON cannot write (a number too large) is not. */
function isCanonical(record: object, text: string): boolean {
  try {
    return canonicalJson(record) === text;
  } catch {
    return false;
  }
}
