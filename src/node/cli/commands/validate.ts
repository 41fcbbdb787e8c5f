import { parseArgs } from 'node:util';
import { visibleLine } from '../../../core/text/visible.js';
import { BUNDLED_POLICY_NAMES } from '../../../core/policy/bundled.js';
import { JiuzhuError, formatIssue, type Issue } from '../../../core/errors/issue.js';
import { DECIMAL_PATTERN } from '../../../core/money/decimal.js';
import { isRealDate } from '../../../core/household/dates.js';
import type { Lang } from '../../../core/text/template.js';
import { bundledStoreDirectory } from '../../audit/store.js';
import { validatePolicy, type Validation } from '../../policy/validate.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import type { CliIo } from '../output.js';

/**
 * `jiuzhu validate [DIR|policy ...] [--strict] [--json]`: every problem in each policy's rule files, and the advice on
 * those that load (a date years ahead, a standard that drops or jumps, money written into a rule, a reason without a
 * citation, a parameter nobody uses, rules changed under a version already archived), each at file:line:column.
 * Exit 4 when a policy's files are invalid, or with `--strict` when there is advice.
 */
export const validateCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS.validate.options });
    const maxYearlyChange = values['max-change'];
    if (maxYearlyChange !== undefined && !DECIMAL_PATTERN.test(maxYearlyChange)) {
      io.err(lang === 'zh' ? `--max-change 应为一个比例，如 0.2（即 20%），而不是“${maxYearlyChange}”` : `--max-change takes a share such as 0.2 (20%), not "${maxYearlyChange}"`);
      return EXIT.usage;
    }
    if (values.today !== undefined && !isRealDate(values.today)) {
      io.err(lang === 'zh' ? `--today 应为 YYYY-MM-DD 格式的日期，而不是“${values.today}”` : `--today takes a date as YYYY-MM-DD, not "${values.today}"`);
      return EXIT.usage;
    }
    // The command line may read the clock (the library never does): today, as a date where the officer is.
    const today = values.today ?? localToday();
    const stores = [bundledStoreDirectory(), ...(values.store ?? [])];
    const names: string[] = positionals.length > 0 ? positionals : [...BUNDLED_POLICY_NAMES];
    const results: { label: string; validation: Validation }[] = [];
    for (const name of names) {
      let source: ReturnType<typeof policySource>;
      try {
        source = policySource(name, { io, lang });
      } catch (error) {
        // Neither a bundled policy nor a folder: reported with the others, not instead of them.
        if (!(error instanceof JiuzhuError)) throw error;
        results.push({ label: name, validation: { problems: [...error.issues], advice: [] } });
        continue;
      }
      const validation = await validatePolicy(typeof source === 'string' ? source : { dir: 'dir' in source ? source.dir : name }, {
        today,
        stores,
        // file:line:column as a path from here, so that a terminal opens it.
        namesFrom: process.cwd(),
        ...(maxYearlyChange === undefined ? {} : { maxYearlyChange }),
      });
      results.push({ label: name, validation });
    }
    const failed = ({ validation }: (typeof results)[number]) => validation.problems.length > 0 || (values.strict && validation.advice.length > 0);
    if (values.json) io.out(JSON.stringify(validationJson(results, values.strict, today), null, 2));
    else for (const result of results) report(result.label, result.validation, values.strict, lang, io);
    return results.some(failed) ? EXIT.invalidPolicy : EXIT.ok;
  },
};

/** One policy's result for a person: a tick and counts, or a cross and every problem; then the advice. */
function report(label: string, { policy, problems, advice }: Validation, strict: boolean, lang: Lang, io: CliIo): void {
  const line = (issue: Issue) => `  ${formatIssue(issue, lang)}  [${issue.code}]`;
  if (!policy) {
    io.err(`✗ ${visibleLine(label)}`);
    io.err(lang === 'zh' ? `规则文件有 ${problems.length} 处问题：` : `${problems.length} problem(s) in the rule files:`);
    for (const issue of problems) io.err(line(issue));
    return;
  }
  const sha = `sha256 ${policy.sha256.slice(0, 12)}…`;
  const counts = lang === 'zh' ? `${policy.programs.length} 个项目，${policy.parameters.size} 个参数` : `${policy.programs.length} programs, ${policy.parameters.size} parameters`;
  const refused = strict && advice.length > 0;
  const write = refused ? io.err : io.out;
  write(
    refused
      ? lang === 'zh'
        ? `✗ ${visibleLine(label)}：规则文件可以加载，但有 ${advice.length} 条提示（--strict 视为错误）`
        : `✗ ${visibleLine(label)}: the rule files load, but there are ${advice.length} piece(s) of advice (--strict refuses them)`
      : lang === 'zh'
        ? `✓ ${visibleLine(label)}：规则文件有效（${policy.id} 版本 ${policy.version}，${counts}，${sha}）`
        : `✓ ${visibleLine(label)}: rule files are valid (${policy.id} ${policy.version}, ${counts}, ${sha})`,
  );
  // Advice does not make the files invalid: shown, exit 0 (unless --strict).
  if (advice.length > 0 && !refused) write(lang === 'zh' ? `  提示 ${advice.length} 条（不影响使用，请核对）：` : `  ${advice.length} piece(s) of advice (the files still load; check them):`);
  for (const issue of advice) write(`  !${line(issue).slice(1)}`);
}

/** The results as data for an editor or CI: each policy, its problems and its advice, each issue with file:line:column. */
function validationJson(results: readonly { label: string; validation: Validation }[], strict: boolean, today: string): unknown {
  return {
    ok: results.every(({ validation }) => validation.problems.length === 0 && !(strict && validation.advice.length > 0)),
    strict,
    today,
    policies: results.map(({ label, validation: { policy, problems, advice } }) => ({
      policy: label,
      valid: problems.length === 0,
      ...(policy ? { id: policy.id, version: policy.version, sha256: policy.sha256 } : {}),
      problems: problems.map((issue) => ({ severity: 'error', ...issue })),
      advice: advice.map((issue) => ({ severity: strict ? 'error' : 'warning', ...issue })),
    })),
  };
}

/** Today's date on this machine's calendar, where the officer is: a rule file's dates are local dates too. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
