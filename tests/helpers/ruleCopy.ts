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
