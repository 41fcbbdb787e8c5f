import { existsSync, statSync } from 'node:fs';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { BUNDLED_POLICIES, isBundledPolicyName } from '../../core/policy/bundled.js';
import type { PolicySource } from '../policy/load.js';
import type { Lang } from '../../core/text/template.js';
import type { CliIo } from './output.js';

/** What every command receives: its own arguments, the language of messages, and where to write. */
export interface CommandContext {
  args: readonly string[];
  lang: Lang;
  io: CliIo;
}

/** A CLI command: parses its own arguments (with its options from commands.ts) and returns an exit code (see exitCodes.ts). */
export interface Command {
  run(ctx: CommandContext): Promise<number>;
}

/**
 * A bundled policy name, or a directory of rule files. A bundled name is the bundled policy even when a folder of
 * that name is here too (`jiuzhu init guangdong` makes one): with `say`, the command says which it used and how to
 * name the folder instead, so that nobody checks their own rules and reads the results of the bundled ones.
 *
 * @example
 * policySource('guangdong') // 'guangdong'
 * policySource('./my-rules/provinces/guangdong') // { dir: './my-rules/provinces/guangdong', namesFrom: process.cwd() }
 */
export function policySource(value: string, say?: { io: CliIo; lang: Lang }): PolicySource {
  if (isBundledPolicyName(value)) {
    if (say && existsSync(value) && statSync(value).isDirectory()) {
      say.io.err(
        say.lang === 'zh'
          ? `说明：“${value}”指内置政策 ${value}；当前目录下同名的文件夹 ${value}/ 没有使用（要用这个文件夹，请写 ./${value}）`
          : `note: "${value}" is the bundled policy ${value}; the folder ${value}/ here is not used (to use the folder, write ./${value})`,
      );
    }
    return value;
  }
  // Its files are named from here in messages, so that a file:line:column opens from where the officer stands.
  if (existsSync(value) && statSync(value).isDirectory()) return { dir: value, namesFrom: process.cwd() };
  throw new JiuzhuError('policy', [
    makeIssue('UNKNOWN_POLICY', [], { name: value, options: Object.keys(BUNDLED_POLICIES).join(', ') }),
  ]);
}

export { readJsonInput } from '../text/jsonFile.js';
