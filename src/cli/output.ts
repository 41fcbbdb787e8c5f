import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { JiuzhuError, formatIssue } from '../errors/issue.js';
import type { Lang } from '../text/template.js';
import { EXIT } from './exitCodes.js';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/**
 * Reports an error the way a person wants it: for our own errors every problem on its own line with file, JSON path
 * and message, and an exit code by kind; a stack trace only for a real bug.
 */
export function reportError(error: unknown, lang: Lang, io: CliIo): number {
  if (error instanceof JiuzhuError) {
    const title =
      error.kind === 'policy'
        ? lang === 'zh' ? `规则文件有 ${error.issues.length} 处问题：` : `${error.issues.length} problem(s) in the rule files:`
        : lang === 'zh' ? `输入有 ${error.issues.length} 处问题：` : `${error.issues.length} problem(s) in the input:`;
    io.err(title);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue, lang)}  [${issue.code}]`);
    return error.kind === 'policy' ? EXIT.invalidPolicy : EXIT.invalidInput;
  }
  io.err(lang === 'zh' ? 'jiuzhu 内部错误（请报告此问题）：' : 'internal error in jiuzhu (please report it):');
  io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.internal;
}

/**
 * Closes an output file a command opened, once everything is flushed; stdout and stderr stay open.
 *
 * @example
 * const out = values.out ? createWriteStream(values.out) : process.stdout;
 * … await closeOutput(out);
 */
export async function closeOutput(stream: Writable): Promise<void> {
  if (stream === process.stdout || stream === process.stderr) return;
  stream.end();
  await once(stream, 'close');
}
