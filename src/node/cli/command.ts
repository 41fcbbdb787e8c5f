import { jsonSyntaxIssue } from '../../core/text/jsonSyntax.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { packageRoot } from '../policy/files.js';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { BUNDLED_POLICIES, isBundledPolicyName } from '../../core/policy/bundled.js';
import type { PolicySource } from '../policy/load.js';
import type { Lang } from '../../core/text/template.js';
import type { CliIo } from './output.js';
import { decodeUtf8File, readUtf8File } from '../text/utf8File.js';
import { repeatedKeyIssues } from '../../core/text/repeatedKeys.js';

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

/**
 * The package's own copy of an example it ships (`examples/households/…`), as a path from here: the README's
 * commands name them from the package's folder, and from an installed package they are below node_modules/jiuzhu.
 */
function shippedCopy(file: string): string | undefined {
  if (isAbsolute(file)) return undefined;
  const shipped = join(packageRoot(), file);
  return existsSync(shipped) ? relative(process.cwd(), shipped) : undefined;
}

/**
 * Reads a JSON file (`-`: standard input); a missing file, a directory or a syntax error is an input error with a
 * clear message, not a stack trace.
 *
 * @example
 * const household = await readJsonInput('examples/households/guangzhou-2023-prison.json');
 */
export async function readJsonInput(file: string): Promise<unknown> {
  let read: Awaited<ReturnType<typeof readUtf8File>>;
  if (file === '-') {
    let bytes: Buffer;
    try {
      bytes = readFileSync(0); // `-` is standard input, as for `jiuzhu screen`
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new JiuzhuError('input', [makeIssue(code === 'EISDIR' ? 'NOT_A_FILE' : 'FILE_NOT_FOUND', [], { file: 'stdin' })]);
    }
    read = decodeUtf8File(bytes, 'stdin');
  } else {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new JiuzhuError('input', [makeIssue('NOT_A_FILE', [], { file })]);
    try {
      read = await readUtf8File(file, file);
    } catch {
      throw new JiuzhuError('input', [makeIssue('FILE_NOT_FOUND', [], { file, didYouMean: shippedCopy(file) })]);
    }
  }
  if (read.text === undefined) throw new JiuzhuError('input', read.issues);
  const text = read.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JiuzhuError('input', [jsonSyntaxIssue(text, [], file)]);
  }
  // An income with "amount" written twice would be decided on the second silently: say so instead.
  const repeated = repeatedKeyIssues(text, file);
  if (repeated.length > 0) throw new JiuzhuError('input', repeated);
  return value;
}
