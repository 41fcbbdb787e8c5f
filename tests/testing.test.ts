import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  JiuzhuError,
  loadPolicy,
  parseTestCase,
  renderTestReport,
  runTestCase,
  runTestFiles,
  testReportJson,
  type Policy,
  type TestCase,
} from '../src/node/index.js';
import { runCli } from '../src/node/cli/run.js';
import { copyRules, editJson } from './helpers/ruleCopy.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
/** The built CLI as a user runs it (once); in-process (`runCli`, the same code) for the rest, to keep the suite quick. */
const spawned = (args: string[]) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** The Guangzhou family of the README: 低保 (1238 − 750) × 4 = 1952.00 on 2023-06-01. */
const household = JSON.parse(readFileSync(join(root, 'examples/households/guangzhou-2023-prison.json'), 'utf8'));
const gzCase = (expect: TestCase['expect'], extra: Partial<TestCase> = {}): TestCase =>
  parseTestCase({ comment: 'Guangzhou family of five, 低保 gap method', policy: 'guangdong', asOf: '2023-06-01', household, expect, ...extra });

let guangdong: Policy;
beforeAll(async () => {
  guangdong = await loadPolicy('guangdong');
});

describe('parseTestCase', () => {
  it('reports every problem of a case at once, with its path, in Chinese and English', () => {
    const error = (() => {
      try {
        parseTestCase({ comment: '', asOf: '2023-06-01', household: {}, expect: { programs: { dibao: { amout: '1.00' } }, reasons: [{ passed: true }] } }, 'a.json');
      } catch (e) {
        return e;
      }
    })() as JiuzhuError;
    expect(error).toBeInstanceOf(JiuzhuError);
    const found = error.issues.map((i) => [i.code, i.path.join('.'), i.file]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['TOO_SMALL', 'comment', 'a.json'],
        ['UNKNOWN_KEY', 'expect.programs.dibao.amout', 'a.json'],
        ['EXACTLY_ONE_OF', 'expect.reasons.0', 'a.json'],
      ]),
    );
    const misspelt = error.issues.find((i) => i.code === 'UNKNOWN_KEY')!;
    expect(misspelt.message.zh).toContain('amount');
    expect(misspelt.message.en).toContain('did you mean');
  });
});

describe('runTestCase', () => {
  it('passes when every expectation holds, and checks only what the case writes', async () => {
    const result = await runTestCase(guangdong, gzCase({ programs: { dibao: { status: 'eligible', amount: '1952.00', members: { m1: '488.00' } } } }));
    expect(result.passed).toBe(true);
    expect(result.checks.map((c) => c.kind)).toEqual(['status', 'amount', 'memberAmount']);
    expect(result.parameters).toEqual([]);
  });

  it('a wrong amount fails with expected and actual, the breakdown and the parameter values the amount used', async () => {
    const result = await runTestCase(guangdong, gzCase({ programs: { dibao: { amount: '2000.00' } } }));
    expect(result.passed).toBe(false);
    expect(result.checks).toEqual([
      { kind: 'amount', path: ['expect', 'programs', 'dibao', 'amount'], program: 'dibao', expected: '2000.00', actual: '1952.00', passed: false },
    ]);
    expect(result.parameters.map((p) => [p.name, String(p.value), p.region])).toEqual([['dibao.standard', '1238.00', '440100']]);
    expect(result.steps.map((s) => s.program)).toEqual(['dibao']);
    const text = renderTestReport([{ file: 'gz.json', comment: 'c', result }], 'zh');
    expect(text).toContain('【最低生活保障】金额：期望 2000.00，实际 1952.00（$.expect.programs.dibao.amount）');
    expect(text).toContain('dibao.standard = 1238.00（440100，2023-01-01 起');
    expect(text).toContain('测试用例 1 个：通过 0，未通过 1，无法运行 0');
    expect(renderTestReport([{ file: 'gz.json', result }], 'en')).toContain('amount: expected 2000.00, got 1952.00');
  });

  it('checks status, eligible members, circle, reasons by rule or by code, parameters and warnings', async () => {
    const result = await runTestCase(
      guangdong,
      gzCase({
        programs: { dibao: { status: 'ineligible', eligibleMembers: ['m1', 'm2', 'm3', 'm4'] }, tekun: { status: 'ineligible' } },
        circle: 'relative',
        reasons: [
          { rule: 'dibao/income-below-standard', passed: true },
          { code: 'dibao.incomeBelowStandard', passed: false },
          { rule: 'no/such-rule', passed: true },
        ],
        parameters: { 'dibao.standard': '1238' },
        warnings: ['ILLUSTRATIVE_PARAMETERS', 'NO_SUCH_WARNING'],
      }),
    );
    const failed = result.checks.filter((c) => !c.passed).map((c) => [c.kind, c.subject ?? c.program, c.expected, c.actual]);
    expect(failed).toEqual([
      ['status', 'dibao', 'ineligible', 'eligible'],
      ['circle', undefined, 'relative', 'absolute'],
      ['reason', 'dibao.incomeBelowStandard', false, true],
      ['reason', 'no/such-rule', true, null],
      ['parameter', 'dibao.standard', '1238', '1238.00'],
      ['warning', 'NO_SUCH_WARNING', true, false],
    ]);
    expect(result.checks.find((c) => c.kind === 'eligibleMembers')!.passed).toBe(true);
  });

  it('a household the evaluation refuses fails the case with its problems, unless the case expects the refusal', async () => {
    const bad = { ...household, members: [{ ...household.members[0], birthDate: '2024-01-01' }] };
    const refused = await runTestCase(guangdong, gzCase({ programs: { dibao: { status: 'eligible' } } }, { household: bad }));
    expect(refused.passed).toBe(false);
    expect(refused.issues?.map((i) => i.code)).toEqual(['BIRTH_AFTER_AS_OF']);
    expect(renderTestReport([{ file: 'x.json', result: refused }], 'zh')).toContain('出生日期 2024-01-01 晚于评估日期 2023-06-01');
    const expected = await runTestCase(guangdong, gzCase({ error: { kind: 'input', codes: ['BIRTH_AFTER_AS_OF'] } }, { household: bad }));
    expect(expected.passed).toBe(true);
    const notRefused = await runTestCase(guangdong, gzCase({ error: { kind: 'input', codes: ['BIRTH_AFTER_AS_OF'] } }));
    expect(notRefused.checks.map((c) => [c.kind, c.passed])).toEqual([['refused', false]]);
  });
});

