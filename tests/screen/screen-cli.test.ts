import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { resultsCsv } from '../../src/node/screen/resultsCsv.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/money/decimal.js';

// The built CLI, run as a user runs it (`npm test` builds it first).
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const run = (args: string[], input?: string) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 28, input });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const SCREEN = ['--policy', 'guangdong', '--as-of', '2025-03-01'];

let dir: string;
let population: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiuzhu-screen-'));
  population = join(dir, 'population.ndjson');
  expect(run(['generate', '--households', '3000', '--policy', 'guangdong', '--seed', '5', '--out', population]).code).toBe(0);
});

describe('jiuzhu generate', () => {
  it('writes the same population for the same seed, to stdout or a file', () => {
    const again = run(['generate', '--households', '3000', '--policy', 'guangdong', '--seed', '5']);
    expect(again.code).toBe(0);
    expect(again.out).toBe(readFileSync(population, 'utf8'));
    expect(run(['generate', '--households', 'many', '--policy', 'guangdong', '--seed', '5']).code).toBe(2);
  });
});

describe('jiuzhu screen', () => {
  it('--out x.csv writes the results as CSV, one row per household in input order, formulas neutralised', () => {
    const input = join(dir, 'formula.ndjson');
    const household = (id: string) => JSON.stringify({ id, region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }] });
    const enrolled = { ...JSON.parse(household('enrolled')), enrolments: [{ program: 'dibao', since: '2023-01-01', monthlyAmount: '1000.00', lastReviewed: '2024-01-15' }] };
    writeFileSync(input, [...['=HYPERLINK("http://x","y")', '+1', '@SUM(A1)', 'plain'].map(household), JSON.stringify(enrolled)].join('\n'));
    const csv = join(dir, 'found.csv');
    const ndjson = join(dir, 'found.ndjson');
    for (const workers of ['0', '2']) {
      expect(run(['screen', input, ...SCREEN, '--out', csv, '--workers', workers]).code).toBe(0);
      const rows = parse(readFileSync(csv, 'utf8')) as string[][];
      // dynamic management's columns come after the others
      expect(rows[0]).toEqual(['line', 'id', 'programs', 'missed', 'review', 'warn', 'adjust', 'reviewDue', 'deceased']);
      expect(rows.slice(1).map((row) => row[1])).toEqual(['\'=HYPERLINK("http://x","y")', "'+1", "'@SUM(A1)", 'plain', 'enrolled']);
      expect(rows[1]![2]).toContain('dibao eligible 1309.00');
      expect(rows[5]!.slice(6)).toEqual(['dibao increase 1000.00 → 1309.00 (+309.00)', 'dibao 2025-01-15 (12 months)', '']);
    }
    // The same run to an .ndjson name gives NDJSON, as before.
    expect(run(['screen', input, ...SCREEN, '--out', ndjson, '--workers', '0']).code).toBe(0);
    expect(lines(ndjson).map((r) => r.id)).toEqual(['=HYPERLINK("http://x","y")', '+1', '@SUM(A1)', 'plain', 'enrolled']);
  });

  it('the CSV says where a missed amount waits for information (特困 before the self-care assessment)', () => {
    const line = { line: 1, id: 'h', programs: { tekun: { status: 'undetermined', amount: '0.00' } }, missed: [{ program: 'tekun', amount: '0.00', members: ['m1'], reasons: [], amountPending: ['missingFact:selfCareFailedItems'] }, { program: 'dibao', amount: '100.00', members: ['m2'], reasons: [] }], review: [], warn: [] };
    const rows = parse(resultsCsv(`${JSON.stringify(line)}\n`, false)) as string[][];
    expect(rows[0]![3]).toBe('tekun (amount pending: missingFact:selfCareFailedItems); dibao 100.00');
  });

  it('the summary counts apart the households found whose amount waits, and those neither found nor refused', () => {
    const input = join(dir, 'pending.ndjson');
    // 75 and alone on a pension of 300.00: 特困 (the care standard awaits her self-care assessment); a 低保 family over
    // the standard whose enrolment does not say why: its 渐退期 is undetermined.
    const alone = { id: 'alone', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1950-01-01', maritalStatus: 'widowed', incomes: [{ kind: 'pension', amount: '300.00', period: 'month' }] }] };
    const over = { id: 'over', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '2000.00', period: 'month' }] }], enrolments: [{ program: 'dibao', since: '2023-01-01', monthlyAmount: '300.00' }] };
    writeFileSync(input, [alone, over].map((h) => JSON.stringify(h)).join('\n'));
    const zh = run(['screen', input, ...SCREEN, '--out', join(dir, 'pending-out.ndjson'), '--workers', '0']);
    expect(zh.code).toBe(0);
    expect(zh.err).toContain('特困人员救助供养（tekun）：应享未享 1（每月合计 0.00 元，其中 1 户金额待定（待：missingFact:selfCareFailedItems 1），未计入）');
    expect(zh.err).toContain('低保渐退（dibao.gradualExit）：应享未享 0，应退未退 0，预警 0，无法确定（待补充信息）1');
    const en = run(['screen', input, ...SCREEN, '--out', join(dir, 'pending-out.ndjson'), '--workers', '0', '--lang', 'en']);
    expect(en.err).toContain('1 of them with an amount still to set (waiting on: missingFact:selfCareFailedItems 1)');
    expect(en.err).toContain('undetermined (information missing) 1');
  });

  it('refuses, before reading or writing anything, an output that is the input or another output, or cannot be written', () => {
    const input = join(dir, 'keep.ndjson');
    const rows = readFileSync(population, 'utf8').split('\n').slice(0, 5).join('\n');
    writeFileSync(input, rows);
    for (const args of [
      ['--out', input], // `createWriteStream` used to empty the input before it was read: "0 rows", exit 0
      ['--errors', join(dir, '.', 'keep.ndjson')],
      ['--out', join(dir, 'same.ndjson'), '--errors', join(dir, 'same.ndjson')], // the results were overwritten by the errors
      ['--out', join(dir, 'r.ndjson'), '--summary', join(dir, 'r.ndjson')],
    ]) {
      const refused = run(['screen', input, ...SCREEN, ...args, '--lang', 'en']);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('is the same file as');
      expect(readFileSync(input, 'utf8')).toBe(rows);
    }
    for (const [args, why] of [
      [['--out', dir], 'it is a directory'], // was an unhandled stream error with Node's stack trace
      [['--errors', join(dir, 'no', 'such', 'dir.ndjson')], 'its directory does not exist'],
      [['--summary', dir], 'it is a directory'], // was found only after the whole run, losing the count line
    ] as const) {
      const refused = run(['screen', input, ...SCREEN, ...args, '--lang', 'en']);
      expect(refused.code).toBe(7); // an output that cannot be written, as the README's exit codes say
      expect(refused.err).toContain(`cannot write`);
      expect(refused.err).toContain(why);
      expect(refused.err).not.toContain('    at ');
    }
    const directory = run(['screen', dir, ...SCREEN, '--lang', 'en']);
    expect(directory.code).toBe(3);
    expect(directory.err).toContain('NOT_A_FILE');
    expect(directory.err).not.toContain('internal error');
    // a hard link is the same file by another name
    const link = join(dir, 'keep-link.ndjson');
    linkSync(input, link);
    expect(run(['screen', input, ...SCREEN, '--out', link]).code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(rows);
    // standard input read from the very file; a link to a file not yet there, and that file
    const fromStdin = spawnSync('bash', ['-c', `node ${cli} screen - ${SCREEN.join(' ')} --out ${input} < ${input}`], { encoding: 'utf8', cwd: root });
    expect(fromStdin.status).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(rows);
    symlinkSync(join(dir, 'target.ndjson'), join(dir, 'dangling.ndjson'));
    expect(run(['screen', input, ...SCREEN, '--out', join(dir, 'dangling.ndjson'), '--errors', join(dir, 'target.ndjson')]).code).toBe(2);
    // through a linked directory, `..` is taken as the system takes it: link/.. is the parent of where it points
    mkdirSync(join(dir, 'sub', 'x'), { recursive: true });
    symlinkSync(join(dir, 'sub', 'x'), join(dir, 'to-x'));
    expect(run(['screen', input, ...SCREEN, '--out', `${dir}/to-x/../n.ndjson`, '--errors', join(dir, 'sub', 'n.ndjson')]).code).toBe(2);
    // an output that cannot be opened costs no other: a directory-like name, a link into a missing directory
    const precious = join(dir, 'precious.ndjson');
    writeFileSync(precious, 'precious\n');
    symlinkSync(join(dir, 'no', 'such', 'x'), join(dir, 'nowhere'));
    for (const bad of [`${join(dir, 'new')}/`, join(dir, 'nowhere')]) {
      expect(run(['screen', input, ...SCREEN, '--out', precious, '--errors', bad]).code).toBe(7);
      expect(readFileSync(precious, 'utf8')).toBe('precious\n');
    }
    // standard output on a full disk: said, exit 7, no stack trace
    const fullStdout = spawnSync('bash', ['-c', `node ${cli} screen ${population} ${SCREEN.join(' ')} > /dev/full`], { encoding: 'utf8', cwd: root });
    expect(fullStdout.status).toBe(7);
    expect(fullStdout.stderr).toContain('cannot write standard output: ENOSPC');
    // a device may take both streams
    expect(run(['screen', input, ...SCREEN, '--out', '/dev/null', '--errors', '/dev/null']).code).toBe(0);
    // a write that fails (a full disk) is reported, with its own exit code, not a stack trace or 0
    const full = run(['screen', input, ...SCREEN, '--out', '/dev/full', '--lang', 'en']);
    expect(full.code).toBe(7);
    expect(full.err).toContain('cannot write /dev/full: no space left on the device');
    // nothing is emptied when the run cannot start: a missing input, an unknown policy
    const [kept, keptSummary] = [join(dir, 'kept.ndjson'), join(dir, 'kept.json')];
    writeFileSync(kept, 'precious\n');
    writeFileSync(keptSummary, 'precious\n');
    expect(run(['screen', join(dir, 'missing.ndjson'), ...SCREEN, '--out', kept, '--summary', keptSummary]).code).toBe(3);
    expect(run(['screen', input, '--policy', 'nosuch', '--as-of', '2025-03-01', '--out', kept]).code).toBe(4);
    expect([readFileSync(kept, 'utf8'), readFileSync(keptSummary, 'utf8')]).toEqual(['precious\n', 'precious\n']);
  });

  it('3,000 rows with 30 corrupted: 2,970 results + 30 errors with their line numbers, in order; exit 3', () => {
    const rows = readFileSync(population, 'utf8').trimEnd().split('\n');
    const broken = new Map<number, string>();
    for (let k = 0; k < 30; k++) {
      const i = 37 + k * 97; // 0-based row; its line number is i + 1
      const kind = k % 3;
      rows[i] =
        kind === 0
          ? rows[i]!.slice(0, 50) // cut short: the JSON stops early
          : kind === 1
            ? rows[i]!.replace('"area":"urban"', '"area":"city"').replace('"area":"rural"', '"area":"village"') // schema violation
            : rows[i]!.replace(/"region":"\d+"/, '"region":"110105"'); // a region Guangdong does not cover
      broken.set(i + 1, ['JSON_INCOMPLETE', 'INVALID_OPTION', 'REGION_NOT_IN_POLICY'][kind]!);
    }
    const input = join(dir, 'corrupted.ndjson');
    writeFileSync(input, `${rows.join('\n')}\n\n`); // a trailing blank line is not a row
    const [out, errors] = [join(dir, 'out.ndjson'), join(dir, 'errors.ndjson')];
    const summary = join(dir, 'summary.json');
    const { code, err } = run(['screen', input, ...SCREEN, '--out', out, '--errors', errors, '--workers', '2', '--batch-size', '128', '--lang', 'en', '--summary', summary]);
    expect(code).toBe(3);
    expect(err).toContain('rows in: 3000 = results out: 2970 + errors out: 30');
    // and what it found, program by program, as counted from the result lines
    const written = lines(out);
    const missedDibao = written.filter((r) => r.missed.some((f: { program: string }) => f.program === 'dibao')).length;
    const reviewDibao = written.filter((r) => r.review.some((f: { program: string }) => f.program === 'dibao')).length;
    expect(err).toContain('found (households):');
    expect(err).toMatch(new RegExp(`\\(dibao\\): missed ${missedDibao} \\([0-9.]+ yuan a month in all\\), review ${reviewDibao}, warn \\d+`));
    // the same as JSON with --summary, for the platform that files it
    const filed = JSON.parse(readFileSync(summary, 'utf8'));
    expect(filed).toMatchObject({ input, policy: { id: 'guangdong' }, asOf: '2025-03-01', rows: 3000, results: 2970, errors: 30, stopped: false });
    expect(filed.findings.dibao).toMatchObject({ missed: missedDibao, review: reviewDibao, period: 'month' });
    const results = lines(out);
    const failures = lines(errors);
    expect(results).toHaveLength(2970);
    expect(failures.map((f) => f.line)).toEqual([...broken.keys()]);
    for (const failure of failures) {
      expect(failure.problems[0].code).toBe(broken.get(failure.line));
      expect(failure.problems[0].message.zh.length).toBeGreaterThan(0);
      expect(failure.problems[0].message.en.length).toBeGreaterThan(0);
      // A row cut short names its own line in the file, as the error row does.
      if (failure.problems[0].code === 'JSON_INCOMPLETE') expect(failure.problems[0].message.en).toContain(`at line ${failure.line},`);
    }
    // Results come in input order, each with its line number and household id.
    const expectedLines = rows.map((_, i) => i + 1).filter((line) => !broken.has(line));
    expect(results.map((r) => r.line)).toEqual(expectedLines);
    expect(results.every((r) => r.id === JSON.parse(rows[r.line - 1]!).id)).toBe(true);
  });

  it('the same results on one thread, on workers, and from CSV in either layout; exit 0 when no row fails', () => {
    const [a, b] = [join(dir, 'a.ndjson'), join(dir, 'b.ndjson')];
    expect(run(['screen', population, ...SCREEN, '--out', a, '--workers', '0']).code).toBe(0);
    expect(run(['screen', population, ...SCREEN, '--out', b, '--workers', '2']).code).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    // a worker count is digits: '' is not 0 and 1e3 is not 1000 threads (nor is anything over 256)
    for (const workers of ['', '1e3', '257', '2.5']) expect(run(['screen', population, ...SCREEN, '--out', b, `--workers=${workers}`]).code).toBe(2);
    expect(run(['screen', population, '--policy', 'guangdong', '--as-of', '2025-02-30', '--out', b]).code).toBe(2); // usage, not a bad row
    const households = readFileSync(population, 'utf8').trimEnd().split('\n').slice(0, 300).map((l) => JSON.parse(l));
    const cell = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`;
    const flat = [
      'id,region,area,members,assets,enrolments,incomeUnstable',
      ...households.map((h) => [h.id, h.region, h.area, cell(h.members), cell(h.assets), cell(h.enrolments), h.incomeUnstable ?? ''].join(',')),
    ];
    const whole = ['household', ...households.map((h) => cell(h))];
    const expected = lines(a).slice(0, 300).map(({ line: _line, ...rest }) => rest);
    for (const [name, csv] of [['flat.csv', flat], ['whole.csv', whole]] as const) {
      const file = join(dir, name);
      writeFileSync(file, `${csv.join('\r\n')}\r\n`);
      const out = join(dir, `${name}.ndjson`);
      expect(run(['screen', file, ...SCREEN, '--out', out]).code).toBe(0);
      const got = lines(out);
      expect(got.map((r) => r.line)).toEqual(households.map((_, i) => i + 2)); // line 1 is the header
      expect(got.map(({ line: _line, ...rest }) => rest)).toEqual(expected);
    }
  });

  it('writes --summary even when the reader of stderr has gone (`2>&1 | head`)', async () => {
    const summary = join(dir, 'summary-headless.json');
    const child = spawn(process.execPath, [cli, 'screen', population, ...SCREEN, '--out', join(dir, 'headless.ndjson'), '--summary', summary], { cwd: root });
    child.stderr.destroy(); // as `| head` does once it has its lines
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({ rows: 3000, results: 3000, errors: 0 });
  });

  it('reads standard input with `-` (NDJSON, or CSV with --format csv): the same results as from the file', () => {
    const fromFile = join(dir, 'from-file.ndjson');
    expect(run(['screen', population, ...SCREEN, '--out', fromFile]).code).toBe(0);
    const piped = run(['screen', '-', ...SCREEN, '--workers', '2', '--lang', 'en'], readFileSync(population, 'utf8'));
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(readFileSync(fromFile, 'utf8'));
    expect(piped.err).toContain('rows in: 3000 = results out: 3000 + errors out: 0');
    const csv = run(['screen', '-', ...SCREEN, '--format', 'csv'], 'id,region,area\nh1,440100,urban\n');
    expect(csv.code).toBe(3);
    expect(JSON.parse(csv.err.split('\n')[0]!)).toMatchObject({ line: 2, id: 'h1', problems: [{ code: 'REQUIRED', path: '$.members' }] });
  });

  it('reports dynamic management on a generated population: 增发/减发, reviews due and recipients who died, counted in the summary line and --summary', () => {
    const [out, summaryFile] = [join(dir, 'managed.ndjson'), join(dir, 'managed.json')];
    const { code, err } = run(['screen', population, ...SCREEN, '--out', out, '--summary', summaryFile, '--workers', '2']);
    expect(code).toBe(0);
    // counted again from the result lines: households per kind, and what the increases and decreases come to
    const results = lines(out);
    const households = (has: (r: any) => boolean) => results.filter(has).length;
    const adjusted = (direction: string) => results.flatMap((r) => r.adjust.filter((a: any) => a.program === 'dibao' && a.direction === direction));
    const total = (found: { difference: string }[]) => found.reduce((sum, a) => sum.plus(a.difference), new Dec(0)).toFixed(2);
    const expected = {
      increase: households((r) => r.adjust.some((a: any) => a.program === 'dibao' && a.direction === 'increase')),
      decrease: households((r) => r.adjust.some((a: any) => a.program === 'dibao' && a.direction === 'decrease')),
      increaseAmount: total(adjusted('increase')),
      decreaseAmount: total(adjusted('decrease')),
      reviewDue: households((r) => r.reviewDue.some((f: any) => f.program === 'dibao')),
      deceased: households((r) => r.deceased.some((f: any) => f.program === 'dibao')),
    };
    for (const count of [expected.increase, expected.decrease, expected.reviewDue, expected.deceased]) expect(count).toBeGreaterThan(0);
    expect(err).toContain(
      `，增发 ${expected.increase}（每月合计 ${expected.increaseAmount} 元），减发 ${expected.decrease}（每月合计 ${expected.decreaseAmount} 元），到期复核 ${expected.reviewDue}，享受对象死亡 ${expected.deceased}`,
    );
    expect(JSON.parse(readFileSync(summaryFile, 'utf8')).findings.dibao).toMatchObject(expected);
    // every finding says what to do in both languages, with a code and a citation
    const findings = results.flatMap((r) => [...r.adjust, ...r.reviewDue, ...r.deceased]);
    for (const f of findings) expect(f).toMatchObject({ code: expect.stringMatching(/^screen\./), citation: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) } });
    // the columns written before dynamic management are where they were
    expect(Object.keys(results[0]).slice(0, 6)).toEqual(['line', 'id', 'programs', 'missed', 'review', 'warn']);
  });

  it('enrolments in programs the policy does not have are counted and named, in the summary too', () => {
    const file = join(dir, 'misspelt.ndjson');
    const member = { id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '309.00', period: 'month' }] };
    const row = (id: string, program: string) => JSON.stringify({ id, region: '440100', area: 'urban', members: [member], enrolments: [{ program, since: '2024-01-01' }] });
    writeFileSync(file, [row('u1', '低保'), row('u2', '低保'), row('u3', 'dibao')].join('\n'));
    const summaryFile = join(dir, 'misspelt.json');
    const { code, err, out } = run(['screen', file, ...SCREEN, '--summary', summaryFile, '--lang', 'en']);
    expect(code).toBe(0);
    expect(err).toContain('enrolments in programs the policy does not have (read as not enrolled; check the names), households: "低保" 2');
    expect(JSON.parse(readFileSync(summaryFile, 'utf8')).unknownEnrolments).toEqual({ 低保: 2 });
    expect(out.trim().split('\n').map((l) => JSON.parse(l).unknownEnrolments)).toEqual([['低保'], ['低保'], undefined]);
  });

  it('a reader that closes the output early: 141, not 0, since rows were never screened; a closed stderr stops nothing', () => {
    const shell = (command: string) => spawnSync('bash', ['-c', command], { encoding: 'utf8', cwd: root });
    const screenArgs = `screen ${population} ${SCREEN.join(' ')}`;
    const closedOut = shell(`node ${cli} ${screenArgs} --workers 1 --batch-size 50 | head -c 1 > /dev/null; echo "\${PIPESTATUS[0]}"`);
    expect(closedOut.stdout.trim()).toBe('141');
    const out = join(dir, 'closed-stderr.ndjson');
    const closedErr = shell(`node ${cli} ${screenArgs} --out ${out} 2>&1 | head -c 1 > /dev/null; echo "\${PIPESTATUS[0]}"`);
    expect(closedErr.stdout.trim()).toBe('0');
    expect(lines(out)).toHaveLength(3000);
  });

  it('CSV: an unknown column stops the run (exit 3); a bad cell or an unreadable record is an error row', () => {
    const bad = join(dir, 'bad-header.csv');
    writeFileSync(bad, 'id,regoin,area\nh1,440100,urban\n');
    const header = run(['screen', bad, ...SCREEN]);
    expect(header.code).toBe(3);
    expect(header.err).toContain('regoin');
    expect(header.err).toContain('region');
    // a column twice, or the whole-household column beside others: which value counts would be a silent guess
    for (const [head, code] of [['id,region,area,members,region', 'DUPLICATE_CSV_COLUMN'], ['id,household', 'CSV_HOUSEHOLD_NOT_ALONE']]) {
      writeFileSync(bad, `${head}\n`);
      const refused = run(['screen', bad, ...SCREEN]);
      expect(refused.code).toBe(3);
      expect(refused.err).toContain(code);
    }
    const rows = join(dir, 'bad-rows.csv');
    const member = '"[{""id"":""m1"",""relation"":""applicant"",""birthDate"":""1980-01-01""}]"';
    writeFileSync(rows, `id,region,area,members\nh1,440100,urban,${member}\nh2,440100,urban,"[{oops"\nh3,440100\nh4,440100,urban,${member}\n`);
    const [out, errors] = [join(dir, 'rows.ndjson'), join(dir, 'rows-errors.ndjson')];
    const { code, err } = run(['screen', rows, ...SCREEN, '--out', out, '--errors', errors]);
    expect(code).toBe(3);
    expect(err).toContain('读入 4 行 = 结果 2 + 错误 2');
    expect(lines(out).map((r) => r.id)).toEqual(['h1', 'h4']);
    expect(lines(errors).map((e) => [e.line, e.problems[0].code, e.problems[0].path])).toEqual([
      [3, 'JSON_KEY_NOT_QUOTED', '$.members'],
      [4, 'INVALID_CSV', '$'],
    ]);
    // Saved by Excel as "CSV UTF-8" (a byte-order mark first), with a quote left open on line 3: that row is an
    // error and every row after it is still screened.
    const stray = join(dir, 'stray-quote.csv');
    const good = (id: string) => `${id},440100,urban,${member}`;
    writeFileSync(stray, `\uFEFFid,region,area,members\n${good('h1')}\nh2,440100,"urban,${member}\n${good('h3')}\n${good('h4')}\n`);
    const strayOut = join(dir, 'stray.ndjson');
    const strayErrors = join(dir, 'stray-errors.ndjson');
    const strayRun = run(['screen', stray, ...SCREEN, '--out', strayOut, '--errors', strayErrors]);
    expect(strayRun.code).toBe(3);
    expect(strayRun.err).toContain('读入 4 行 = 结果 3 + 错误 1');
    expect(lines(strayOut).map((r) => [r.line, r.id])).toEqual([[2, 'h1'], [4, 'h3'], [5, 'h4']]);
    expect(lines(strayErrors).map((e) => [e.line, e.problems[0].code])).toEqual([[3, 'CSV_QUOTE_NOT_CLOSED']]);
    // Saved by Excel on a Chinese Windows: GB18030 bytes (张 is D5 C5). Read as UTF-8 every row says so; with
    // --encoding gb18030 they are screened. --encoding is for CSV only.
    const gbk = join(dir, 'gbk.csv');
    const name = (id: string) => Buffer.concat([Buffer.from(`${id},440100,urban,"[{""id"":""m1"",""relation"":""applicant"",""birthDate"":""1980-01-01"",""name"":""`), Buffer.from([0xd5, 0xc5]), Buffer.from('""}]"\r\n')]);
    writeFileSync(gbk, Buffer.concat([Buffer.from('id,region,area,members\r\n'), name('h1'), name('h2')]));
    const asUtf8 = run(['screen', gbk, ...SCREEN, '--out', join(dir, 'gbk-utf8.ndjson'), '--errors', join(dir, 'gbk-errors.ndjson')]);
    expect(asUtf8.code).toBe(3);
    expect(lines(join(dir, 'gbk-errors.ndjson')).map((e) => [e.line, e.problems[0].code])).toEqual([[2, 'CSV_NOT_DECODABLE'], [3, 'CSV_NOT_DECODABLE']]);
    const asGb = run(['screen', gbk, ...SCREEN, '--encoding', 'gb18030', '--out', join(dir, 'gbk.ndjson')]);
    expect(asGb.code).toBe(0);
    expect(lines(join(dir, 'gbk.ndjson')).map((r) => r.id)).toEqual(['h1', 'h2']);
    expect(run(['screen', population, ...SCREEN, '--encoding', 'gb18030']).code).toBe(2);
  });

  it('stopped half way (SIGTERM, SIGINT, SIGHUP): the output holds whole lines only, and rows in = results + errors', async () => {
    const big = join(dir, 'big.ndjson');
    expect(run(['generate', '--households', '40000', '--policy', 'guangdong', '--seed', '9', '--out', big]).code).toBe(0);
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      const out = join(dir, `killed-${signal}.ndjson`);
      const child = spawn(process.execPath, [cli, 'screen', big, ...SCREEN, '--out', out, '--workers', '1', '--batch-size', '200', '--lang', 'en'], { cwd: root });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitFor(() => sizeOf(out) > 50_000);
      child.kill(signal);
      expect(await exited).toBe(130);
      const text = readFileSync(out, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const written = lines(out);
      expect(written.length).toBeLessThan(40_000);
      expect(written.map((r) => r.line)).toEqual(written.map((_, i) => i + 1));
      const counts = /rows in: (\d+) = results out: (\d+) \+ errors out: (\d+)/.exec(err)!;
      expect(Number(counts[1])).toBe(Number(counts[2]) + Number(counts[3]));
      expect(Number(counts[2])).toBe(written.length);
    }
  });
});

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function waitFor(test: () => boolean, ms = 30_000): Promise<void> {
  const until = performance.now() + ms;
  while (!test()) {
    if (performance.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
