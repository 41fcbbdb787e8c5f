import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../../core/policy/types.js';
import type { NdjsonBatch } from './batchOutput.js';
import type { ScreenOutcome } from '../../core/screen/household.js';
import type { HouseholdChangeOutcome } from '../../core/compare/household.js';
import { diedOfMemory, outOfMemoryBatch, outOfMemoryOutcome, screenAroundRow, valuesAround } from './outOfMemory.js';
import { rowAt, rowProgress } from './rowProgress.js';
import type { RowBatch } from './rows.js';
import { runScreenTask, type WorkerTask } from './task.js';
import type { ThreadPool } from './threads.js';

export type { WorkerTask } from './task.js';
type TaskResult<T extends WorkerTask, V> = T extends { kind: 'rows' } ? NdjsonBatch : V[];

/** The old-generation heap of each screening worker: about three times what one was measured to need. */
const WORKER_HEAP_MB = 160;

/**
 * Runs screening tasks on worker threads, or on the calling thread when `workers` is 0. `V` is what a household
 * object comes out as: its screening, or (comparing two policies) its decision under both.
 */
export interface Screener<V = ScreenOutcome> {
  run<T extends WorkerTask>(task: T): Promise<TaskResult<T, V>>;
  /** How many tasks may be in flight at once: enough to keep every worker busy, few enough to bound memory. */
  readonly inFlight: number;
  /**
   * Hands back the buffer of a batch's result lines once they are written, for a later batch to write into: a long
   * run then reuses a few buffers instead of taking fresh memory for every batch.
   */
  reuse(results: Uint8Array): void;
  close(): Promise<void>;
}

/** What else a screener may be asked: to decide every household under `against` too (`compare`); a lower `heapMb`. */
export interface ScreenerOptions {
  against?: Policy;
  /** Each worker's old-generation cap (lower only in tests, so that a worker runs out of it quickly). */
  heapMb?: number;
}

/**
 * Creates a screener for a policy and date. With `workers` > 0, a pool of worker threads each rebuilds the
 * policy from `policy.document` once; tasks are batches, so one message carries hundreds of households. A worker
 * that dies of its memory limit on one row (millions of small objects in it) costs that row only: the batch is
 * screened again around it, and the row alone, once more, is an error row if it fails again (`ROW_OUT_OF_MEMORY`).
 * With `against`, every household is decided under `policy` and under `against` instead (`compare`): the same
 * pipeline, another job for each row.
 *
 * @example
 * const screener = createScreener(policy, '2023-06-01', 2);
 * const outcomes = await screener.run({ kind: 'values', values: households, first: 0 });
 * await screener.close();
 */
