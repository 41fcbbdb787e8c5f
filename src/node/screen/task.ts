import type { HouseholdChangeOutcome } from '../../core/compare/household.js';
import type { Policy } from '../../core/policy/types.js';
import type { ScreenOutcome } from '../../core/screen/household.js';
import { compareRowBatch, compareValueBatch } from '../compare/batch.js';
import { screenRowBatch, screenValueBatch } from './batch.js';
import type { NdjsonBatch } from './batchOutput.js';
import type { RowBatch } from './rows.js';

/**
 * What a screening worker is asked to do: a batch of raw rows (its result lines written into `spare` when given),
 * or of household objects numbered from `first`. `progress` follows the row being screened.
 */
export type WorkerTask =
  | { kind: 'rows'; batch: RowBatch; progress?: Float64Array; spare?: ArrayBuffer }
  | { kind: 'values'; values: unknown[]; first: number; progress?: Float64Array };

/**
 * Runs one screening task on the thread it is called on — a worker's, or the caller's when there are no workers:
 * its rows or households screened under `policy`, or, with `against` (`compare`), decided under both policies.
 *
 * @example
 * runScreenTask(policy, '2023-06-01', { kind: 'values', values: [household], first: 0 }) // [{ ok: true, index: 0, … }]
 */
export function runScreenTask(
  policy: Policy,
  asOf: string,
  task: WorkerTask,
  against?: Policy,
): NdjsonBatch | ScreenOutcome[] | HouseholdChangeOutcome[] {
  if (task.kind === 'rows') {
    return against
      ? compareRowBatch(policy, against, asOf, task.batch, task.progress, task.spare)
      : screenRowBatch(policy, asOf, task.batch, task.progress, task.spare);
  }
  return against
    ? compareValueBatch(policy, against, asOf, task.values, task.first, task.progress)
    : screenValueBatch(policy, asOf, task.values, task.first, task.progress);
}
