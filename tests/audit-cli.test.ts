import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/node/cli/run.js';
import { ENGINE_VERSION, decisionId, openRecordLog, recordSha256 } from '../src/node/index.js';
import { copyRules, editJson } from './helpers/ruleCopy.js';

// What an auditor does, in the order of the issue's "done when": first with the built CLI as a user runs it (`npm test`
// builds it first), then in-process (`runCli`, the same code without a process per step) to keep the suite quick.
const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const example = join(root, 'examples', 'households', 'guangzhou-2023-prison.json');
const work = mkdtempSync(join(tmpdir(), 'jiuzhu-audit-cli-'));
const log = join(work, 'decisions.ndjson');
const archive = join(work, 'archive');
const spawn = (args: string[], input?: string) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: work, ...(input !== undefined ? { input } : {}) });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.map((t) => `${t}\n`).join(''), err: err.join('\n') };
};

// The rule files of next year: Guangzhou's standard for 2023 corrected from 1238 to 1300, in a copy of the rules.
const rules = copyRules();
const newGuangdong = join(rules, 'provinces', 'guangdong');
editJson(join(newGuangdong, 'parameters.json'), (json) => {
  json.values['dibao.standard'].find((v: { region?: string; from: string }) => v.region === '440100' && v.from === '2023-01-01').value = '1300.00';
});

