import type { Readable } from 'node:stream';
import type { ReplayResult } from '../../core/audit/replay.js';
import type { PolicyStore } from '../../core/audit/store.js';
import type { VerifyResult } from './batch.js';
import type { ChainCheck } from './chain.js';
import { checkLog } from './checkLog.js';
import type { RecordSummary } from './summary.js';

/** A line of a log and what replaying it gave (with what the record says of itself, for a report). */
export interface LogReplay {
  line: number;
  /** Bytes of the log read so far, for progress. */
  bytes: number;
  result: ReplayResult;
  /** What the line's record says: case number, household, date, grants (absent for a line that is not a record). */
  summary?: RecordSummary;
}

/** A line of a log and what checking its record (without replaying it) gave. */
export interface LogVerification {
  line: number;
  bytes: number;
  result: VerifyResult;
  summary?: RecordSummary;
}

export interface LogReadOptions {
  /** Worker threads (default 0: the calling thread). */
  workers?: number;
  /** Fed with each line's place in the log's chain: `chain.finish()` afterwards reports what is missing, inserted, … */
  chain?: ChainCheck;
}

/**
 * Replays every record of an NDJSON log (a file, or a stream such as standard input), in order, on worker threads
 * when asked. A line that cannot be read (torn by a crash, not JSON, too long) is an `error` result with its line
 * number, and the lines after it are still replayed. The log's header is not a record and is not yielded (unless it
 * is damaged); pass a {@link ChainCheck} to check the chain the records form.
 *
 * @example
 * const chain = new ChainCheck();
 * for await (const { line, result } of replayLog('decisions.ndjson', store, { workers: 2, chain })) if (result.status !== 'identical') console.log(line, result.status);
 * chain.finish().findings // [] for a log nobody touched
 */
export async function* replayLog(source: string | Readable, store: PolicyStore, options: LogReadOptions = {}): AsyncGenerator<LogReplay> {
  for await (const checked of checkLog(source, { mode: 'replay', store, ...options })) {
    if (!checked.result) continue;
    yield { line: checked.line, bytes: checked.bytes, result: checked.result as ReplayResult, ...(checked.kind === 'record' ? { summary: checked.summary } : {}) };
  }
}

/**
 * Checks every record of a log without deciding anything again — sealed (its sha256), of the record format, consistent
 * — fast enough for a daily check; with a {@link ChainCheck}, also the chain. `jiuzhu verify-log` runs it.
 *
 * @example
 * for await (const { line, result } of verifyLog('decisions.ndjson')) if (result.status !== 'intact') console.log(line, result.status);
 */
export async function* verifyLog(source: string | Readable, options: LogReadOptions = {}): AsyncGenerator<LogVerification> {
  for await (const checked of checkLog(source, { mode: 'verify', ...options })) {
    if (!checked.result) continue;
    yield { line: checked.line, bytes: checked.bytes, result: checked.result as VerifyResult, ...(checked.kind === 'record' ? { summary: checked.summary } : {}) };
  }
}
