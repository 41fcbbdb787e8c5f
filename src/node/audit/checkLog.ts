import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { ReplayResult } from '../../core/audit/replay.js';
import type { PolicyStore } from '../../core/audit/store.js';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { ndjsonBatches } from '../screen/file.js';
import { inOrder, workerScript } from '../screen/pool.js';
import type { RowBatch } from '../screen/rows.js';
import { asResult, checkLogBatch, policySha256, toPlain, type LogMode, type LogTask, type LogTaskResult, type PlainResult, type VerifyResult } from './batch.js';
import type { ChainCheck } from './chain.js';
import type { LogHeader } from './header.js';
import { MAX_LOG_LINE_BYTES } from './log.js';
import type { RecordSummary } from './summary.js';

/** One line of a log as checked, in order: a record with its result, the header, or a line that could not be read. */
export type CheckedLine =
  | { line: number; bytes: number; kind: 'record'; result: ReplayResult | VerifyResult; summary: RecordSummary }
  | { line: number; bytes: number; kind: 'header'; header?: LogHeader; result?: VerifyResult }
  | { line: number; bytes: number; kind: 'unreadable'; result: VerifyResult };

export interface LogCheckOptions {
  /** `replay`: decide every record again (needs `store`); `verify`: check seals, format and chain only (fast). */
  mode: LogMode;
  /** Where the records' policies are kept, by sha256 (for `replay`). */
  store?: PolicyStore;
  /** Worker threads (default 0: the calling thread). The CLI uses every core. */
  workers?: number;
  /** Lines per batch sent to a thread (default 500). */
  batchSize?: number;
  /** Fed with each line's place in the chain; its `finish()` then reports the log's chain. */
  chain?: ChainCheck;
  /** The log's size when known (for progress: `bytes` of each line is then a share of it). */
  totalBytes?: number;
}

/** The heap of a log worker: a log line may be 32 MB, and a full record of the largest household a few MB more. */
const WORKER_HEAP_MB = 512;

/**
 * Checks every line of a decision log — a file or a stream (standard input) — in order, on worker threads when asked:
 * each record verified (sealed, well formed, consistent) and, in `replay` mode, decided again and compared. Lines are
 * read in batches and never held whole beyond {@link MAX_LOG_LINE_BYTES} (a longer one is `LOG_LINE_TOO_LONG` in its
 * place, and the lines after it are read). `options.chain` is fed with what each line says of its place in the
 * log's chain (and the sha256 of the bytes before a header that seals them).
 *
 * @example
 * const chain = new ChainCheck();
 * for await (const checked of checkLog('decisions.ndjson', { mode: 'replay', store, workers: 2, chain })) console.log(checked.line, checked.result?.status);
 * chain.finish().findings // records missing, inserted, …
 */
export async function* checkLog(source: string | Readable, options: LogCheckOptions): AsyncGenerator<CheckedLine> {
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
  const prefix = new PrefixDigest();
  let bytesRead = 0;
  const chunks = (async function* () {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      prefix.update(bytes);
      bytesRead += bytes.length;
      yield bytes;
    }
  })();
  const idle = typeof source === 'string' ? () => false : () => stream.readableLength === 0;
  const batches = ndjsonBatches(chunks, options.batchSize ?? 500, () => false, idle, MAX_LOG_LINE_BYTES);
  const runner = await logRunner(options.workers ?? 0);
  const resolver = new PolicyResolver(options.store, runner);
  const run = async (batch: RowBatch) => {
    const share = batch.format === 'ndjson-text' ? batch.text.length : 1;
    const documents = await resolver.firstTasksDocuments();
    const done = await runner.run({ kind: 'log', mode: options.mode, batch, ...(documents ? { documents } : {}) });
    const entries = [...done.entries];
    let needs = done.needs;
    while (Object.keys(needs).length > 0) {
      // Rows whose policy the thread did not hold: fetched here (the store is on this thread), sent with them again.
      const again = await resolver.retry(options.mode, needs);
      entries.push(...again.entries);
      needs = again.needs;
    }
    entries.sort((a, b) => a.line - b.line);
    return { entries, share };
  };
  let read = 0;
  let finished = 0;
  let headerSeen = false;
  const counted = async function* () {
    for await (const batch of batches) {
      if (read === 0 && options.mode === 'replay' && batch.format === 'ndjson-text') resolver.prefetch(batch.text);
      read += batch.format === 'ndjson-text' ? batch.text.length : 1;
      yield batch;
    }
  };
  try {
    for await (const { entries, share } of inOrder(counted(), run, runner.inFlight)) {
      finished += share;
      const bytes = read === 0 ? bytesRead : Math.round((bytesRead * finished) / read);
      for (const entry of entries) {
        const { chain } = options;
        if (entry.kind === 'header') {
          // Only the first header's `before` is checked against the digest (ChainCheck), so one without it ends the need.
          if (entry.header && !headerSeen && !entry.header.before) prefix.noneNeeded();
          if (entry.header) headerSeen = true;
          if (entry.header) chain?.header(entry.line, entry.header);
          else chain?.unreadableLine(entry.line);
          yield { line: entry.line, bytes, kind: 'header', ...(entry.header ? { header: entry.header } : {}), ...(entry.result ? { result: asResult(entry.result) as VerifyResult } : {}) };
          continue;
        }
        if (entry.kind === 'unreadable') {
          chain?.unreadableLine(entry.line);
          yield { line: entry.line, bytes, kind: 'unreadable', result: asResult(entry.result) as VerifyResult };
          continue;
        }
        if (entry.link) chain?.record(entry.line, entry.link);
        else chain?.unchainedRecord(entry.line);
        yield { line: entry.line, bytes, kind: 'record', result: asResult(entry.result), summary: entry.summary };
      }
    }
  } finally {
    stream.destroy();
    await runner.close();
    for (const [bytes, sha256] of prefix.digests) options.chain?.prefixDigest(bytes, sha256);
  }
}