describe('an auditor with a decision log', () => {
  it('1. a service evaluates the bundled example and logs its record; then evaluates under the changed rule files', () => {
    expect(spawn(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--record', log]).code).toBe(0);
    const second = spawn(['evaluate', example, '--policy', newGuangdong, '--as-of', '2023-06-01', '--record', log]);
    expect(second.out).toContain('每月 2200.00 元');
    // A header naming the log, then each record chained to the line before it.
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'jiuzhu.log/1', log: 'decisions.ndjson' });
    expect(JSON.parse(lines[2]!)).toMatchObject({ seq: 2, prev: JSON.parse(lines[1]!).sha256 });
    expect(lines[3]).toBe('');
  });

  it('2. replay proves the first record with the package store; the second needs its policy archived', () => {
    const { code, out } = spawn(['replay', log]);
    expect(code).toBe(6);
    expect(out).toContain('第 3 行  无法处理');
    expect(out).toContain('[POLICY_NOT_IN_STORE]');
    expect(out).toContain('重放 2 条记录：一致 1，不一致 0，伪造 0，被改动 0，无法处理 1（第 3 行）');
    expect(out).toMatch(/日志链完整：2 条记录，链头为第 3 行（第 2 条），sha256 [0-9a-f]{64}/);

    const pack = spawn(['policy', 'pack', '--policy', newGuangdong, '--store', archive]);
    expect(pack.code).toBe(0);
    expect(readdirSync(archive)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    const proved = spawn(['replay', log, '--store', archive, '--lang', 'en']);
    expect(proved.code).toBe(0);
    expect(proved.out.trim().split('\n')).toEqual([
      'replayed 2 records: 2 identical, 0 differ, 0 forged, 0 tampered, 0 errors',
      expect.stringMatching(/^log chain intact: 2 records, head on line 3 \(record 2\), sha256 [0-9a-f]{64}$/),
    ]);
  });

  it('3. --against the new rule files shows the amount difference and names the parameter', async () => {
    const { code, out } = await run(['replay', log, '--against', newGuangdong, '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toContain('eligible 1952.00 yuan/month → eligible 2200.00 yuan/month (+248.00)');
    expect(out).toContain('dibao.standard: 1238.00 (440100, from 2023-01-01) → 1300.00 (440100, from 2023-01-01)');
    expect(out).toContain('compared 2 records: 1 changed (line 2), 1 unchanged, 0 forged, 0 tampered, 0 errors');
    const json = JSON.parse((await run(['replay', log, '--against', newGuangdong, '--json'])).out);
    expect(json.summary).toEqual({ total: 2, changed: 1, unchanged: 1 });
    expect(json.results[0].programs.find((p: { program: string }) => p.program === 'dibao')).toMatchObject({ amountChange: '+248.00', causes: ['dibao.standard'] });
    // Its report lists each record as replay's does: household, date, what the record grants.
    const csv = join(work, 'against.csv');
    expect((await run(['replay', log, '--against', newGuangdong, '--lang', 'en', '--report', csv])).code).toBe(0);
    const rows = readFileSync(csv, 'utf8').split('\n');
    expect(rows[1]).toMatch(/^2,1,,gz-2023-0001,2023-06-01,guangdong [^,]+,changed,dibao 1952\.00\/month/);
    expect(rows[2]).toMatch(/^3,2,,gz-2023-0001,2023-06-01,guangdong [^,]+,unchanged,dibao 2200\.00\/month/);
  });

  it('4. one digit of an income flipped inside a logged record: tampered (hash mismatch), not a policy difference', async () => {
    const altered = join(work, 'altered.ndjson');
    const [header, first, second] = readFileSync(log, 'utf8').split('\n');
    const flipped = first!.replace('"amount":"3000.00"', '"amount":"3900.00"');
    expect(flipped).not.toBe(first);
    writeFileSync(altered, `${header}\n${flipped}\n${second}\n`);
    const { code, out } = await run(['replay', altered, '--store', archive]);
    expect(code).toBe(6);
    expect(out).toContain('第 2 行  被改动');
    expect(out).toContain('[RECORD_HASH_MISMATCH]');
    expect(out).not.toContain('不一致  ');
    expect(out).toContain('一致 1，不一致 0，伪造 0，被改动 1（第 2 行），无法处理 0');
    // The chain still holds: the record says the sha256 the next one names, and its content no longer matches it.
    expect(out).toContain('日志链完整');
    const against = await run(['replay', altered, '--against', newGuangdong, '--lang', 'en']);
    expect(against.out).toContain('line 2  tampered');
    expect(against.code).toBe(6);
  });

  it('5. a truncated last line is reported with its line number; the lines before it still replay', async () => {
    const torn = join(work, 'torn.ndjson');
    const text = readFileSync(log, 'utf8');
    const [, first] = text.split('\n');
    writeFileSync(torn, text + first!.slice(0, 4000));
    const { code, out } = await run(['replay', torn, '--store', archive, '--lang', 'en']);
    expect(code).toBe(6);
    expect(out).toContain('line 4  error');
    expect(out).toContain('line 4 is incomplete (writing was interrupted); skipped  [LOG_LINE_TRUNCATED]');
    expect(out).toContain('replayed 3 records: 2 identical, 0 differ, 0 forged, 0 tampered, 1 errors (line 4)');
    // The next append after a crash starts a fresh line, so the torn line never swallows a record.
    expect((await run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--record', torn])).code).toBe(0);
    const after = JSON.parse((await run(['replay', torn, '--store', archive, '--json'])).out);
    expect(after.summary).toEqual({ total: 4, identical: 3, error: 1 });
    // Every record is listed, identical ones too; the chain goes on after the torn line (it may have been a record).
    expect(after.results.map((r: { line: number; status: string }) => [r.line, r.status])).toEqual([[2, 'identical'], [3, 'identical'], [4, 'error'], [5, 'identical']]);
    expect(after.results[2].issues).toEqual([expect.objectContaining({ code: 'LOG_LINE_TRUNCATED' })]);
    expect(after.chain).toMatchObject({ chained: true, records: 3, findings: [] });
  });

  it('usage: a log is needed, --as-of goes with --against; a missing log exits 3; `policy` needs `pack --policy`', async () => {
    const quiet = { out: () => {}, err: () => {} };
    expect(await runCli(['replay'], quiet)).toBe(2);
    expect(await runCli(['replay', log, '--as-of', '2025-01-01'], quiet)).toBe(2);
    expect(await runCli(['replay', join(work, 'nope.ndjson')], quiet)).toBe(3);
    // A wrong flag is named, and only it: --workers was not given.
    const badHead = await run(['verify-log', log, '--expect-head', 'abc123']);
    expect(badHead.code).toBe(2);
    expect(badHead.err).toContain('--expect-head');
    expect(badHead.err.split('\n')[0]).not.toContain('--workers');
    expect(await runCli(['replay', log, '--against', 'guangdong', '--as-of', '2025-02-30'], quiet)).toBe(3);
    expect(await runCli(['policy', 'pack'], quiet)).toBe(2);
    expect(await runCli(['policy', 'unpack', '--policy', 'guangdong'], quiet)).toBe(2);
  });

  it('a misspelt --store is named, not blamed on every record; an empty log proves nothing and does not pass', async () => {
    const missing = await run(['replay', log, '--store', join(work, 'archiv')]);
    expect([missing.code, missing.err.includes('archiv'), missing.err.includes('FILE_NOT_FOUND')]).toEqual([3, true, true]);
    const empty = join(work, 'empty.ndjson');
    writeFileSync(empty, '\n');
    const replayed = await run(['replay', empty]);
    expect(replayed.code).toBe(6);
    expect(replayed.out).toContain('日志中没有任何记录');
  });

  it('a decision logged twice is pointed out, and records of another engine version are counted', async () => {
    const twice = join(work, 'twice.ndjson');
    for (let i = 0; i < 2; i++) await run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--record', twice]);
    const first = JSON.parse(readFileSync(twice, 'utf8').split('\n')[1]!);
    const replayed = await run(['replay', twice, '--lang', 'en']);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toContain(`note: line 3 repeats the decision of line 2 (${first.id})`);
    const json = JSON.parse((await run(['replay', twice, '--json'])).out);
    expect(json.notes).toEqual([expect.objectContaining({ kind: 'repeated', line: 3, first: 2 })]);
    // The same record as an older engine would have written it: identical, and counted as such.
    const { seq: _seq, prev: _prev, ...older } = structuredClone(first);
    older.engine.version = older.decision.engine.version = '0.0.9';
    older.id = older.decision.id = decisionId(older.decision.inputSha256, older.policy.sha256, older.asOf, '0.0.9');
    older.sha256 = recordSha256(older);
    const mixed = join(work, 'mixed.ndjson');
    const appender = await openRecordLog(mixed, { durable: false });
    await appender.append(first);
    await appender.append(older);
    await appender.close();
    const versions = await run(['replay', mixed, '--lang', 'en']);
    expect(versions.code).toBe(0);
    expect(versions.out).toContain(`1 of them made by jiuzhu 0.0.9, replayed with ${ENGINE_VERSION}`);
  });
});

describe('what an auditor files', () => {
  it('a case number from --meta, the log on standard input, a CSV and an HTML report of every record with totals; control characters never reach the terminal', async () => {
    // A household whose id would print a fake line of its own and an escape sequence that erases the line it is on.
    const forged = 'gz-1\n符合条件，9999.00 元/月\u001b[2K';
    const household = join(work, 'forged-id.json');
    writeFileSync(household, JSON.stringify({ ...JSON.parse(readFileSync(example, 'utf8')), id: forged }));
    const filed = join(work, 'filed.ndjson');
    for (const [i, asOf] of ['2023-06-01', '2023-07-01'].entries()) {
      const evaluated = await run(['evaluate', household, '--policy', 'guangdong', '--as-of', asOf, '--record', filed, '--compact', '--meta', `caseNumber=穗民-${i + 1}`]);
      expect(evaluated.code).toBe(0);
      expect(evaluated.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(evaluated.out).toContain('gz-1\\n符合条件，9999.00 元/月\\u001b[2K');
    }
    const csv = join(work, 'filed.csv');
    const replayed = spawn(['replay', '-', '--report', csv, '--lang', 'en'], readFileSync(filed, 'utf8'));
    expect(replayed.code).toBe(0);
    expect(replayed.out).toContain('replayed 2 records: 2 identical');
    const rows = readFileSync(csv, 'utf8').split('\n');
    // Identical records are listed too, each with its case number, date and amounts; then the totals.
    expect(rows.filter((row) => row.includes(',identical,'))).toHaveLength(2);
    expect(rows.find((row) => row.includes('穗民-2')) ?? '').toContain('2023-07-01');
    expect(rows.find((row) => row.startsWith('dibao,'))).toContain('3904.00');
    const html = join(work, 'filed.html');
    expect((await run(['replay', filed, '--report', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('穗民-1');
    expect(page).not.toContain('\u001b');
  });
});

describe('jiuzhu replay on a terminal', () => {
  it('draws a progress bar on the terminal and prints the report after it', async () => {
    const terminal = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 100,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (terminal as unknown as PassThrough).on('data', (chunk) => (drawn += String(chunk)));
    const out: string[] = [];
    const big = join(work, 'big.ndjson');
    const appender = await openRecordLog(big, { durable: false });
    const record = JSON.parse(readFileSync(log, 'utf8').split('\n')[1]!);
    for (let i = 0; i < 50; i++) await appender.append(record);
    await appender.close();
    appendFileSync(big, '{"format":');
    const code = await runCli(['replay', big], { out: (t) => out.push(t), err: (t) => out.push(t), progress: terminal });
    expect(code).toBe(6);
    expect(drawn).toContain('replay');
    expect(drawn).toMatch(/一致 \d+/);
    expect(out).toContain('重放 51 条记录：一致 50，不一致 0，伪造 0，被改动 0，无法处理 1（第 52 行）');
  });
});
