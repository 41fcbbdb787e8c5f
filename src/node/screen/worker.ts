// The worker thread of screening, of compare and of log replay: for screening, rebuilds the policy from its document
// once, then screens the batches it is sent (or, for compare, decides them under two policies); for a log, checks the
// batches of lines it is sent, with the policies sent along.
import { parentPort, workerData } from 'node:worker_threads';
import { useSha256Implementation } from '../../core/audit/canonical.js';
import { nodeSha256Hex } from '../audit/sha256.js';
import { checkLogBatch, type LogTask } from '../audit/batch.js';
import { loadPolicy } from '../../core/policy/load.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { runScreenTask, type WorkerTask } from './task.js';
import type { ThreadReply } from './threads.js';

// `against`: comparing two policies (`compare`), each household is decided under both.
const { document, asOf, against } = workerData as { document: PolicyDocument; asOf: string; against?: PolicyDocument };
// A worker thread never imports jiuzhu/node's index, which gives the core Node's SHA-256: the decision ids and input
// hashes a replay computes would take the portable one, several times slower (the same digests).
useSha256Implementation(nodeSha256Hex);
let policy: Promise<Policy> | undefined;
let againstPolicy: Promise<Policy> | undefined;
/** A log's policies, by sha256, as they were sent. */
const logPolicies = new Map<string, Promise<Policy>>();

/**
 * Runs one task: a batch of raw rows (NDJSON bytes out) or of household objects (outcomes out).
 *
 * @example
 * await run({ kind: 'values', values: [household], first: 0 }) // [{ ok: true, index: 0, … }]
 */
export async function run(task: WorkerTask | LogTask) {
  if (task.kind === 'log') return checkLogBatch(task, logPolicies);
  policy ??= loadPolicy({ document });
  const compiled = await policy;
  if (against) againstPolicy ??= loadPolicy({ document: against });
  return runScreenTask(compiled, asOf, task, againstPolicy && (await againstPolicy));
}

parentPort?.on('message', (task: WorkerTask | LogTask) => {
  run(task).then(
    // A batch's result bytes are handed over, not copied: the main thread writes them, then hands the buffer back.
    (value) => parentPort!.postMessage({ ok: true, value } satisfies ThreadReply<unknown>, 'results' in value ? [value.results.buffer as ArrayBuffer] : []),
    (error: unknown) => parentPort!.postMessage({ ok: false, error } satisfies ThreadReply<unknown>),
  );
});
