import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRules, editJson } from './helpers/ruleCopy.js';

// The built CLI, run as a user runs it (`npm test` builds it first).
const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const example = join(root, 'examples', 'households', 'guangzhou-2023-prison.json');
const run = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, cwd: root });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('jiuzhu evaluate', () => {
  it('prints the Chinese explanation of the bundled example', () => {
    const { code, out } = run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01']);
    expect(code).toBe(0);
    expect(out).toContain('【最低生活保障】符合条件，每月 1952.00 元');
    expect(out).toContain('救助圈层：绝对困难');
  });

  it('--json gives the decision: eligible, 1952.00; --lang en explains in English', () => {
    const json = JSON.parse(run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--json']).out);
    expect(json.programs.find((p: { program: string }) => p.program === 'dibao')).toMatchObject({ eligible: true, amount: '1952.00' });
    const en = run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--lang', 'en']).out;
    expect(en).toContain('[Minimum living allowance (低保)] eligible, 1952.00 yuan per month');
  });

  it('gives byte-identical JSON whatever the machine time zone', () => {
    const args = ['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--json'];
    const outputs = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Shanghai'].map((TZ) => run(args, { TZ, LANG: 'C' }).out);
    expect(new Set(outputs).size).toBe(1);
  });

  it('a malformed household: all problems with paths, exit 3, no stack trace', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-cli-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'bad',
        region: '440100',
        area: 'urban',
        members: [{ id: 'm1', relation: 'applicant', birthDate: '1990-13-45', incomes: [{ kind: 'bonus', amount: '-1.00', period: 'month' }] }],
      }),
    );
    const { code, err, out } = run(['evaluate', file, '--policy', 'guangdong', '--as-of', '2023-06-01']);
    expect(code).toBe(3);
    expect(out).toBe('');
    expect(err).toContain('输入有 3 处问题');
    expect(err).toContain('$.members[0].birthDate');
    expect(err).toContain('$.members[0].incomes[0].kind');
    expect(err).toContain('$.members[0].incomes[0].amount');
    expect(err).not.toMatch(/\bat .*\.js:\d+/);
    // A program that asks for JSON gets the same problems as JSON on stdout (the text stays on stderr for people).
    const json = run(['evaluate', file, '--policy', 'guangdong', '--as-of', '2023-06-01', '--json']);
    expect(json.code).toBe(3);
    const parsed = JSON.parse(json.out);
    expect(parsed).toMatchObject({ ok: false, kind: 'input' });
    expect(parsed.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(['members.0.birthDate', 'members.0.incomes.0.kind', 'members.0.incomes.0.amount']);
    expect(parsed.issues[0].message).toHaveProperty('en');
    expect(json.err).toContain('输入有 3 处问题');
  });

  it('a household file with a byte-order mark is read; one saved as ANSI (GBK) is named, exit 3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-cli-'));
    const text = readFileSync(example);
    writeFileSync(join(dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]));
    expect(run(['evaluate', join(dir, 'bom.json'), '--policy', 'guangdong', '--as-of', '2023-06-01']).out).toContain('【最低生活保障】符合条件，每月 1952.00 元');
    // as ANSI: 陈 in GBK bytes (B3C2), which are not UTF-8
    const [before, ...after] = text.toString('utf8').split('陈');
    expect(after.length).toBeGreaterThan(0);
    writeFileSync(join(dir, 'ansi.json'), Buffer.concat([Buffer.from(before!), Buffer.from([0xb3, 0xc2]), Buffer.from(after.join('陈'))]));
    const ansi = run(['evaluate', join(dir, 'ansi.json'), '--policy', 'guangdong', '--as-of', '2023-06-01']);
    expect(ansi.code).toBe(3);
    expect(ansi.err).toContain('FILE_NOT_UTF8');
    writeFileSync(join(dir, 'unicode.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.toString('utf8'), 'utf16le')]));
    const unicode = run(['evaluate', join(dir, 'unicode.json'), '--policy', 'guangdong', '--as-of', '2023-06-01', '--lang', 'en']);
    expect(unicode.code).toBe(3);
    expect(unicode.err).toContain('UTF-16');
  });

  it('--help or -h after a command prints its usage and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = run(['screen', flag]);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toContain('jiuzhu screen <家庭.ndjson|.csv|-> --policy');
      expect(out).not.toContain('jiuzhu evaluate');
    }
    const en = run(['screen', '--help', '--lang', 'en']).out;
    expect(en).toContain('jiuzhu screen <households.ndjson|.csv|-> --policy');
    expect(en).toMatch(/--workers <N> +worker threads/);
    expect(en).toContain('Example:\n  jiuzhu screen people.ndjson');
    // after `--`, `-h` is a file name (here a missing one), not a request for help
    expect(run(['evaluate', '--policy', 'guangdong', '--as-of', '2023-06-01', '--', '-h']).code).toBe(3);
  });

  it('every command has a help with every option and an example, in Chinese and in English, one language each', () => {
    for (const command of ['evaluate', 'validate', 'init', 'facts', 'screen', 'generate', 'purchase-cap', 'policy', 'replay']) {
      const zh = run([command, '--help']);
      const en = run([command, '--help', '--lang', 'en']);
      expect([command, zh.code, en.code]).toEqual([command, 0, 0]);
      expect(zh.out).toContain('选项：');
      expect(zh.out).toContain(`示例：\n  jiuzhu ${command}`);
      expect(en.out).toContain(`Example:\n  jiuzhu ${command}`);
      expect(en.out).not.toMatch(/[\u4e00-\u9fff]/); // no Chinese in the English help
    }
    expect(run(['help', 'replay', '--lang', 'en']).out).toContain('--against <policy|DIR|sha256>');
  });

  it('--version prints the version; the overview lists every command in the language asked for', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    expect(run(['--version'])).toMatchObject({ code: 0, out: `${version}\n` });
    expect(run(['--help']).out).toContain('命令：');
    expect(run(['--help', '--lang', 'en']).out).toContain('Commands:\n  evaluate');
  });

  it('did you mean: a misspelt command or flag is named with the one probably meant, before anything is loaded', () => {
    expect(run(['evalute', example])).toMatchObject({ code: 2, err: expect.stringContaining('未知的命令“evalute”，是否想输入 jiuzhu evaluate？') });
    expect(run(['scren', '--lang', 'en'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "scren"; did you mean jiuzhu screen?') });
    const flag = run(['evaluate', example, '--polcy', 'guangdong', '--as-of', '2023-06-01', '--lang', 'en']);
    expect(flag).toMatchObject({ code: 2, err: expect.stringContaining('jiuzhu evaluate has no option --polcy; did you mean --policy?') });
    expect(run(['screen', 'x.ndjson', '--wokers=2']).err).toContain('jiuzhu screen 没有选项 --wokers，是否想输入 --workers？');
  });

  it('loads commands lazily: the entry holds none of them, so --help starts at once', () => {
    const entry = readFileSync(cli, 'utf8');
    for (const inCommands of ['cli-progress', 'createWriteStream', 'checkRecordLog']) expect(entry).not.toContain(inCommands);
  });

  it('usage mistakes exit 2; a missing file exits 3; an unknown policy exits 4', () => {
    expect(run(['evaluate', example]).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['evaluate', 'nope.json', '--policy', 'guangdong', '--as-of', '2023-06-01']).code).toBe(3);
    expect(run(['evaluate', example, '--policy', 'guangxi', '--as-of', '2023-06-01']).code).toBe(4);
  });

  it("a policy named like an object's own property is an unknown policy (4), not a crash", () => {
    for (const name of ['toString', '__proto__', 'constructor']) {
      const { code, err } = run(['evaluate', example, '--policy', name, '--as-of', '2023-06-01']);
      expect([name, code]).toEqual([name, 4]);
      expect(err).toContain('UNKNOWN_POLICY');
    }
  });

  it('an output that cannot be written is the user\'s to mend: a message and exit 7, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-cli-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const cases = [
      [['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--record', dir], '这是一个目录'],
      [['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--record', join(file, 'log.ndjson')], '路径中有一段不是目录'],
      [['policy', 'pack', '--policy', 'guangdong', '--store', file], '该处已有一个文件'],
    ] as const;
    for (const [args, why] of cases) {
      const { code, err } = run([...args]);
      expect([code, err.includes(why), err.includes('内部错误')]).toEqual([7, true, false]);
    }
  });

  it('recording under rules that are not archived says how to archive them; a second household file is a usage error', () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'].find((v: { region?: string }) => v.region === '440100').value = '1300.00';
    });
    const log = join(mkdtempSync(join(tmpdir(), 'jiuzhu-cli-')), 'log.ndjson');
    const mine = run(['evaluate', example, '--policy', join(rules, 'provinces/guangdong'), '--as-of', '2023-06-01', '--record', log]);
    expect([mine.code, mine.err.includes('jiuzhu policy pack --policy')]).toEqual([0, true]);
    const bundled = run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--record', log]);
    expect([bundled.code, bundled.err]).toEqual([0, '']);
    expect(run(['evaluate', example, example, '--policy', 'guangdong', '--as-of', '2023-06-01']).code).toBe(2);
  });

  it('a household file naming a key twice is refused with its path and line, not decided on the last value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-cli-'));
    const file = join(dir, 'dup.json');
    writeFileSync(file, readFileSync(example, 'utf8').replace('"amount": "3000.00"', '"amount": "3000.00", "amount": "300.00"'));
    const { code, err } = run(['evaluate', file, '--policy', 'guangdong', '--as-of', '2023-06-01', '--lang', 'en']);
    expect([code, err.includes('$.members[0].incomes[0].amount'), err.includes('DUPLICATE_JSON_KEY')]).toEqual([3, true, true]);
  });

  it('reads the household from standard input with -, and names a directory given as the household', () => {
    const piped = spawnSync(process.execPath, [cli, 'evaluate', '-', '--policy', 'guangdong', '--as-of', '2023-06-01', '--json'], {
      input: readFileSync(example),
      encoding: 'utf8',
      cwd: root,
    });
    expect([piped.status, JSON.parse(piped.stdout).householdId]).toEqual([0, 'gz-2023-0001']);
    const directory = run(['evaluate', join(root, 'examples'), '--policy', 'guangdong', '--as-of', '2023-06-01']);
    expect([directory.code, directory.err.includes('NOT_A_FILE')]).toEqual([3, true]);
    const fromDirectory = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" evaluate - --policy guangdong --as-of 2023-06-01 < "${root}"`], { encoding: 'utf8' });
    expect([fromDirectory.status, fromDirectory.stderr.includes('NOT_A_FILE')]).toEqual([3, true]);
  });

  it('--lang=en works as --lang en does; another language is a usage error', () => {
    expect(run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--lang=en']).out).toContain('Household gz-2023-0001');
    expect(run(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01', '--lang=fr']).code).toBe(2);
  });
});

describe('jiuzhu validate', () => {
  it('accepts the bundled policies', () => {
    const { code, out } = run(['validate']);
    expect(code).toBe(0);
    expect(out.match(/✓/g)?.length).toBe(4);
  });

  it('a misspelt key: file + path + the key it probably meant, exit 4', () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'][0].valeu = json.values['dibao.standard'][0].value;
      delete json.values['dibao.standard'][0].value;
    });
    const { code, err } = run(['validate', join(rules, 'provinces/guangdong'), '--lang', 'en']);
    expect(code).toBe(4);
    // file:line:column, as editors and terminals open it, then the JSON path
    expect(err).toMatch(/provinces\/guangdong\/parameters\.json:\d+:\d+ \$\.values\["dibao\.standard"\]\[0\]\.valeu/);
    expect(err).toContain('did you mean "value"?');
    expect(err).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('jiuzhu validate: advice, --strict, --json', () => {
  const mistyped = () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'].push({ region: '440100', from: '2062-07-01', value: '1400.00', source: { document: '穗民规字〔2026〕' }, grade: 'A' });
    });
    editJson(join(rules, 'provinces/guangdong/policy.json'), (json) => {
      json.version = 'guangzhou-2026';
    });
    return join(rules, 'provinces/guangdong');
  };

  it('advice is shown at file:line:column and the exit code stays 0; --strict refuses it (exit 4)', () => {
    const dir = mistyped();
    const { code, out } = run(['validate', dir, '--today', '2026-05-01']);
    expect(code).toBe(0);
    expect(out).toContain('✓');
    expect(out).toMatch(/提示 1 条/);
    expect(out).toMatch(/! \S*provinces\/guangdong\/parameters\.json:\d+:\d+ \$\.values\["dibao\.standard"\]\[\d+\]\.from  生效日期 2062-07-01 比今天（2026-05-01）晚 2 年以上/);
    expect(out).toContain(`! ${relative(root, join(dir, 'parameters.json'))}:`); // a path from here: the terminal opens it
    const strict = run(['validate', dir, '--today', '2026-05-01', '--strict']);
    expect(strict.code).toBe(4);
    expect(strict.err).toContain('--strict');
    expect(strict.err).toContain('[STANDARD_FAR_FUTURE]');
  });

  it('--json gives each problem and piece of advice with file, line, column, path, code and both messages', () => {
    const dir = mistyped();
    const advice = JSON.parse(run(['validate', dir, '--today', '2026-05-01', '--json']).out);
    expect(advice).toMatchObject({ ok: true, today: '2026-05-01', policies: [{ valid: true, id: 'guangdong', problems: [], advice: [{ severity: 'warning', code: 'STANDARD_FAR_FUTURE' }] }] });
    const issue = advice.policies[0].advice[0];
    // Named from where the command runs, so that a terminal or an editor opens file:line:column as it stands.
    expect(issue.file).toBe(relative(root, join(dir, 'parameters.json')));
    const line = readFileSync(join(root, issue.file), 'utf8').split('\n')[issue.line - 1];
    expect(line!.slice(issue.column - 1)).toBe('"2062-07-01",');
    expect(issue.message).toMatchObject({ zh: expect.stringContaining('2062'), en: expect.stringContaining('2062') });
    editJson(join(dir, 'parameters.json'), (json) => {
      json.values['dibao.standard'][0].value = '1,087.00';
    });
    const invalid = run(['validate', dir, '--json']);
    expect(invalid.code).toBe(4);
    expect(JSON.parse(invalid.out)).toMatchObject({ ok: false, policies: [{ valid: false, problems: [{ severity: 'error', code: 'PARAMETER_VALUE_TYPE', line: expect.any(Number), column: expect.any(Number) }] }] });
    const problem = JSON.parse(invalid.out).policies[0].problems[0];
    expect(readFileSync(join(root, problem.file), 'utf8').split('\n')[problem.line - 1]!.slice(problem.column - 1)).toBe('"1,087.00",');
  });

  it('a bundled name beside a folder of that name: says which one it used, for every command that takes a policy', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'jiuzhu-cwd-'));
    mkdirSync(join(cwd, 'guangdong'));
    const inCwd = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
    const note = '说明：“guangdong”指内置政策 guangdong；当前目录下同名的文件夹 guangdong/ 没有使用（要用这个文件夹，请写 ./guangdong）';
    expect(inCwd(['evaluate', example, '--policy', 'guangdong', '--as-of', '2023-06-01']).stderr).toContain(note);
    expect(inCwd(['validate', 'guangdong']).stderr).toContain(note);
    expect(inCwd(['generate', '--households', '1', '--policy', 'guangdong', '--seed', '1']).stderr).toContain(note);
    writeFileSync(join(cwd, 'people.ndjson'), `${JSON.stringify(JSON.parse(readFileSync(example, 'utf8')))}\n`);
    expect(inCwd(['compare', 'people.ndjson', '--policy', 'guangdong', '--against', 'guangdong', '--as-of', '2023-06-01']).stderr).toContain(note);
    expect(inCwd(['test', 'no-cases', '--policy', 'guangdong']).stderr).toContain(note);
    expect(inCwd(['evaluate', example, '--policy', './guangdong', '--as-of', '2023-06-01']).status).toBe(4); // the folder, empty
  });
});

describe('jiuzhu facts', () => {
  it('lists the catalog', () => {
    const out = execFileSync(process.execPath, [cli, 'facts', '--lang', 'en'], { encoding: 'utf8' });
    expect(out).toContain('perCapitaIncome  [household, money] params: basis=household');
    expect(out).toContain('selfCareGrade  [member, enum]');
  });

  it('--json gives the catalog as data for tools (an editor plugin, a form builder)', () => {
    const facts = JSON.parse(execFileSync(process.execPath, [cli, 'facts', '--json'], { encoding: 'utf8' }));
    expect(facts.find((f: { name: string }) => f.name === 'selfCareGrade')).toMatchObject({ level: 'member', type: 'enum', values: expect.any(Array) });
    expect(run(['facts', '--jsn']).code).toBe(2);
  });
});
