import { stringify } from 'csv-stringify/sync';

/** The columns of screening results written as CSV, one row per household in input order. */
export const RESULT_CSV_COLUMNS = ['line', 'id', 'programs', 'missed', 'review', 'warn'] as const;

interface ResultLine {
  line: number;
  id?: string;
  programs: Record<string, { status: string; amount?: string }>;
  missed: { program: string; amount: string }[];
  review: { program: string }[];
  warn: { id: string; value: string; line: string }[];
}

/**
 * Screening result lines (NDJSON, as `screenFile` writes them) as CSV rows for a spreadsheet: the programs with
 * their status and amount, the missed ones with their amount, those to review, and the warnings. A cell that a
 * spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a household id
 * from an export could) is written with a leading `'`, so it shows as text.
 *
 * @example
 * resultsCsv('{"line":1,"id":"=HYPERLINK(…)","programs":{},"missed":[],"review":[],"warn":[]}\n', true)
 * // "line,id,programs,missed,review,warn\n1,'=HYPERLINK(…),,,,\n"
 */
export function resultsCsv(ndjson: string, withHeader: boolean): string {
  const rows: string[][] = withHeader ? [[...RESULT_CSV_COLUMNS]] : [];
  for (const text of ndjson.split('\n')) {
    if (text === '') continue;
    const result = JSON.parse(text) as ResultLine;
    rows.push([
      String(result.line),
      result.id ?? '',
      Object.entries(result.programs)
        .map(([program, { status, amount }]) => `${program} ${status}${amount && amount !== '0.00' ? ` ${amount}` : ''}`)
        .join('; '),
      result.missed.map((f) => (f.amount === '0.00' ? f.program : `${f.program} ${f.amount}`)).join('; '),
      result.review.map((f) => f.program).join('; '),
      result.warn.map((w) => `${w.id} ${w.value} ≥ ${w.line}`).join('; '),
    ]);
  }
  return rows.length === 0 ? '' : stringify(rows, { escape_formulas: true });
}
