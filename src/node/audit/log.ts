import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { JiuzhuError, makeIssue, type Issue } from '../../core/errors/issue.js';
import { chainRecord, recordLine, verifyRecord, type CompactRecord, type DecisionRecord, type RecordProblem } from '../../core/audit/record.js';
import { canonicalJson } from '../../core/audit/canonical.js';
import { isPlainCanonicalText } from '../../core/audit/canonicalText.js';
import { RECORD_FORMAT } from '../../core/version.js';
import { repeatedKeyIssues } from '../../core/text/repeatedKeys.js';
import { syntaxErrorAt } from '../../core/text/jsonSyntax.js';
import { chainLinkOf } from './chain.js';
import { nodeSha256Hex } from './sha256.js';
import { checkLogHeader, isLogHeaderLine, logHeader } from './header.js';

/** Appends decision records to a hash-chained NDJSON log, one line each. */
export interface RecordAppender {
  /**
   * Appends one record as one line, chained to the log's last record, and resolves with the record as written (with
   * its `seq`, `prev` and new `sha256`: publish the last one's sha256 to make the log's end provable). Resolves once
   * the line is written (and, when `durable`, on disk); rejects, with nothing of the record left in the log, when the
   * write fails (a full disk) — the next append starts on a clean line.
   */
  append<R extends DecisionRecord | CompactRecord>(record: R): Promise<R>;
  /** Waits for pending appends and closes the file. */
  close(): Promise<void>;
  /** Whether a torn last line (a writer that died while writing) was found and closed with a newline before appending. */
  readonly repairedTornLine: boolean;
}

export interface AppenderOptions {
  /** Flush each batch of lines to disk (fdatasync) before `append` resolves. Default `true`: a logged decision survives a crash. */
  durable?: boolean;
  /** The log's name, written in its header when the log is new (default: the file's name). */
  name?: string;
  /** How long to wait for another writer's lock before giving up (`LOG_LOCKED`); default 60 s. */
  lockTimeoutMs?: number;
}

/** How much of the file a writer reads at a time, backwards from its end, to find the chain's last record. */
const TAIL_CHUNK = 1 << 20;

/**
 * The longest log line read, in bytes. A full record of the largest household is a few MB; a longer line is a
 * damaged file (a lost newline, binary data), skipped unread (`LOG_LINE_TOO_LONG`) rather than held whole.
 */
export const MAX_LOG_LINE_BYTES = 32 * 1024 * 1024;

/**
 * Opens an NDJSON decision log for appending (creating it if needed). The log is a hash chain: its first line is a
 * header naming it, and each record carries its place (`seq`) and the sha256 of the line before it (`prev`), so a
 * record deleted, inserted or moved shows (see `jiuzhu verify-log`). Appends from any number of processes never
 * mix or fork: each batch of appends takes a lock on the file (proper-lockfile: a lock directory beside it, given up
 * by a writer that dies), reads the chain's last record if another writer appended since, and writes each record
 * as one line in one write. A write that fails (a full disk) is cut off the file again before the append rejects;
 * a torn last line left by a writer that died is closed with a newline, so that it stays a line of its own that
 * replay reports. A log of records written before chains (or by hand) gets a header sealing those bytes.
 *
 * @example
 * const log = await openRecordLog('decisions.ndjson');
 * const written = await log.append(toRecord(decision, household));
 * written.seq // 1 for the first record
 * await log.close();
 */
