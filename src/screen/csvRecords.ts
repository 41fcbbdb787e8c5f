import { TextDecoder } from 'node:util';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { MAX_ROW_BYTES, cellCountDetail, readCells } from './rows.js';

/** A CSV record as read from a file: its text (cells still to be split), or why it cannot be read. */
export type CsvRecord = { line: number; text: string } | { line: number; problem: Issue };

/** One physical line: its number from 1, its bytes without the newline, and whether it holds an odd number of quotes. */
interface Line {
  number: number;
  bytes: Buffer;
  oddQuotes: boolean;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The encodings a CSV file may be in: UTF-8, or GB18030 (which includes GBK and GB2312), what Excel on a Chinese
 * Windows writes for "CSV (逗号分隔)". Quotes and newlines are single bytes that no multi-byte character of either
 * contains, so records are found in the bytes before decoding.
 */
export const CSV_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * Splits a CSV byte stream into records, each with the line it starts on. A record ends at a newline outside quotes
 * (RFC 4180: the count of quotes so far tells, since an escaped quote is written twice); blank lines between records
 * are skipped. csv-parse splits the cells (here for the header and for records over several lines, in the worker
 * for the rest).
 *
 * What a stray quote does is bounded: a record that cannot be read — a quote never closed before the end or within
 * {@link MAX_ROW_BYTES}, a record over several lines that csv-parse rejects or whose cells do not match the header —
 * is reported at its first line, and the lines after that one are read again as records of their own. So one stray
 * quote costs one row, not every row after it, and never holds more than {@link MAX_ROW_BYTES} in memory.
 *
 * @example
 * const reader = new CsvRecordReader();
 * reader.push(Buffer.from('id,region\nh1,"440100\nh2,440100\n'));
 * reader.end()
 * // header ['id', 'region'];
 * // [{ line: 2, problem: CSV_QUOTE_NOT_CLOSED }, { line: 3, text: 'h2,440100' }]
 */
export class CsvRecordReader {
  /** The header's cells, once its record has been read. */
  header: string[] | undefined;
  /** Bytes that are not text in the file's encoding make their row an error, never a silent replacement character. */
  private readonly decoder: TextDecoder;

