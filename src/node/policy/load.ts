import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { JiuzhuError, distinctIssues, makeIssue, type Issue } from '../../core/errors/issue.js';
import { compilePolicy } from '../../core/policy/compile.js';
import { policyDocument, type LayerFiles } from '../../core/policy/document.js';
import { loadPolicy as loadPortablePolicy, type PolicySource as PortablePolicySource } from '../../core/policy/load.js';
import { parseRuleJson } from '../../core/policy/ruleJson.js';
import { locateIssues } from '../../core/text/jsonLocations.js';
import { commonRoot, readRuleFiles } from './files.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { readTextLeniently } from '../text/utf8File.js';

/** Where a policy comes from: a bundled name, a directory of rule files, or a packed policy document. */
export type PolicySource = PortablePolicySource | ({ dir: string } & FileNaming);

/** How the files of a policy directory are named in its problems (`issue.file`). */
export interface FileNaming {
  /**
   * Name each file as a path from this folder — the command line gives its working directory, so that the
   * `file:line:column` an officer sees opens from where they stand. Default: the folder all the layers share
   * (`provinces/guangdong/parameters.json`), so that the names do not depend on where the process runs.
   */
  namesFrom?: string;
}

/**
 * Loads, validates and compiles a policy: what `loadPolicy` from `jiuzhu` does (a bundled name, a policy document),
 * and a directory a policy officer keeps (`{ dir: './my-rules/provinces/guangdong' }`, following its `extends`).
 * Throws a {@link JiuzhuError} of kind `policy` listing every problem in every file.
 *
 * @example
 * const policy = await loadPolicy('guangdong');
 * const mine = await loadPolicy({ dir: './my-rules/provinces/guangdong' });
 */
export async function loadPolicy(source: PolicySource): Promise<Policy> {
  if (source === null || typeof source !== 'object' || !('dir' in source)) return loadPortablePolicy(source);
  return (await loadPolicyFolder(source.dir, source)).policy;
}

/**
 * {@link loadPolicy} for a folder, with the means to say where in its files any further issue is (`file:line:column`
 * from the texts read): for advice made after loading (`lintPolicy`). Its own problems and lint are placed already.
 *
 * @example
 * const { policy, locate } = await loadPolicyFolder('./my-rules/provinces/guangdong');
 * locate(lintPolicy(policy, { today: '2026-05-01' }))
 */
export async function loadPolicyFolder(dir: string, naming: FileNaming = {}): Promise<{ policy: Policy; locate: (issues: readonly Issue[]) => Issue[] }> {
  const { document, dirs, issues, texts, root } = await readPolicyLayers(resolve(dir), naming);
  const fileName = (layer: number, path: string) => relative(root, join(dirs[layer]!, path)).split(sep).join('/');
  // Every problem and every piece of advice says where it is in its file (file:line:column), for people and editors.
  const locate = (found: readonly Issue[]) => locateIssues(found, (file) => texts.get(file));
  if (issues.length === 0) {
    try {
      const policy = compilePolicy(document, fileName);
      return { policy: { ...policy, lint: locate(policy.lint) }, locate };
    } catch (error) {
      if (error instanceof JiuzhuError) throw new JiuzhuError(error.kind, locate(error.issues));
      throw error;
    }
  }
  // A file that cannot be read (a stray comma) must not hide the other files' problems until it is mended: the rest
  // is compiled too, without the complaints that may only mean "defined in the file that could not be read".
  let others: readonly Issue[] = [];
  try {
    compilePolicy(document, fileName);
  } catch (error) {
    if (error instanceof JiuzhuError) others = error.issues.filter((issue) => !mayBeInUnreadFile(issue));
  }
  throw new JiuzhuError('policy', locate(distinctIssues([...issues, ...others])));
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
  const { document, dirs, issues, texts } = await readPolicyLayers(dir);
  if (issues.length > 0) throw new JiuzhuError('policy', locateIssues(issues, (file) => texts.get(file)));
  return { document, dirs };
}

/**
 * {@link readPolicyDocument}, with the files that could not be read left out and their problems returned, and the
 * text of every file read by the name its problems give it (to say where in it each problem is).
 */
async function readPolicyLayers(
  dir: string,
  naming: FileNaming = {},
): Promise<{ document: PolicyDocument; dirs: string[]; issues: Issue[]; texts: Map<string, string>; root: string }> {
  const issues: Issue[] = [];
  const texts = new Map<string, string>();
  const chain: string[] = [];
  let current: string | undefined = resolve(dir);
  const refuse = (issue: Issue): never => {
    throw new JiuzhuError('policy', locateIssues([issue], (file) => texts.get(file)));
  };
  while (current !== undefined) {
    if (chain.includes(current)) refuse(makeIssue('EXTENDS_CYCLE', ['extends'], { chain: [...chain, current].join(' → ') }, join(chain[chain.length - 1]!, 'policy.json')));
    // A directory named by an `extends` is reported in the policy.json that names it.
    const extendedFrom = chain.length > 0 ? join(chain[chain.length - 1]!, 'policy.json') : undefined;
    if (!existsSync(current) || !statSync(current).isDirectory()) {
      refuse(makeIssue('FILE_NOT_FOUND', extendedFrom ? ['extends'] : [], { file: current }, extendedFrom));
    }
    const manifestPath = join(current, 'policy.json');
    if (!existsSync(manifestPath)) {
      const below = policiesBelow(current).map((sub) => relative(process.cwd(), sub) || '.');
      const didYouMean = below.length > 0 ? below.slice(0, 6).join(' | ') : undefined;
      refuse(makeIssue('POLICY_MANIFEST_MISSING', extendedFrom ? ['extends'] : [], { file: current, didYouMean }, extendedFrom));
    }
    chain.push(current);
    // Only `extends` is looked for here, whatever the encoding, so that every layer is read and each problem
    // reported, a manifest not saved as UTF-8 among them (below, with the other files).
    const manifestText = await readTextLeniently(manifestPath);
    texts.set(manifestPath, manifestText);
    const manifest = parseRuleJson(manifestText, manifestPath).value as { extends?: unknown } | undefined;
    current = typeof manifest?.extends === 'string' ? resolve(current, manifest.extends) : undefined;
  }
  const dirs = chain.reverse();
  const root = naming.namesFrom === undefined ? commonRoot(dirs) : resolve(naming.namesFrom);
  const layers: LayerFiles[] = [];
  for (const layerDir of dirs) {
    const files: Record<string, unknown> = {};
    for (const entry of await readRuleFiles(layerDir)) {
      const shown = relative(root, join(layerDir, entry.relativePath)).split(sep).join('/');
      issues.push(...entry.issues.map((issue) => ({ ...issue, file: shown })));
      if (entry.text === undefined) continue;
      texts.set(shown, entry.text);
      const parsed = parseRuleJson(entry.text, shown);
      issues.push(...parsed.issues);
      if (parsed.value !== undefined) files[entry.relativePath] = parsed.value;
    }
    layers.push({ fallbackId: layerDir, files });
  }
  return { document: policyDocument(layers), dirs, issues, texts, root };
}
