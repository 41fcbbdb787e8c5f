import { FACTS } from '../facts/catalog.js';
import { makeIssue, type Issue, type JsonPath } from '../errors/issue.js';
import { Dec, DECIMAL_PATTERN } from '../money/decimal.js';
import { monthsBefore, monthsSince } from '../household/dates.js';
import { canonicalJson, sha256Canonical } from '../audit/canonical.js';
import type { MergeState } from './merge.js';
import type { Policy, PolicyDocument } from './types.js';

/**
 * Parameters the library itself reads, outside any rule: the purchase-cap rate (`jiuzhu purchase-cap --policy`).
 */
const READ_BY_THE_LIBRARY: readonly string[] = ['fiscal.servicePurchaseCapRate'];

/** What {@link lintPolicy} weighs a policy against: today's date, how far a standard may move, what was archived. */
export interface LintOptions {
  /**
   * Today (`YYYY-MM-DD`), for values in force from a date too far ahead to be meant (a year typed 2062 for 2026).
   * The library has no clock: without it, that check is not made (`jiuzhu validate` passes the day it runs).
   */
  today?: string;
  /** How many years ahead of `today` a `from` date may be (default 2). */
  futureYears?: number;
  /**
   * The share a money standard may rise by, per year since its previous value (a year at least), before it is
   * questioned as mistyped: `"0.2"` (the default) lets 1238.00 rise to 1485.60 in a year, 1733.20 in two.
   */
  maxYearlyChange?: string;
  /**
   * Policy documents archived before (the packs of a store): one with this policy's id and version but other content
   * means the rules changed and the version did not.
   */
  published?: readonly PolicyDocument[];
}

/**
 * Everything an officer should know about a policy's own layer (what the layers below it do is theirs), in one list:
 * what {@link Policy.lint} holds (a
 * parameter or citation no rule uses, a note in one language, money written into a rule where a parameter belongs,
 * a reason without a citation) and what needs more than the rule files — a `from` date years ahead of `today`, a
 * standard that goes down or rises by more than `maxYearlyChange` a year, content changed under a version already
 * archived. None of it stops a decision; `jiuzhu validate` shows it (exit 0) and `--strict` refuses it.
 *
 * @example
 * lintPolicy(policy, { today: '2026-05-01' }).map((issue) => issue.code) // ['STANDARD_FAR_FUTURE']
 */
export function lintPolicy(policy: Policy, options: LintOptions = {}): Issue[] {
  const issues: Issue[] = [...policy.lint];
  if (options.today !== undefined) issues.push(...farFutureDates(policy, options.today, options.futureYears ?? 2));
  issues.push(...standardChanges(policy, new Dec(options.maxYearlyChange ?? '0.2')));
  for (const document of options.published ?? []) issues.push(...changedUnderSameVersion(policy, document));
  return issues;
}

/**
 * The advice that needs nothing but the rule files, made when the policy is compiled (it is {@link Policy.lint}).
 *
 * @example
 * lintRules(state, document, fileName).map((issue) => issue.code) // ['UNUSED_CITATION']
 */
export function lintRules(state: MergeState, document: PolicyDocument, fileName: (layer: number, relativePath: string) => string): Issue[] {
  const issues: Issue[] = [];
  const uses = collectUses(state, document);
  // Only the policy's own layer: a national citation a province's overlay no longer uses is not the province's to remove.
  const top = fileName(document.layers.length - 1, '');
  const own = (file: string) => file.startsWith(top);
  for (const [name, { file }] of state.parameters) {
    if (own(file) && !uses.parameters.has(name)) issues.push(makeIssue('UNUSED_PARAMETER', ['parameters', name], { name }, file));
  }
  for (const [key, { file }] of state.citations) {
    if (own(file) && !uses.citations.has(key)) issues.push(makeIssue('UNUSED_CITATION', ['citations', key], { name: key }, file));
  }
  const moneyParameters = moneyValues(state);
  document.layers.forEach((layer, index) => {
    if (index !== document.layers.length - 1) return;
    for (const [relativePath, content] of Object.entries(layer.files)) {
      const file = fileName(index, relativePath);
      walk(content, [], (key, value, path) => {
        if (key === 'note' && typeof value === 'string') issues.push(makeIssue('NOTE_ONE_LANGUAGE', path, {}, file));
      });
      issues.push(...literalMoney(content, file, moneyParameters), ...uncitedReasons(content, file));
    }
  });
  return issues;
}

