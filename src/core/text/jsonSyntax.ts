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
 * and the mistake named where it is a common one — a comma after the last item or one left out, a key or a text
 * without its double quotes, single quotes, a string not closed on its line, a comment, a thousands separator in a
 * number, full-width punctuation (the usual cause when rules are typed with a Chinese input method), something after
 * the end — and text that stops short (an empty or cut-off file) told apart from text that is wrong. The issue's
 * `line` and `column` say where to look, as in its message.
 *
 * @example
 * jsonSyntaxIssue('{"a": 1，"b": 2}', []).message.zh
 * // '不是有效的 JSON：第 1 行第 8 列的“，”是全角标点，JSON 只认半角的 ,'
 * jsonSyntaxIssue('{"a": 1,\n}', []).code // 'JSON_TRAILING_COMMA'
 */
export function jsonSyntaxIssue(text: string, path: JsonPath, file?: string, firstLine = 1): Issue {
  // Where the text stops being JSON, found here: the engine's messages differ between Node versions, and some
  // ("Unexpected token 'h', … is not valid JSON") give no position at all.
  const found = findSyntaxError(text);
  const mistake = nameMistake(text, found);
  const before = text.slice(0, mistake.at);
  // Lines are the file's when the text starts further down it (one NDJSON row): the same line its error row gives.
  const line = firstLine + before.split('\n').length - 1;
  const column = mistake.at - before.lastIndexOf('\n');
  const issue: Issue = makeIssue(mistake.code, path, { line, column, ...mistake.params }, file);
  issue.line = line;
  issue.column = column;
  return issue;
}

/** What the walk over the text expected where it stopped, and what it had read just before. */
export interface SyntaxError {
  /** The index of the first character at which the text stops being JSON (its length when it ends too soon). */
  at: number;
  expected: 'value' | 'key' | 'colon' | 'commaOrClose' | 'end' | 'stringEnd' | 'escape' | 'word' | 'digit';
  /** Where the value (or the key) being read, or the last one read, starts and ends. */
  valueStart: number;
  valueEnd: number;
}

/**
 * The index of the first character at which `text` stops being JSON (RFC 8259), or its length when the text
 * ends before the value does. For text `JSON.parse` refused; for valid JSON it returns the length too.
 *
 * @example
 * syntaxErrorAt('{"a": tru }') // 9
 */
export function syntaxErrorAt(text: string): number {
  return findSyntaxError(text).at;
}

/**
 * Where `text` stops being JSON (RFC 8259) and what was expected there. For text `JSON.parse` refused; for valid
 * JSON `at` is the length and `expected` is `end`.
 *
 * @example
 * findSyntaxError('{"a": 1 "b": 2}') // { at: 8, expected: 'commaOrClose', valueStart: 6, valueEnd: 7 }
 */