export async function openRecordLog(file: string, options: AppenderOptions = {}): Promise<RecordAppender> {
  const durable = options.durable ?? true;
  const timeout = options.lockTimeoutMs ?? 60_000;
  const handle = await open(file, 'a+');
  /** The size of the file after our last write, and the chain's last record then: valid while nobody else wrote. */
  let known: { size: number; seq: number; sha256: string } | undefined;
  let repaired = false;
  let pending: { record: DecisionRecord | CompactRecord; resolve: (record: DecisionRecord | CompactRecord) => void; reject: (error: unknown) => void }[] = [];
  let draining: Promise<void> | undefined;
  let closed = false;

  /** Under the lock: the chain's last record, after closing a torn line and writing a header if the log has none. */
  const tip = async (): Promise<{ size: number; seq: number; sha256: string }> => {
    let { size } = await handle.stat();
    if (known && known.size === size) return known;
    if (size > 0 && (await byteAt(handle, size - 1)) !== 0x0a) {
      await writeAll(handle, Buffer.from('\n'));
      size += 1;
      repaired = true;
    }
    const last = await lastChainLine(handle, size);
    if (last) return { size, ...last };
    const before = size > 0 ? { bytes: size, sha256: await sha256OfStart(file, size) } : undefined;
    const header = logHeader(options.name ?? basename(file), before);
    const line = Buffer.from(`${canonicalJson(header)}\n`);
    await writeAll(handle, line);
    return { size: size + line.length, seq: 0, sha256: header.sha256 };
  };

  const drain = async () => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const settled: (() => void)[] = [];
      let release: (() => Promise<void>) | undefined;
      let compromised: Error | undefined;
      try {
        // Loaded with the first append, not with jiuzhu/node: a program that never logs (or a bundle of it) needs none.
        const { default: lockfile } = await import('proper-lockfile');
        release = await lockfile.lock(file, {
          stale: 10_000,
          update: 2_000,
          retries: { retries: Math.ceil(timeout / 100), factor: 1.2, minTimeout: 5, maxTimeout: 100 },
          onCompromised: (error) => (compromised = error),
        });
      } catch (error) {
        const locked = (error as NodeJS.ErrnoException).code === 'ELOCKED';
        const failure = locked ? new JiuzhuError('input', [makeIssue('LOG_LOCKED', [], { file, seconds: Math.round(timeout / 1000) })]) : error;
        for (const item of batch) item.reject(failure);
        continue;
      }
      try {
        let at = await tip();
        for (const item of batch) {
          if (compromised) {
            item.reject(compromised);
            continue;
          }
          const chained = chainRecord(item.record, { seq: at.seq + 1, prev: at.sha256 });
          const line = Buffer.from(recordLine(chained));
          try {
            await writeAll(handle, line);
          } catch (error) {
            // Nothing of a record that was not written stays: the next line starts where this one would have.
            await handle.truncate(at.size).catch(() => (known = undefined));
            item.reject(error);
            continue;
          }
          at = { size: at.size + line.length, seq: at.seq + 1, sha256: chained.sha256 };
          settled.push(() => item.resolve(chained));
        }
        known = at;
        if (durable && settled.length > 0) await handle.datasync();
        for (const resolve of settled) resolve();
      } catch (error) {
        known = undefined;
        for (const item of batch) item.reject(error); // those already resolved ignore it
      } finally {
        await release().catch(() => undefined);
      }
    }
  };

  return {
    get repairedTornLine() {
      return repaired;
    },
    append<R extends DecisionRecord | CompactRecord>(record: R): Promise<R> {
      if (closed) return Promise.reject(new Error(`the log ${file} is closed`));
      // A record that is not sound (altered, forged, of an unknown format) is refused, never sealed into the chain.
      const verified = verifyRecord(record);
      if ('problem' in verified) return Promise.reject(verified.problem.error);
      if ((verified.record as { format: string }).format !== RECORD_FORMAT) {
        // A record of the format before chains has no place for one: make it again with toRecord.
        return Promise.reject(new JiuzhuError('record', [makeIssue('UNSUPPORTED_RECORD_FORMAT', ['format'], { received: verified.record.format, supported: RECORD_FORMAT })]));
      }
      return new Promise<R>((resolve, reject) => {
        pending.push({ record, resolve: resolve as (record: DecisionRecord | CompactRecord) => void, reject });
        draining ??= drain().finally(() => (draining = undefined));
      });
    },
    async close() {
      closed = true;
      while (draining) await draining;
      await handle.close();
    },
  };
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  // One write(2) for the whole line: fs.appendFile would cut it into 512 KiB writes that another writer could split.
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function byteAt(handle: FileHandle, position: number): Promise<number> {
  const one = Buffer.alloc(1);
  await handle.read(one, 0, 1, position);
  return one[0]!;
}

/**
 * The last line of the file (read backwards) that is part of the chain: the header, or a chained record. Lines after
 * it that are not (a torn line, a record put there by hand) are passed over; the chain goes on from it. A line too
 * long to be a record is passed over unread.
 */
