import { Writable, type Readable } from 'node:stream';
import type { HouseholdChangeOutcome } from '../../core/compare/household.js';
import { changeReport, programInfos, type ChangeReport } from '../../core/compare/report.js';
import { createChangeTally, mergeChangeTallies, tallyChange, type ChangeTally } from '../../core/compare/totals.js';
import type { Policy } from '../../core/policy/types.js';
import { screenFile, screenStream, type ScreenCounts, type ScreenFileOptions } from '../screen/file.js';
import { createScreener } from '../screen/pool.js';
import { checkHouseholdSource, checkScreenOptions, screenValues, type ScreenOptions } from '../screen/screen.js';
import { changesCsvStream } from './changesCsv.js';

/**
 * Decides a population under two policies on one date — `before` (today's rules) and `after` (the change being
 * priced) — streaming, in input order, on worker threads when asked (as {@link screen} does): each household with
 * the programs it gets under each, or a bad row in its place with every problem.
 *
 * @example
 * for await (const change of compare(today, raised, households, { asOf: '2026-07-01', workers: 2 })) {
 *   if (change.ok) console.log(change.householdId, change.before.dibao?.amount, change.after.dibao?.amount);
 * }
 */
export async function* compare(
  before: Policy,
  after: Policy,
  households: AsyncIterable<unknown> | Iterable<unknown>,
  options: ScreenOptions,
): AsyncGenerator<HouseholdChangeOutcome> {
  checkScreenOptions(options);
  checkHouseholdSource(households);
  yield* screenValues(createScreener(before, options.asOf, options.workers ?? 0, { against: after }), households, options.batchSize ?? 500);
}

/**
 * Prices a change of rules over a population of household objects: {@link compare}, tallied into a
 * {@link ChangeReport} (households newly eligible and no longer eligible, the monthly and yearly cost under each
 * policy, overall, per city and county and per program, the distribution of changes, the parameters that differ).
 * Bad rows are counted (`households.errors`); `onChange` sees every household and bad row as it comes.
 *
 * @example
 * const report = await comparePopulation(today, raised, households, { asOf: '2026-07-01', workers: 2 });
 * report.households.newlyEligible // 412
 * report.overall.yearly.change // '+3456789.00'
 */
export async function comparePopulation(
  before: Policy,
  after: Policy,
  households: AsyncIterable<unknown> | Iterable<unknown>,
  options: ScreenOptions & { onChange?: (change: HouseholdChangeOutcome) => void },
): Promise<ChangeReport> {
  const tally = createChangeTally(programInfos(before, after));
  for await (const change of compare(before, after, households, options)) {
    if (change.ok) tallyChange(tally, change);
    else tally.errors++;
    options.onChange?.(change);
  }
  return changeReport(tally, before, after, options.asOf);
}

/** Options of {@link compareFile}: those of `screenFile`, with the households that changed as what goes to `out`. */
export interface CompareFileOptions extends Omit<ScreenFileOptions, 'out' | 'outFormat'> {
  /**
   * Where each household whose decision changed goes, in input order: NDJSON lines (`line`, `id`, `region`, and its
   * programs under each policy), or CSV rows for a spreadsheet (`outFormat: 'csv'`, see `CHANGE_CSV_COLUMNS`).
   * Nothing is written when absent.
   */
  out?: Writable;
  outFormat?: 'ndjson' | 'csv';
}

/** The outcome of a comparison run over a file: the report, and the counts of rows (rows = results + errors). */
export interface CompareRun {
  report: ChangeReport;
  counts: ScreenCounts & { stopped: boolean };
}

/**
 * Prices a change of rules over a population file (NDJSON or CSV, as `screenFile` reads it): every household decided
 * under both policies on the screening pipeline (all cores, memory flat, bad rows written to `errors` with their
 * line, in input order), tallied into a {@link ChangeReport}. A run stopped by `signal` reports what it compared.
 *
 * @example
 * const { report } = await compareFile(today, raised, 'people.ndjson', { asOf: '2026-07-01', workers: 2, errors });
 * report.households.newlyEligible // 412
 */
export async function compareFile(before: Policy, after: Policy, path: string, options: CompareFileOptions): Promise<CompareRun> {
  return run(before, after, options, (job) => screenFile(before, path, job));
}

/**
 * {@link compareFile} for a stream (standard input, a pipe from a database export).
 *
 * @example
 * const { report } = await compareStream(today, raised, process.stdin, { asOf: '2026-07-01', errors: process.stderr });
 */
export async function compareStream(before: Policy, after: Policy, stream: Readable, options: CompareFileOptions & { totalBytes?: number }): Promise<CompareRun> {
  return run(before, after, options, (job) => screenStream(before, stream, job));
}

async function run(
  before: Policy,
  after: Policy,
  options: CompareFileOptions,
  screenWith: (job: ScreenFileOptions & { against: Policy; onBatch: (done: { changes?: ChangeTally }) => void }) => Promise<ScreenCounts & { stopped: boolean }>,
): Promise<CompareRun> {
  const programs = programInfos(before, after);
  const tally = createChangeTally(programs);
  const { out: target, outFormat, ...rest } = options;
  let out: Writable = target ?? discard();
  let csv: ReturnType<typeof changesCsvStream> | undefined;
  if (target && outFormat === 'csv') {
    csv = changesCsvStream(tally.periods);
    csv.on('data', (text: string | Buffer) => {
      // The pipeline waits on `csv` when it is full; `csv` waits here on the target, so reading waits for writing.
      if (!target.write(text)) {
        csv!.pause();
        target.once('drain', () => csv!.resume());
      }
    });
    out = csv;
  }
  const counts = await screenWith({ ...rest, out, against: after, onBatch: (done) => done.changes && mergeChangeTallies(tally, done.changes) });
  // Bad rows as the pipeline counted them: also a row that ran a worker out of memory, which no batch's totals hold.
  tally.errors = counts.errors;
  if (csv) {
    const ended = new Promise<void>((resolve, reject) => csv!.once('end', resolve).once('error', reject));
    csv.end();
    await ended;
  }
  return { report: changeReport(tally, before, after, options.asOf), counts };
}

/** A target for the result lines of a run that keeps none (only its totals). */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
