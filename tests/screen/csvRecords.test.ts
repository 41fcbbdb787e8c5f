import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JiuzhuError } from '../../src/core/errors/issue.js';
import { CsvRecordReader, MAX_RECORD_LINES, type CsvRecord } from '../../src/node/screen/csvRecords.js';
import { MAX_ROW_BYTES, readCells, splitCsv } from '../../src/node/screen/rows.js';

/** Reads a whole file given as text, cut into chunks at the given byte offsets. */
function read(text: string | Buffer, cuts: number[] = []): { header: string[] | undefined; records: CsvRecord[] } {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const reader = new CsvRecordReader();
  const records: CsvRecord[] = [];
  let from = 0;
  const add = (more: CsvRecord[]) => {
    for (const record of more) records.push(record);
  };
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b)) {
    add(reader.push(bytes.subarray(from, cut)));
    from = cut;
  }
  add(reader.push(bytes.subarray(from)));
  add(reader.end());
  return { header: reader.header, records };
}

/** Each record as `line: id` (its first cell) or `line: CODE`. */
const summary = (records: CsvRecord[]) =>
  records.map((r) => {
    if ('problem' in r) return `${r.line}: ${r.problem.code}`;
    if (r.text.length > 100_000) return `${r.line}: long`; // csv-parse is slow on long cells, and the test is not about them
    const cells = readCells(r.text, r.line);
    return `${r.line}: ${typeof cells === 'string' ? 'unreadable' : cells[0]}`;
  });

/** Text in GB18030 bytes: ASCII as it is, and the few Chinese characters the tests use. */
function gb18030(text: string): Buffer {
  const codes: Record<string, number[]> = { 张: [0xd5, 0xc5], 三: [0xc8, 0xfd], 李: [0xc0, 0xee], 四: [0xcb, 0xc4] };
  return Buffer.from([...text].flatMap((c) => codes[c] ?? [c.charCodeAt(0)]));
}

const CELL = '"[{""id"":""m1"",""relation"":""applicant""}]"';

