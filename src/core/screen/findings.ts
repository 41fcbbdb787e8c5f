import { addMoney } from '../money/fen.js';
import type { ScreenResult } from './household.js';

/**
 * For one program, how many households screening found: eligible but not enrolled, enrolled but no longer eligible,
 * warned; and of dynamic management (动态管理), whose amount is to be increased or decreased, whose periodic review is
 * due, and where a recipient has died.
 */
export interface ProgramFindings {
  missed: number;
  review: number;
  warn: number;
  /**
   * Households the program could not be decided for (`programs[id].status` undetermined) and not found missed:
   * information the law's test needs is not recorded (a supporter's income, why a 低保 family's income went over).
   * They are neither missed nor refused: recording it is the follow-up.
   */
  undetermined: number;
  /** Households found missed (counted in `missed`) whose amount is not wholly known (`ScreenFinding.amountPending`): not all in `missedAmount`. */
  missedAmountPending: number;
  /** Those households by what their amount waits on (`ScreenFinding.amountPending`: `missingFact:selfCareFailedItems` …). */
  missedAmountPendingOn: Record<string, number>;
  /** What the missed households would get in all, per the program's period (a month for most): the cost of finding them. */
  missedAmount: string;
  /** Households with an amount to increase (增发) or to decrease (减发). */
  increase: number;
  decrease: number;
  /** What the increases add, and the decreases take away, in all, a month (both positive). */
  increaseAmount: string;
  decreaseAmount: string;
  /** Households whose periodic review (复核) is due. */
  reviewDue: number;
  /** Households where a recipient has died. */
  deceased: number;
}

/** Households found per program (only programs with a finding are listed): the figures a monitoring run reports. */
export type FindingsTally = Record<string, ProgramFindings>;

/** Households per enrolment program id the policy does not have (see `ScreenResult.unknownEnrolments`). */
export type UnknownEnrolmentsTally = Record<string, number>;

/**
 * Adds households' unknown enrolment programs to a tally, or one tally to another.
 *
 * @example
 * const tally: UnknownEnrolmentsTally = {};
 * countUnknownEnrolments(tally, ['低保']); // tally['低保'] === 1
 */
export function countUnknownEnrolments(tally: UnknownEnrolmentsTally, programs: readonly string[] | Readonly<UnknownEnrolmentsTally>): void {
  const counts: [string, number][] = Array.isArray(programs) ? programs.map((program) => [program, 1]) : Object.entries(programs);
  for (const [program, households] of counts) {
    // Defined, not assigned: an id from the input may be `__proto__`.
    const value = (Object.hasOwn(tally, program) ? tally[program]! : 0) + households;
    Object.defineProperty(tally, program, { value, enumerable: true, writable: true, configurable: true });
  }
}

/**
 * Adds one screened household to a tally: once per program for each kind of finding it has (two warnings about the
 * same program are one household warned; so are two member enrolments to increase), with every amount.
 *
 * @example
 * const tally: FindingsTally = {};
 * tallyFindings(tally, result); // result.missed = [{ program: 'dibao', … }]
 * tally.dibao // { missed: 1, review: 0, warn: 0, missedAmount: '1000.00', increase: 0, … }
 */
export function tallyFindings(
  tally: FindingsTally,
  result: Pick<ScreenResult, 'missed' | 'review' | 'warn'> & Partial<Pick<ScreenResult, 'programs' | 'adjust' | 'reviewDue' | 'deceased'>>,
): void {
  const programs = result.programs ?? {};
  for (const program in programs) {
    if (programs[program]!.status === 'undetermined' && !result.missed.some((f) => f.program === program)) entry(tally, program).undetermined++;
  }
  for (const finding of result.missed) {
    const found = entry(tally, finding.program);
    found.missed++;
    found.missedAmount = addMoney(found.missedAmount, finding.amount);
    if (finding.amountPending) {
      found.missedAmountPending++;
      for (const on of finding.amountPending) count(found.missedAmountPendingOn, on, 1);
    }
  }
  for (const finding of result.review) entry(tally, finding.program).review++;
  countOnce(result.warn, (found) => found.warn++, tally);
  const { adjust = [], reviewDue = [], deceased = [] } = result;
  if (adjust.length + reviewDue.length + deceased.length === 0) return; // most households: enrolled in nothing
  const increases = adjust.filter((a) => a.direction === 'increase');
  const decreases = adjust.filter((a) => a.direction === 'decrease');
  countOnce(increases, (found) => found.increase++, tally);
  countOnce(decreases, (found) => found.decrease++, tally);
  for (const a of increases) entry(tally, a.program).increaseAmount = addMoney(entry(tally, a.program).increaseAmount, a.difference);
  for (const a of decreases) entry(tally, a.program).decreaseAmount = addMoney(entry(tally, a.program).decreaseAmount, a.difference);
  countOnce(reviewDue, (found) => found.reviewDue++, tally);
  countOnce(deceased, (found) => found.deceased++, tally);
}

/** Counts the programs of a household's findings, each program once however many findings it has. */
function countOnce(findings: readonly { program: string }[], count: (found: ProgramFindings) => void, tally: FindingsTally): void {
  for (let i = 0; i < findings.length; i++) {
    const program = findings[i]!.program;
    if (findings.findIndex((f) => f.program === program) === i) count(entry(tally, program));
  }
}

/**
 * Adds one tally to another (a batch's to the run's).
 *
 * @example
 * mergeFindings(run, batch.findings)
 */
export function mergeFindings(into: FindingsTally, from: Readonly<FindingsTally>): void {
  for (const [program, found] of Object.entries(from)) {
    const total = entry(into, program);
    total.missed += found.missed;
    total.review += found.review;
    total.warn += found.warn;
    total.undetermined += found.undetermined;
    total.missedAmountPending += found.missedAmountPending;
    for (const [on, households] of Object.entries(found.missedAmountPendingOn)) count(total.missedAmountPendingOn, on, households);
    total.missedAmount = addMoney(total.missedAmount, found.missedAmount);
    total.increase += found.increase;
    total.decrease += found.decrease;
    total.increaseAmount = addMoney(total.increaseAmount, found.increaseAmount);
    total.decreaseAmount = addMoney(total.decreaseAmount, found.decreaseAmount);
    total.reviewDue += found.reviewDue;
    total.deceased += found.deceased;
  }
}

function entry(tally: FindingsTally, program: string): ProgramFindings {
  // Own properties only: a program may be named like something every object has (`toString`).
  if (!Object.hasOwn(tally, program)) {
    tally[program] = { missed: 0, review: 0, warn: 0, undetermined: 0, missedAmountPending: 0, missedAmountPendingOn: {}, missedAmount: '0.00', increase: 0, decrease: 0, increaseAmount: '0.00', decreaseAmount: '0.00', reviewDue: 0, deceased: 0 };
  }
  return tally[program]!;
}

/** Adds to a count by key; own properties only, as in `entry`. */
function count(counts: Record<string, number>, key: string, by: number): void {
  counts[key] = (Object.hasOwn(counts, key) ? counts[key]! : 0) + by;
}
