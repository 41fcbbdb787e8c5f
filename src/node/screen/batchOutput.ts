import { mergeChangeTallies, type ChangeTally } from '../../core/compare/totals.js';
import { formatJsonPath } from '../../core/errors/issue.js';
import type { ScreenResult, ScreenRowError } from '../../core/screen/household.js';
import { countUnknownEnrolments, mergeFindings, tallyFindings, type FindingsTally, type UnknownEnrolmentsTally } from '../../core/screen/findings.js';
import { writeResultLine } from './resultLine.js';

/**
 * A batch screened: its result lines as UTF-8 bytes, its error lines as text (bad rows are few), each line ending
 * in a newline, with the counts, so that rows in = results out + errors out.
 */
export interface NdjsonBatch {
  /** The result lines' bytes: a view from the start of a buffer that may be longer (see {@link BatchOutput}). */
  results: Uint8Array;
  errors: string;
  resultCount: number;
  errorCount: number;
  /** Households found per program in this batch. */
  findings: FindingsTally;
  /** Households per enrolment program the policy does not have. */
  unknownEnrolments: UnknownEnrolmentsTally;
  /** A comparison of two policies (`compare`): the batch's totals; the result lines are the households that changed. */
  changes?: ChangeTally;
}

/** The first size of a batch's result buffer: a thousand result lines of a few hundred bytes. */
const FIRST_CAPACITY = 1 << 20;

/**
 * Collects a batch's outcomes as NDJSON: result lines encoded straight into one buffer — a spare one handed back
 * after an earlier batch was written, so that a long run does not take fresh memory (and its page faults) for every
 * batch — and error lines as text.
 *
 * @example
 * const output = new BatchOutput();
 * output.add(outcome, 7);
 * const batch = output.finish(); // batch.results holds `{"line":7,…}\n`
 */
export class BatchOutput {
  private bytes: Buffer;
  private length = 0;
  protected readonly batch: Omit<NdjsonBatch, 'results'> = { errors: '', resultCount: 0, errorCount: 0, findings: {}, unknownEnrolments: {} };

  constructor(spare?: ArrayBuffer) {
    this.bytes = spare && spare.byteLength > 0 ? Buffer.from(spare) : Buffer.allocUnsafe(FIRST_CAPACITY);
  }

  /** Adds a household's outcome on its line of the input: a result line, or an error line. */
  add(outcome: ScreenResult | ScreenRowError, line: number): void {
    if (!outcome.ok) {
      this.addError(outcome, line);
      return;
    }
    let end = writeResultLine(this.bytes, this.length, outcome, line);
    // A line longer than the room left: more room asked for than there is (the buffer at least doubles), and the
    // line written again.
    while (end < 0) {
      this.ensure(this.bytes.length - this.length + 1);
      end = writeResultLine(this.bytes, this.length, outcome, line);
    }
    this.length = end;
    this.batch.resultCount++;
    tallyFindings(this.batch.findings, outcome);
    if (outcome.unknownEnrolments) countUnknownEnrolments(this.batch.unknownEnrolments, outcome.unknownEnrolments);
  }

  /** Adds a bad row's error line. */
  protected addError(error: ScreenRowError, line: number): void {
    this.batch.errors += `${errorLine(error, line)}\n`;
    this.batch.errorCount++;
  }

  /** Adds what another part of the same batch gave, after what this one has (a batch screened in parts). */
  append(part: NdjsonBatch): void {
    this.ensure(part.results.length);
    this.bytes.set(part.results, this.length);
    this.length += part.results.length;
    this.batch.errors += part.errors;
    this.batch.resultCount += part.resultCount;
    this.batch.errorCount += part.errorCount;
    mergeFindings(this.batch.findings, part.findings);
    countUnknownEnrolments(this.batch.unknownEnrolments, part.unknownEnrolments);
    // A part of a comparison's batch: a part that came out as only an error row has no totals of its own.
    if (part.changes) {
      if (this.batch.changes) mergeChangeTallies(this.batch.changes, part.changes);
      else this.batch.changes = part.changes;
    }
  }

  finish(): NdjsonBatch {
    return { results: new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.length), ...this.batch };
  }

  protected write(text: string): void {
    // A UTF-16 unit is at most three bytes of UTF-8: when that fits, no need to measure the text first.
    if (this.bytes.length - this.length < text.length * 3) this.ensure(Buffer.byteLength(text));
    this.length += this.bytes.write(text, this.length);
  }

  private ensure(more: number): void {
    if (this.bytes.length - this.length >= more) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + more));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/**
 * An error row as NDJSON: the line number, the household id if any, and each problem with its code, JSON path and
 * message in Chinese and English.
 *
 * @example
 * errorLine({ ok: false, index: 0, issues: [makeIssue('REQUIRED', ['id'])] }, 7)
 * // '{"line":7,"problems":[{"code":"REQUIRED","path":"$.id","message":{"zh":"缺少必填项","en":"required field is missing"}}]}'
 */
export function errorLine(error: ScreenRowError, line: number): string {
  return JSON.stringify({
    line,
    ...(error.householdId !== undefined ? { id: error.householdId } : {}),
    problems: error.issues.map((issue) => ({ code: issue.code, path: formatJsonPath(issue.path), message: issue.message })),
  });
}
