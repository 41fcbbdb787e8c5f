import { parseArgs } from 'node:util';
import { visibleLine } from '../../../core/text/visible.js';
import { join } from 'node:path';
import { BUNDLED_POLICIES, BUNDLED_POLICY_NAMES } from '../../../core/policy/bundled.js';
import { bundledRulesRoot } from '../../policy/files.js';
import { loadPolicy, type PolicySource } from '../../policy/load.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { reportError } from '../output.js';
import { formatIssue } from '../../../core/errors/issue.js';

/** `jiuzhu validate [DIR ...]`: loads each policy and lists every problem in its rule files. */
export const validateCommand: Command = {
  async run({ args, lang, io }) {
    const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS.validate.options });
    const targets: PolicySource[] = positionals.length > 0 ? positionals.map((d) => policySource(d)) : [...BUNDLED_POLICY_NAMES];
    let worst: number = EXIT.ok;
    for (const target of targets) {
      const label = typeof target === 'string' ? target : 'dir' in target ? target.dir : target.document.id;
      try {
        // A bundled policy is checked in its rule files, not in the copy compiled into the build: what a maintainer edits.
        const policy = await loadPolicy(typeof target === 'string' ? { dir: join(bundledRulesRoot(), BUNDLED_POLICIES[target]) } : target);
        const counts = `${policy.programs.length} programs, ${policy.parameters.size} parameters`;
        io.out(
          lang === 'zh'
            ? `✓ ${visibleLine(label)}：规则文件有效（${counts}，sha256 ${policy.sha256.slice(0, 12)}…）`
            : `✓ ${visibleLine(label)}: rule files are valid (${counts}, sha256 ${policy.sha256.slice(0, 12)}…)`,
        );
        // Advice (an unused parameter, a note in one language) does not make the files invalid: shown, exit 0.
        if (policy.lint.length > 0) io.out(lang === 'zh' ? `  提示 ${policy.lint.length} 条：` : `  ${policy.lint.length} note(s):`);
        for (const issue of policy.lint) io.out(`  ! ${formatIssue(issue, lang)}  [${issue.code}]`);
      } catch (error) {
        io.err(`✗ ${visibleLine(label)}`);
        worst = Math.max(worst, reportError(error, lang, io));
      }
    }
    return worst;
  },
};