/** The parameters the rules refer to, parameters read through facts and formulas included. */
function collectUses(state: MergeState, document: PolicyDocument): { parameters: Set<string>; citations: Set<string> } {
  const parameters = new Set<string>(READ_BY_THE_LIBRARY);
  const citations = new Set<string>();
  const visit = (key: string, value: unknown, path: JsonPath) => {
    if (typeof value !== 'string') return;
    if (key === 'citation') citations.add(value);
    else if (key === 'param') parameters.add(value);
    else if (key === 'parameter' && path.at(-2) === 'params') parameters.add(value);
    else if (key === 'fact') for (const name of FACTS.get(value)?.parameters ?? []) parameters.add(name);
  };
  const rules: unknown[] = [
    ...[...state.programs.values()].map((p) => p.value),
    ...[...state.conditions.values()].map((c) => c.node),
    ...[...state.incomeBases.values()].map((b) => b.value),
    state.circles?.value,
  ];
  for (const rule of rules) walk(rule, [], visit);
  for (const { value } of state.warnings.values()) {
    walk(value, [], visit);
    parameters.add(value.line);
    parameters.add(value.band);
  }
  // Dynamic management's rules: a review's interval and condition, a death's time limit, and their citations.
  for (const { value } of state.reviews.values()) {
    walk(value, [], visit);
    parameters.add(value.interval);
  }
  for (const { value } of state.deaths.values()) {
    walk(value, [], visit);
    parameters.add(value.within);
  }
  // An override's own citation (why the province departs from the national rule).
  for (const layer of document.layers) {
    for (const content of Object.values(layer.files)) {
      if (isRecord(content) && content.kind === 'overlay' && Array.isArray(content.overrides)) {
        for (const override of content.overrides) if (isRecord(override) && typeof override.citation === 'string') citations.add(override.citation);
      }
    }
  }
  // A parameter in use makes the parameters its formulas read used too.
  const pending = [...parameters];
  while (pending.length > 0) {
    const name = pending.pop()!;
    for (const value of state.parameters.get(name)?.values ?? []) {
      walk(value.formula, [], (key, read) => {
        if (key === 'param' && typeof read === 'string' && !parameters.has(read)) {
          parameters.add(read);
          pending.push(read);
        }
      });
    }
  }
  return { parameters, citations };
}

/** Every value a money parameter has somewhere, by its amount (`"1238"` for 1238.00), with the parameters that have it. */
function moneyValues(state: MergeState): Map<string, string[]> {
  const byAmount = new Map<string, string[]>();
  for (const [name, { definition, values }] of state.parameters) {
    if (definition.type !== 'money') continue;
    for (const { value } of values) {
      if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) continue;
      const amount = new Dec(value).toString();
      const names = byAmount.get(amount) ?? [];
      if (!names.includes(name)) byAmount.set(amount, [...names, name]);
    }
  }
  return byAmount;
}

/** Amount expressions: a step's or supplement's `expr`, a parameter's `formula`. */
const EXPRESSION_KEYS: ReadonlySet<string> = new Set(['expr', 'formula']);
/** How money is written in an amount expression: yuan and fen, `"1400.00"` (a ratio or a count is not). */
const MONEY_LITERAL = /^\d+\.\d\d$/;

/**
 * Money written into a rule — a threshold compared with a money fact (`perCapitaIncome lessThan "1400.00"`), a
 * yuan-and-fen figure in an amount expression — where a parameter belongs: the next 调标 changes the parameter and
 * leaves the figure in the rule as it was, and the figure has no source. Zero is a boundary, not a standard. The
 * parameter that has the same value anywhere is named.
 */
function literalMoney(content: unknown, file: string, moneyParameters: ReadonlyMap<string, string[]>): Issue[] {
  const issues: Issue[] = [];
  const flag = (value: string | number, path: JsonPath) => {
    if (typeof value === 'string' && !DECIMAL_PATTERN.test(value)) return;
    const amount = new Dec(value);
    if (amount.isZero()) return;
    const parameter = moneyParameters.get(amount.toString())?.[0];
    issues.push(makeIssue('LITERAL_MONEY', path, { value: String(value), didYouMean: parameter && `{"param": "${parameter}"}` }, file));
  };
  const visit = (value: unknown, path: JsonPath, inExpression: boolean): void => {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i], inExpression));
    else if (isRecord(value)) {
      const isMoneyComparison = typeof value.fact === 'string' && FACTS.get(value.fact)?.type === 'money';
      for (const [key, inner] of Object.entries(value)) {
        if (isMoneyComparison && key === 'value' && (typeof inner === 'string' || typeof inner === 'number')) flag(inner, [...path, key]);
        // A default is the value when a parameter has none: a figure of its own, like any other.
        else visit(inner, [...path, key], (inExpression || EXPRESSION_KEYS.has(key)) && key !== 'if');
      }
    } else if (inExpression && typeof value === 'string' && MONEY_LITERAL.test(value) && new Dec(value).gte(1)) flag(value, path);
  };
  visit(content, [], false);
  return issues;
}

/**
 * Conditions that write a reason into a decision (they have a `message`, read to the applicant) with no citation on
 * themselves or a condition around them: the explanation would give a reason without the rule it rests on.
 */
