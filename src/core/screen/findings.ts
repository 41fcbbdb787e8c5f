import { addMoney } from '../money/fen.js';
import type { ScreenResult } from './household.js';

/** For one program, how many households screening found: eligible but not enrolled, enrolled but no longer eligible, warned. */
export interface ProgramFindings {
  missed: number;
  review: number;
  warn: number;
  /** What the missed households would get in all, per the program's period (a month for most): the cost of finding them. */
  missedAmount: string;
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
 * same program are one household warned).
 *
 * @example
 * const tally: FindingsTally = {};
 * tallyFindings(tally, result); // result.missed = [{ program: 'dibao', … }]
 * tally.dibao // { missed: 1, review: 0, warn: 0, missedAmount: '1000.00' }
 */
export function tallyFindings(tally: FindingsTally, result: Pick<ScreenResult, 'missed' | 'review' | 'warn'>): void {
  for (const finding of result.missed) {
    const found = entry(tally, finding.program);
    found.missed++;
    found.missedAmount = addMoney(found.missedAmount, finding.amount);
  }
  for (const finding of result.review) entry(tally, finding.program).review++;
  for (let i = 0; i < result.warn.length; i++) {
    const program = result.warn[i]!.program;
    if (result.warn.findIndex((w) => w.program === program) === i) entry(tally, program).warn++;
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
    total.missedAmount = addMoney(total.missedAmount, found.missedAmount);
  }
}

function entry(tally: FindingsTally, program: string): ProgramFindings {
  // Own properties only: a program may be named like something every object has (`toString`).
  if (!Object.hasOwn(tally, program)) tally[program] = { missed: 0, review: 0, warn: 0, missedAmount: '0.00' };
  return tally[program]!;
}
