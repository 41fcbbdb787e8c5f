// `npm run store`: packs every bundled policy into store/, the package's own policy store, so that decisions made
// with this release's rule files replay after they change. It only adds: a pack that shipped is never removed (a
// record made with it must still replay). A test fails while a bundled policy's pack is missing.
import { fileURLToPath } from 'node:url';
import { BUNDLED_POLICY_NAMES, bundledStoreDirectory, loadPolicy, packPolicy } from '../src/node/index.js';

/** Packs each bundled policy into the package store; returns what each pack is. */
export async function packBundledPolicies(): Promise<{ name: string; sha256: string; written: boolean }[]> {
  const out = [];
  for (const name of BUNDLED_POLICY_NAMES) {
    const { sha256, written } = await packPolicy(await loadPolicy(name), bundledStoreDirectory());
    out.push({ name, sha256, written });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { name, sha256, written } of await packBundledPolicies()) {
    console.log(`${written ? 'wrote' : 'kept '} store/${sha256}.json  (${name})`);
  }
}