export function createScreener(policy: Policy, asOf: string, workers: number, options?: ScreenerOptions & { against?: undefined }): Screener;
export function createScreener(policy: Policy, asOf: string, workers: number, options: ScreenerOptions & { against: Policy }): Screener<HouseholdChangeOutcome>;
export function createScreener(policy: Policy, asOf: string, workers: number, options?: ScreenerOptions): Screener<ScreenOutcome | HouseholdChangeOutcome>;
export function createScreener(policy: Policy, asOf: string, workers: number, options: ScreenerOptions = {}): Screener<ScreenOutcome | HouseholdChangeOutcome> {
  const { against, heapMb = WORKER_HEAP_MB } = options;
  /** Result buffers written out and handed back; at most a few more than the batches in flight. */
  const spares: ArrayBuffer[] = [];
  const inFlight = workers <= 0 ? 1 : workers * 2;
  const reuse = (results: Uint8Array) => {
    if (spares.length <= inFlight && results.buffer instanceof ArrayBuffer && results.buffer.byteLength > 0) spares.push(results.buffer);
  };
  if (workers <= 0) {
    return {
      inFlight,
      reuse,
      run: async (task) => runScreenTask(policy, asOf, task.kind === 'rows' ? { kind: 'rows', batch: task.batch, spare: spares.pop() } : task, against) as never,
      close: async () => {},
    };
  }
  // The threads start with the first task, not with jiuzhu/node: a program that never screens on threads pays nothing.
  let pool: Promise<ThreadPool<WorkerTask, unknown>> | undefined;
  const startPool = async () => {
    const { threadPool } = await import('./threads.js');
    return threadPool<WorkerTask, unknown>({
      script: workerScript(),
      threads: workers,
      workerData: { document: policy.document, asOf, ...(against ? { against: against.document } : {}) },
      // V8 lets an idle-looking heap grow towards its default limit (gigabytes here) before collecting hard, which
      // made peak RSS creep up with the input size. A worker holds one policy and a few batches; capping its old
      // generation keeps memory flat however long the run (a worker measured fine in 48 MB).
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  };
  let closing = false;
  /** Runs a batch of rows; `alone` when it is one row that has already run a worker out of memory once. */
  const runRows = async (batch: RowBatch, alone: boolean): Promise<NdjsonBatch> => {
    const progress = rowProgress();
    const spare = spares.pop();
    try {
      return (await (await (pool ??= startPool())).run({ kind: 'rows', batch, progress, spare }, spare ? [spare] : undefined)) as NdjsonBatch;
    } catch (error) {
      const at = rowAt(progress);
      // Closing ends the tasks in flight; a worker that died before its first row did not die of a row.
      if (closing || !diedOfMemory(error) || !at) throw error;
      return alone ? outOfMemoryBatch(at, heapMb) : screenAroundRow(batch, at, runRows);
    }
  };
  const runValues = async (values: unknown[], first: number, alone: boolean): Promise<(ScreenOutcome | HouseholdChangeOutcome)[]> => {
    const progress = rowProgress();
    const started = await (pool ??= startPool());
    try {
      return (await started.run({ kind: 'values', values, first, progress })) as (ScreenOutcome | HouseholdChangeOutcome)[];
    } catch (error) {
      // Closing ends the tasks in flight: the caller has stopped and wants none of them.
      if (closing) throw error;
      const at = rowAt(progress);
      if (diedOfMemory(error) && at) {
        if (alone) return [outOfMemoryOutcome(first, heapMb)];
        const parts = await Promise.all(valuesAround(values, first, at.index).map((part, i) => part && runValues(part.values, part.first, i === 1)));
        return parts.flatMap((part) => part ?? []);
      }
      // A household that cannot be copied to a worker (a function or symbol in it, a Proxy, a getter that throws)
      // would fail its whole batch: that batch is screened here instead, where each bad row is an error in its
      // place, as with no workers. A real failure in screening fails here again, and is thrown.
      return runScreenTask(policy, asOf, { kind: 'values', values, first }, against) as (ScreenOutcome | HouseholdChangeOutcome)[];
    }
  };
  return {
    inFlight,
    reuse,
    run: async (task) => (task.kind === 'rows' ? runRows(task.batch, false) : runValues(task.values, task.first, false)) as never,
    close: async () => {
      closing = true;
      if (pool) await (await pool).destroy();
    },
  };
}

/**
 * The worker script beside this module: in dist/ once built or installed, beside a bundle that bundled
 * `jiuzhu/screen-worker` as `screen-worker.cjs` next to itself, or the package's dist/ when running from src/ (tests).
 * Screening and log replay share it.
 *
 * @example
 * threadPool({ script: workerScript(), threads: 2, workerData: {} })
 */
export function workerScript(): string {
  for (const candidate of ['./screen-worker.cjs', '../../../dist/screen-worker.cjs']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(
    `the screening worker script screen-worker.cjs is not beside ${fileURLToPath(new URL('.', import.meta.url))}: build the package (npm run build), or, in a bundle, bundle jiuzhu/screen-worker as screen-worker.cjs beside it`,
  );
}

/**
 * Runs `run` over the items of `source` with at most `limit` in flight, yielding the results in the order of the
 * items. The source is read only as results are taken, so a fast reader cannot run ahead and fill memory; and the
 * oldest result is yielded as soon as it is ready, also while the source is slow to give its next item (a pipe, a
 * database cursor), not held until more input comes.
 *
 * @example
 * for await (const r of inOrder([1, 2, 3], async (x) => x * 2, 2)) console.log(r) // 2, 4, 6
 */
export async function* inOrder<T, R>(source: AsyncIterable<T> | Iterable<T>, run: (item: T) => Promise<R>, limit: number): AsyncGenerator<R> {
  const iterator: { next(): Promise<IteratorResult<T>> | IteratorResult<T>; return?(): unknown } =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const pending: Promise<R>[] = [];
  let next: Promise<IteratorResult<T>> | undefined;
  let exhausted = false;
  try {
    while (!exhausted || pending.length > 0) {
      if (exhausted || pending.length >= limit) {
        yield await pending.shift()!;
        continue;
      }
      next ??= Promise.resolve(iterator.next());
      const oldest = pending[0];
      const ready =
        oldest === undefined
          ? 'item'
          : await Promise.race([next.then(() => 'item' as const, () => 'item' as const), oldest.then(() => 'result' as const, () => 'result' as const)]);
      if (ready === 'result') {
        yield await pending.shift()!;
        continue;
      }
      let item: IteratorResult<T>;
      try {
        item = await next;
      } catch (error) {
        // The source failed: what it gave before is finished and yielded first, in order; then its error.
        exhausted = true;
        while (pending.length > 0) yield await pending.shift()!;
        throw error;
      }
      next = undefined;
      if (item.done) {
        exhausted = true;
        continue;
      }
      const promise = run(item.value);
      promise.catch(() => {}); // awaited in order above; this only keeps a later failure from being "unhandled" meanwhile
      pending.push(promise);
    }
  } finally {
    // Stopped early (an error, or the consumer left): let the source close, without waiting on a read in progress.
    if (!exhausted) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

/**
 * Groups the items of an iterable into arrays of `size`.
 *
 * @example
 * for await (const b of chunked([1, 2, 3], 2)) console.log(b) // [1, 2], [3]
 */
export async function* chunked<T>(source: AsyncIterable<T> | Iterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for await (const item of source) {
      batch.push(item);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    // The source failed part-way: the items it gave are still a batch, ahead of its error.
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}
