import type { Level } from '../facts/definition.js';
import { makeIssue, type Issue, type JsonPath } from '../errors/issue.js';
import type { IssueCode } from '../errors/codes.js';
import { nearestName } from '../text/nearest.js';
import type { ConditionInput } from '../policy/schema.js';
import type { CompiledCondition } from '../policy/types.js';

/**
 * What the compiler knows while it turns one rule file's conditions and expressions into functions: the names that
 * exist in the policy (to report unknown ones with the nearest valid name), where in which file it is, and what it
 * found. One compile pass reports every problem; nothing stops at the first.
 */
export interface CompileEnv {
  file: string;
  issues: Issue[];
  level: Level;
  /** Reasons are labelled `programId/conditionId`. */
  programId: string;
  /** Facts are not allowed in parameter formulas (a parameter depends on the region and date only). */
  allowFacts: boolean;
  parameterNames: KnownNames;
  incomeBases: KnownNames;
  programIds: KnownNames;
  citations: KnownNames;
  messages: KnownNames;
  sharedConditions: ReadonlyMap<string, { node: ConditionInput; file: string }>;
  /** Shared conditions compiled so far, per level (a shared condition may be used at both levels). */
  compiledShared: Map<string, CompiledCondition>;
  /** Shared conditions being compiled, to detect a condition that refers to itself. */
  compilingShared: Set<string>;
  /** Steps already defined, in the program being compiled. */
  steps: Set<string>;
  /** Default rounding for `round` nodes. */
  rounding: { places: number; mode: 'halfUp' | 'halfEven' | 'down' | 'up' };
  /** Programs whose outcome this program reads (for the evaluation order). */
  readsPrograms: Set<string>;
  /** Parameters this program references. */
  readsParameters: Set<string>;
  /** Where in `file` the node being compiled sits, when it was not written where it is used (an overlay's value). */
  pathPrefix?: JsonPath;
  /** The file and path each overlay replacement was written at, so that its problems point there. */
  writtenIn: WeakMap<object, WrittenAt>;
}

/** Where a rule was written: its file and the JSON path in it. */
export interface WrittenAt {
  file: string;
  path: JsonPath;
}

/**
 * The environment and path to report a node's problems with: where it was written. A province's overlay replacing a
 * national condition or step is compiled where the national rule stood, but a mistake in it is the overlay's.
 *
 * @example
 * const [at, path] = whereWritten(env, node, ['eligibility']); // overlay.json, [] when node came from an overlay
 */
export function whereWritten(env: CompileEnv, node: unknown, path: JsonPath): [CompileEnv, JsonPath] {
  const written = node !== null && typeof node === 'object' ? env.writtenIn.get(node) : undefined;
  return written ? [{ ...env, file: written.file, pathPrefix: written.path }, []] : [env, path];
}

/** Records a problem at a path of the file being compiled. */
export function report(env: CompileEnv, code: IssueCode, path: JsonPath, params: Record<string, string | number | undefined> = {}): void {
  env.issues.push(makeIssue(code, env.pathPrefix ? [...env.pathPrefix, ...path] : path, params, env.file));
}

/** The names a reference may take: a set of them, or a map keyed by them (looked up, never copied). */
export type KnownNames = ReadonlySet<string> | ReadonlyMap<string, unknown>;

/**
 * Checks a reference against the names that exist; reports it with the nearest name when it does not. A lookup, so
 * that compiling a rule set is linear in its references: the names are listed only for a reference that is wrong.
 *
 * @example
 * checkName(env, 'UNKNOWN_PARAMETER', 'dibao.standrd', env.parameterNames, ['param']) // false, reported with 'dibao.standard'
 */
export function checkName(env: CompileEnv, code: IssueCode, name: string, known: KnownNames, path: JsonPath): boolean {
  if (known.has(name)) return true;
  report(env, code, path, { name, didYouMean: nearestName(name, known.keys()) });
  return false;
}
