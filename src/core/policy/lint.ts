import { FACTS } from '../facts/catalog.js';
import { makeIssue, type Issue, type JsonPath } from '../errors/issue.js';
import type { MergeState } from './merge.js';
import type { PolicyDocument } from './types.js';

/**
 * Parameters the library itself reads, outside any rule: the purchase-cap rate (`jiuzhu purchase-cap --policy`).
 */
const READ_BY_THE_LIBRARY: readonly string[] = ['fiscal.servicePurchaseCapRate'];

/**
 * What is not wrong in a policy's own layer but an officer should know (`jiuzhu validate` prints them; none stops a decision):
 * a parameter or citation defined and never used — an officer could edit it and change nothing, while the one in
 * use stays as it was — and a note written in one language only, which an explanation in the other cannot show.
 *
 * @example
 * lintPolicy(state, document, fileName).map((issue) => issue.code) // ['UNUSED_CITATION']
 */
export function lintPolicy(state: MergeState, document: PolicyDocument, fileName: (layer: number, relativePath: string) => string): Issue[] {
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
  document.layers.forEach((layer, index) => {
    if (index !== document.layers.length - 1) return;
    for (const [relativePath, content] of Object.entries(layer.files)) {
      walk(content, [], (key, value, path) => {
        if (key === 'note' && typeof value === 'string') issues.push(makeIssue('NOTE_ONE_LANGUAGE', path, {}, fileName(index, relativePath)));
      });
    }
  });
  return issues;
}

/** The parameters and citations the rules refer to, parameters read through facts and formulas included. */
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
