import { TextDecoder } from 'node:util';
import { JiuzhuError, makeIssue, type Issue } from '../../core/errors/issue.js';
import { UTF8_BOM } from '../text/utf8File.js';
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
const LF = 0x0a;
const CR = 0x0d;
const BOMS: Record<CsvEncoding, Buffer> = { 'utf-8': Buffer.from(UTF8_BOM), gb18030: Buffer.from([0x84, 0x31, 0x95, 0x33]) };

/**
 * The most lines one record may run over. A quoted cell may hold newlines (pretty-printed JSON: the largest valid
 * household is some tens of thousands of lines); more is a quote left open, and holding every line of it would let
 * a file of blank lines after a stray quote exhaust memory however few bytes they are.
 */
export const MAX_RECORD_LINES = 100_000;

/**
 * The encodings a CSV file may be in: UTF-8, or GB18030 (which includes GBK and GB2312), what Excel on a Chinese
 * Windows writes for "CSV (逗号分隔)". Quotes and line ends are single bytes that no multi-byte character of either
 * contains, so records are found in the bytes before decoding.
 */
export const CSV_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * Splits a CSV byte stream into records, each with the line it starts on. A record ends at a line end outside quotes
 * (RFC 4180: the count of quotes so far tells, since an escaped quote is written twice); blank lines between records
 * are skipped. Lines end in LF or CR LF, or in CR alone in a file whose first chunk has no LF (old Mac Excel).
 * csv-parse splits the cells (here for the header and for records over several lines, in the worker for the rest).
 *
 * What a stray quote does is bounded: a record whose quotes are in doubt — a quote never closed before the end or
 * within {@link MAX_ROW_BYTES} or {@link MAX_RECORD_LINES}, a record over several lines that csv-parse rejects — is
 * reported at its first line, and the lines after that one are read again. So one stray quote costs one row, not
 * every row after it. A record read whole whose cells do not fit (their count, their encoding) is one error row.
 *
 * @example
 * const reader = new CsvRecordReader();
 * reader.push(Buffer.from('id,region\nh1,"440100\nh2,440100\n')); // [] (line 2 leaves a quote open)
 * reader.end() // [{ line: 2, problem: CSV_QUOTE_NOT_CLOSED }, { line: 3, text: 'h2,440100' }]
 * reader.header // ['id', 'region']
 */
export class CsvRecordReader {
  /** The header's cells, once its record has been read. */
  header: string[] | undefined;
  /** Bytes that are not text in the file's encoding make their row an error, never a silent replacement character. */
  private readonly decoder: TextDecoder;
  /** The byte that ends a line: LF, or CR in a file without LF; settled by the first chunk. */
  private lineEnd: number | undefined;

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

  /** The start of the file while its line end is not settled: it ended in a CR that an LF may follow. */
  private unsettled: Buffer | undefined;

  /** Reads a chunk of the file; returns the records it completes, in order. */
  push(given: Buffer): CsvRecord[] {
    let chunk = given;
    if (this.lineEnd === undefined) {
      chunk = this.unsettled ? Buffer.concat([this.unsettled, given]) : given;
      this.unsettled = undefined;
      // The first line end decides, however the bytes arrive: a CR not followed by LF means CR-only line ends (an LF
      // later, inside a quoted cell, does not change that). Until it is seen, or while a CR is the last byte (a
      // pipe's chunk may end between the CR and the LF of CR LF), nothing is settled — unless the first line is
      // already over the row limit (LF then).
      const cr = chunk.indexOf(CR);
      const lf = chunk.indexOf(LF);
      const first = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if ((first < 0 || (first === cr && cr === chunk.length - 1)) && chunk.length <= MAX_ROW_BYTES) {
        this.unsettled = chunk;
        return [];
      }
      this.lineEnd = first >= 0 && first === cr && chunk[cr + 1] !== LF ? CR : LF;
    }
    return this.readChunk(chunk, this.lineEnd);
  }

