import { compareHousehold, type HouseholdChange, type HouseholdChangeOutcome } from '../../core/compare/household.js';
import { createChangeTally, tallyChange } from '../../core/compare/totals.js';
import { programInfos } from '../../core/compare/report.js';
import type { Policy } from '../../core/policy/types.js';
import { errorLine, type NdjsonBatch } from '../screen/batch.js';
import { parseRow, splitCsv, splitNdjson, type RowBatch } from '../screen/rows.js';

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
 * compared (or outside a policy's region) + errors out. The screening pipeline runs it on its worker threads.
 *
 * @example
 * compareRowBatch(today, raised, '2026-07-01', { format: 'ndjson', lines: [1], rows: [line] }).changes?.overall.households // 1
 */
export function compareRowBatch(before: Policy, after: Policy, asOf: string, given: RowBatch): NdjsonBatch {
  const batch = given.format === 'ndjson-text' ? splitNdjson(given) : given.format === 'csv-text' ? splitCsv(given) : given;
  const changes = createChangeTally(programInfos(before, after));
  const out: NdjsonBatch = { results: '', errors: '', resultCount: 0, errorCount: 0, findings: {}, unknownEnrolments: {}, changes };
  for (let i = 0; i < batch.rows.length; i++) {
    const line = batch.lines[i]!;
    const row = parseRow(batch, i);
    const outcome: HouseholdChangeOutcome = row.ok ? compareHousehold(before, after, row.value, asOf, i) : { ok: false, index: i, issues: row.issues };
    if (!outcome.ok) {
      out.errors += `${errorLine(outcome, line)}\n`;
      out.errorCount++;
      changes.errors++;
      continue;
    }
    out.resultCount++;
    if (tallyChange(changes, outcome)) {
      const { householdId: id, region, before: a, after: b } = outcome;
      out.results += `${JSON.stringify({ line, id, region, before: a, after: b } satisfies ChangeLine)}\n`;
    }
  }
  return out;
}

/**
 * Compares a batch of household objects under two policies, numbering them from `first`.
 *
 * @example
 * compareValueBatch(today, raised, '2026-07-01', [household], 0)[0]!.ok // true
 */
export function compareValueBatch(before: Policy, after: Policy, asOf: string, values: readonly unknown[], first: number): HouseholdChangeOutcome[] {
  return values.map((value, i) => compareHousehold(before, after, value, asOf, first + i));
}
