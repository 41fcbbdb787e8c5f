import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away copy of the bundled rules/ directory, for tests that edit rule files as an officer would. */
export function copyRules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-rules-'));
  cpSync(join(import.meta.dirname, '..', '..', 'rules'), join(dir, 'rules'), { recursive: true });
  return join(dir, 'rules');
}

/** Reads, changes and writes back one JSON rule file. */
export function editJson(file: string, change: (json: any) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

/**
 * What is written in a rule file where an issue points (its line, from its column to the end of that line), for
 * tests that hold an issue's `line` and `column` to the right place: `"eligibilty": {`, `"1,400.00"`.
 */
export function textAt(root: string, issue: { file?: string; line?: number; column?: number }): string {
  if (issue.file === undefined || issue.line === undefined || issue.column === undefined) return `(no place: ${JSON.stringify(issue)})`;
  const lines = readFileSync(join(root, issue.file), 'utf8').replace(/^\uFEFF/, '').split('\n');
  return (lines[issue.line - 1] ?? '').slice(issue.column - 1);
}
