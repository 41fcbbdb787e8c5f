import { jsonSyntaxIssue } from '../../core/text/jsonSyntax.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { makeIssue, type Issue } from '../../core/errors/issue.js';
import { nearestName } from '../../core/text/nearest.js';
import { UTF8_BOM } from '../text/utf8File.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, isJsonSpace } from '../../core/text/jsonChars.js';

/**
 * The CSV layout `jiuzhu screen` reads: a header row, then one row per household. `id`, `region` and `area` are
 * plain text; `members`, `assets`, `enrolments`, `rigidExpenditures`, `events` and `incomeUnstable` hold JSON (as in
 * the household JSON: `true` or `false` for the last); an empty cell leaves the field out. Or a single `household`
 * column holds the whole household as JSON.
 */
export const CSV_COLUMNS = ['id', 'region', 'area', 'members', 'assets', 'enrolments', 'rigidExpenditures', 'events', 'incomeUnstable', 'household'] as const;
const TEXT_COLUMNS = new Set(['id', 'region', 'area']);

/**
 * The longest row read, in bytes. The largest valid household (50 members with 100 incomes each, every note at its
 * limit in Chinese) is a few million; a longer "line" is a corrupted file (a missing newline, binary data), and
 * holding it whole would let one bad row exhaust memory. It is skipped, unread, and reported as an error row.
 */
export const MAX_ROW_BYTES = 16_000_000;

/**
 * The most JSON values a row may hold. The largest valid household has some sixty thousand (50 members with 100
 * incomes and 30 supporters each, 500 expenditures …); a row of millions of small objects (`[{},{},…]`, 15 MB of
 * them is five million) would take hundreds of megabytes once parsed, more than a screening worker may use — and
 * JSON.parse cannot be interrupted, so a worker out of memory inside it takes the whole process down. Such a row is
 * an error row, never parsed. A million values parse into at most some 75 MB.
 */
export const MAX_ROW_VALUES = 1_000_000;

/**
 * A batch of raw rows as read from a file, with their line numbers; parsed where it is screened (a worker). NDJSON
 * comes as a byte range of whole lines in a file the worker reads itself (`ndjson-range`), as the bytes of whole
 * lines (`ndjson-text`, from a stream; a copy goes to the worker), both numbered from `firstLine` — or as
 * rows already split (`ndjson`: an over-long line stands alone that way). CSV comes as the text of each record
 * (`csv-text`, see `CsvRecordReader`: the worker splits the cells) or as cells; a record that could not be read
 * comes as its problem.
 */
export type RowBatch =
  | { format: 'ndjson-range'; fd: number; start: number; end: number; firstLine: number }
  | { format: 'ndjson-text'; firstLine: number; text: Uint8Array }
  | { format: 'ndjson'; lines: number[]; rows: (string | { tooLong: number } | { problem: Issue })[] }
  | { format: 'csv-text'; lines: number[]; rows: (string | { problem: Issue })[]; header: string[] }
  | { format: 'csv'; lines: number[]; rows: (string[] | { problem: Issue })[]; header: string[] };

/**
 * Decodes `ndjson-text` batches strictly: bytes that are not UTF-8 make their line an error instead of a silent
 * replacement character. A byte-order mark is dropped only at the very start of the file (see splitNdjson), as
 * evaluate and CSV drop it; one in the middle of a batch is a character like any other.
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/**
 * Splits the whole lines of an `ndjson-text` batch into rows with their line numbers. Blank lines are not rows; a
 * line ending in CR LF loses its CR; a line that is not UTF-8 is an error row (`ROW_NOT_UTF8`); a byte-order mark
 * opening the file is dropped.
 *
 * @example
 * splitNdjson({ format: 'ndjson-text', firstLine: 7, text: new TextEncoder().encode('{"id":"a"}\n\n{"id":"b"}\n') })
 * // { format: 'ndjson', lines: [7, 9], rows: ['{"id":"a"}', '{"id":"b"}'] }
 */
