import { JiuzhuError, makeIssue } from '../errors/issue.js';
import { isRealDate } from '../household/dates.js';
import type { Policy } from '../policy/types.js';
import type { ScreenOutcome } from './household.js';
import { chunked, createScreener, inOrder } from './pool.js';

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
  checkAsOf(options?.asOf);
  const screener = createScreener(policy, options.asOf, options.workers ?? 0);
  let first = 0;
  async function* tasks() {
    for await (const values of chunked(households, options.batchSize ?? 500)) {
      yield { kind: 'values' as const, values, first };
      first += values.length;
    }
  }
  try {
    for await (const outcomes of inOrder(tasks(), (task) => screener.run(task), screener.inFlight)) yield* outcomes;
  } finally {
    await screener.close();
  }
}

/**
 * Refuses a bad `asOf` once, up front, rather than on every row.
 *
 * @example
 * checkAsOf('2025-02-30') // throws a JiuzhuError of kind 'input' (INVALID_AS_OF)
 */
export function checkAsOf(asOf: unknown): asserts asOf is string {
  if (typeof asOf !== 'string' || !isRealDate(asOf)) throw new JiuzhuError('input', [makeIssue('INVALID_AS_OF', ['asOf'], { received: String(asOf) })]);
}
