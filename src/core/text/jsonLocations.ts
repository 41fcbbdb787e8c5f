import { parseTree, type Node } from 'jsonc-parser';
import type { Issue, JsonPath } from '../errors/issue.js';

/** A place in a text, as editors count it: 1-based line and column (a column counts UTF-16 code units, as editors do). */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Issues about a key itself (not its value): the key is pointed at, where a person reads or retypes it.
 */
const ABOUT_THE_KEY: ReadonlySet<string> = new Set(['UNKNOWN_KEY', 'MISPLACED_KEY', 'FORBIDDEN_KEY', 'DUPLICATE_JSON_KEY']);

/**
 * Finds, in a JSON text, where the key or value a JSON path names is written. Parsed once (with jsonc-parser, which
 * keeps every node's offset), then asked for as many paths as needed.
 *
 * - A key that names an object or a list, and every key an issue is about (`UNKNOWN_KEY` …), is pointed at by its
 *   name: `"amount": {` — where a person looks for it; a plain value (`"1,400.00"`) and a list item by themselves.
 * - A key written twice: the last one, the one `JSON.parse` kept and so the one that was checked.
 * - A path that goes further than the text (a required key that is missing) stops at the deepest part there is: the
 *   object the key is missing from.
 *
 * @example
 * const at = jsonLocator('{\n  "a": {\n    "b": "x"\n  }\n}');
 * at(['a', 'b']) // { line: 3, column: 10 }
 * at(['a', 'c']) // { line: 2, column: 3 } — "a", where "c" is missing
 */
export function jsonLocator(text: string): (path: JsonPath, aboutTheKey?: boolean) => TextPosition {
  const root = parseTree(text, [], { disallowComments: true });
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number): TextPosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  return (path, aboutTheKey = false) => {
    if (root === undefined) return position(0);
    let node: Node = root;
    let property: Node | undefined;
    let complete = true;
    for (const part of path) {
      const next = child(node, part);
      if (next === undefined) {
        complete = false;
        break;
      }
      ({ node, property } = next);
    }
    const key = property?.children?.[0];
    const container = node.type === 'object' || node.type === 'array';
    if (key !== undefined && (aboutTheKey || container || !complete)) return position(key.offset);
    return position(node.offset);
  };
}

/** The value at one step of a path, and the property (key and value) it is written in, if it is an object's. */
function child(node: Node, part: string | number): { node: Node; property?: Node } | undefined {
  if (node.type === 'array' && typeof part === 'number') {
    const item = node.children?.[part];
    return item === undefined ? undefined : { node: item };
  }
  if (node.type === 'object' && typeof part === 'string') {
    const properties = node.children ?? [];
    for (let i = properties.length - 1; i >= 0; i--) {
      const property = properties[i]!;
      const [key, value] = property.children ?? [];
      if (key?.value === part && value !== undefined) return { node: value, property };
    }
  }
  return undefined;
}

/**
 * The issues with `line` and `column` filled in from the texts of their files, where the issue has none yet and its
 * file's text is known: what `file:line:column` in `jiuzhu validate` and an editor's problem list are made of.
 *
 * @example
 * locateIssues(issues, (file) => texts.get(file))[0] // { …, file: 'parameters.json', line: 12, column: 18 }
 */
export function locateIssues(issues: readonly Issue[], textOf: (file: string) => string | undefined): Issue[] {
  const locators = new Map<string, ReturnType<typeof jsonLocator> | undefined>();
  return issues.map((issue) => {
    if (issue.file === undefined || issue.line !== undefined) return issue;
    if (!locators.has(issue.file)) {
      const text = textOf(issue.file);
      locators.set(issue.file, text === undefined ? undefined : jsonLocator(text));
    }
    const locate = locators.get(issue.file);
    if (locate === undefined) return issue;
    return { ...issue, ...locate(issue.path, ABOUT_THE_KEY.has(issue.code)) };
  });
}
