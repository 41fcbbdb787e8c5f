import { makeIssue, type Issue } from '../errors/issue.js';
import { repeatedKeyIssues } from '../text/repeatedKeys.js';
import { jsonSyntaxIssue } from '../text/jsonSyntax.js';

/** Rule files are small data; a larger one is a mistake or an attack. */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses rule-file text as plain JSON data: a syntax error is reported with line and column, and keys that could
 * reach an object's prototype (`__proto__`, `constructor`, `prototype`) are refused wherever they appear.
 *
 * @example
 * parseRuleJson('{"kind": "program"}', 'dibao.json') // { value: { kind: 'program' }, issues: [] }
 */
export function parseRuleJson(text: string, file: string): { value: unknown; issues: Issue[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { value: undefined, issues: [jsonSyntaxIssue(text, [], file)] };
  }
  const issues: Issue[] = [];
  issues.push(...repeatedKeyIssues(text, file));
  walk(value, [], issues, file);
  return { value, issues };
}

function walk(value: unknown, path: (string | number)[], issues: Issue[], file: string): void {
  if (path.length > MAX_DEPTH) {
    issues.push(makeIssue('CONDITION_TOO_DEEP', path, { limit: MAX_DEPTH }, file));
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], issues, file));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) issues.push(makeIssue('FORBIDDEN_KEY', [...path, key], { key }, file));
      else walk((value as Record<string, unknown>)[key], [...path, key], issues, file);
    }
  }
}

