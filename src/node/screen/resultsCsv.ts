import { stringify } from 'csv-stringify/sync';

/** The columns of screening results written as CSV, one row per household in input order. */
export const RESULT_CSV_COLUMNS = ['line', 'id', 'programs', 'missed', 'review', 'warn', 'adjust', 'reviewDue', 'deceased'] as const;

interface ResultLine {
  line: number;
  id?: string;
  programs: Record<string, { status: string; amount?: string }>;
  missed: { program: string; amount: string; amountPending?: string[] }[];
  review: { program: string }[];
  warn: { id: string; value: string; line: string }[];
  adjust?: { program: string; direction: string; recorded: string; entitled: string; difference: string }[];
  reviewDue?: { program: string; due: string; months: number }[];
  deceased?: { program: string; member: string; diedOn: string; by: string; overdue: boolean }[];
}

/**
 * Screening result lines (NDJSON, as `screenFile` writes them) as CSV rows for a spreadsheet: the programs with
 * their status and amount, the missed ones with their amount (`(amount pending: …)` where some of it waits, with what on), those to review, and the warnings; after them, dynamic
 * management: the amounts to increase or decrease (recorded → entitled, and by how much), the reviews due (the date
 * and the interval in months), the recipients who died (the date, and the date to re-check by). A cell that a
 * spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a household id
 * from an export could) is written with a leading `'`, so it shows as text.
 *
 * @example
 * resultsCsv('{"line":1,"id":"=HYPERLINK(…)","programs":{},"missed":[],"review":[],"warn":[]}\n', true)
 * // "line,id,programs,missed,review,warn,adjust,reviewDue,deceased\n1,'=HYPERLINK(…),,,,,,,\n"
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
      result.missed.map((f) => `${f.amount === '0.00' ? f.program : `${f.program} ${f.amount}`}${f.amountPending ? ` (amount pending: ${f.amountPending.join(', ')})` : ''}`).join('; '),
      result.review.map((f) => f.program).join('; '),
      result.warn.map((w) => `${w.id} ${w.value} ≥ ${w.line}`).join('; '),
      (result.adjust ?? []).map((a) => `${a.program} ${a.direction} ${a.recorded} → ${a.entitled} (${a.direction === 'increase' ? '+' : '−'}${a.difference})`).join('; '),
      (result.reviewDue ?? []).map((r) => `${r.program} ${r.due} (${r.months} months)`).join('; '),
      (result.deceased ?? []).map((d) => `${d.program} ${d.member} died ${d.diedOn}, re-check by ${d.by}${d.overdue ? ' (overdue)' : ''}`).join('; '),
    ]);
  }
  return rows.length === 0 ? '' : stringify(rows, { escape_formulas: true });
}