export function splitNdjson(batch: { firstLine: number; text: Uint8Array }): RowBatch & { format: 'ndjson' } {
  const atStart = batch.firstLine === 1 && UTF8_BOM.every((byte, i) => batch.text[i] === byte);
  const parts = decodeLines(atStart ? batch.text.subarray(UTF8_BOM.length) : batch.text);
  if (parts[parts.length - 1] === '') parts.pop();
  const out: RowBatch & { format: 'ndjson' } = { format: 'ndjson', lines: [], rows: [] };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === NOT_UTF8) {
      out.rows.push({ problem: makeIssue('ROW_NOT_UTF8', []) });
      out.lines.push(batch.firstLine + i);
      continue;
    }
    const row = part.endsWith('\r') ? part.slice(0, -1) : part;
    if (row.trim() === '') continue;
    out.rows.push(row);
    out.lines.push(batch.firstLine + i);
  }
  return out;
}

/**
 * How csv-parse reads the records found by `CsvRecordReader`: one record a line, ended by LF (a CR in a cell, outside
 * quotes, stays in the cell rather than ending a record wherever csv-parse would guess it does).
 */
const CELLS = { relax_column_count: true, record_delimiter: '\n' } as const;

/**
 * Splits the cells of a `csv-text` batch's records, all in one call to csv-parse (much faster than one call a
 * record); if csv-parse rejects one of them, each is split on its own, so that only that one becomes an error.
 *
 * @example
 * splitCsv({ format: 'csv-text', lines: [2], rows: ['h1,440100'], header: ['id', 'region'] }).rows // [['h1', '440100']]
 */
export function splitCsv(batch: RowBatch & { format: 'csv-text' }): RowBatch & { format: 'csv' } {
  const texts = batch.rows.filter((row): row is string => typeof row === 'string');
  let together: string[][] | undefined;
  try {
    together = parseCsv(texts.join('\n'), CELLS) as string[][];
    if (together.length !== texts.length) together = undefined;
  } catch {
    together = undefined;
  }
  let next = 0;
  const rows = batch.rows.map((row, i) => {
    if (typeof row !== 'string') return row;
    if (together) return together[next++]!;
    const cells = readCells(row, batch.lines[i]!);
    return typeof cells === 'string' ? { problem: makeIssue('INVALID_CSV', [], { detail: cells }) } : cells;
  });
  return { format: 'csv', lines: batch.lines, rows, header: batch.header };
}

const NOT_UTF8 = Symbol('not UTF-8');

/**
 * The lines of a batch, each decoded on its own: a line that is not UTF-8 is marked, the others are read. (A newline
 * byte never occurs inside a UTF-8 sequence, so this splits as decoding the whole batch and splitting would. It is
 * also about ten times faster: one string of a whole batch is a large fresh allocation, and JSON.parse reads slices
 * of it more slowly than strings of their own.)
 */
function decodeLines(bytes: Uint8Array): (string | typeof NOT_UTF8)[] {
  const lines: (string | typeof NOT_UTF8)[] = [];
  for (let from = 0; from <= bytes.length; ) {
    const newline = bytes.indexOf(10, from);
    const end = newline < 0 ? bytes.length : newline;
    try {
      lines.push(utf8.decode(bytes.subarray(from, end)));
    } catch {
      lines.push(NOT_UTF8);
    }
    from = end + 1;
  }
  return lines;
}

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
  const issues: Issue[] = [];
  const seen = new Set<string>();
  header.forEach((column, i) => {
    if (!known.includes(column)) {
      issues.push(makeIssue('UNKNOWN_CSV_COLUMN', [i], { column, didYouMean: nearestName(column, CSV_COLUMNS), options: CSV_COLUMNS.join(', ') }));
    } else if (seen.has(column)) {
      issues.push(makeIssue('DUPLICATE_CSV_COLUMN', [i], { column })); // which one would count? neither, silently
    }
    seen.add(column);
  });
  // The whole household in one cell, or in columns: both at once would say one field twice.
  if (seen.has('household') && header.length > 1) issues.push(makeIssue('CSV_HOUSEHOLD_NOT_ALONE', [header.indexOf('household')]));
  return issues;
}

