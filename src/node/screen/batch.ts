import type { ChangeTally } from '../../core/compare/totals.js';
import { formatJsonPath } from '../../core/errors/issue.js';
import type { Policy } from '../../core/policy/types.js';
import { screenHousehold, type ScreenOutcome, type ScreenRowError } from '../../core/screen/household.js';
import { countUnknownEnrolments, tallyFindings, type FindingsTally, type UnknownEnrolmentsTally } from '../../core/screen/findings.js';
import { parseRow, splitCsv, splitNdjson, type RowBatch } from './rows.js';

/** A batch screened into NDJSON text: result lines and error lines, each ending in a newline. */
export interface NdjsonBatch {
  results: string;
  errors: string;
  resultCount: number;
  errorCount: number;
  /** Households found per program in this batch. */
  findings: FindingsTally;
  /** Households per enrolment program the policy does not have. */
  unknownEnrolments: UnknownEnrolmentsTally;
  /** A comparison of two policies (`compare`): the batch's totals; the result lines are the households that changed. */
  changes?: ChangeTally;
}

/**
 * Screens a batch of raw rows (NDJSON lines or CSV records) into NDJSON text. One result line per good row, one
 * error line per bad row, both carrying the row's line number, so that rows in = results out + errors out.
 *
 * @example
 * screenRowBatch(policy, '2023-06-01', { format: 'ndjson', lines: [1], rows: ['{"id":'] }).errorCount // 1
 */
export function screenRowBatch(policy: Policy, asOf: string, given: RowBatch): NdjsonBatch {
  const batch = given.format === 'ndjson-text' ? splitNdjson(given) : given.format === 'csv-text' ? splitCsv(given) : given;
  const out: NdjsonBatch = { results: '', errors: '', resultCount: 0, errorCount: 0, findings: {}, unknownEnrolments: {} };
  for (let i = 0; i < batch.rows.length; i++) {
    const line = batch.lines[i]!;
    const row = parseRow(batch, i);
    const outcome: ScreenOutcome = row.ok ? screenHousehold(policy, row.value, asOf, i) : { ok: false, index: i, issues: row.issues };
    if (outcome.ok) {
      const { programs, missed, review, warn, unknownEnrolments, adjust, reviewDue, deceased } = outcome;
      // Dynamic management's findings come last: readers of the columns before them find them where they were.
      const row = { line, id: outcome.householdId, programs, missed, review, warn, ...(unknownEnrolments ? { unknownEnrolments } : {}), adjust, reviewDue, deceased };
      out.results += `${JSON.stringify(row)}\n`;
      out.resultCount++;
      tallyFindings(out.findings, outcome);
      if (unknownEnrolments) countUnknownEnrolments(out.unknownEnrolments, unknownEnrolments);
    } else {
      out.errors += `${errorLine(outcome, line)}\n`;
      out.errorCount++;
    }
  }
  return out;
}

/**
 * An error row as NDJSON: the line number, the household id if any, and each problem with its code, JSON path and
 * message in Chinese and English.
 *
 * @example
 * errorLine({ ok: false, index: 0, issues: [makeIssue('REQUIRED', ['id'])] }, 7)
 * // '{"line":7,"problems":[{"code":"REQUIRED","path":"$.id","message":{"zh":"缺少必填项","en":"required field is missing"}}]}'
 */
export function errorLine(error: ScreenRowError, line: number): string {
  return JSON.stringify({
    line,
    ...(error.householdId !== undefined ? { id: error.householdId } : {}),
    problems: error.issues.map((issue) => ({ code: issue.code, path: formatJsonPath(issue.path), message: issue.message })),
  });
}

/**
 * Screens a batch of household inputs (already objects), numbering them from `first`.
 *
 * @example
 * screenValueBatch(policy, '2023-06-01', [household], 0)[0]!.ok // true
 */
export function screenValueBatch(policy: Policy, asOf: string, values: readonly unknown[], first: number): ScreenOutcome[] {
  return values.map((value, i) => screenHousehold(policy, value, asOf, first + i));
}
