import { parseArgs } from 'node:util';
import { renderTestReport, summarizeTests, testReportJson } from '../../../core/testing/report.js';
import { loadPolicy } from '../../policy/load.js';
import { runTestFiles } from '../../testing/files.js';
import { policySource, type Command } from '../command.js';
import { EXIT } from '../exitCodes.js';
import { SPECS } from '../specs.js';

/**
 * `jiuzhu test <case.json|DIR>… [--policy P] [--json]`: runs an officer's test cases and reports each that fails with
 * what it expected, what came out and the parameter values used. Exit 0 when all pass, 8 when one fails, 3 when a
 * case cannot be read (4 when the policy given does not load).
 */
export const testCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS.test.options });
    if (positionals.length === 0) {
      io.err(lang === 'zh' ? '需要至少一个测试用例文件或目录' : 'needs at least one test case file or folder');
      io.err(SPECS.test.usage[lang]);
      return EXIT.usage;
    }
    // The policy named on the command line is loaded first: if it does not load, no case can run, and its problems are
    // said once (exit 4), not once per case.
    const policy = values.policy === undefined ? undefined : await loadPolicy(policySource(values.policy, { io, lang }));
    const outcomes = await runTestFiles(positionals, policy ? { policy } : {});
    io.out(values.json ? JSON.stringify(testReportJson(outcomes), null, 2) : renderTestReport(outcomes, lang));
    const summary = summarizeTests(outcomes);
    if (summary.invalid > 0) return EXIT.invalidInput;
    return summary.failed > 0 ? EXIT.testsFailed : EXIT.ok;
  },
};
