import { JiuzhuError, makeIssue } from '../errors/issue.js';
import { BUNDLED_POLICIES, bundledPolicyDocument, isBundledPolicyName, type BundledPolicyName } from './bundled.js';
import { compilePolicy } from './compile.js';
import type { Policy, PolicyDocument } from './types.js';

/** Where a policy comes from without a file system: a bundled name, or a policy document (a pack, or compiled in). */
export type PolicySource = BundledPolicyName | { document: PolicyDocument };

/**
 * Loads, validates and compiles a policy: a bundled one by name, or a policy document (a pack from a store, or
 * `jiuzhu/policies/<name>` imported as data). Works anywhere, a browser included; a folder of rule files a policy
 * officer keeps is read by `loadPolicy({ dir })` from `jiuzhu/node`. Throws a {@link JiuzhuError} of kind `policy`
 * listing every problem.
 *
 * @example
 * const policy = await loadPolicy('guangdong');
 * const same = await loadPolicy({ document: (await import('jiuzhu/policies/guangdong')).guangdong });
 */
export async function loadPolicy(source: PolicySource): Promise<Policy> {
  if (source !== null && typeof source === 'object' && 'document' in source) {
    return compilePolicy(source.document, (layer, path) => `${source.document.layers[layer]?.id ?? layer}:${path}`);
  }
  if (source !== null && typeof source === 'object' && 'dir' in source) {
    throw new JiuzhuError('policy', [makeIssue('POLICY_FOLDER_NEEDS_NODE', [], { dir: String((source as { dir: unknown }).dir) })]);
  }
  if (!isBundledPolicyName(source)) {
    throw new JiuzhuError('policy', [makeIssue('UNKNOWN_POLICY', [], { name: describe(source), options: POLICY_NAMES })]);
  }
  return loadPolicy({ document: await bundledPolicyDocument(source) });
}

/** The bundled names, for the message when loadPolicy is given something it cannot load. */
const POLICY_NAMES = Object.keys(BUNDLED_POLICIES).join(', ');

function describe(value: unknown): string {
  return value === null || typeof value !== 'object' ? String(value) : JSON.stringify(Object.keys(value));
}
