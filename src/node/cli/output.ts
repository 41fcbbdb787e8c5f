import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { JiuzhuError, formatIssue } from '../../core/errors/issue.js';
import type { Lang } from '../../core/text/template.js';
import { EXIT } from './exitCodes.js';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** A terminal to draw progress on; absent when stderr is not a terminal (a pipe, a file, CI, a test). */
  readonly progress?: NodeJS.WriteStream;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  get progress() {
    return process.stderr.isTTY ? process.stderr : undefined;
  },
};

/**
 * Reports an error the way a person wants it: for our own errors every problem on its own line with file, JSON path
 * and message, and an exit code by kind; a stack trace only for a real bug.
 */
export function reportError(error: unknown, lang: Lang, io: CliIo): number {
  if (error instanceof JiuzhuError) {
    const n = error.issues.length;
    const title =
      error.kind === 'policy'
        ? lang === 'zh' ? `规则文件有 ${n} 处问题：` : `${n} problem(s) in the rule files:`
        : error.kind === 'record'
          ? lang === 'zh' ? `决定记录有 ${n} 处问题：` : `${n} problem(s) in the decision record:`
          : lang === 'zh' ? `输入有 ${n} 处问题：` : `${n} problem(s) in the input:`;
    io.err(title);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue, lang)}  [${issue.code}]`);
    return error.kind === 'policy' ? EXIT.invalidPolicy : EXIT.invalidInput;
  }
  // An output the user named that cannot be made or written (a directory given for --record, a file for --store).
  if (error instanceof OutputFailed) {
    io.err(cannotWrite(error.file, error.cause, lang));
    return EXIT.cannotWrite;
  }
  // A file or directory that cannot be read (no permission on a rule folder): the user's to mend, not a bug.
  const system = error as NodeJS.ErrnoException;
  if (system instanceof Error && typeof system.code === 'string' && /^E[A-Z]+$/.test(system.code) && typeof system.path === 'string') {
    io.err(cannotAccess(system.path, system, lang, 'read'));
    return EXIT.invalidInput;
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
  // Settles also for a stream already closed, or failed (rejecting then): `once('close')` would wait for ever.
  await finished(stream);
}

/**
 * Why a file could not be written, in words (not an errno).
 *
 * @example
 * cannotWrite('/tmp', Object.assign(new Error(), { code: 'EISDIR' }), 'en') // 'cannot write /tmp: it is a directory'
 */
export function cannotWrite(file: string, error: unknown, lang: Lang): string {
  return cannotAccess(file, error, lang, 'write');
}

/** An output named by the user could not be written: carries the file and the system's error to {@link reportError}. */
export class OutputFailed extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`cannot write ${file}`);
  }
}

/**
 * Runs what writes an output the user named, turning a failure of the file system into {@link OutputFailed} (exit 7
 * with the reason) rather than an internal error.
 *
 * @example
 * await writingTo(values.record, () => appendRecord(values.record, record));
 */
export async function writingTo<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException)?.code === 'string') throw new OutputFailed(file, error);
    throw error;
  }
}

function cannotAccess(file: string, error: unknown, lang: Lang, verb: 'read' | 'write'): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'EISDIR'
      ? lang === 'zh' ? '这是一个目录' : 'it is a directory'
      : code === 'ENOENT'
        ? lang === 'zh' ? '所在目录不存在' : 'its directory does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? lang === 'zh' ? '没有权限' : 'permission denied'
          : code === 'ENOSPC'
            ? lang === 'zh' ? '磁盘已满' : 'no space left on the device'
            : code === 'EEXIST'
              ? lang === 'zh' ? '该处已有一个文件，而这里需要目录' : 'a file is in the way where a directory is needed'
            : code === 'ENOTDIR'
              ? lang === 'zh' ? '路径中有一段不是目录' : 'a part of its path is not a directory'
              : code === 'ELOOP'
                ? lang === 'zh' ? '符号链接形成循环' : 'its symbolic links form a loop'
                : String((error as Error)?.message ?? error);
  const doing = verb === 'write' ? (lang === 'zh' ? '写入' : 'write') : lang === 'zh' ? '读取' : 'read';
  return lang === 'zh' ? `无法${doing} ${file}：${why}` : `cannot ${doing} ${file}: ${why}`;
}
