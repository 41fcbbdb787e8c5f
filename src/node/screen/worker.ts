// The worker thread of screening: rebuilds the policy from its document once, then screens the batches it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPolicy } from '../../core/policy/load.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { screenRowBatch, screenValueBatch } from './batch.js';
import type { WorkerTask } from './pool.js';
import type { ThreadReply } from './threads.js';

const { document, asOf } = workerData as { document: PolicyDocument; asOf: string };
let policy: Promise<Policy> | undefined;

/**
 * Runs one task: a batch of raw rows (NDJSON text out) or of household objects (outcomes out).
 *
 * @example
 * await run({ kind: 'values', values: [household], first: 0 }) // [{ ok: true, index: 0, … }]
 */
export async function run(task: WorkerTask) {
  policy ??= loadPolicy({ document });
  const compiled = await policy;
  return task.kind === 'rows' ? screenRowBatch(compiled, asOf, task.batch) : screenValueBatch(compiled, asOf, task.values, task.first);
}

parentPort?.on('message', (task: WorkerTask) => {
  run(task).then(
    (value) => parentPort!.postMessage({ ok: true, value } satisfies ThreadReply<unknown>),
    (error: unknown) => parentPort!.postMessage({ ok: false, error } satisfies ThreadReply<unknown>),
  );
});
