import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { issuesFromZod } from '../../core/errors/fromZod.js';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { packageRoot, parseRuleJson } from '../policy/files.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { SHA256_HEX, prettyCanonicalJson, sha256Canonical } from '../../core/audit/canonical.js';

/**
 * A policy pack: one policy document (every rule file of every layer) in one JSON file named `<sha256>.json`, where
 * the sha256 is that of the document's canonical JSON — the same sha256 every decision records. The source of
 * `schemas/policy-pack.schema.json`.
 */
export const PolicyPackSchema = z
  .object({
    format: z.literal('jiuzhu.policy/1'),
    id: z.string(),
    version: z.string(),
    layers: z
      .array(z.object({ id: z.string(), region: z.string(), files: z.record(z.string(), z.unknown()) }))
      .min(1)
      .meta({ description: 'The layers, base first (national, then the province), each with its rule files by path.' }),
  })
  .meta({
    title: 'jiuzhu policy pack',
    description: 'Every rule file of a policy, in one file named by the sha256 of its canonical JSON.',
  });

/** Packs are rule files put together; a larger one is a mistake or an attack. */
const MAX_PACK_BYTES = 32 * 1024 * 1024;

/** Where decisions' policies are kept, by sha256: directories of policy packs, loaded policies, other stores. */
export interface PolicyStore {
  /** Where this store looks, for messages: directories, and `memory` for policies handed to it. */
  readonly locations: readonly string[];
  /** The policy with this sha256, compiled (once, then cached), or `undefined` when the store does not hold it. */
  policy(sha256: string): Promise<Policy | undefined>;
}

/**
 * A policy store over directories of policy packs (`jiuzhu policy pack` writes them), policies already loaded, and
 * other stores, searched in the order given. A pack is checked when read: its content must hash to its name, else
 * a {@link JiuzhuError} `POLICY_PACK_CORRUPT`.
 *
 * @example
 * const store = policyStore('./policy-archive', bundledPolicyStore());
 * const result = await replay(record, store);
 */
export function policyStore(...sources: (string | Policy | PolicyStore)[]): PolicyStore {
  const stores = sources.map((source) => (typeof source === 'string' ? directoryStore(source) : 'sha256' in source ? memoryStore(source) : source));
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

function memoryStore(policy: Policy): PolicyStore {
  return { locations: ['memory'], policy: async (sha256) => (sha256 === policy.sha256 ? policy : undefined) };
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
  const { value, issues } = parseRuleJson(await readFile(file, 'utf8'), file);
  if (issues.length > 0) throw new JiuzhuError('policy', issues);
  const parsed = PolicyPackSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new JiuzhuError('policy', issuesFromZod(parsed.error.issues, PolicyPackSchema, file));
  const actual = sha256Canonical(value);
  if (sha256 !== undefined && actual !== sha256) {
    throw new JiuzhuError('policy', [makeIssue('POLICY_PACK_CORRUPT', [], { file, actual, expected: sha256 })]);
  }
  return value as PolicyDocument;
}

/**
 * A policy pack's text: the document as indented canonical JSON with a final newline (readable, diffable, and the
 * same bytes on every machine).
 *
 * @example
 * writeFileSync(`${policy.sha256}.json`, policyPackText(policy.document));
 */
export function policyPackText(document: PolicyDocument): string {
  return `${prettyCanonicalJson(document)}\n`;
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
