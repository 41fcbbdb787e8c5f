import { fillTemplate, type Bilingual, type Lang } from '../text/template.js';
import { visibleLine } from '../text/visible.js';
import type { IssueCode } from './codes.js';
import { en } from './locales/en.js';
import { zh } from './locales/zh.js';

/** A path into a JSON document: keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** The names a message template fills in: `'unknown key "{key}"{suggestion}'` → `'key' | 'suggestion'`. */
type TemplateParams<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | TemplateParams<Rest> : never;

/** Params a few issues carry beyond what their messages say, for programs that read them. */
interface ParamsBeyondMessages {
  INVALID_STRING: 'received';
  INVALID_VALUE: 'received';
  PARAMETER_REDEFINED: 'other';
}

/** The params an issue of this code carries: what its messages speak of, and `didYouMean` where they suggest a name. */
export type IssueParamName<C extends IssueCode> =
  | Exclude<TemplateParams<(typeof en)[C]> | TemplateParams<(typeof zh)[C]>, 'suggestion'>
  | ('suggestion' extends TemplateParams<(typeof en)[C]> ? 'didYouMean' : never)
  | (C extends keyof ParamsBeyondMessages ? ParamsBeyondMessages[C] : never);

/**
 * The params of an issue of code `C`, named by its messages: after `issue.code === 'UNKNOWN_KEY'`, `issue.params` is
 * `{ key?, didYouMean? }`, and a misspelt param fails to compile. A param is absent when there was nothing to say.
 */
export type IssueParams<C extends IssueCode> = { [K in IssueParamName<C>]?: string | number };

/** An issue of one code, its params typed for that code. */
export interface IssueOf<C extends IssueCode> {
  code: C;
  /** JSON path inside the document, e.g. `["members", 0, "incomes", 1, "amount"]`. */
  path: JsonPath;
  /** For rule files: the file, relative to the policy directory. */
  file?: string;
  /**
   * Where in the file's text, when the text was read (a rule file, a JSON input): 1-based line and column of the
   * key or value the path names — what an editor jumps to from `file:line:column`.
   */
  line?: number;
  column?: number;
  /** The values the message speaks of (received value, the nearest valid name, …). */
  params: IssueParams<C>;
  message: Bilingual;
}

/**
 * One problem with an input or a rule file: a stable code, where it is, and what is wrong in Chinese and English.
 * Issues are data; `message` is rendered from the locale catalogs at creation so that logs are readable as they are.
 * A union by code: checking `code` narrows `params`.
 */
export type Issue = { [C in IssueCode]: IssueOf<C> }[IssueCode];

const catalogs: Record<Lang, Record<IssueCode, string>> = { zh, en };

/**
 * Creates an issue with its messages filled in from the catalogs. A `didYouMean` param becomes the
 * "did you mean …?" suggestion in each language.
 *
 * @example
 * makeIssue('UNKNOWN_KEY', ['membres'], { key: 'membres', didYouMean: 'members' }).message.en
 * // 'unknown key "membres" (did you mean "members"?)'
 */
export function makeIssue<C extends IssueCode>(
  code: C,
  path: JsonPath,
  params: { [K in IssueParamName<C>]?: string | number | undefined } = {},
  file?: string,
): Extract<Issue, { code: C }> {
  const clean: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params as Record<string, string | number | undefined>)) if (value !== undefined) clean[key] = value;
  const suggestion = clean.didYouMean;
  const text = (lang: Lang) =>
    fillTemplate(catalogs[lang][code], {
      ...clean,
      suggestion:
        suggestion === undefined ? '' : lang === 'zh' ? `（是否想写“${suggestion}”？）` : ` (did you mean "${suggestion}"?)`,
    });
  // The params were checked against the code's names on the way in.
  const issue = { code, path: [...path], params: clean, message: { zh: text('zh'), en: text('en') } } as unknown as Extract<Issue, { code: C }>;
  if (file !== undefined) issue.file = file;
  return issue;
}

/**
 * The issues without repeats, in the order first reported: a shared rule reached from several places (a shared
 * condition compiled for each level that uses it) would otherwise report one mistake once per use.
 *
 * @example
 * distinctIssues([a, a, b]) // [a, b]
 */
export function distinctIssues(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.file, issue.code, issue.path, issue.params]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Writes a JSON path the way people read it: `$.members[0].incomes[1].amount`.
 *
 * @example
 * formatJsonPath(['members', 0, 'id']) // '$.members[0].id'
 */
export function formatJsonPath(path: JsonPath): string {
  return (
    '$' +
    path
      .map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
      .join('')
  );
}

/**
 * One line per issue for a terminal or a log: `file:line:column $.path  message` (the line and column when the
 * file's text was read; editors and terminals open `file:line:column` at that place).
 *
 * @example
 * formatIssue(makeIssue('REQUIRED', ['id']), 'en') // '$.id  required field is missing'
 * formatIssue({ ...makeIssue('REQUIRED', ['id'], {}, 'h.json'), line: 1, column: 2 }, 'en') // 'h.json:1:2 $.id  required field is missing'
 */
export function formatIssue(issue: Issue, lang: Lang): string {
  const place = issue.file === undefined ? '' : issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const where = (place ? `${place} ` : '') + formatJsonPath(issue.path);
  // One line, whatever the values quoted in it (a key, a name from the input) hold.
  return visibleLine(`${where}  ${issue.message[lang]}`);
}

/**
 * Error kinds, so that callers (and the CLI's exit codes) can tell a bad input from a bad rule file, and a decision
 * record that cannot be trusted or replayed (`record`) from both.
 */
export type ErrorKind = 'input' | 'policy' | 'evaluation' | 'record';

/**
 * The one error class the library throws for user mistakes. It carries every problem found, not just the first.
 *
 * @example
 * try { parseHousehold(json) } catch (e) { if (e instanceof JiuzhuError) e.issues.forEach(i => console.log(i.message.zh)) }
 */
/** Marks jiuzhu's errors across copies of the library (its ES-module and CommonJS builds both loaded in one app). */
const JIUZHU_ERROR = Symbol.for('jiuzhu.JiuzhuError');

export class JiuzhuError extends Error {
  readonly kind: ErrorKind;
  readonly issues: readonly Issue[];

  /**
   * `error instanceof JiuzhuError` holds for an error from either build: an app that `require`s jiuzhu in one place
   * and `import`s it in another has two classes, and the plain check would miss the other's errors.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // A subclass keeps the ordinary check: only JiuzhuError itself is recognised by its mark.
    if (this !== JiuzhuError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[JIUZHU_ERROR] === true;
  }

  constructor(kind: ErrorKind, issues: readonly Issue[]) {
    const head = issues[0];
    super(
      head === undefined
        ? `${kind} error`
        : `${issues.length} problem(s); first: ${formatIssue(head, 'en')}`,
    );
    this.name = 'JiuzhuError';
    Object.defineProperty(this, JIUZHU_ERROR, { value: true });
    this.kind = kind;
    this.issues = issues;
  }
}
