import { readFile } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { makeIssue, type Issue } from '../../core/errors/issue.js';

/** UTF-8's byte-order mark, which Windows Notepad and Excel's "CSV UTF-8" write first. */
export const UTF8_BOM: readonly number[] = [0xef, 0xbb, 0xbf];

/** Strict, and dropping a leading byte-order mark (the decoder's default), as Windows Notepad may write one. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether bytes open with UTF-16's byte-order mark (Notepad's "Unicode", Excel's "Unicode Text").
 *
 * @example
 * isUtf16(Buffer.from([0xff, 0xfe, 0x7b, 0x00])) // true
 */
export function isUtf16(bytes: Uint8Array): boolean {
  return utf16Encoding(bytes) !== undefined;
}

/** Notepad's "Unicode" and "Unicode big endian": UTF-16, known by its byte-order mark. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * A JSON file's text as people save it: UTF-8, with or without a byte-order mark. A file that is not UTF-8 gives a
 * problem naming the file — `FILE_UTF16` for Notepad's "Unicode", `FILE_NOT_UTF8` for the rest (on a Chinese
 * Windows, "ANSI" is GBK) — never text with replacement characters where the Chinese was.
 *
 * @example
 * const { text, issues } = await readUtf8File('rules/provinces/guangdong/parameters.json', 'parameters.json');
 */
export async function readUtf8File(path: string, file: string): Promise<{ text?: string; issues: Issue[] }> {
  return decodeUtf8File(await readFile(path), file);
}

/**
 * The text of a file's bytes (read from disk, or from standard input), or why it is not UTF-8 text.
 *
 * @example
 * decodeUtf8File(readFileSync(0), '-').text // what was piped in
 */
export function decodeUtf8File(bytes: Uint8Array, file: string): { text?: string; issues: Issue[] } {
  if (isUtf16(bytes)) return { issues: [{ ...makeIssue('FILE_UTF16', [], {}, file), line: 1, column: 1 }] };
  try {
    return { text: utf8.decode(bytes), issues: [] };
  } catch {
    // Where the first character that is not UTF-8 is: on a Chinese Windows, the first Chinese character typed.
    const good = new TextDecoder('utf-8').decode(bytes.subarray(0, firstInvalidUtf8(bytes)));
    const lines = good.split('\n');
    return { issues: [{ ...makeIssue('FILE_NOT_UTF8', [], {}, file), line: lines.length, column: lines[lines.length - 1]!.length + 1 }] };
  }
}

/**
 * The offset of the first byte that does not begin a valid UTF-8 character, in bytes that do not all decode.
 *
 * @example
 * firstInvalidUtf8(Buffer.from([0x7b, 0x22, 0xb9, 0xe3])) // 2
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  // The longest prefix that decodes (streaming: a character cut off at the end of the prefix is not an error).
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  // A character cut off at the end of those bytes, which the stream held back, is where the bad one starts.
  try {
    utf8.decode(bytes.subarray(0, low));
    return low;
  } catch {
    let start = low - 1;
    while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start--;
    return start;
  }
}

/**
 * A file's text however it was saved, for a glance that must not stop at the encoding (which `policy.json` a layer
 * extends, so that every layer's problems are reported at once): UTF-16 by its mark, otherwise UTF-8 with
 * replacement characters where it is not.
 *
 * @example
 * JSON.parse(await readTextLeniently('policy.json')).extends // '../../national'
 */
export async function readTextLeniently(path: string): Promise<string> {
  const bytes = await readFile(path);
  return new TextDecoder(utf16Encoding(bytes) ?? 'utf-8').decode(bytes);
}
