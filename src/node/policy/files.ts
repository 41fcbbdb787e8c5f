import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIssue, type Issue, type JsonPath } from '../../core/errors/issue.js';
import { readUtf8File } from '../text/utf8File.js';
import { repeatedKeyIssues } from '../../core/text/repeatedKeys.js';
import { jsonSyntaxIssue } from '../../core/text/jsonSyntax.js';

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

/**
 * Reads every `*.json` file below a policy directory, in a stable order, not descending into another policy's
 * directory (one with its own `policy.json`).
 */
export async function readRuleFiles(dir: string): Promise<{ relativePath: string; text?: string; issues: Issue[] }[]> {
  const out: { relativePath: string; text?: string; issues: Issue[] }[] = [];
  async function visit(current: string): Promise<void> {
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = join(current, entry.name);
      const relativePath = relative(dir, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!existsSync(join(full, 'policy.json'))) await visit(full);
      } else if (entry.isFile() && entry.name.endsWith('.json')) {
        const size = (await stat(full)).size;
        if (size > MAX_RULE_FILE_BYTES) {
          out.push({ relativePath, issues: [makeIssue('FILE_TOO_LARGE', [], { size, limit: MAX_RULE_FILE_BYTES }, relativePath)] });
        } else {
          out.push({ relativePath, ...(await readUtf8File(full, relativePath)) });
        }
      }
    }
  }
  await visit(dir);
  return out;
}

/** The names of the bundled policies and their directories below `rules/`. */
export const BUNDLED_POLICIES: Readonly<Record<string, string>> = {
  national: 'national',
  guangdong: 'provinces/guangdong',
  hunan: 'provinces/hunan',
  hubei: 'provinces/hubei',
};

let packageRootCache: string | undefined;

/**
 * The jiuzhu package's own directory (the one holding `rules/` and `store/`), found from this module's location:
 * works from `src/` under vitest and from `dist/` once built or installed.
 *
 * @example
 * join(packageRoot(), 'store') // '/…/node_modules/jiuzhu/store'
 */
export function packageRoot(): string {
  if (packageRootCache) return packageRootCache;
  let current = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(current, 'rules', 'national', 'policy.json'))) return (packageRootCache = current);
    current = dirname(current);
  }
  throw new Error('bundled rules/ directory not found next to the jiuzhu package');
}

/**
 * The package's own `rules/` directory.
 *
 * @example
 * join(bundledRulesRoot(), 'provinces/guangdong') // the bundled Guangdong rule files
 */
export function bundledRulesRoot(): string {
  return join(packageRoot(), 'rules');
}

/** The deepest directory that contains all the given directories (for showing file names people recognise). */
export function commonRoot(dirs: readonly string[]): string {
  const split = dirs.map((d) => resolve(d).split(sep));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join(sep) || sep;
}

export type { JsonPath };
