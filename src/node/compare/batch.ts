import { compareHousehold, type HouseholdChange, type HouseholdChangeOutcome } from '../../core/compare/household.js';
import { createChangeTally, tallyChange, type ChangeTally } from '../../core/compare/totals.js';
import { programInfos } from '../../core/compare/report.js';
import type { Policy } from '../../core/policy/types.js';
import type { ScreenRowError } from '../../core/screen/household.js';
import { runRowBatch, runValueBatch } from '../screen/batch.js';
import { BatchOutput, type NdjsonBatch } from '../screen/batchOutput.js';
import type { RowBatch } from '../screen/rows.js';

/** A household whose decision changed, as a line of `compare --out`: its line, id, region and both sides' programs. */
export interface ChangeLine {
  line: number;
  id: string;
  region: string;
  before: HouseholdChange['before'];
  after: HouseholdChange['after'];
}

/**
 * Compares a batch of raw rows (NDJSON lines or CSV records) under two policies: the batch's totals, one line per
 * household whose decision changed, one error line per bad row (with its line number), so that rows in = households
 * compared (or outside a policy's region) + errors out. The screening pipeline runs it on its worker threads, with
 * screening's reading, `progress` and reused result buffers (`spare`).
 *
 * @example
 * compareRowBatch(today, raised, '2026-07-01', { format: 'ndjson', lines: [1], rows: [line] }).changes?.overall.households // 1
 */
export function compareRowBatch(before: Policy, after: Policy, asOf: string, given: RowBatch, progress?: Float64Array, spare?: ArrayBuffer): NdjsonBatch {
  const output = new ChangeOutput(createChangeTally(programInfos(before, after)), spare);
  runRowBatch({ decide: (value, index) => compareHousehold(before, after, value, asOf, index), add: (outcome, line) => output.addChange(outcome, line) }, given, progress);
  return output.finish();
}

/**
 * Compares a batch of household objects under two policies, numbering them from `first`; `progress` follows the one
 * being compared.
 *
 * @example
 * compareValueBatch(today, raised, '2026-07-01', [household], 0)[0]!.ok // true
 */
export function compareValueBatch(
  before: Policy,
  after: Policy,
  asOf: string,
  values: readonly unknown[],
  first: number,
  progress?: Float64Array,
): HouseholdChangeOutcome[] {
  return runValueBatch((value, index) => compareHousehold(before, after, value, asOf, index), values, first, progress);
}

/** A batch's output when comparing: its totals, and a line for each household whose decision changed. */
class ChangeOutput extends BatchOutput {
  constructor(changes: ChangeTally, spare?: ArrayBuffer) {
    super(spare);
    this.batch.changes = changes;
  }

  addChange(outcome: HouseholdChangeOutcome | ScreenRowError, line: number): void {
    if (!outcome.ok) {
      // Counted by the pipeline with every other error row (a row that ran a worker out of memory comes from no job).
      this.addError(outcome, line);
      return;
    }
    this.batch.resultCount++;
    if (tallyChange(this.batch.changes!, outcome)) {
      const { householdId: id, region, before, after } = outcome;
      this.write(`${JSON.stringify({ line, id, region, before, after } satisfies ChangeLine)}\n`);
    }
  }
}