function uncitedReasons(content: unknown, file: string): Issue[] {
  const issues: Issue[] = [];
  const visit = (value: unknown, path: JsonPath, cited: boolean): void => {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i], cited));
    else if (isRecord(value)) {
      const isCondition = ['all', 'any', 'not', 'fact', 'condition'].some((key) => key in value);
      const citedHere = cited || (isCondition && typeof value.citation === 'string');
      if (isCondition && typeof value.message === 'string' && !citedHere) {
        issues.push(makeIssue('CONDITION_WITHOUT_CITATION', path, { message: value.message }, file));
      }
      for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key], citedHere && isCondition);
    }
  };
  visit(content, [], false);
  return issues;
}

/** Values and programs in force from a date more than `years` after today: a year mistyped (2062 for 2026). */
function farFutureDates(policy: Policy, today: string, years: number): Issue[] {
  const limit = monthsBefore(today, -12 * years);
  const issues: Issue[] = [];
  const own = ownLayer(policy);
  for (const { values } of policy.parameters.values()) {
    for (const value of values) {
      if (value.layer === own && value.from > limit) issues.push(makeIssue('STANDARD_FAR_FUTURE', [...value.path, 'from'], { from: value.from, today, years }, value.file));
    }
  }
  return issues;
}

/**
 * Money standards that go down, or rise by more than `maxYearlyChange` for each year since the value before them in
 * the same region and area (a year at least): a digit typed twice or left out. Monthly and yearly values are compared
 * as monthly amounts; values defined by a formula follow their parameters and are not compared.
 */
function standardChanges(policy: Policy, maxYearlyChange: InstanceType<typeof Dec>): Issue[] {
  const issues: Issue[] = [];
  for (const { name, definition, values } of policy.parameters.values()) {
    if (definition.type !== 'money') continue;
    const series = new Map<string, typeof values>();
    for (const value of values) {
      if (typeof value.value !== 'string' || !DECIMAL_PATTERN.test(value.value)) continue;
      const key = `${value.region ?? `group:${value.group}`}|${value.area}`;
      series.set(key, [...(series.get(key) ?? []), value]);
    }
    for (const list of series.values()) {
      const ordered = [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
      for (let i = 1; i < ordered.length; i++) {
        const [before, after] = [ordered[i - 1]!, ordered[i]!];
        if (after.layer !== ownLayer(policy)) continue;
        const monthly = (v: typeof before) => new Dec(v.value as string).div(v.per === 'year' ? 12 : 1);
        const [was, now] = [monthly(before), monthly(after)];
        const params = { name, region: after.region ?? after.group ?? '', from: after.from, value: String(after.value), previous: String(before.value), previousFrom: before.from };
        if (now.lt(was)) issues.push(makeIssue('STANDARD_DECREASE', [...after.path, 'value'], params, after.file));
        else if (was.gt(0)) {
          const years = Math.max(1, monthsSince(before.from, after.from) / 12);
          const limit = maxYearlyChange.times(years);
          const change = now.minus(was).div(was);
          if (change.gt(limit)) {
            const percent = (share: InstanceType<typeof Dec>) => `${share.times(100).toDecimalPlaces(1).toString()}%`;
            issues.push(makeIssue('STANDARD_JUMP', [...after.path, 'value'], { ...params, change: percent(change), limit: percent(limit) }, after.file));
          }
        }
      }
    }
  }
  return issues;
}

/**
 * A document archived under this policy's id and version with other content: the rules changed and the version did
 * not, so two different policies go by one name. Names the files that differ.
 */
function changedUnderSameVersion(policy: Policy, published: PolicyDocument): Issue[] {
  if (published.id !== policy.id || published.version !== policy.version) return [];
  const sha256 = sha256Canonical(published);
  if (sha256 === policy.sha256) return [];
  const changed: string[] = [];
  policy.document.layers.forEach((layer, index) => {
    const before = published.layers.find((other) => other.id === layer.id)?.files ?? {};
    for (const path of new Set([...Object.keys(layer.files), ...Object.keys(before)])) {
      if (canonicalJson(layer.files[path] ?? null) !== canonicalJson(before[path] ?? null)) changed.push(policy.fileName(index, path));
    }
  });
  const manifest = policy.fileName(policy.document.layers.length - 1, 'policy.json');
  return [makeIssue('POLICY_CHANGED_SAME_VERSION', ['version'], { id: policy.id, version: policy.version, sha256: sha256.slice(0, 12), files: changed.join(', ') }, manifest)];
}

/** The id of the policy's own layer (the last): its advice is the officer's; the layers below have their own. */
function ownLayer(policy: Policy): string | undefined {
  return policy.document.layers.at(-1)?.id;
}

/** Calls `visit` for every key of every object inside a JSON value, with the path to it. */
function walk(value: unknown, path: JsonPath, visit: (key: string, value: unknown, path: JsonPath) => void): void {
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], visit));
  else if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const at = [...path, key];
      visit(key, inner, at);
      walk(inner, at, visit);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