async function lastChainLine(handle: FileHandle, size: number): Promise<{ seq: number; sha256: string } | undefined> {
  let position = size;
  /** The bytes from `position` to the end of the lines not yet looked at (ending in the newline of the last one). */
  let tail = Buffer.alloc(0);
  let skipping = false;
  for (;;) {
    const body = tail.at(-1) === 0x0a ? tail.subarray(0, -1) : tail;
    const newline = body.lastIndexOf(0x0a);
    if (newline >= 0 || position === 0) {
      const line = body.subarray(newline + 1);
      const found = skipping ? undefined : chainLineOf(line.toString('utf8'));
      if (found) return found;
      if (newline < 0) return undefined;
      tail = tail.subarray(0, newline + 1);
      skipping = false;
      continue;
    }
    if (tail.length > MAX_LOG_LINE_BYTES) {
      tail = Buffer.alloc(0); // no record is that long: find where it starts, and go on before it
      skipping = true;
    }
    const start = Math.max(0, position - TAIL_CHUNK);
    const chunk = Buffer.alloc(position - start);
    await handle.read(chunk, 0, chunk.length, start);
    tail = Buffer.concat([chunk, tail]);
    position = start;
  }
}

function chainLineOf(line: string): { seq: number; sha256: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (isLogHeaderLine(value)) {
    const checked = checkLogHeader(value, 0);
    return 'header' in checked ? { seq: 0, sha256: checked.header.sha256 } : undefined;
  }
  const link = chainLinkOf(value);
  return link ? { seq: link.seq, sha256: link.sha256 } : undefined;
}

/** The sha256 of the first `bytes` bytes of a file: what a new header seals of the lines written before the chain. */
async function sha256OfStart(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One line of a log: its record (as parsed JSON, not yet verified), or why it could not be read. `canonical`: the
 * line is its record's canonical JSON, as jiuzhu writes every line; `spans`, when the one-pass check could tell so,
 * where each top-level field's JSON lies in the line.
 */
export type LogEntry = { line: number; record: unknown; canonical?: true; spans?: Map<string, [number, number]> } | { line: number; issue: Issue };

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
  if (record !== null && typeof record === 'object') {
    const spans = new Map<string, [number, number]>();
    if (isPlainCanonicalText(text, spans)) return { line, record, canonical: true, spans };
    if (isCanonical(record, text)) return { line, record, canonical: true };
    const [repeated] = repeatedKeyIssues(text, file, line);
    if (repeated) return { line, issue: repeated };
  }
  return { line, record };
}

/**
 * The sha256 of a record's content (the canonical JSON of every field but `sha256`, which a record must carry), read
 * off its line when the line is canonical JSON — as jiuzhu writes it — instead of written out again: the line ends
 * `,"sha256":"…"}`, and what comes before is the content's canonical JSON but for its closing brace. (In canonical
 * JSON a quote inside a string is always escaped, so that ending can only be the record's last key, `sha256`.)
 * Undefined when the line is not so; the caller then hashes the content itself.
 *
 * @example
 * contentSha256OfLine(line, JSON.parse(line), true) === recordSha256(JSON.parse(line)) // true
 */
export function contentSha256OfLine(text: string, record: unknown, canonical: boolean | undefined): string | undefined {
  const sealed = record !== null && typeof record === 'object' ? (record as { sha256?: unknown }).sha256 : undefined;
  if (!canonical || typeof sealed !== 'string') return undefined;
  const ending = `,"sha256":${JSON.stringify(sealed)}}`;
  if (!text.endsWith(ending)) return undefined;
  return nodeSha256Hex(`${text.slice(0, text.length - ending.length)}}`);
}

/**
 * Whether a line is its record's canonical JSON, by writing the record out (for a line `isPlainCanonicalText` cannot
 * tell of quickly). A record canonical JSON cannot write (a number too large) is not.
 */
function isCanonical(record: object, text: string): boolean {
  try {
    return canonicalJson(record) === text;
  } catch {
    return false;
  }
}

/** A problem reading a line, as a result in its place. */
export function lineProblem(issue: Issue): RecordProblem {
  return { status: 'error', error: new JiuzhuError('record', [issue]) };
}