describe('CSV records', () => {
  it('numbers each record by the line it starts on; quoted newlines stay inside their cell; blank lines between records are skipped', () => {
    const text = `id,members\r\nh1,${CELL}\r\n\r\nh2,"[\r\n  {""id"":""m1""}\r\n]"\r\nh3,${CELL}`;
    const { header, records } = read(text);
    expect(header).toEqual(['id', 'members']);
    expect(summary(records)).toEqual(['2: h1', '4: h2', '7: h3']);
    expect(readCells((records[1] as { text: string }).text, 4)).toEqual(['h2', '[\r\n  {"id":"m1"}\r\n]']);
  });

  it('a quote never closed costs its own row only: the lines after it are read again', () => {
    const lines = ['id,region,area', ...Array.from({ length: 10 }, (_, i) => (i === 3 ? `h${i},440100,"urban` : `h${i},440100,urban`))];
    const { records } = read(`${lines.join('\n')}\n`);
    expect(summary(records)).toEqual(['2: h0', '3: h1', '4: h2', '5: CSV_QUOTE_NOT_CLOSED', '6: h4', '7: h5', '8: h6', '9: h7', '10: h8', '11: h9']);
    expect((records[3] as { problem: { params: Record<string, unknown> } }).problem.params.lastLine).toBe(11);
  });

  it('a stray quote that a later line closes: the record csv-parse rejects, or whose cells do not match, is its first line only', () => {
    // Line 3 opens a quote that line 4 closes: read together they make three cells where the header has two. The
    // record was read whole, so it is one error row, which names the lines it took in.
    const wrongCells = read(`id,members\nh1,${CELL}\nh2,"[oops\nh3,x",extra\nh4,${CELL}\n`);
    expect(summary(wrongCells.records)).toEqual(['2: h1', '3: INVALID_CSV', '5: h4']);
    expect((wrongCells.records[1] as { problem: { message: { en: string } } }).problem.message.en).toContain('3 cells, the header has 2 (lines 3–4)');
    // Here the quote that closes is followed by more text: csv-parse rejects the joined record.
    const rejected = read(`id,members\nh1,"[oops\nh2,x"y\nh3,${CELL}\n`);
    expect(summary(rejected.records)).toEqual(['2: INVALID_CSV', '3: CSV_QUOTE_NOT_CLOSED', '4: h3']);
    // csv-parse's own line numbers are counted in the file, not in the record
    expect((rejected.records[0] as { problem: { message: { en: string } } }).problem.message.en).toMatch(/at line 3\b.*\(lines 2–3\)$/);
  });

  it('a record over several lines read whole is one row, right or wrong: its lines are not read again', () => {
    const pretty = '"[\n  {""id"": ""m1""}\r\n]"';
    const { records } = read(`id,members\nh1,${pretty},extra\nh2,${CELL}\nh3,${pretty}\n`);
    expect(summary(records)).toEqual(['2: INVALID_CSV', '5: h2', '6: h3']);
  });

  it('one stray quote before millions of bytes or lines: one error row, every row after it read, memory held to the limits', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `h${i},${'x'.repeat(90)}`).join('\n');
    const many = read(`id,members\nh,"oops\n${rows}\n`, [1 << 20, 9 << 20]);
    expect(many.records.length).toBe(200_001);
    expect(summary(many.records.slice(0, 2))).toEqual(['2: CSV_QUOTE_NOT_CLOSED', '3: h0']);
    expect(summary(many.records.slice(-1))).toEqual(['200002: h199999']);
    // blank lines are few bytes but many lines: the record gives up at MAX_RECORD_LINES
    const blanks = read(`id,members\nh,"oops\n${'\n'.repeat(MAX_RECORD_LINES + 5)}h1,${CELL}\n`);
    expect(summary(blanks.records)).toEqual(['2: CSV_QUOTE_NOT_CLOSED', `${MAX_RECORD_LINES + 8}: h1`]);
  });

  it('a CR inside a cell stays in the cell, wherever the record falls in a batch', () => {
    const header = ['id', 'region'];
    const alone = splitCsv({ format: 'csv-text', lines: [2], rows: ['h1,4401\r00'], header });
    const second = splitCsv({ format: 'csv-text', lines: [2, 3], rows: ['h0,440100', 'h1,4401\r00'], header });
    expect(alone.rows).toEqual([['h1', '4401\r00']]);
    expect(second.rows).toEqual([['h0', '440100'], ['h1', '4401\r00']]);
  });

  it('lines ended by CR alone (old Mac Excel) are read as lines', () => {
    const { header, records } = read(`id,members\rh1,${CELL}\rh2,"[\r]"\r`);
    expect(header).toEqual(['id', 'members']);
    expect(summary(records)).toEqual(['2: h1', '3: h2']);
  });

  it("csv-parse's line in a problem is the file's line; with CR LF, where csv-parse miscounts, it is left to the record's lines", () => {
    expect(readCells('h1,"[\n{oops""]" x', 7)).toContain('at line 8');
    expect(readCells('h1,"[\r\n{oops""]" x', 7)).not.toMatch(/at line/);
  });

  it('a first chunk that ends between the CR and the LF of CR LF (a pipe) does not make the file CR-only', () => {
    const crlf = `id,members\r\nh1,${CELL}\r\nh2,${CELL}\r\n`;
    expect(summary(read(crlf, [11]).records)).toEqual(['2: h1', '3: h2']); // cut right after the header's CR
    const crOnly = `id,members\rh1,${CELL}\rh2,${CELL}\r`;
    expect(summary(read(crOnly, [11]).records)).toEqual(['2: h1', '3: h2']);
    expect(summary(read('id,members\r', []).records)).toEqual([]); // a header alone, ended by CR
    expect(read('id,members\r').header).toEqual(['id', 'members']);
    // wherever a pipe cuts the file — before the first line end too — the records are those of the whole file
    for (const end of ['\n', '\r\n', '\r']) {
      // h2's cell holds an LF whatever the file's line ends: the first line end, not the first LF, decides
      const text = `id,members${end}h1,${CELL}${end}h2,"[\n]"${end}`;
      const whole = summary(read(text).records);
      expect(whole).toEqual(['2: h1', '3: h2']);
      for (let cut = 1; cut < text.length; cut++) expect(summary(read(text, [cut]).records), `${JSON.stringify(end)} cut at ${cut}`).toEqual(whole);
    }
  });

  it('a UTF-8 byte-order mark (Excel\'s "CSV UTF-8") is not part of the first column\'s name', () => {
    const { header, records } = read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`id,members\nh1,${CELL}\n`)]));
    expect(header).toEqual(['id', 'members']);
    expect(summary(records)).toEqual(['2: h1']);
  });

  it('GB18030 (GBK) from Excel on a Chinese Windows: read with that encoding; read as UTF-8, each row is an error, never garbled', () => {
    const text = `id,members\r\nh1,"[{""id"":""m1"",""name"":""张三""}]"\r\nh2,"[{""id"":""m1"",""name"":""李四""}]"\r\n`;
    const gb = gb18030(text);
    const reader = new CsvRecordReader('gb18030');
    const records = [...reader.push(gb), ...reader.end()];
    expect(records.map((r) => ('text' in r ? JSON.parse((readCells(r.text, r.line) as string[])[1]!)[0].name : r.problem.code))).toEqual(['张三', '李四']);
    expect(summary(read(gb).records)).toEqual(['2: CSV_NOT_DECODABLE', '3: CSV_NOT_DECODABLE']);
    // with GB18030's own byte-order mark
    const marked = new CsvRecordReader('gb18030');
    marked.push(Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), gb]));
    marked.end();
    expect(marked.header).toEqual(['id', 'members']);
  });

  it('a header that cannot be read stops the reading', () => {
    expect(() => read('\nid,"members\nh1,x\n')).toThrow(JiuzhuError);
    try {
      read('\nid,"members\nh1,x\n');
    } catch (error) {
      expect((error as JiuzhuError).issues.map((i) => [i.code, i.params])).toEqual([['CSV_HEADER_UNREADABLE', { line: 2 }]]);
    }
    // a first line longer than any row is no header either (the next line must not be taken for it)
    expect(() => read(`${'x'.repeat(MAX_ROW_BYTES + 1)}\nid,members\nh1,x\n`, [1 << 20])).toThrow(JiuzhuError);
  });

  it('gives the same records however the file is cut into chunks (a character split between chunks included)', () => {
    const text = `id,members\n\nh1,${CELL}\r\nh2,"第一行\n第二行"\nh3,"[oops\nh4,${CELL}\n\nh5,${CELL}`;
    const whole = read(text);
    const length = Buffer.byteLength(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(read(text, cuts)).toEqual(whole);
      }),
    );
    expect(summary(whole.records)).toEqual(['3: h1', '4: h2', '6: CSV_QUOTE_NOT_CLOSED', '7: h4', '9: h5']);
  });

  it('never holds more than the row limit: an over-long line is skipped unread, an open quote gives up at the limit', () => {
    const long = 'x'.repeat(MAX_ROW_BYTES + 10);
    const overLong = read(`id,members\nh1,${long}\nh2,${CELL}\n`, [1 << 20, 5 << 20, 12 << 20]);
    expect(summary(overLong.records)).toEqual(['2: ROW_TOO_LONG', '3: h2']);
    const lines = Array.from({ length: 40 }, () => 'y'.repeat(500_000)).join('\n');
    const open = read(`id,members\nh1,"${CELL}\n${lines}\nh2,${CELL}\n`, [1 << 20, 7 << 20]);
    expect(summary(open.records)).toEqual(['2: CSV_QUOTE_NOT_CLOSED', ...Array.from({ length: 40 }, (_, i) => `${i + 3}: long`), '43: h2']);
  });
});
