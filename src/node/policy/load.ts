import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { JiuzhuError, distinctIssues, makeIssue, type Issue } from '../../core/errors/issue.js';
import { compilePolicy } from '../../core/policy/compile.js';
import { BUNDLED_POLICIES, bundledRulesRoot, commonRoot, parseRuleJson, readRuleFiles } from './files.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { readTextLeniently } from '../text/utf8File.js';

/** Where a policy comes from: a bundled name, a directory of rule files, or a packed policy document. */
export type PolicySource = string | { dir: string } | { document: PolicyDocument };

/**
 * Loads, validates and compiles a policy. A bundled name (`'national' | 'guangdong' | 'hunan' | 'hubei'`), a
 * directory a policy officer keeps (`{ dir: './my-rules/provinces/guangdong' }`, following its `extends`), or a
 * packed document. Throws a {@link JiuzhuError} of kind `policy` listing every problem in every file.
 *
 * @example
 * const policy = await loadPolicy('guangdong');
 * const mine = await loadPolicy({ dir: './my-rules/provinces/guangdong' });
 */
export async function loadPolicy(source: PolicySource): Promise<Policy> {
  if (typeof source !== 'string' && (source === null || typeof source !== 'object' || !('document' in source || 'dir' in source))) {
    throw new JiuzhuError('policy', [makeIssue('UNKNOWN_POLICY', [], { name: describe(source), options: POLICY_SOURCES })]);
  }
  if (typeof source === 'object' && 'document' in source) {
    return compilePolicy(source.document, (layer, path) => `${source.document.layers[layer]?.id ?? layer}:${path}`);
  }
  const dir = typeof source === 'string' ? bundledDirectory(source) : resolve(source.dir);
  const { document, dirs, issues } = await readPolicyLayers(dir);
  const root = commonRoot(dirs);
  const fileName = (layer: number, path: string) => relative(root, join(dirs[layer]!, path)).split(sep).join('/');
  if (issues.length === 0) return compilePolicy(document, fileName);
  // A file that cannot be read (a stray comma) must not hide the other files' problems until it is mended: the rest
  // is compiled too, without the complaints that may only mean "defined in the file that could not be read".
  let others: readonly Issue[] = [];
  try {
    compilePolicy(document, fileName);
  } catch (error) {
    if (error instanceof JiuzhuError) others = error.issues.filter((issue) => !mayBeInUnreadFile(issue));
  }
  throw new JiuzhuError('policy', distinctIssues([...issues, ...others]));
}

/** A problem that a file which could not be read might explain: a name it would have defined, a manifest it is. */
const ECHOES_OF_AN_UNREAD_FILE: ReadonlySet<string> = new Set([
  'UNKNOWN_PARAMETER',
  'UNKNOWN_CITATION',
  'UNKNOWN_MESSAGE',
  'UNKNOWN_PROGRAM',
  'UNKNOWN_CONDITION',
  'UNKNOWN_INCOME_BASIS',
  'UNKNOWN_REGION_GROUP',
  'OVERLAY_TARGET_MISSING',
  'POLICY_MANIFEST_MISSING',
]);

function mayBeInUnreadFile(issue: Issue): boolean {
  return ECHOES_OF_AN_UNREAD_FILE.has(issue.code);
}

/** The bundled names, for the message when loadPolicy is given something it cannot load. */
const POLICY_SOURCES = Object.keys(BUNDLED_POLICIES).join(', ');

function describe(value: unknown): string {
  return value === null || typeof value !== 'object' ? String(value) : JSON.stringify(Object.keys(value));
}

function bundledDirectory(name: string): string {
  // Own names only: 'toString' or '__proto__' (a name from a request) is an unknown policy, not Object.prototype's.
  const sub = Object.hasOwn(BUNDLED_POLICIES, name) ? BUNDLED_POLICIES[name] : undefined;
  if (sub === undefined) {
    throw new JiuzhuError('policy', [makeIssue('UNKNOWN_POLICY', [], { name, options: Object.keys(BUNDLED_POLICIES).join(', ') })]);
  }
  return join(bundledRulesRoot(), sub);
}

