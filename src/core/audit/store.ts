import type { Policy } from '../policy/types.js';

/** Where decisions' policies are kept, by sha256: directories of policy packs, loaded policies, other stores. */
export interface PolicyStore {
  /** Where this store looks, for messages: directories, and `memory` for policies handed to it. */
  readonly locations: readonly string[];
  /** The policy with this sha256, compiled (once, then cached), or `undefined` when the store does not hold it. */
  policy(sha256: string): Promise<Policy | undefined>;
}

/**
 * A policy store over policies already loaded and other stores, searched in the order given (`policyStore` from
 * `jiuzhu/node` also takes directories of policy packs).
 *
 * @example
 * const store = policyStore(await loadPolicy('guangdong'), await loadPolicy({ document: packFromServer }));
 * const result = await replay(record, store);
 */
export function policyStore(...sources: (Policy | PolicyStore)[]): PolicyStore {
  const stores = sources.map((source) => ('sha256' in source ? memoryStore(source) : source));
  return {
    locations: stores.flatMap((s) => s.locations),
    async policy(sha256) {
      for (const store of stores) {
        const found = await store.policy(sha256);
        if (found) return found;
      }
      return undefined;
    },
  };
}

function memoryStore(policy: Policy): PolicyStore {
  return { locations: ['memory'], policy: async (sha256) => (sha256 === policy.sha256 ? policy : undefined) };
}

