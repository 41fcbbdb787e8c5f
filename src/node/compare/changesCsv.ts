import { Transform } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ProgramOutcomes } from '../../core/compare/household.js';
import type { Period } from '../../core/compare/totals.js';
import { fenToMoney } from '../../core/money/decimal.js';
import { moneyToBigFen } from '../../core/money/fen.js';
import type { ChangeLine } from './batch.js';

/** The columns of `compare --out changes.csv`: one row per household whose decision changed, in input order. */
export const CHANGE_CSV_COLUMNS = [
  'line',
  'id',
  'region',
  'monthlyBefore',
  'monthlyAfter',
  'monthlyChange',
  'onceBefore',
  'onceAfter',
  'newlyEligible',
  'newlyIneligible',
  'changes',
] as const;

/**
 * Lines of households whose decision changed (NDJSON, as `compareFile` writes them) as CSV rows for a spreadsheet:
 * the household's monthly total under each policy and the change, its one-off payments under each, the programs
 * it newly qualifies for or no longer does, and each program that changed with both statuses and amounts. A cell a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first — a household id from an
 * export could) is written with a leading `'`, so it shows as text.
 *
 * @example
 * changesCsv('{"line":3,"id":"h1","region":"440106","before":{"dibao":{"status":"eligible","amount":"1952.00","persons":4}},"after":{"dibao":{"status":"eligible","amount":"2600.00","persons":4}}}\n', { dibao: 'month' }, true)
 * // 'line,id,…\n3,h1,440106,1952.00,2600.00,648.00,0.00,0.00,,,dibao eligible 1952.00 → eligible 2600.00\n'
 */
export function changesCsv(ndjson: string, periods: Readonly<Record<string, Period>>, withHeader: boolean): string {
  const rows: (string | bigint)[][] = withHeader ? [[...CHANGE_CSV_COLUMNS]] : [];
  for (const text of ndjson.split('\n')) {
    if (text === '') continue;
    const change = JSON.parse(text) as ChangeLine;
    const monthly = [total(change.before, periods, 'month'), total(change.after, periods, 'month')] as const;
    const ids = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])];
    const granted = (side: ProgramOutcomes, id: string) => Object.hasOwn(side, id) && side[id]!.status === 'eligible';
    rows.push([
      String(change.line),
      change.id,
      change.region,
      monthly[0],
      monthly[1],
      monthly[1] - monthly[0],
      total(change.before, periods, 'once'),
      total(change.after, periods, 'once'),
      ids.filter((id) => !granted(change.before, id) && granted(change.after, id)).join('; '),
      ids.filter((id) => granted(change.before, id) && !granted(change.after, id)).join('; '),
      ids
        .filter((id) => side(change.before, id) !== side(change.after, id))
        .map((id) => `${id} ${side(change.before, id)} → ${side(change.after, id)}`)
        .join('; '),
    ]);
  }
  return rows.length === 0 ? '' : stringify(rows, CSV_OPTIONS);
}

/**
 * Money goes in as whole fen (bigint) and out as yuan: a figure of ours, so a negative change stays a number to the
 * spreadsheet (csv-stringify neutralises a leading `-` only in text), while every text cell is neutralised.
 */
const CSV_OPTIONS = { escape_formulas: true, cast: { bigint: (fen: bigint) => fenToMoney(fen) } } as const;

/**
 * A stream that takes the NDJSON lines of households that changed (whole lines per write, as the pipeline writes
 * them) and gives CSV rows, the header first.
 *
 * @example
 * const csv = changesCsvStream(periods); csv.pipe(createWriteStream('changes.csv'));
 */
export function changesCsvStream(periods: Readonly<Record<string, Period>>): Transform {
  let header = true;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const text = changesCsv(String(chunk), periods, header);
      header &&= text === '';
      done(null, text);
    },
    flush(done) {
      // A run that changed no household still gives a file a spreadsheet opens: the header alone.
      done(null, header ? stringify([[...CHANGE_CSV_COLUMNS]], CSV_OPTIONS) : '');
    },
  });
}

function total(outcomes: ProgramOutcomes, periods: Readonly<Record<string, Period>>, period: Period): bigint {
  let sum = 0n;
  for (const [id, outcome] of Object.entries(outcomes)) {
    if (outcome?.status === 'eligible' && (periods[id] ?? 'month') === period) sum += moneyToBigFen(outcome.amount);
  }
  return sum;
}

function side(outcomes: ProgramOutcomes, id: string): string {
  const outcome = Object.hasOwn(outcomes, id) ? outcomes[id] : undefined;
  if (!outcome) return 'ineligible';
  return outcome.status === 'eligible' && outcome.amount !== '0.00' ? `${outcome.status} ${outcome.amount}` : outcome.status;
}

