import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../../core/policy/types.js';
import { screenRowBatch, screenValueBatch, type NdjsonBatch } from './batch.js';
import type { ScreenOutcome } from '../../core/screen/household.js';
import type { HouseholdChangeOutcome } from '../../core/compare/household.js';
import { compareRowBatch, compareValueBatch } from '../compare/batch.js';
import type { RowBatch } from './rows.js';
import type { ThreadPool } from './threads.js';

/** What a screening worker is asked to do: a batch of raw rows, or of household objects numbered from `first`. */
export type WorkerTask = { kind: 'rows'; batch: RowBatch } | { kind: 'values'; values: unknown[]; first: number };
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
  close(): Promise<void>;
}

/**
 * Creates a screener for a policy and date. With `workers` > 0, a pool of worker threads each rebuilds the
 * policy from `policy.document` once; tasks are batches, so one message carries hundreds of households. With
 * `against`, every household is decided under `policy` and under `against` instead (`compare`): the same pipeline,
 * another job for each row.
 *
 * @example
 * const screener = createScreener(policy, '2023-06-01', 2);
 * const outcomes = await screener.run({ kind: 'values', values: households, first: 0 });
 * await screener.close();
 */
export function createScreener(policy: Policy, asOf: string, workers: number): Screener;
export function createScreener(policy: Policy, asOf: string, workers: number, against: Policy): Screener<HouseholdChangeOutcome>;
export function createScreener(policy: Policy, asOf: string, workers: number, against?: Policy): Screener<ScreenOutcome | HouseholdChangeOutcome> {
  const rowJob = (batch: RowBatch) => (against ? compareRowBatch(policy, against, asOf, batch) : screenRowBatch(policy, asOf, batch));
  const valueJob = (values: unknown[], first: number) =>
    against ? compareValueBatch(policy, against, asOf, values, first) : screenValueBatch(policy, asOf, values, first);
  if (workers <= 0) {
    return {
      inFlight: 1,
      run: async (task) => (task.kind === 'rows' ? rowJob(task.batch) : valueJob(task.values, task.first)) as never,
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
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
  };
  let closing = false;
  return {
    inFlight: workers * 2,
    run: async (task) => {
      if (task.kind === 'rows') {
        // The bytes of an NDJSON batch are handed over, not copied: the reader has no further use for them.
        return (await (pool ??= startPool())).run(task, task.batch.format === 'ndjson-text' ? [task.batch.text.buffer as ArrayBuffer] : undefined) as never;
      }
      const started = await (pool ??= startPool());
      try {
        return (await started.run(task)) as never;
      } catch (error) {
        // Closing ends the tasks in flight: the caller has stopped and wants none of them.
        if (closing) throw error;
        // A household that cannot be copied to a worker (a function or symbol in it, a Proxy, a getter that throws)
        // would fail its whole batch: that batch is screened here instead, where each bad row is an error in its
        // place, as with no workers. A real failure in screening fails here again, and is thrown.
        return valueJob(task.values, task.first) as never;
      }
    },
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
