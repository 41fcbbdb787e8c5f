import type { PolicyDocument } from './types.js';

/** One layer's rule files as parsed, by their path in the layer's folder (`programs/dibao.json`). */
export interface LayerFiles {
  /** What names the layer when its `policy.json` gives no id (its folder). */
  fallbackId: string;
  files: Record<string, unknown>;
}

/**
 * Puts the layers of a policy (base first) into the document its sha256 is taken over. The one place that shape is
 * made, whether the files were read from a folder or compiled into the package, so both hash the same.
 *
 * @example
 * policyDocument([{ fallbackId: 'national', files: { 'policy.json': { id: 'national', version: '1', region: '000000' } } }]).id // 'national'
 */
export function policyDocument(layers: readonly LayerFiles[]): PolicyDocument {
  const built = layers.map(({ fallbackId, files }) => {
    const stripped: Record<string, unknown> = {};
    for (const [path, content] of Object.entries(files)) stripped[path] = stripSchemaPointer(content);
    const manifest = stripped['policy.json'] as { id?: string; region?: string } | undefined;
    return { id: String(manifest?.id ?? fallbackId), region: String(manifest?.region ?? '000000'), files: stripped };
  });
  const top = built[built.length - 1]?.files['policy.json'] as { id?: string; version?: string } | undefined;
  return { format: 'jiuzhu.policy/1', id: String(top?.id ?? ''), version: String(top?.version ?? ''), layers: built };
}

/** `$schema` only tells an editor where the schema is; it is not policy, so it is not part of the hash. */
function stripSchemaPointer(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const { $schema: _ignored, ...rest } = value as Record<string, unknown>;
  return rest;
}