describe('runTestFiles and jiuzhu test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-test-'));
  const cases = join(dir, 'cases');
  mkdirSync(join(cases, 'more'), { recursive: true });
  const write = (name: string, value: unknown) => writeFileSync(join(cases, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  const base = { comment: 'Guangzhou family of five', asOf: '2023-06-01', household };
  write('01-pass.json', { ...base, policy: 'guangdong', expect: { programs: { dibao: { amount: '1952.00' } } } });
  write('more/02-fail.JSON', { ...base, policy: 'guangdong', expect: { programs: { dibao: { amount: '1900.00' } } } });
  write('03-syntax.json', '{ "comment": "x", }');
  write('04-no-policy.json', { ...base, expect: {} });
  write('notes.txt', 'not a case');

  it('reads folders (every .json below, any case), runs each case under its own policy, and reports every outcome', async () => {
    const outcomes = await runTestFiles([cases]);
    expect(outcomes.map((o) => [o.file.slice(cases.length + 1), o.result ? o.result.passed : o.issues!.map((i) => i.code)])).toEqual([
      ['01-pass.json', true],
      ['03-syntax.json', ['JSON_TRAILING_COMMA']],
      ['04-no-policy.json', ['TEST_CASE_NO_POLICY']],
      ['more/02-fail.JSON', false],
    ]);
    const json = testReportJson(outcomes);
    expect(json.summary).toEqual({ total: 4, passed: 1, failed: 1, invalid: 2 });
  });

  it('exit 0 when all pass, 8 when one fails, 3 when a case cannot be read, 4 when --policy does not load; --json for CI', async () => {
    expect(spawned(['test', join(cases, '01-pass.json')]).code).toBe(0);
    const failed = await run(['test', join(cases, '01-pass.json'), join(cases, 'more')]);
    expect(failed.code).toBe(8);
    expect(failed.out).toContain('✓ 通过');
    expect(failed.out).toContain('【最低生活保障】金额：期望 1900.00，实际 1952.00');
    expect((await run(['test', cases])).code).toBe(3);
    const json = JSON.parse((await run(['test', join(cases, 'more'), '--json'])).out);
    expect(json.cases[0].failures[0]).toMatchObject({ kind: 'amount', path: '$.expect.programs.dibao.amount', expected: '1900.00', actual: '1952.00' });
    expect(json.cases[0].failures[0].message.en).toBe('[Minimum living allowance (低保)] amount: expected 1900.00, got 1952.00 ($.expect.programs.dibao.amount)');
    expect((await run(['test', join(cases, '04-no-policy.json'), '--policy', 'guangdnog'])).code).toBe(4);
    expect((await run(['test', join(cases, '04-no-policy.json'), '--policy', 'guangdong'])).code).toBe(0);
    const missing = await run(['test', join(dir, 'nowhere')]);
    expect([missing.code, missing.out]).toEqual([3, expect.stringContaining('FILE_NOT_FOUND')]);
    expect((await run(['test'])).code).toBe(2);
  });

  it('--policy runs every case under an officer\'s own rules: a raised standard fails the old expectation', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'].push({ region: '440100', from: '2023-06-01', value: '1300.00', illustrative: true, note: { zh: '测试用', en: 'for a test' } });
    });
    const { code, out } = await run(['test', join(cases, '01-pass.json'), '--policy', join(rules, 'provinces/guangdong'), '--lang', 'en']);
    expect(code).toBe(8);
    // (1300 − 750) × 4
    expect(out).toContain('amount: expected 1952.00, got 2200.00');
    expect(out).toContain('dibao.standard = 1300.00 (440100, from 2023-06-01; illustrative, not official: for a test)');
  });

  it('a case may name a folder of rule files, relative to the case file', async () => {
    const rules = copyRules();
    const own = join(rules, '..', 'own.json');
    writeFileSync(own, JSON.stringify({ ...base, policy: 'rules/provinces/guangdong', expect: { programs: { dibao: { amount: '1952.00' } } } }));
    const [outcome] = await runTestFiles([own]);
    expect(outcome!.result?.passed).toBe(true);
    expect(outcome!.policy?.id).toBe('guangdong');
  });

  it('the shipped JSON Schema describes the format, in Chinese and English, and points the household at its own schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/test-case.schema.json'), 'utf8'));
    expect(schema.properties.household.$ref).toBe('household.schema.json');
    expect(schema.properties.expect.description).toMatch(/期望.*\/.*expect|期望.*\/ what/);
    expect(schema.required).toEqual(['comment', 'asOf', 'household', 'expect']);
  });
});
