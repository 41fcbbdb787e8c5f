import { z } from 'zod';
import { issuesFromZod } from '../errors/fromZod.js';
import { JiuzhuError, makeIssue } from '../errors/issue.js';
import { parseRuleJson } from '../policy/ruleJson.js';
import type { PolicyDocument } from '../policy/types.js';
import { prettyCanonicalJson, sha256Canonical } from './canonical.js';

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

/**
 * Parses a policy pack's text and checks it: plain JSON data (no prototype keys), the pack shape, and content that
 * hashes to `sha256` when given. Throws a {@link JiuzhuError} of kind `policy` (`POLICY_PACK_CORRUPT`).
 *
 * @example
 * const document = parsePolicyPack(await (await fetch(`/packs/${sha256}.json`)).text(), sha256);
 * const policy = await loadPolicy({ document });
 */
export function parsePolicyPack(text: string, sha256?: string, file = 'policy pack'): PolicyDocument {
  const { value, issues } = parseRuleJson(text, file);
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

