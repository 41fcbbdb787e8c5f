import { DECISION_CATALOGS } from '../decision/locales/catalog.js';
import { parameterText, stepLine } from '../decision/render.js';
import { formatIssue, formatJsonPath, type Issue } from '../errors/issue.js';
import { fillTemplate, type Lang } from '../text/template.js';
import { TESTING_CATALOGS } from './locales.js';
import type { CheckValue, TestCaseResult, TestCheck } from './run.js';

/** A test case file and what became of it: run (with its result), or not runnable (with the problems). */
export interface TestCaseOutcome {
  /** The file, as named to the runner. */
  file: string;
  comment?: string;
  /** The policy it ran under. */
  policy?: { id: string; version: string; sha256: string };
  result?: TestCaseResult;
  /** Why the case could not be run: the case file, or its policy, is not valid. */
  issues?: readonly Issue[];
}

export type TestCaseStatus = 'passed' | 'failed' | 'invalid';

/** The counts of a test run. */
export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  invalid: number;
}

/**
 * Whether a case passed, failed, or could not be run.
 *
 * @example
 * testCaseStatus({ file: 'a.json', issues: [issue] }) // 'invalid'
 */
export function testCaseStatus(outcome: TestCaseOutcome): TestCaseStatus {
  if (!outcome.result) return 'invalid';
  return outcome.result.passed ? 'passed' : 'failed';
}

/**
 * The counts of a run by status.
 *
 * @example
 * summarizeTests(outcomes) // { total: 3, passed: 2, failed: 1, invalid: 0 }
 */
export function summarizeTests(outcomes: readonly TestCaseOutcome[]): TestSummary {
  const summary: TestSummary = { total: outcomes.length, passed: 0, failed: 0, invalid: 0 };
  for (const outcome of outcomes) summary[testCaseStatus(outcome)]++;
  return summary;
}

/**
 * A test run as text for the officer who wrote the cases: one line per case passed; for a case that failed, each
 * check that failed with what was expected and what came out (and where in the file it is written), then the
 * parameter values the program used; for a case that cannot run, its problems; then the counts.
 *
 * @example
 * console.log(renderTestReport(outcomes, 'zh'));
 * // ✗ 未通过  cases/gz-01.json  广州五口之家，标准上调后
 * //     【最低生活保障】金额：期望 1952.00，实际 2200.00（$.expect.programs.dibao.amount）
 * //     所用参数：
 * //       dibao.standard = 1300.00（440100，2026-07-01 起；示意值……）
 * // 测试用例 1 个：通过 0，未通过 1，无法运行 0
 */
export function renderTestReport(outcomes: readonly TestCaseOutcome[], lang: Lang): string {
  const t = TESTING_CATALOGS[lang];
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const status = testCaseStatus(outcome);
    const mark = status === 'passed' ? t.passedMark : status === 'failed' ? t.failedMark : t.invalidMark;
    lines.push([mark, outcome.file, status === 'passed' ? '' : oneLine(outcome.comment ?? '')].filter(Boolean).join('  '));
    if (status === 'invalid') {
      lines.push(`    ${t.cannotRun}`);
      for (const issue of outcome.issues ?? []) lines.push(`      ${formatIssue(issue, lang)}  [${issue.code}]`);
      continue;
    }
    if (status === 'passed') continue;
    const result = outcome.result!;
    if (outcome.policy) lines.push(`    ${fillTemplate(t.policyLine, { policy: outcome.policy.id, version: outcome.policy.version })}`);
    for (const check of result.checks) if (!check.passed) lines.push(`    ${checkText(check, result, lang)}`);
    if (result.issues && result.checks.some((c) => c.kind === 'refused' && !c.passed && c.actual === true)) {
      lines.push(`    ${t.refusedBecause}`);
      for (const issue of result.issues) lines.push(`      ${formatIssue(issue, lang)}  [${issue.code}]`);
    }
    for (const { program, steps } of result.steps) {
      lines.push(`    ${fillTemplate(t.stepsHeading, { program: result.programNames[program]?.[lang] ?? program })}`);
      for (const step of steps) lines.push(`      ${stepLine(step, lang)}`);
    }
    if (result.parameters.length > 0) {
      lines.push(`    ${t.parametersHeading}`);
      for (const p of result.parameters) lines.push(`      ${parameterText(p, lang)}`);
    }
  }
  lines.push(fillTemplate(t.summary, { ...summarizeTests(outcomes) }));
  return lines.join('\n');
}

/**
 * One failed (or passed) check in words: what it compares, expected and actual, and where the case writes it.
 *
 * @example
 * checkText(check, result, 'en') // '[Minimum living guarantee] amount: expected 1952.00, got 2200.00 ($.expect.programs.dibao.amount)'
 */
export function checkText(check: TestCheck, result: Pick<TestCaseResult, 'programNames'>, lang: Lang): string {
  const t = TESTING_CATALOGS[lang];
  const name = check.program === undefined ? '' : (result.programNames[check.program]?.[lang] ?? check.program);
  const what = fillTemplate(t.check[check.kind], { program: name, subject: check.subject ?? '' });
  return fillTemplate(t.expectedActual, {
    what,
    expected: valueText(check, check.expected, lang),
    actual: valueText(check, check.actual, lang),
    path: formatJsonPath(check.path),
  });
}

function valueText(check: TestCheck, value: CheckValue, lang: Lang): string {
  const t = TESTING_CATALOGS[lang];
  const d = DECISION_CATALOGS[lang];
  if (value === null) return t.absent;
  if (Array.isArray(value)) return value.length === 0 ? t.none : value.join(t.listSeparator);
  if (check.kind === 'reason') return value === 'mixed' ? t.mixed : value === true ? t.passed : t.failed;
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (check.kind === 'status' || check.kind === 'eventStatus') return d.status[value as keyof typeof d.status] ?? value;
  if (check.kind === 'circle') return d.circle[value as keyof typeof d.circle] ?? value;
  return value as string;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/**
 * A test run as JSON for CI and editors: the counts, and each case with its status, the checks that failed (expected
 * and actual, the path in the file), the parameters used, or the problems that kept it from running.
 *
 * @example
 * JSON.stringify(testReportJson(outcomes)) // '{"summary":{"total":1,"passed":1,"failed":0,"invalid":0},"cases":[…]}'
 */
export function testReportJson(outcomes: readonly TestCaseOutcome[]) {
  return {
    summary: summarizeTests(outcomes),
    cases: outcomes.map((outcome) => {
      const status = testCaseStatus(outcome);
      const result = outcome.result;
      return {
        file: outcome.file,
        status,
        ...(outcome.comment !== undefined ? { comment: outcome.comment } : {}),
        ...(outcome.policy ? { policy: outcome.policy } : {}),
        ...(result
          ? {
              checks: result.checks.length,
              failures: result.checks.filter((c) => !c.passed).map((c) => ({ ...c, path: formatJsonPath(c.path), message: { zh: checkText(c, result, 'zh'), en: checkText(c, result, 'en') } })),
              ...(result.steps.length > 0 ? { steps: result.steps } : {}),
              ...(result.parameters.length > 0 && status === 'failed' ? { parameters: result.parameters } : {}),
              ...(result.issues && status === 'failed' ? { issues: result.issues.map(issueJson) } : {}),
            }
          : { issues: (outcome.issues ?? []).map(issueJson) }),
      };
    }),
  };
}

function issueJson(issue: Issue) {
  return { code: issue.code, ...(issue.file ? { file: issue.file } : {}), path: formatJsonPath(issue.path), message: issue.message };
}
