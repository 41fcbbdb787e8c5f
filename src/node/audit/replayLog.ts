import { replay, type ReplayResult } from '../../core/audit/replay.js';
import type { PolicyStore } from '../../core/audit/store.js';
import { checkRecordLog } from './log.js';

/** A line of a log and what replaying it gave. */
export interface LogReplay {
  line: number;
  /** Bytes of the log read so far, for progress. */
  bytes: number;
  result: ReplayResult;
}

/**
 * Replays every record of an NDJSON log, streaming, in order. A line that cannot be read (torn by a crash, not JSON)
 * is an `error` result with its line number, and the lines after it are still replayed.
 *
 * @example
 * for await (const { line, result } of replayLog('decisions.ndjson', store)) if (result.status !== 'identical') console.log(line, result.status);
 */
export function replayLog(file: string, store: PolicyStore): AsyncGenerator<LogReplay> {
  return checkRecordLog(file, (record) => replay(record, store));
}
