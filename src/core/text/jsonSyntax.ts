import { makeIssue, type Issue, type JsonPath } from '../errors/issue.js';

/** Full-width punctuation a Chinese input method types where JSON needs the half-width sign. */
const FULL_WIDTH: Readonly<Record<string, string>> = {
  '，': ',',
  '：': ':',
  '“': '"',
  '”': '"',
  '‘': '"',
  '’': '"',
  '｛': '{',
  '｝': '}',
  '［': '[',
  '］': ']',
  '【': '[',
  '】': ']',
  '\u3000': ' ',
};

/**
 * The issue for text `JSON.parse` refused, in words a person can act on in either language: the line and column,
 * the character found there, full-width punctuation named as such (the usual cause when rules are typed with a
 * Chinese input method), and text that stops short (an empty or cut-off file) told apart from text that is wrong.
 *
 * @example
 * jsonSyntaxIssue('{"a": 1，"b": 2}', []).message.zh
 * // '不是有效的 JSON：第 1 行第 8 列的“，”是全角标点，JSON 只认半角的 ,'
 */
export function jsonSyntaxIssue(text: string, path: JsonPath, file?: string, firstLine = 1): Issue {
  // Where the text stops being JSON, found here: the engine's messages differ between Node versions, and some
  // ("Unexpected token 'h', … is not valid JSON") give no position at all.
  const position = syntaxErrorAt(text);
  const before = text.slice(0, position);
  // Lines are the file's when the text starts further down it (one NDJSON row): the same line its error row gives.
  const line = firstLine + before.split('\n').length - 1;
  const column = position - before.lastIndexOf('\n');
  if (position >= text.length) return makeIssue('JSON_INCOMPLETE', path, { line, column }, file);
  const near = String.fromCodePoint(text.codePointAt(position)!);
  const ascii = FULL_WIDTH[near];
  if (ascii !== undefined) return makeIssue('JSON_FULL_WIDTH', path, { line, column, near: near === '\u3000' ? '\\u3000' : near, ascii: ascii === ' ' ? '\\u0020' : ascii }, file);
  return makeIssue('INVALID_JSON', path, { line, column, near: JSON.stringify(near).slice(1, -1) }, file);
}

/**
 * The index of the first character at which `text` stops being JSON (RFC 8259), or its length when the text
 * ends before the value does. For text `JSON.parse` refused; for valid JSON it returns the length too.
 *
 * @example
 * syntaxErrorAt('{"a": tru }') // 9
 */
export function syntaxErrorAt(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxPosition(i);
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const word = (w: string) => {
    for (const c of w) {
      if (text[i] !== c) fail();
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 4;
        } else if (i >= text.length || !'"\\/bfnrt'.includes(text[i]!)) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++; // the closing quote
  };
  const digits = () => {
    const start = i;
    while (text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  // The open objects and arrays, innermost last: a loop, not recursion, so that deep nesting cannot overflow the stack.
  const open: ('{' | '[')[] = [];
  try {
    for (;;) {
      // A value is expected here.
      space();
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        space();
        if (text[i] === (c === '{' ? '}' : ']')) i++;
        else {
          open.push(c);
          if (c === '{') member();
          continue;
        }
      } else if (c === '"') string();
      else if (c === 't') word('true');
      else if (c === 'f') word('false');
      else if (c === 'n') word('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else fail();
      // After a value: close what ends here, or go on to the next member or item.
      for (;;) {
        space();
        const inside = open[open.length - 1];
        if (inside === undefined) return i < text.length ? i : text.length;
        if (text[i] === (inside === '{' ? '}' : ']')) {
          open.pop();
          i++;
          continue;
        }
        if (text[i] !== ',') fail();
        i++;
        if (inside === '{') member();
        break;
      }
    }
  } catch (error) {
    if (error instanceof SyntaxPosition) return Math.min(error.at, text.length);
    throw error;
  }

  /** A member's key and colon; its value comes next. */
  function member(): void {
    space();
    if (text[i] !== '"') fail();
    string();
    space();
    if (text[i] !== ':') fail();
    i++;
  }
}

/** Where the walk found the text stops being JSON. */
class SyntaxPosition {
  constructor(readonly at: number) {}
}
