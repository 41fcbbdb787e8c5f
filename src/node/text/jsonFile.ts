import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { jsonSyntaxIssue } from '../../core/text/jsonSyntax.js';
import { repeatedKeyIssues } from '../../core/text/repeatedKeys.js';
import { packageRoot } from '../policy/files.js';
import { decodeUtf8File, readUtf8File } from './utf8File.js';

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
