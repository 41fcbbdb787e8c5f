import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIssue, type Issue, type JsonPath } from '../../core/errors/issue.js';
import { MAX_RULE_FILE_BYTES } from '../../core/policy/ruleJson.js';
import { readUtf8File } from '../text/utf8File.js';

/**
 * Reads every JSON file below a policy directory, in a stable order, not descending into another policy's directory
 * (one with its own `policy.json`). Nothing meant as a rule file is passed over in silence: a name ending in `.JSON`
 * (any case) is read like `.json`; a symbolic link is followed to its file or folder, and one that leads nowhere is
 * reported; a file Notepad saved as `….json.txt` is reported with the name it needs.
 */
export async function readRuleFiles(dir: string): Promise<{ relativePath: string; text?: string; issues: Issue[] }[]> {
  const out: { relativePath: string; text?: string; issues: Issue[] }[] = [];
  const visited = new Set<string>();
  async function visit(current: string): Promise<void> {
    // A link back up the tree would be read for ever: each real folder once.
    const real = await realpath(current);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = join(current, entry.name);
      const relativePath = relative(dir, full).split(sep).join('/');
      const target = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
      if (target === undefined) {
        if (isJsonName(entry.name)) out.push({ relativePath, issues: [{ ...makeIssue('RULE_FILE_LINK_BROKEN', [], { file: relativePath, target: await readlink(full) }, relativePath), line: 1, column: 1 }] });
        continue;
      }
      if (target.isDirectory()) {
        if (!existsSync(join(full, 'policy.json'))) await visit(full);
      } else if (target.isFile() && isJsonName(entry.name)) {
        const size = (await stat(full)).size;
        if (size > MAX_RULE_FILE_BYTES) {
          out.push({ relativePath, issues: [{ ...makeIssue('FILE_TOO_LARGE', [], { size, limit: MAX_RULE_FILE_BYTES }, relativePath), line: 1, column: 1 }] });
        } else {
          out.push({ relativePath, ...(await readUtf8File(full, relativePath)) });
        }
      } else if (target.isFile() && /\.json\.txt$/i.test(entry.name)) {
        out.push({ relativePath, issues: [{ ...makeIssue('RULE_FILE_NAME', [], { file: relativePath, name: entry.name.slice(0, -4) }, relativePath), line: 1, column: 1 }] });
      }
    }
  }
  await visit(dir);
  return out;
}

/** A rule file's name: `.json` in any case (`DIBAO.JSON`, saved by a tool that writes upper case). */
function isJsonName(name: string): boolean {
  return name.toLowerCase().endsWith('.json');
}

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
