import { readFile } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { makeIssue, type Issue } from '../errors/issue.js';

/** Strict, and dropping a leading byte-order mark (the decoder's default), as Windows Notepad may write one. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON file's text as people save it: UTF-8, with or without a byte-order mark. A file that is not UTF-8 — saved as
 * "ANSI", which on a Chinese Windows is GBK — gives a `FILE_NOT_UTF8` problem naming the file, never text with
 * replacement characters where the Chinese was.
 *
 * @example
 * const { text, issues } = await readUtf8File('rules/provinces/guangdong/parameters.json', 'parameters.json');
 */
export async function readUtf8File(path: string, file: string): Promise<{ text?: string; issues: Issue[] }> {
  const bytes = await readFile(path);
  try {
    return { text: utf8.decode(bytes), issues: [] };
  } catch {
    return { issues: [makeIssue('FILE_NOT_UTF8', [], {}, file)] };
  }
}
