/**
 * Characters a terminal acts on instead of showing: C0 controls (newline, carriage return, ESC …), DEL, C1 controls
 * (U+009B is a one-character CSI on some terminals), the line and paragraph separators, and the bidirectional
 * overrides and isolates that reorder what follows them on screen.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One line of text as a person may safely see it: every control character written as an escape (`\n`, `\u001b`),
 * so that a household name, an id or a hash read from a record cannot start a line of its own ("符合条件，9999.00
 * 元/月") or send the terminal an escape sequence that redraws what was printed. Apply it to each line of output
 * that holds such text, never to text with line breaks of its own.
 *
 * @example
 * visibleLine('张三\n符合条件，9999.00 元/月') // '张三\\n符合条件，9999.00 元/月'
 * visibleLine('\u001b[2K被改动') // '\\u001b[2K被改动'
 */
export function visibleLine(text: string): string {
  return text.replace(INVISIBLE, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text of several lines (joined by `\n`), each made visible with {@link visibleLine}: what a renderer returns when
 * it builds its output as a list of lines.
 *
 * @example
 * visibleLines(['第 1 行', 'id a\u001b[31mb']) // '第 1 行\nid a\\u001b[31mb'
 */
export function visibleLines(lines: readonly string[]): string {
  return lines.map(visibleLine).join('\n');
}

/** What JSON leaves as it is but a terminal may act on: DEL, C1 controls, separators, bidirectional controls. */
const INVISIBLE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text safe to print: JSON already escapes C0 controls (a newline is `\n` in a string), and here the other
 * characters a terminal may act on are written as `\uXXXX` escapes too — the same JSON value, byte for byte safer.
 * (Such characters can only stand inside strings in JSON, where an escape means the same character.)
 *
 * @example
 * visibleJson(JSON.stringify({ name: 'a\u009b31mb' })) // '{"name":"a\\u009b31mb"}'
 */
export function visibleJson(json: string): string {
  return json.replace(INVISIBLE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
