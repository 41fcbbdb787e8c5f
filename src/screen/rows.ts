import { makeIssue, type Issue } from '../errors/issue.js';
import { nearestName } from '../text/nearest.js';

/**
 * The CSV layout `jiuzhu screen` reads: a header row, then one row per household. `id`, `region` and `area` are
 * plain text; `members`, `assets`, `enrolments`, `rigidExpenditures` and `events` hold JSON (as in the household
 * JSON); an empty cell leaves the field out. Or a single `household` column holds the whole household as JSON.
 */
export const CSV_COLUMNS = ['id', 'region', 'area', 'members', 'assets', 'enrolments', 'rigidExpenditures', 'events', 'household'] as const;
const TEXT_COLUMNS = new Set(['id', 'region', 'area']);

/**
 * The longest row read, in characters. The largest valid household (50 members with 100 incomes each, every note at
 * its limit) is a few million; a longer "line" is a corrupted file (a missing newline, binary data), and holding it
 * whole would let one bad row exhaust memory. It is skipped, unread, and reported as an error row.
 */
export const MAX_ROW_CHARS = 16_000_000;

/** A batch of raw rows as read from a file, with their line numbers; parsed where it is screened (a worker). */
export type RowBatch =
  | { format: 'ndjson'; lines: number[]; rows: (string | { tooLong: number })[] }
  | { format: 'csv'; lines: number[]; rows: (string[] | { unreadable: string })[]; header: string[] };

/** A row turned into a household input, or the problems that stopped it. */
export type ParsedRow = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

/**
 * Checks a CSV header against {@link CSV_COLUMNS}; returns the problems (unknown columns, with the nearest name).
 *
 * @example
 * checkCsvHeader(['id', 'region', 'area', 'members']) // []
 */
export function checkCsvHeader(header: readonly string[]): Issue[] {
  const known: readonly string[] = CSV_COLUMNS;
  return header
    .map((column, i) => ({ column, i }))
    .filter(({ column }) => !known.includes(column))
    .map(({ column, i }) =>
      makeIssue('UNKNOWN_CSV_COLUMN', [i], { column, didYouMean: nearestName(column, CSV_COLUMNS), options: CSV_COLUMNS.join(', ') }),
    );
}

/**
 * Turns one raw row into a household input: an NDJSON line is parsed as JSON; a CSV record is assembled from its
 * columns. Syntax errors come back as issues (`INVALID_JSON` with the column, `INVALID_CSV`), never thrown.
 *
 * @example
 * parseRow({ format: 'ndjson', lines: [1], rows: ['{"id":"h1"}'] }, 0) // { ok: true, value: { id: 'h1' } }
 */
export function parseRow(batch: RowBatch, i: number): ParsedRow {
  if (batch.format === 'ndjson') {
    const row = batch.rows[i]!;
    if (typeof row !== 'string') return { ok: false, issues: [makeIssue('ROW_TOO_LONG', [], { length: row.tooLong, limit: MAX_ROW_CHARS })] };
    return parseJson(row, []);
  }
  const record = batch.rows[i]!;
  if (!Array.isArray(record)) return { ok: false, issues: [makeIssue('INVALID_CSV', [], { detail: record.unreadable })] };
  if (record.length !== batch.header.length) {
    return { ok: false, issues: [makeIssue('INVALID_CSV', [], { detail: `${record.length} cells, the header has ${batch.header.length}` })] };
  }
  const value: Record<string, unknown> = {};
  const issues: Issue[] = [];
  batch.header.forEach((column, c) => {
    const cell = record[c]!;
    if (cell === '') return;
    if (TEXT_COLUMNS.has(column)) {
      value[column] = cell;
      return;
    }
    const parsed = parseJson(cell, [column]);
    if (!parsed.ok) issues.push(...parsed.issues);
    else if (column === 'household') Object.assign(value, parsed.value);
    else value[column] = parsed.value;
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

function parseJson(text: string, path: (string | number)[]): ParsedRow {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, issues: [makeIssue('INVALID_JSON', path, { detail: (error as Error).message })] };
  }
}
