import { join } from 'node:path';
import { JiuzhuError, type Issue } from '../../core/errors/issue.js';
import { BUNDLED_POLICIES, type BundledPolicyName } from '../../core/policy/bundled.js';
import { lintPolicy, type LintOptions } from '../../core/policy/lint.js';
import type { Policy } from '../../core/policy/types.js';
import { bundledStoreDirectory, packsOfVersion } from '../audit/store.js';
import { bundledRulesRoot } from './files.js';
import { loadPolicyFolder, type FileNaming } from './load.js';

/** What {@link validatePolicy} checks a policy against, beyond its rule files. */
export interface ValidateOptions extends Omit<LintOptions, 'published'>, FileNaming {
  /**
   * Store directories whose packs the policy is held to (same id and version, other content: the version was not
   * changed with the rules). Default: the package's own store.
   */
  stores?: readonly string[];
}

/** A policy's rule files checked: the problems that stop it loading, or the policy and the advice on it. */
export interface Validation {
  /** The policy, when its rule files load. */
  policy?: Policy;
  /** What makes the rule files invalid (none when `policy` is there). */
  problems: Issue[];
  /** What does not, but an officer should look at (`lintPolicy`); `jiuzhu validate --strict` refuses it too. */
  advice: Issue[];
}

/**
 * Checks a policy's rule files as `jiuzhu validate` does: every problem, or the policy and every piece of advice —
 * each with its file, line and column. A bundled name checks the package's rule files (what a maintainer edits), not
 * the copy compiled into the build. Other errors (a folder that cannot be read) are thrown.
 *
 * @example
 * const { problems, advice } = await validatePolicy({ dir: './my-rules/guangzhou' }, { today: '2026-05-01' });
 * for (const issue of [...problems, ...advice]) console.log(`${issue.file}:${issue.line}:${issue.column}`, issue.message.zh);
 */
export async function validatePolicy(source: BundledPolicyName | { dir: string }, options: ValidateOptions = {}): Promise<Validation> {
  const dir = typeof source === 'string' ? join(bundledRulesRoot(), BUNDLED_POLICIES[source]) : source.dir;
  let loaded: Awaited<ReturnType<typeof loadPolicyFolder>>;
  try {
    loaded = await loadPolicyFolder(dir, options);
  } catch (error) {
    if (error instanceof JiuzhuError && error.kind === 'policy') return { problems: [...error.issues], advice: [] };
    throw error;
  }
  const { policy, locate } = loaded;
  const published = await packsOfVersion(options.stores ?? [bundledStoreDirectory()], policy.id, policy.version);
  return { policy, problems: [], advice: locate(lintPolicy(policy, { ...options, published })) };
}