/**
 * Turns one raw row into a household input: an NDJSON line is parsed as JSON; a CSV record is assembled from its
 * columns. Syntax errors come back as issues (`INVALID_JSON` with the column, `INVALID_CSV`), never thrown.
 *
 * @example
 * parseRow({ format: 'ndjson', lines: [1], rows: ['{"id":"h1"}'] }, 0) // { ok: true, value: { id: 'h1' } }
 */
export function parseRow(batch: Extract<RowBatch, { format: 'ndjson' | 'csv' }>, i: number): ParsedRow {
  if (batch.format === 'ndjson') {
    const row = batch.rows[i]!;
    if (typeof row !== 'string') {
      return { ok: false, issues: ['problem' in row ? row.problem : makeIssue('ROW_TOO_LONG', [], { length: row.tooLong, limit: MAX_ROW_BYTES })] };
    }
    return parseRowJson(row, [], batch.lines[i]); // its line in the file, which the error row also gives
  }
  const record = batch.rows[i]!;
  if (!Array.isArray(record)) return { ok: false, issues: [record.problem] };
  if (record.length !== batch.header.length) {
    return { ok: false, issues: [makeIssue('INVALID_CSV', [], { detail: cellCountDetail(record.length, batch.header.length) })] };
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
    const parsed = parseRowJson(cell, [column]);
    if (!parsed.ok) issues.push(...parsed.issues);
    else if (column === 'household') Object.assign(value, parsed.value);
    else value[column] = parsed.value;
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/**
 * The cells of one CSV record with csv-parse, or what it says is wrong — with the lines it names counted in the
 * file, from the record's first line, not in the record.
 *
 * @example
 * readCells('h1,"a ""b"""', 2) // ['h1', 'a "b"']
 */
export function readCells(text: string, firstLine: number): string[] | string {
  try {
    const records = parseCsv(text, CELLS) as string[][];
    if (records.length !== 1) return `${records.length} records where one was expected`;
    return records[0]!;
  } catch (error) {
    const message = (error as Error).message;
    // csv-parse counts a CR inside a cell as a line of its own: with CR LF line ends its "at line" would be off,
    // and the record's own lines are given beside this anyway.
    if (text.includes('\r')) return message.replace(/ at line \d+/g, '');
    return message.replace(/\bat line (\d+)/g, (_, line: string) => `at line ${firstLine + Number(line) - 1}`);
  }
}

/** The detail of a record whose cells do not match the header. */
export function cellCountDetail(cells: number, header: number): string {
  return `${cells} cells, the header has ${header}`;
}

/**
 * Parses a row's JSON (or a cell's, at `path`), reporting a syntax error as an issue with the row's `line`, and
 * refusing unparsed a text of more than {@link MAX_ROW_VALUES} values (`ROW_TOO_MANY_VALUES`).
 *
 * @example
 * parseRowJson('{"id":"h1"}', [], 7) // { ok: true, value: { id: 'h1' } }
 */
export function parseRowJson(text: string, path: (string | number)[], line?: number): ParsedRow {
  if (hasTooManyValues(text)) return { ok: false, issues: [makeIssue('ROW_TOO_MANY_VALUES', path, { limit: MAX_ROW_VALUES })] };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, issues: [jsonSyntaxIssue(text, path, undefined, line)] };
  }
}

/**
 * Whether JSON text holds more than {@link MAX_ROW_VALUES} values, counted without parsing: the whole text is one,
 * and each container that is not empty holds one more value than it has commas. (Keys are not values.) Text too
 * short to hold that many (a value takes two characters at least, with its comma or its closing bracket) is not
 * read: every row but a giant one.
 *
 * @example
 * hasTooManyValues('[{},{},1]') // false: 4 values
 */
export function hasTooManyValues(text: string, limit = MAX_ROW_VALUES): boolean {
  if (text.length < 2 * limit) return false;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === COMMA) values++;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      let next = i + 1;
      while (next < text.length && isJsonSpace(text.charCodeAt(next))) next++;
      const close = text.charCodeAt(next);
      if (close !== CLOSE_BRACKET && close !== CLOSE_BRACE) values++;
    } else continue;
    if (values > limit) return true;
  }
  return values > limit;
}

