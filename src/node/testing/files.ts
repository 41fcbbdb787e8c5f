import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { JiuzhuError, makeIssue, type Issue } from '../../core/errors/issue.js';
import { isBundledPolicyName, type BundledPolicyName } from '../../core/policy/bundled.js';
import type { Policy } from '../../core/policy/types.js';
import type { TestCaseOutcome } from '../../core/testing/report.js';
import { runTestCase } from '../../core/testing/run.js';
import { parseTestCase, type TestCase } from '../../core/testing/testCase.js';
import { loadPolicy } from '../policy/load.js';
import { readJsonInput } from '../text/jsonFile.js';

export interface RunTestFilesOptions {
  /**
   * The policy every case runs under (`jiuzhu test --policy`). Without it, each case runs under the policy it names
   * (`"policy": "guangdong"`, or a folder of rule files relative to the case file).
   */
  policy?: Policy;
  /** Called as each case finishes, for progress. */
  onCase?: (outcome: TestCaseOutcome) => void;
}

/**
 * The test case files named: each file as it is, each folder's `.json` files (any case, in every subfolder, in name
 * order). A name that is neither is a problem, as is a folder holding no case: a typo must not pass as "0 failed".
 *
 * @example
 * testCaseFiles(['tests/cases']) // { files: ['tests/cases/guangdong/01-….json', …], problems: [] }
 */
export function testCaseFiles(paths: readonly string[]): { files: string[]; problems: { path: string; issue: Issue }[] } {
  const files: string[] = [];
  const problems: { path: string; issue: Issue }[] = [];
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) {
      problems.push({ path, issue: makeIssue('FILE_NOT_FOUND', [], { file: path }) });
      continue;
    }
    if (!stat.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = jsonFilesBelow(path);
    if (found.length === 0) problems.push({ path, issue: makeIssue('NO_TEST_CASES', [], { dir: path }) });
    files.push(...found);
  }
  return { files, problems };
}

function jsonFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // A link is followed: a case file may be a link to a shared one.
    const stat = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
    if (stat?.isDirectory()) out.push(...jsonFilesBelow(path));
    else if (entry.name.toLowerCase().endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * Reads a test case file: its JSON (a syntax error named with its line and column) and its format.
 *
 * @example
 * const { testCase, issues } = await readTestCase('cases/gz-01.json');
 */
export async function readTestCase(file: string): Promise<{ testCase?: TestCase; issues: readonly Issue[] }> {
  try {
    return { testCase: parseTestCase(await readJsonInput(file), file), issues: [] };
  } catch (error) {
    if (error instanceof JiuzhuError) return { issues: error.issues.map((issue) => (issue.file ? issue : { ...issue, file })) };
    throw error;
  }
}

/**
 * Runs test case files (and the folders of them named) in name order: each against `options.policy`, or the policy
 * it names. A case that cannot be read, or whose policy does not load, is reported with its problems and the rest
 * still run. Each policy is loaded once.
 *
 * @example
 * const outcomes = await runTestFiles(['my-cases'], { policy: await loadPolicy({ dir: './my-rules' }) });
 * summarizeTests(outcomes) // { total: 4, passed: 3, failed: 1, invalid: 0 }
 */
export async function runTestFiles(paths: readonly string[], options: RunTestFilesOptions = {}): Promise<TestCaseOutcome[]> {
  const { files, problems } = testCaseFiles(paths);
  const outcomes: TestCaseOutcome[] = problems.map(({ path, issue }) => ({ file: path, issues: [issue] }));
  const policies = new Map<string, Promise<Policy>>();
  for (const file of files) {
    const outcome = await runTestFile(file, options.policy, policies);
    options.onCase?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function runTestFile(file: string, given: Policy | undefined, policies: Map<string, Promise<Policy>>): Promise<TestCaseOutcome> {
  const { testCase, issues } = await readTestCase(file);
  if (!testCase) return { file, issues };
  const comment = testCase.comment;
  let policy = given;
  if (!policy) {
    if (testCase.policy === undefined) return { file, comment, issues: [makeIssue('TEST_CASE_NO_POLICY', ['policy'], {}, file)] };
    const source = caseSource(testCase.policy, file);
    const key = typeof source === 'string' ? source : `dir:${source.dir}`;
    if (!policies.has(key)) policies.set(key, loadPolicy(source));
    try {
      policy = await policies.get(key)!;
    } catch (error) {
      if (error instanceof JiuzhuError) return { file, comment, issues: error.issues };
      throw error;
    }
  }
  const result = await runTestCase(policy, testCase);
  return { file, comment, policy: { id: policy.id, version: policy.version, sha256: policy.sha256 }, result };
}

/** The policy a case names: a bundled name, or a folder of rule files relative to the case file. */
function caseSource(value: string, file: string): BundledPolicyName | { dir: string } {
  return isBundledPolicyName(value) ? value : { dir: resolve(dirname(file), value) };
}
