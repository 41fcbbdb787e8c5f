import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, renderTestReport, runTestCase, type BundledPolicyName, type Policy } from '../src/node/index.js';
import { readTestCase, testCaseFiles } from '../src/node/testing/files.js';

// The project's golden cases run through the runner `jiuzhu test` ships: one format, one runner.
const root = join(import.meta.dirname, 'cases');
const { files } = testCaseFiles([root]);
const policies = new Map<string, Promise<Policy>>();
const policy = (name: string) => {
  if (!policies.has(name)) policies.set(name, loadPolicy(name as BundledPolicyName));
  return policies.get(name)!;
};

describe('golden cases (tests/cases/<province>/*.json)', () => {
  it('has at least 10 cases per province', () => {
    for (const province of ['guangdong', 'hunan', 'hubei']) {
      expect(files.filter((file) => relative(root, file).startsWith(province)).length, province).toBeGreaterThanOrEqual(10);
    }
  });

  for (const path of files) {
    const file = relative(root, path);
    it(file, async () => {
      const { testCase, issues } = await readTestCase(path);
      expect(issues, `${file} is not a valid test case`).toEqual([]);
      // Our own cases name their policy and the rule they come from (the regulation, never the engine's output).
      expect(testCase!.policy, 'policy').toBeDefined();
      expect(testCase!.comment.length, 'a comment citing the rule').toBeGreaterThanOrEqual(10);
      const result = await runTestCase(await policy(testCase!.policy!), testCase!);
      if (!result.passed) expect.fail(renderTestReport([{ file, comment: testCase!.comment, result }], 'en'));
    });
  }
});
