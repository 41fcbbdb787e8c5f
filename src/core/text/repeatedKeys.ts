import { makeIssue, type Issue, type JsonPath } from '../errors/issue.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, isJsonSpace } from './jsonChars.js';

/**
 * Where a JSON text names the same key twice in one object, with the line and column of the second. `JSON.parse` keeps the last
 * value and says nothing, so a parameter block pasted twice loses its first values, and a log line carrying
 * `"amount"` twice shows one figure to a person and another to the parser. Call it on text `JSON.parse` accepted.
 *
 * @example
 * repeatedKeys('{"a":1,"b":{"c":2,"c":3}}') // [{ path: ['b', 'c'], line: 1, column: 18 }]
 * repeatedKeys('{"a":1}') // []
 */
export function repeatedKeys(text: string): { path: JsonPath; line: number; column: number }[] {
  const found: { path: JsonPath; line: number; column: number }[] = [];
  // One frame per open object or array: an object's keys so far and the key being read; an array's index.
  const frames: ({ keys: Set<string>; key: string } | { index: number })[] = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      const frame = frames[frames.length - 1];
      if (frame === undefined || !('keys' in frame) || !followedByColon(text, i + 1)) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      frame.key = key;
      if (frame.keys.has(key)) found.push({ path: pathOf(frames), line, column: start - lineStart + 1 });
      frame.keys.add(key);
    } else if (c === OPEN_BRACE) frames.push({ keys: new Set(), key: '' });
    else if (c === OPEN_BRACKET) frames.push({ index: 0 });
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) frames.pop();
    else if (c === COMMA) {
      const frame = frames[frames.length - 1];
      if (frame !== undefined && 'index' in frame) frame.index++;
    } else if (c === NEWLINE) {
      line++;
      lineStart = i + 1;
    }
  }
  return found;
}

/**
 * {@link repeatedKeys} as issues (`DUPLICATE_JSON_KEY`, with the key, and the line and column of its second
 * appearance), for a file or, with `line`, for one line of a log that starts at that line.
 *
 * @example
 * repeatedKeyIssues('{"a":1,"a":2}', 'plan.json')[0].path // ['a']
 */
export function repeatedKeyIssues(text: string, file?: string, line?: number): Issue[] {
  return repeatedKeys(text).map((found) => {
    const at = line === undefined ? found.line : line + found.line - 1;
    const issue: Issue = makeIssue('DUPLICATE_JSON_KEY', found.path, { key: String(found.path.at(-1)), line: at }, file);
    issue.line = at;
    issue.column = found.column;
    return issue;
  });
}

function followedByColon(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) return true;
    if (!isJsonSpace(c)) return false;
  }
  return false;
}

function pathOf(frames: readonly ({ keys: Set<string>; key: string } | { index: number })[]): JsonPath {
  return frames.map((frame) => ('keys' in frame ? frame.key : frame.index));
}
