import type { PolicyDocument } from './types.js';

/** The policies shipped with jiuzhu, by name, and their folders below the package's `rules/`. */
export const BUNDLED_POLICIES = {
  national: 'national',
  guangdong: 'provinces/guangdong',
  hunan: 'provinces/hunan',
  hubei: 'provinces/hubei',
} as const satisfies Readonly<Record<string, string>>;

/** The name of a bundled policy: a misspelt name fails to compile. */
export type BundledPolicyName = keyof typeof BUNDLED_POLICIES;

/**
 * Whether a value names a bundled policy. Own names only: 'toString' or '__proto__' (a name from a request) is not
 * one, though Object.prototype has them.
 *
 * @example
 * isBundledPolicyName('guangdong') // true
 * isBundledPolicyName('guangxi') // false
 */
export function isBundledPolicyName(name: unknown): name is BundledPolicyName {
  return typeof name === 'string' && Object.hasOwn(BUNDLED_POLICIES, name);
}

/**
 * A bundled policy's document, compiled into the package as data (see `src/policies/`), so that it loads without
 * a file system: in a browser, a bundled handler, a worker. Each is imported on first use, so a program pays only
 * for the policies it loads, and a bundler that splits code makes each its own chunk.
 *
 * @example
 * const document = await bundledPolicyDocument('guangdong');
 * document.layers.map((layer) => layer.id) // ['national', 'guangdong']
 */
export async function bundledPolicyDocument(name: BundledPolicyName): Promise<PolicyDocument> {
  // One literal import per name: bundlers follow only imports they can read.
  switch (name) {
    case 'national':
      return (await import('../../policies/national.js')).national;
    case 'guangdong':
      return (await import('../../policies/guangdong.js')).guangdong;
    case 'hunan':
      return (await import('../../policies/hunan.js')).hunan;
    case 'hubei':
      return (await import('../../policies/hubei.js')).hubei;
  }
}

/**
 * The bundled names, typed.
 *
 * @example
 * for (const name of BUNDLED_POLICY_NAMES) await loadPolicy(name);
 */
export const BUNDLED_POLICY_NAMES = Object.keys(BUNDLED_POLICIES) as readonly BundledPolicyName[];
