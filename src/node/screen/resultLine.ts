import type { ScreenFinding, ScreenResult } from '../../core/screen/household.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../../core/text/jsonChars.js';

/**
 * Writes a screened household's NDJSON result line — its line in the input, its id, and what was found — and a
 * newline, as UTF-8 into `bytes` from `start`, and gives where it ends, or -1 when the line does not fit (nothing
 * after `start` is then to be read). The very bytes of `JSON.stringify({ line, id, programs, missed, review, warn,
 * unknownEnrolments?, adjust, reviewDue, deceased })` (dynamic management's findings last: readers of the columns
 * before them find them where they were), written field by field: the shape is known, so each value's bytes go
 * straight into the buffer, with no string made of the whole line — building that string and encoding it cost a
 * screening thread about 5 µs a row. Strings that need escaping (or are not ASCII) are left to `JSON.stringify`, and so
 * are the rarer lists of warnings and dynamic management. A test holds the bytes to `JSON.stringify`'s, and the
 * 100,000-household fixture hashes them.
 *
 * @example
 * const end = writeResultLine(buffer, 0, result, 7);
 * buffer.toString('utf8', 0, end) // '{"line":7,"id":"h1","programs":{},"missed":[],"review":[],"warn":[],"adjust":[],"reviewDue":[],"deceased":[]}\n'
 */
export function writeResultLine(bytes: Buffer, start: number, result: ScreenResult, line: number): number {
  const out = LINE;
  out.bytes = bytes;
  out.end = bytes.length;
  out.at = start;
  try {
    writeResult(out, result, line);
  } catch (error) {
    if (error === NO_ROOM) return -1;
    throw error;
  }
  return out.at;
}

function writeResult(out: LineBytes, result: ScreenResult, line: number): void {
  out.ascii('{"line":');
  out.ascii(JSON.stringify(line));
  out.ascii(',"id":');
  out.string(result.householdId);
  out.ascii(',"programs":');
  writePrograms(out, result.programs);
  out.ascii(',"missed":');
  writeFindings(out, result.missed);
  out.ascii(',"review":');
  writeFindings(out, result.review);
  out.ascii(',"warn":');
  out.json(result.warn);
  if (result.unknownEnrolments) {
    out.ascii(',"unknownEnrolments":');
    out.json(result.unknownEnrolments);
  }
  out.ascii(',"adjust":');
  out.json(result.adjust);
  out.ascii(',"reviewDue":');
  out.json(result.reviewDue);
  out.ascii(',"deceased":');
  out.json(result.deceased);
  out.ascii('}\n');
}

function writePrograms(out: LineBytes, programs: ScreenResult['programs']): void {
  // Own keys in the order JSON.stringify takes them (integer-like first, then as inserted).
  const ids = Object.keys(programs);
  out.byte(OPEN_BRACE);
  for (let i = 0; i < ids.length; i++) {
    const { status, amount } = programs[ids[i]!]!;
    if (i > 0) out.byte(COMMA);
    out.string(ids[i]!);
    out.ascii(':{"status":');
    out.string(status);
    out.ascii(',"amount":');
    out.string(amount);
    out.byte(CLOSE_BRACE);
  }
  out.byte(CLOSE_BRACE);
}

function writeFindings(out: LineBytes, findings: readonly ScreenFinding[]): void {
  out.byte(OPEN_BRACKET);
  for (let i = 0; i < findings.length; i++) {
    const { program, amount, members, reasons, amountPending } = findings[i]!;
    out.ascii(i > 0 ? ',{"program":' : '{"program":');
    out.string(program);
    out.ascii(',"amount":');
    out.string(amount);
    out.ascii(',"members":');
    writeStrings(out, members);
    out.ascii(',"reasons":');
    writeStrings(out, reasons);
    if (amountPending !== undefined) {
      out.ascii(',"amountPending":');
      writeStrings(out, amountPending);
    }
    out.byte(CLOSE_BRACE);
  }
  out.byte(CLOSE_BRACKET);
}

function writeStrings(out: LineBytes, strings: readonly string[]): void {
  out.byte(OPEN_BRACKET);
  for (let i = 0; i < strings.length; i++) {
    if (i > 0) out.byte(COMMA);
    out.string(strings[i]!);
  }
  out.byte(CLOSE_BRACKET);
}

/** Thrown (and caught above) when a line runs past the end of the buffer: the caller grows it and writes again. */
const NO_ROOM = Symbol('no room');

/** A line's bytes written one value after another into a buffer. */
class LineBytes {
  bytes: Buffer = Buffer.alloc(0);
  at = 0;
  /** The buffer's length, kept: read from the buffer at every value, it was a fifth of the writing. */
  end = 0;

  /** One ASCII character, by its code. */
  byte(code: number): void {
    if (this.at >= this.end) throw NO_ROOM;
    this.bytes[this.at++] = code;
  }

  /** Text known to be ASCII (this module's own punctuation and keys, a number). */
  ascii(text: string): void {
    const bytes = this.bytes;
    let at = this.at;
    if (at + text.length > this.end) throw NO_ROOM;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** A string as JSON: quoted as it is when it is printable ASCII without a quote or backslash (ids, codes, amounts). */
  string(text: string): void {
    const bytes = this.bytes;
    let at = this.at;
    if (at + text.length + 2 > this.end) throw NO_ROOM;
    bytes[at++] = QUOTE;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.utf8(JSON.stringify(text));
        return;
      }
      bytes[at++] = c;
    }
    bytes[at++] = QUOTE;
    this.at = at;
  }

  /** A list as JSON.stringify writes it. */
  json(value: readonly unknown[]): void {
    if (value.length === 0) this.ascii('[]');
    else this.utf8(JSON.stringify(value));
  }

  private utf8(text: string): void {
    // A UTF-16 unit is at most three bytes of UTF-8.
    if (this.at + text.length * 3 > this.end) throw NO_ROOM;
    this.at += this.bytes.write(text, this.at);
  }
}

/** One writer, pointed at each line's buffer in turn: a line is written start to end with nothing in between. */
const LINE = new LineBytes();
