import { Readable } from 'node:stream';
import { JiuzhuError, makeIssue, type Issue } from '../../core/errors/issue.js';
import { isRealDate } from '../../core/household/dates.js';
import type { Policy } from '../../core/policy/types.js';
import type { ScreenOutcome } from '../../core/screen/household.js';
import { chunked, createScreener, inOrder, type Screener } from './pool.js';

export interface ScreenOptions {
  /** The date screened for, `YYYY-MM-DD`. */
  asOf: string;
  /** Worker threads (0, the default, screens on the calling thread). */
  workers?: number;
  /** Households per message to a worker (default 500). */
  batchSize?: number;
}

/**
 * Screens a population (政策找人): for each household, in input order, every program's status and amount (exactly
 * as `evaluate` decides them), the programs it qualifies for but does not receive (`missed`), those it receives but
 * no longer qualifies for (`review`), and early warnings (`warn`). A bad household yields `{ ok: false, issues }` in
 * its place and screening goes on. Streaming: the input is read only as results are taken, so memory stays flat.
 *
 * @example
 * for await (const row of screen(policy, households, { asOf: '2025-03-01', workers: 2 })) {
 *   if (row.ok && row.missed.length > 0) console.log(row.householdId, row.missed.map((f) => f.program));
 * }
 */
export async function* screen(
  policy: Policy,
  households: AsyncIterable<unknown> | Iterable<unknown>,
  options: ScreenOptions,
): AsyncGenerator<ScreenOutcome> {
  checkScreenOptions(options);
  checkHouseholdSource(households);
  yield* screenValues(createScreener(policy, options.asOf, options.workers ?? 0), households, options.batchSize ?? 500);
}

/**
 * Runs household objects through a screener in batches, in input order, streaming: what {@link screen} does, for
 * any job the screener runs (screening, or deciding under two policies). Closes the screener when done or stopped.
 *
 * @example
 * for await (const change of screenValues(createScreener(today, asOf, 2, { against: raised }), households, 500)) tally(change);
 */
export async function* screenValues<V>(screener: Screener<V>, households: AsyncIterable<unknown> | Iterable<unknown>, batchSize: number): AsyncGenerator<V> {
  // The source is closed from here when the caller stops early: through the generators below, its return() would
  // wait for a read in progress (a database cursor waiting for rows) to finish first, perhaps for ever.
  const sync = !(Symbol.asyncIterator in households);
  const iterator: { next(): Promise<IteratorResult<unknown>> | IteratorResult<unknown>; return?(): unknown } = sync
    ? (households as Iterable<unknown>)[Symbol.iterator]()
    : (households as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let ended = false;
  const source: AsyncIterable<unknown> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        try {
          const item = await iterator.next();
          if (item.done) ended = true;
          // As `for await` reads a plain iterable: a promise in it is awaited (a list of pending reads).
          else if (sync) return { done: false, value: await item.value };
          return item;
        } catch (error) {
          ended = true;
          throw error;
        }
      },
    }),
  };
  let first = 0;
  async function* tasks() {
    for await (const values of chunked(source, batchSize)) {
      yield { kind: 'values' as const, values, first };
      first += values.length;
    }
  }
  try {
    for await (const outcomes of inOrder(tasks(), (task) => screener.run(task), screener.inFlight)) yield* outcomes;
  } finally {
    if (!ended) void Promise.resolve(iterator.return?.()).catch(() => {});
    await screener.close();
  }
}

/**
 * Refuses bad options up front, every problem at once: `asOf` a real date, `workers` a whole number ≥ 0 and
 * `batchSize` one ≥ 1 (NaN workers would wait for ever; a NaN batch size would read the whole input as one batch).
 *
 * @example
 * checkScreenOptions({ asOf: '2025-03-01', workers: -1 }) // throws a JiuzhuError: OPTION_NOT_WHOLE_NUMBER at workers
 */
export function checkScreenOptions(options: { asOf: unknown; workers?: unknown; batchSize?: unknown }): void {
  const issues: Issue[] = [];
  const asOf = asOfIssue(options?.asOf);
  if (asOf) issues.push(asOf);
  for (const [option, minimum] of [['workers', 0], ['batchSize', 1]] as const) {
    const value = options?.[option];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= minimum)) {
      issues.push(makeIssue('OPTION_NOT_WHOLE_NUMBER', [option], { option, minimum: String(minimum), received: String(value) }));
    }
  }
  if (issues.length > 0) throw new JiuzhuError('input', issues);
}

/**
 * A string or a byte stream is iterable too, by characters or chunks: say what to use instead of screening those.
 *
 * @example
 * checkHouseholdSource('people.ndjson') // throws a JiuzhuError: HOUSEHOLDS_NOT_A_LIST
 */
export function checkHouseholdSource(households: unknown): void {
  const bytes = households instanceof Readable && !households.readableObjectMode;
  const iterable = households !== null && typeof households === 'object' && (Symbol.asyncIterator in households || Symbol.iterator in households);
  if (typeof households === 'string' || bytes || !iterable) {
    const received = typeof households === 'string' ? 'a string' : bytes ? 'a byte stream' : String(households);
    throw new JiuzhuError('input', [makeIssue('HOUSEHOLDS_NOT_A_LIST', [], { received })]);
  }
}

/**
 * Refuses a bad `asOf` once, up front, rather than on every row.
 *
 * @example
 * checkAsOf('2025-02-30') // throws a JiuzhuError of kind 'input' (INVALID_AS_OF)
 */
export function checkAsOf(asOf: unknown): asserts asOf is string {
  const issue = asOfIssue(asOf);
  if (issue) throw new JiuzhuError('input', [issue]);
}

function asOfIssue(asOf: unknown): Issue | undefined {
  return typeof asOf !== 'string' || !isRealDate(asOf) ? makeIssue('INVALID_AS_OF', ['asOf'], { received: String(asOf) }) : undefined;
}
