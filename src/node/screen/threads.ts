import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/** What a worker thread posts back for each task. */
export type ThreadReply<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** A fixed number of worker threads running one script, each one task at a time, tasks queued in order. */
export interface ThreadPool<T, R> {
  run(task: T, transferList?: readonly TransferListItem[]): Promise<R>;
  /** Ends every thread; tasks queued or in flight are rejected. */
  destroy(): Promise<void>;
}

interface Job<T, R> {
  task: T;
  transferList: readonly TransferListItem[] | undefined;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Starts `threads` worker threads on `script` (which answers each message with a {@link ThreadReply}). Written here
 * rather than taken from piscina, which starts its own helper script by its path on disk: a bundled handler has
 * no such file, so screening on threads could not be bundled. A thread that dies (out of its memory limit) fails
 * its task and is replaced.
 *
 * @example
 * const pool = threadPool<Task, Result>({ script: '/app/screen-worker.cjs', threads: 2, workerData: { asOf } });
 * const result = await pool.run(task);
 * await pool.destroy();
 */
export function threadPool<T, R>(options: { script: string; threads: number; workerData: unknown; resourceLimits?: ResourceLimits }): ThreadPool<T, R> {
  const queue: Job<T, R>[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job<T, R>>();
  const all = new Set<Worker>();
  let destroyed = false;

  const finish = (worker: Worker, settle: (job: Job<T, R>) => void) => {
    const job = busy.get(worker);
    busy.delete(worker);
    if (job) settle(job);
  };
  const start = () => {
    const worker = new Worker(options.script, { workerData: options.workerData, resourceLimits: options.resourceLimits });
    all.add(worker);
    worker.on('message', (reply: ThreadReply<R>) => {
      finish(worker, (job) => (reply.ok ? job.resolve(reply.value) : job.reject(reply.error)));
      worker.unref(); // an idle thread does not keep the process alive
      idle.push(worker);
      next();
    });
    worker.on('error', (error) => finish(worker, (job) => job.reject(error)));
    worker.on('exit', () => {
      all.delete(worker);
      finish(worker, (job) => job.reject(new Error('a screening worker thread stopped')));
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      if (!destroyed) {
        start();
        next();
      }
    });
    worker.unref();
    idle.push(worker);
  };
  const next = () => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop()!;
      const job = queue.shift()!;
      try {
        // A task that cannot be copied (a function in it) throws here, at once: it fails alone, the thread stays.
        worker.postMessage(job.task, job.transferList);
      } catch (error) {
        idle.push(worker);
        job.reject(error);
        continue;
      }
      worker.ref();
      busy.set(worker, job);
    }
  };
  for (let i = 0; i < options.threads; i++) start();

  return {
    run: (task, transferList) =>
      new Promise<R>((resolve, reject) => {
        if (destroyed) return reject(new Error('the screening threads were closed'));
        queue.push({ task, transferList, resolve, reject });
        next();
      }),
    destroy: async () => {
      destroyed = true;
      const closed = new Error('the screening threads were closed');
      for (const job of queue.splice(0)) job.reject(closed);
      for (const job of busy.values()) job.reject(closed);
      busy.clear();
      await Promise.all([...all].map((worker) => worker.terminate()));
    },
  };
}