  private readChunk(chunk: Buffer, lineEnd: number): CsvRecord[] {
    let from = 0;
    for (let end = chunk.indexOf(lineEnd, from); end >= 0; end = chunk.indexOf(lineEnd, from)) {
      this.endLine(chunk.subarray(from, end));
      from = end + 1;
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

  /** The end of the file: the last line (without a line end) and whatever record is still open. */
  end(): CsvRecord[] {
    if (this.unsettled) {
      // The file ended with no LF anywhere: CR-only line ends if it has a CR (as its last byte), else one line.
      this.lineEnd = this.unsettled.includes(CR) ? CR : LF;
      this.readChunk(this.unsettled, this.lineEnd);
      this.unsettled = undefined;
    }
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
    const bom = BOMS[this.encoding];
    if (number === 1 && bytes.subarray(0, bom.length).equals(bom)) bytes = bytes.subarray(bom.length); // as Excel writes
    this.read([{ number, bytes, oddQuotes: oddQuotes(bytes) }]);
  }

  /** A record still open where no more lines can join it fails; its later lines are read again, until none is open. */
  private closeOpenRecord(): void {
    while (this.lines.length > 0) this.read(this.fail(quoteNotClosed(this.lines)));
  }

  /**
   * Adds lines to the record being read. A record in doubt hands back its later lines, which are read before the
   * rest of these: a stack of line lists, each walked by index, so that reading again costs no more than reading.
   */
  private read(lines: Line[]): void {
    const stack: { lines: Line[]; next: number }[] = [{ lines, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.lines.length) {
        stack.pop();
        continue;
      }
      const line = top.lines[top.next++]!;
      if (!this.open && isBlank(line.bytes)) continue;
      this.lines.push(line);
      this.bytes += line.bytes.length + 1;
      if (line.oddQuotes) this.open = !this.open;
      const tooBig = this.bytes > MAX_ROW_BYTES || this.lines.length > MAX_RECORD_LINES;
      const reread = this.open ? (tooBig ? this.fail(quoteNotClosed(this.lines)) : undefined) : this.finish();
      if (reread && reread.length > 0) stack.push({ lines: reread, next: 0 });
    }
  }

  /**
   * A record is complete: its text goes out, or its problem. Returns the lines to read again when its quotes are in
   * doubt (csv-parse rejects a record over several lines), undefined otherwise.
   */
  private finish(): Line[] | undefined {
    const lines = this.lines;
    const first = lines[0]!.number;
    let text: string;
    try {
      text = recordText(lines, this.decoder, this.lineEnd === CR ? '\r' : '\n');
    } catch {
      return this.settle(makeIssue('CSV_NOT_DECODABLE', [], { encoding: this.encoding }));
    }
    if (this.header !== undefined && lines.length === 1) {
      this.out.push({ line: first, text });
      this.reset();
      return undefined;
    }
    const cells = readCells(text, first);
    if (typeof cells === 'string') return this.fail(makeIssue('INVALID_CSV', [], { detail: `${cells}${spanText(lines)}` }));
    if (this.header === undefined) this.header = cells;
    else if (cells.length !== this.header.length) {
      return this.settle(makeIssue('INVALID_CSV', [], { detail: `${cellCountDetail(cells.length, this.header.length)}${spanText(lines)}` }));
    } else this.out.push({ line: first, text });
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

  /** Reports a record read whole (its quotes are not in doubt) as one error row: nothing to read again. */
  private settle(problem: Issue): undefined {
    if (this.header === undefined) throw headerUnreadable(this.lines[0]!.number);
    this.out.push({ line: this.lines[0]!.number, problem });
    this.reset();
    return undefined;
  }

  private reset(): void {
    this.lines = [];
    this.open = false;
    this.bytes = 0;
  }
}

/** ` (lines 3–7)` for a record over several lines, so that the lines it took in are named; empty for one line. */
function spanText(lines: readonly Line[]): string {
  return lines.length > 1 ? ` (lines ${lines[0]!.number}–${lines[lines.length - 1]!.number})` : '';
}

function headerUnreadable(line: number): JiuzhuError {
  return new JiuzhuError('input', [makeIssue('CSV_HEADER_UNREADABLE', [], { line })]);
}

/** A quote still open at the record's last line read. */
function quoteNotClosed(lines: readonly Line[]): Issue {
  return makeIssue('CSV_QUOTE_NOT_CLOSED', [], { lastLine: lines[lines.length - 1]!.number });
}

function oddQuotes(bytes: Buffer): boolean {
  let odd = false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === QUOTE) odd = !odd;
  return odd;
}

/**
 * A record's text. A CR before its final line end goes (CR LF files), as csv-parse would drop it; the line ends
 * inside its quotes are kept as they were, CR LF too. Throws on bytes that are not text in the decoder's encoding.
 */
function recordText(lines: readonly Line[], decoder: TextDecoder, lineEnd: string): string {
  const last = lines.length - 1;
  let text = '';
  for (let i = 0; i < last; i++) text += decoder.decode(lines[i]!.bytes) + lineEnd;
  const bytes = lines[last]!.bytes;
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  return text + decoder.decode(bytes.subarray(0, end));
}

function isBlank(bytes: Buffer): boolean {
  return bytes.length === 0 || (bytes.length === 1 && bytes[0] === CR);
}