/** Runs log tasks on worker threads or on this one, and (here) hands it the policies it fetched. */
interface LogRunner {
  run(task: LogTask): Promise<LogTaskResult>;
  /** Makes a policy known to a runner on this thread (threads get its document with the task instead). */
  provide(sha256: string, policy: Policy): void;
  readonly threads: boolean;
  readonly inFlight: number;
  close(): Promise<void>;
}

async function logRunner(workers: number): Promise<LogRunner> {
  if (workers <= 0) {
    const policies = new Map<string, Promise<Policy>>();
    return {
      run: (task) => checkLogBatch(task, policies),
      provide: (sha256, policy) => policies.set(sha256, Promise.resolve(policy)),
      threads: false,
      inFlight: 1,
      close: async () => {},
    };
  }
  const { threadPool } = await import('../screen/threads.js');
  const pool = threadPool<LogTask, LogTaskResult>({ script: workerScript(), threads: workers, workerData: {}, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  return {
    run: (task) => pool.run(task, task.batch.format === 'ndjson-text' ? [task.batch.text.buffer as ArrayBuffer] : undefined),
    provide: () => {},
    threads: true,
    inFlight: workers * 2,
    close: () => pool.destroy(),
  };
}

/** How many of a log's first lines are read for the policy to send the threads with their first batches. */
const PREFETCH_LINES = 4;

/** Fetches the policies records name from the store, once each, and sends rows that waited for one back to be checked. */
class PolicyResolver {
  private readonly found = new Map<string, Promise<{ policy: Policy } | { missing: PlainResult }>>();

  /** The policies named by the log's first records, fetched before any batch is sent. */
  private readonly prefetched: Promise<unknown>[] = [];
  private firstTasks = 0;

  constructor(
    private readonly store: PolicyStore | undefined,
    private readonly runner: LogRunner,
  ) {}

  /**
   * Starts fetching the policy the first records of the log name (read off its first lines), so that the first tasks
   * carry it: otherwise every thread's first batches come back for it, one round trip each, while the threads wait.
   * Only a head start: a record of any other policy is still sent back for its own (`retry`).
   */
  prefetch(text: Uint8Array): void {
    const decoder = new TextDecoder();
    for (let from = 0, lines = 0; from < text.length && lines < PREFETCH_LINES; lines++) {
      const newline = text.indexOf(10, from);
      const end = newline < 0 ? text.length : newline;
      let row = '';
      let value: unknown;
      try {
        row = decoder.decode(text.subarray(from, end));
        value = JSON.parse(row);
      } catch {
        value = undefined; // a line that is not JSON: the worker reports it
      }
      const sha256 = policySha256(value);
      if (sha256 !== undefined) {
        this.prefetched.push(this.fetch(sha256, row).then((got) => ('policy' in got ? this.runner.provide(sha256, got.policy) : undefined)));
        return;
      }
      from = end + 1;
    }
  }

  /**
   * The documents of the policies prefetched, for each of the first tasks (as many as may be in flight, so each thread
   * gets them in its first task); none after that, nor for a runner on this thread (it was handed the policy).
   */
  async firstTasksDocuments(): Promise<Record<string, PolicyDocument> | undefined> {
    if (!this.runner.threads || this.firstTasks >= this.runner.inFlight || this.prefetched.length === 0) return undefined;
    this.firstTasks++;
    await Promise.all(this.prefetched);
    const documents: Record<string, PolicyDocument> = {};
    for (const [sha256, found] of this.found) {
      const got = await found;
      if ('policy' in got) documents[sha256] = got.policy.document;
    }
    return documents;
  }

  async retry(mode: LogMode, needs: LogTaskResult['needs']): Promise<LogTaskResult> {
    const task: LogTask = { kind: 'log', mode, batch: { format: 'ndjson', lines: [], rows: [] }, documents: {}, missing: {} };
    const batch = task.batch as RowBatch & { format: 'ndjson' };
    for (const [sha256, { lines, rows }] of Object.entries(needs)) {
      const got = await this.fetch(sha256, rows[0]!);
      if ('policy' in got) {
        if (this.runner.threads) task.documents![sha256] = got.policy.document;
        else this.runner.provide(sha256, got.policy);
      } else task.missing![sha256] = got.missing;
      batch.lines.push(...lines);
      batch.rows.push(...rows);
    }
    const order = batch.lines.map((line, i) => [line, batch.rows[i]!] as const).sort((a, b) => a[0] - b[0]);
    task.batch = { format: 'ndjson', lines: order.map(([line]) => line), rows: order.map(([, row]) => row) };
    return this.runner.run(task);
  }

  private fetch(sha256: string, row: string): Promise<{ policy: Policy } | { missing: PlainResult }> {
    let found = this.found.get(sha256);
    if (!found) {
      found = (async () => {
        try {
          const policy = await this.store?.policy(sha256);
          if (policy) return { policy };
          const named = (JSON.parse(row) as { policy?: { id?: unknown; version?: unknown } }).policy ?? {};
          const params = { sha256, id: String(named.id ?? '?'), version: String(named.version ?? '?'), stores: this.store?.locations.join(', ') ?? '' };
          const error = new JiuzhuError('policy', [makeIssue('POLICY_NOT_IN_STORE', ['policy', 'sha256'], params)]);
          return { missing: toPlain({ status: 'error', error }) };
        } catch (error) {
          // A damaged pack (POLICY_PACK_CORRUPT), a store that cannot be read: each record of that policy says so.
          const typed = error instanceof JiuzhuError ? error : new JiuzhuError('record', [makeIssue('REPLAY_FAILED', [], { detail: String((error as Error)?.message ?? error) })]);
          return { missing: toPlain({ status: 'error', error: typed }) };
        }
      })();
      this.found.set(sha256, found);
    }
    return found;
  }
}

/**
 * The sha256 of the bytes before the first line that may be a header sealing them (a canonical header with `before`
 * starts `{"before":{"bytes":`), computed while reading: only until that line, or until the log's first header is
 * known not to seal anything (`noneNeeded`), so a log chained from its first line is not hashed twice.
 */
export class PrefixDigest {
  readonly digests = new Map<number, string>();
  private hash: ReturnType<typeof createHash> | undefined = createHash('sha256');
  /** The last bytes read but not yet hashed (fewer than the mark's length): they may hold the start of the mark. */
  private pending = Buffer.alloc(0);
  /** How many bytes were hashed. */
  private offset = 0;
  /** The byte before `pending` (a newline at the start of the log). */
  private lastByte = 0x0a;
  private static readonly MARK = Buffer.from('{"before":{"bytes":');

  update(bytes: Buffer): void {
    if (!this.hash) return;
    const mark = PrefixDigest.MARK;
    const pending = this.pending;
    // The mark across the seam with the last chunk, then within this chunk (searched in place: never copied).
    const seam = pending.length > 0 ? Buffer.concat([pending, bytes.subarray(0, mark.length - 1)]) : undefined;
    if (seam) for (let at = seam.indexOf(mark); at >= 0 && at < pending.length; at = seam.indexOf(mark, at + 1)) if (this.sealsAt(at, bytes)) return;
    for (let at = bytes.indexOf(mark); at >= 0; at = bytes.indexOf(mark, at + 1)) if (this.sealsAt(pending.length + at, bytes)) return;
    // Keep the last bytes unhashed: the mark may start there and end in the next chunk.
    const total = pending.length + bytes.length;
    const keep = Math.min(total, mark.length - 1);
    const hashed = total - keep;
    if (hashed > 0) {
      this.hash.update(pending.subarray(0, Math.min(hashed, pending.length)));
      if (hashed > pending.length) this.hash.update(bytes.subarray(0, hashed - pending.length));
      this.lastByte = hashed > pending.length ? bytes[hashed - pending.length - 1]! : pending[hashed - 1]!;
    }
    this.offset += hashed;
    this.pending = Buffer.concat([pending.subarray(Math.min(hashed, pending.length)), bytes.subarray(Math.max(0, hashed - pending.length))]);
  }

  /**
   * Whether a mark at `position` (counted from the start of `pending`, then into `bytes`) opens a line after the
   * log's first byte; if so, the bytes before it are hashed and the digest kept, and hashing stops.
   */
  private sealsAt(position: number, bytes: Buffer): boolean {
    const pending = this.pending;
    const before = position === 0 ? this.lastByte : position <= pending.length ? pending[position - 1]! : bytes[position - pending.length - 1]!;
    if (before !== 0x0a || this.offset + position === 0) return false;
    this.hash!.update(pending.subarray(0, position));
    if (position > pending.length) this.hash!.update(bytes.subarray(0, position - pending.length));
    this.digests.set(this.offset + position, this.hash!.digest('hex'));
    this.hash = undefined;
    return true;
  }

  /** The log's first header seals nothing before it (it opens the log, or has no `before`): nothing more to hash. */
  noneNeeded(): void {
    this.hash = undefined;
  }
}