export function findSyntaxError(text: string): SyntaxError {
  let i = 0;
  let expected: SyntaxError['expected'] = 'value';
  let valueStart = 0;
  let valueEnd = 0;
  const fail = (): never => {
    throw new SyntaxPosition(i);
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const word = (w: string) => {
    expected = 'word';
    for (const c of w) {
      if (text[i] !== c) fail();
      i++;
    }
  };
  const string = () => {
    expected = 'stringEnd';
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        expected = 'escape';
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
        expected = 'stringEnd';
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
    expected = 'digit';
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
  const openedAt: number[] = [];
  try {
    for (;;) {
      // A value is expected here.
      expected = 'value';
      space();
      valueStart = i;
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        space();
        if (text[i] === (c === '{' ? '}' : ']')) i++;
        else {
          open.push(c);
          openedAt.push(valueStart);
          if (c === '{') member();
          continue;
        }
      } else if (c === '"') string();
      else if (c === 't') word('true');
      else if (c === 'f') word('false');
      else if (c === 'n') word('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else fail();
      valueEnd = i;
      // After a value: close what ends here, or go on to the next member or item.
      for (;;) {
        space();
        const inside = open[open.length - 1];
        expected = inside === undefined ? 'end' : 'commaOrClose';
        if (inside === undefined) return { at: i < text.length ? i : text.length, expected, valueStart, valueEnd };
        if (text[i] === (inside === '{' ? '}' : ']')) {
          open.pop();
          i++;
          valueStart = openedAt.pop()!;
          valueEnd = i;
          continue;
        }
        if (text[i] !== ',') fail();
        i++;
        if (inside === '{') member();
        break;
      }
    }
  } catch (error) {
    if (error instanceof SyntaxPosition) return { at: Math.min(error.at, text.length), expected, valueStart, valueEnd };
    throw error;
  }

  /** A member's key and colon; its value comes next. */
  function member(): void {
    expected = 'key';
    space();
    valueStart = i;
    if (text[i] !== '"') fail();
    string();
    valueEnd = i;
    expected = 'colon';
    space();
    if (text[i] !== ':') fail();
    i++;
  }
}

/** Where the walk found the text stops being JSON. */
class SyntaxPosition {
  constructor(readonly at: number) {}
}

type SyntaxCode =
  | 'INVALID_JSON'
  | 'JSON_INCOMPLETE'
  | 'JSON_FULL_WIDTH'
  | 'JSON_TRAILING_COMMA'
  | 'JSON_MISSING_COMMA'
  | 'JSON_MISSING_COLON'
  | 'JSON_VALUE_MISSING'
  | 'JSON_KEY_NOT_QUOTED'
  | 'JSON_TEXT_NOT_QUOTED'
  | 'JSON_SINGLE_QUOTES'
  | 'JSON_STRING_NOT_CLOSED'
  | 'JSON_QUOTE_UNPAIRED'
  | 'JSON_BAD_ESCAPE'
  | 'JSON_COMMENT'
  | 'JSON_THOUSANDS_SEPARATOR'
  | 'JSON_AFTER_END';

/** The mistake a syntax error most probably is, and the place to point at for it (not always where the walk stopped). */
function nameMistake(text: string, error: SyntaxError): { code: SyntaxCode; at: number; params?: Record<string, string> } {
  const { at, expected } = error;
  if (at >= text.length) {
    // A string still open at the end of the text was cut off or never closed: the latter is told by its line.
    if (expected === 'stringEnd' && text.indexOf('\n', error.valueStart) !== -1) return { code: 'JSON_STRING_NOT_CLOSED', at: error.valueStart };
    return { code: 'JSON_INCOMPLETE', at };
  }
  const near = String.fromCodePoint(text.codePointAt(at)!);
  const ascii = FULL_WIDTH[near];
  if (ascii !== undefined && expected !== 'stringEnd') {
    return { code: 'JSON_FULL_WIDTH', at, params: { near: near === '\u3000' ? '\\u3000' : near, ascii: ascii === ' ' ? '\\u0020' : ascii } };
  }
  if (near === '/' && (text[at + 1] === '/' || text[at + 1] === '*') && expected !== 'stringEnd' && expected !== 'escape') return { code: 'JSON_COMMENT', at };
  if (near === "'" && (expected === 'value' || expected === 'key')) return { code: 'JSON_SINGLE_QUOTES', at };
  switch (expected) {
    case 'value':
    case 'key': {
      if (near === '}' || near === ']') {
        const comma = previousNonSpace(text, at);
        if (text[comma] === ',') return { code: 'JSON_TRAILING_COMMA', at: comma };
      }
      if (near === ',' || (expected === 'value' && (near === '}' || near === ']'))) return { code: 'JSON_VALUE_MISSING', at };
      if (expected === 'key' && near >= '0' && near <= '9' && text[at - 1] === ',' && isDigit(text[at - 2])) {
        const start = numberStart(text, at - 1);
        return { code: 'JSON_THOUSANDS_SEPARATOR', at: start, params: { near: text.slice(start, wordEnd(text, at, /[0-9.,]/)) } };
      }
      const bare = text.slice(at, wordEnd(text, at, /[^\s,:{}[\]"']/));
      if (bare.length > 0 && near !== '"') return { code: expected === 'key' ? 'JSON_KEY_NOT_QUOTED' : 'JSON_TEXT_NOT_QUOTED', at, params: { near: bare } };
      break;
    }
    case 'word': {
      // `tru`, `True`, `urban`: a word that is not true, false or null is text without its quotes.
      const bare = text.slice(error.valueStart, wordEnd(text, error.valueStart, /[^\s,:{}[\]"']/));
      return { code: 'JSON_TEXT_NOT_QUOTED', at: error.valueStart, params: { near: bare } };
    }
    case 'digit':
      if (/[^\s,:{}[\]"']/.test(near) && !isDigit(near)) {
        const bare = text.slice(error.valueStart, wordEnd(text, error.valueStart, /[^\s,:{}[\]"']/));
        return { code: 'JSON_TEXT_NOT_QUOTED', at: error.valueStart, params: { near: bare } };
      }
      break;
    case 'stringEnd':
      // A string may not run over a line end: the closing quote was left out on the line the string starts.
      if (near === '\n' || near === '\r') return { code: 'JSON_STRING_NOT_CLOSED', at: error.valueStart };
      break;
    case 'escape':
      return { code: 'JSON_BAD_ESCAPE', at: at - 1, params: { near: text.slice(at - 1, at + 1) } };
    case 'colon':
      return { code: 'JSON_MISSING_COLON', at, params: { key: text.slice(error.valueStart + 1, error.valueEnd - 1) } };
    case 'commaOrClose':
      // A quote right against the value before it closes nothing: its pair was left out (`1400.00"`).
      if (near === '"' && at === error.valueEnd) return { code: 'JSON_QUOTE_UNPAIRED', at };
      // A word right against a number (`1400.00元`) is one text without its quotes.
      if (at === error.valueEnd && !'"{['.includes(text[error.valueStart]!) && /[^\s,:{}[\]"']/.test(near)) {
        return { code: 'JSON_TEXT_NOT_QUOTED', at: error.valueStart, params: { near: text.slice(error.valueStart, wordEnd(text, at, /[^\s,:{}[\]"']/)) } };
      }
      if (near === '"' || near === '{' || near === '[' || isDigit(near) || near === '-' || /[tfn]/.test(near)) {
        return { code: 'JSON_MISSING_COMMA', at: error.valueEnd };
      }
      break;
    case 'end':
      return { code: 'JSON_AFTER_END', at, params: { near } };
  }
  return { code: 'INVALID_JSON', at, params: { near: JSON.stringify(near).slice(1, -1) } };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The index of the last character before `at` that is not white space (-1 if none). */
function previousNonSpace(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i;
}

/** Where a run of characters matching `part` that starts at `from` ends. */
function wordEnd(text: string, from: number, part: RegExp): number {
  let i = from;
  while (i < text.length && part.test(text[i]!)) i++;
  return i;
}

/** Where the number whose last digit is at `last` starts. */
function numberStart(text: string, last: number): number {
  let i = last;
  while (i > 0 && /[0-9.,-]/.test(text[i - 1]!)) i--;
  return i;
}
