import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { packageRoot } from '../policy/files.js';
import { loadPolicy } from '../../core/policy/load.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { SHA256_HEX } from '../../core/audit/canonical.js';
import { parsePolicyPack, policyPackText } from '../../core/audit/pack.js';
import { policyStore as storeOf, type PolicyStore } from '../../core/audit/store.js';

/** Packs are rule files put together; a larger one is a mistake or an attack. */
const MAX_PACK_BYTES = 32 * 1024 * 1024;


/**
 * A policy store over directories of policy packs (`jiuzhu policy pack` writes them), policies already loaded, and
 * other stores, searched in the order given: what `policyStore` from `jiuzhu` does, and directories. A pack is
 * checked when read: its content must hash to its name, else a {@link JiuzhuError} `POLICY_PACK_CORRUPT`.
 *
 * @example
 * const store = policyStore('./policy-archive', bundledPolicyStore());
 * const result = await replay(record, store);
 */
export function policyStore(...sources: (string | Policy | PolicyStore)[]): PolicyStore {
  return storeOf(...sources.map((source) => (typeof source === 'string' ? directoryStore(source) : source)));
}

let bundled: PolicyStore | undefined;

/**
 * The package's own store (`store/` in the package): the bundled policies of every release, so that records made
 * with an older release of jiuzhu still replay after its rule files changed.
 *
 * @example
 * (await bundledPolicyStore().policy(decision.policy.sha256))?.id // 'guangdong'
 */
export function bundledPolicyStore(): PolicyStore {
  return (bundled ??= directoryStore(bundledStoreDirectory()));
}

/**
 * The directory of the package's own store.
 *
 * @example
 * bundledStoreDirectory() // '/…/node_modules/jiuzhu/store'
 */
export function bundledStoreDirectory(): string {
  return join(packageRoot(), 'store');
}

function directoryStore(dir: string): PolicyStore {
  const root = resolve(dir);
  const cache = new Map<string, Promise<Policy | undefined>>();
  return {
    locations: [dir],
    policy(sha256) {
      if (!SHA256_HEX.test(sha256)) return Promise.resolve(undefined);
      let found = cache.get(sha256);
      if (!found) {
        const file = join(root, `${sha256}.json`);
        found = existsSync(file) ? readPolicyPack(file, sha256).then((document) => loadPolicy({ document })) : Promise.resolve(undefined);
        cache.set(sha256, found);
      }
      return found;
    },
  };
}

/**
 * Reads a policy pack and checks it: plain JSON data (no prototype keys), the pack shape, and content that hashes
 * to `sha256` (by default the file's name). Throws a {@link JiuzhuError} of kind `policy` (`POLICY_PACK_CORRUPT`).
 *
 * @example
 * const document = await readPolicyPack('store/3f1c….json');
 * const policy = await loadPolicy({ document });
 */
export async function readPolicyPack(file: string, sha256 = /([0-9a-f]{64})\.json$/.exec(file)?.[1]): Promise<PolicyDocument> {
  const size = (await stat(file)).size;
  if (size > MAX_PACK_BYTES) throw new JiuzhuError('policy', [makeIssue('FILE_TOO_LARGE', [], { size, limit: MAX_PACK_BYTES }, file)]);
  return parsePolicyPack(await readFile(file, 'utf8'), sha256, file);
}

/**
 * Archives a policy into a store directory as `<sha256>.json`. Content-addressed, so packing twice writes nothing
 * the second time; a damaged file of that name is replaced. The file is written under a temporary name and renamed,
 * so a crash never leaves half a pack.
 *
 * @example
 * await packPolicy(await loadPolicy('guangdong'), './policy-archive') // { file: './policy-archive/3f1c….json', written: true, … }
 */
export async function packPolicy(policy: Policy, dir: string): Promise<{ file: string; sha256: string; written: boolean }> {
  const file = join(dir, `${policy.sha256}.json`);
  if (existsSync(file)) {
    const intact = await readPolicyPack(file, policy.sha256).then(
      () => true,
      () => false,
    );
    if (intact) return { file, sha256: policy.sha256, written: false };
  }
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, policyPackText(policy.document));
  await rename(temporary, file);
  return { file, sha256: policy.sha256, written: true };
}

/**
 * The packs in store directories that name a policy id and version, whatever their content: what `lintPolicy`
 * holds a policy against (`published`) to find rules changed under a version already archived. A directory that
 * does not exist holds none; a file that is not a pack is passed over (reading it as a pack reports it).
 *
 * @example
 * const published = await packsOfVersion([bundledStoreDirectory()], 'guangdong', '2026.12.0');
 */
export async function packsOfVersion(dirs: readonly string[], id: string, version: string): Promise<PolicyDocument[]> {
  const found: PolicyDocument[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).sort()) {
      try {
        const document = JSON.parse(await readFile(join(dir, name), 'utf8')) as PolicyDocument;
        if (document?.id === id && document.version === version) found.push(document);
      } catch {
        // not a pack: not this check's business
      }
    }
  }
  return found;
}