  constructor(readonly encoding: CsvEncoding = 'utf-8') {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  /** The lines of the record being read; it is open while their quotes are odd. */
  private lines: Line[] = [];
  private open = false;
  private bytes = 0;
  /** Bytes of the physical line being read that came in earlier chunks, or (over the limit) only their count. */
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private dropping = 0;
  private lineNumber = 0;
  private out: CsvRecord[] = [];

  /** Reads a chunk of the file; returns the records it completes, in order. */
  push(chunk: Buffer): CsvRecord[] {
    let from = 0;
    for (let newline = chunk.indexOf(NEWLINE, from); newline >= 0; newline = chunk.indexOf(NEWLINE, from)) {
      this.endLine(chunk.subarray(from, newline));
      from = newline + 1;
    }
    if (from < chunk.length) {
      const rest = chunk.length - from;
      if (this.dropping > 0 || this.pieceBytes + rest > MAX_ROW_BYTES) {
        this.dropping += this.pieceBytes + rest;
        this.pieces = [];
        this.pieceBytes = 0;
      } else {
        this.pieces.push(chunk.subarray(from));
        this.pieceBytes += rest;
      }
    }
    return this.take();
  }

  /** The end of the file: the last line (without a newline) and whatever record is still open. */
  end(): CsvRecord[] {
    if (this.dropping > 0 || this.pieceBytes > 0) this.endLine(Buffer.alloc(0));
    this.closeOpenRecord();
    return this.take();
  }

  private take(): CsvRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private endLine(tail: Buffer): void {
    const number = ++this.lineNumber;
    const length = this.dropping + this.pieceBytes + tail.length;
    if (length > MAX_ROW_BYTES) {
      this.pieces = [];
      this.pieceBytes = 0;
      this.dropping = 0;
      // A line that long is not held; a record open before it cannot be closed by it either.
      this.closeOpenRecord();
      if (this.header === undefined) throw headerUnreadable(number);
      this.out.push({ line: number, problem: makeIssue('ROW_TOO_LONG', [], { length, limit: MAX_ROW_BYTES }) });
      return;
    }
    let bytes = this.pieceBytes === 0 ? tail : Buffer.concat([...this.pieces, tail]);
    this.pieces = [];
    this.pieceBytes = 0;
    if (number === 1 && this.encoding === 'utf-8' && bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3); // Excel's "CSV UTF-8" starts so
    this.read([{ number, bytes, oddQuotes: oddQuotes(bytes) }]);
  }

  /** A record still open where no more lines can join it fails; its later lines are read again, until none is open. */
  private closeOpenRecord(): void {
    while (this.lines.length > 0) this.read(this.fail(quoteNotClosed(this.lines)));
  }

  /** Adds lines to the record being read; a record that fails hands its later lines back, to be read again first. */
  private read(queue: Line[]): void {
    while (queue.length > 0) {
      const line = queue.shift()!;
      if (!this.open && isBlank(line.bytes)) continue;
      this.lines.push(line);
      this.bytes += line.bytes.length + 1;
      if (line.oddQuotes) this.open = !this.open;
      const problem = this.open ? (this.bytes > MAX_ROW_BYTES ? quoteNotClosed(this.lines) : undefined) : this.finish();
      if (problem) queue.unshift(...this.fail(problem));
    }
  }

  /** A record is complete: its text, or the problem that makes it unreadable (checked here only over several lines). */
  private finish(): Issue | undefined {
    const lines = this.lines;
    let text: string;
    try {
      text = recordText(lines, this.decoder);
    } catch {
      return makeIssue('CSV_NOT_DECODABLE', [], { encoding: this.encoding });
    }
    if (this.header !== undefined && lines.length === 1) {
      this.out.push({ line: lines[0]!.number, text });
      this.reset();
      return undefined;
    }
    const cells = readCells(text);
    if (typeof cells === 'string') return makeIssue('INVALID_CSV', [], { detail: cells });
    if (this.header === undefined) this.header = cells;
    else if (cells.length !== this.header.length) return makeIssue('INVALID_CSV', [], { detail: cellCountDetail(cells.length, this.header.length) });
    else this.out.push({ line: lines[0]!.number, text });
    this.reset();
    return undefined;
  }

  /** Reports the record at its first line and returns the lines after it, to be read again. */
  private fail(problem: Issue): Line[] {
    const [first, ...rest] = this.lines;
    // Without its header no row of the file can be read: that stops the run, as an unknown column does.
    if (this.header === undefined) throw headerUnreadable(first!.number);
    this.reset();
    this.out.push({ line: first!.number, problem });
    return rest;
  }

  private reset(): void {
    this.lines = [];
    this.open = false;
    this.bytes = 0;
  }
}

function headerUnreadable(line: number): JiuzhuError {
  return new JiuzhuError('input', [makeIssue('CSV_HEADER_UNREADABLE', [], { line })]);
}

function quoteNotClosed(lines: readonly Line[]): Issue {
  return makeIssue('CSV_QUOTE_NOT_CLOSED', [], { lastLine: lines[lines.length - 1]!.number });
}

function oddQuotes(bytes: Buffer): boolean {
  let odd = false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === QUOTE) odd = !odd;
  return odd;
}

/**
 * A record's text. A CR before its final newline goes (CR LF files), as csv-parse would drop it; the newlines inside
 * its quotes are kept as they were, CR LF too. Throws on bytes that are not text in the decoder's encoding.
 */
function recordText(lines: readonly Line[], decoder: TextDecoder): string {
  const last = lines.length - 1;
  let text = '';
  for (let i = 0; i < last; i++) text += `${decoder.decode(lines[i]!.bytes)}\n`;
  const bytes = lines[last]!.bytes;
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  return text + decoder.decode(bytes.subarray(0, end));
}

function isBlank(bytes: Buffer): boolean {
  return bytes.length === 0 || (bytes.length === 1 && bytes[0] === 0x0d);
}