/**
 * Policy directories one or two levels below a directory that is not one (`rules/` → `rules/national`,
 * `rules/provinces/guangdong` …), for the suggestion when someone validates the folder above the policies.
 */
function policiesBelow(dir: string): string[] {
  const found: string[] = [];
  const visit = (current: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const sub = join(current, entry.name);
      if (existsSync(join(sub, 'policy.json'))) found.push(sub);
      else if (depth < 2) visit(sub, depth + 1);
    }
  };
  visit(dir, 1);
  return found;
}

/**
 * Reads a policy directory and the directories it extends (base first) into a policy document: the exact content
 * that the policy's sha256 is taken over.
 */
export async function readPolicyDocument(dir: string): Promise<{ document: PolicyDocument; dirs: string[] }> {
  const { document, dirs, issues } = await readPolicyLayers(dir);
  if (issues.length > 0) throw new JiuzhuError('policy', issues);
  return { document, dirs };
}

/** {@link readPolicyDocument}, with the files that could not be read left out and their problems returned. */
async function readPolicyLayers(dir: string): Promise<{ document: PolicyDocument; dirs: string[]; issues: Issue[] }> {
  const issues: Issue[] = [];
  const chain: string[] = [];
  let current: string | undefined = resolve(dir);
  while (current !== undefined) {
    if (chain.includes(current)) {
      throw new JiuzhuError('policy', [makeIssue('EXTENDS_CYCLE', [], { chain: [...chain, current].join(' → ') })]);
    }
    // A directory named by an `extends` is reported in the policy.json that names it.
    const extendedFrom = chain.length > 0 ? join(chain[chain.length - 1]!, 'policy.json') : undefined;
    if (!existsSync(current) || !statSync(current).isDirectory()) {
      throw new JiuzhuError('policy', [makeIssue('FILE_NOT_FOUND', extendedFrom ? ['extends'] : [], { file: current }, extendedFrom)]);
    }
    const manifestPath = join(current, 'policy.json');
    if (!existsSync(manifestPath)) {
      const below = policiesBelow(current).map((sub) => relative(process.cwd(), sub) || '.');
      const didYouMean = below.length > 0 ? below.slice(0, 6).join(' | ') : undefined;
      throw new JiuzhuError('policy', [makeIssue('POLICY_MANIFEST_MISSING', extendedFrom ? ['extends'] : [], { file: current, didYouMean }, extendedFrom)]);
    }
    chain.push(current);
    // Only `extends` is looked for here, whatever the encoding, so that every layer is read and each problem
    // reported, a manifest not saved as UTF-8 among them (below, with the other files).
    const manifest = parseRuleJson(await readTextLeniently(manifestPath), manifestPath).value as { extends?: unknown } | undefined;
    current = typeof manifest?.extends === 'string' ? resolve(current, manifest.extends) : undefined;
  }
  const dirs = chain.reverse();
  const root = commonRoot(dirs);
  const layers: PolicyDocument['layers'] = [];
  for (const layerDir of dirs) {
    const files: Record<string, unknown> = {};
    for (const entry of await readRuleFiles(layerDir)) {
      const shown = relative(root, join(layerDir, entry.relativePath)).split(sep).join('/');
      issues.push(...entry.issues.map((issue) => ({ ...issue, file: shown })));
      if (entry.text === undefined) continue;
      const parsed = parseRuleJson(entry.text, shown);
      issues.push(...parsed.issues);
      if (parsed.value !== undefined) files[entry.relativePath] = stripSchemaPointer(parsed.value);
    }
    const manifest = files['policy.json'] as { id?: string; region?: string } | undefined;
    layers.push({ id: String(manifest?.id ?? layerDir), region: String(manifest?.region ?? '000000'), files });
  }
  const top = layers[layers.length - 1]!.files['policy.json'] as { id?: string; version?: string } | undefined;
  return {
    document: { format: 'jiuzhu.policy/1', id: String(top?.id ?? ''), version: String(top?.version ?? ''), layers },
    dirs,
    issues,
  };
}

/** `$schema` only tells an editor where the schema is; it is not policy, so it is not part of the hash. */
function stripSchemaPointer(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const { $schema: _ignored, ...rest } = value as Record<string, unknown>;
  return rest;
}
