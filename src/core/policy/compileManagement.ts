import type { CompileEnv } from '../engine/compileEnv.js';
import { checkName } from '../engine/compileEnv.js';
import { compileCondition } from '../engine/conditions.js';
import { makeIssue, type JsonPath } from '../errors/issue.js';
import type { MergeState } from './merge.js';
import { typeExample } from './parameters.js';
import type { CompiledDeathRule, CompiledReview } from './types.js';

/**
 * Compiles the dynamic-management rules of the screening files (`reviews`, `deaths`): checks that each names a
 * program, a months parameter and a citation that exist, and compiles each review's `when` as a household condition.
 * Problems go into the environment's issues, with the file and JSON path they were written at.
 *
 * @example
 * const { reviews, deaths } = compileManagementRules(state, env);
 * reviews[0]?.interval // 'screening.dibao.reviewMonthsUnstable'
 */
export function compileManagementRules(
  state: MergeState,
  env: (file: string, level: 'household', programId: string) => CompileEnv,
): { reviews: CompiledReview[]; deaths: CompiledDeathRule[] } {
  const reviews: CompiledReview[] = [];
  for (const [id, { value, file, index }] of state.reviews) {
    const path = ['reviews', index];
    const ruleEnv = env(file, 'household', `screening:${id}`);
    const known = checkReferences(state, ruleEnv, value, path, 'interval');
    const when = value.when ? compileCondition(value.when, [...path, 'when'], ruleEnv) : undefined;
    if (!known) continue;
    reviews.push({ id, program: value.program, label: value.label, ...(when ? { when } : {}), interval: value.interval, citation: value.citation });
  }
  const deaths: CompiledDeathRule[] = [];
  for (const [id, { value, file, index }] of state.deaths) {
    const ruleEnv = env(file, 'household', `screening:${id}`);
    if (!checkReferences(state, ruleEnv, value, ['deaths', index], 'within')) continue;
    deaths.push({ id, program: value.program, label: value.label, within: value.within, citation: value.citation });
  }
  return { reviews, deaths };
}

/** Whether a rule's program, citation and months parameter (under `key`) exist, each reported where it is not. */
function checkReferences(
  state: MergeState,
  env: CompileEnv,
  rule: { program: string; citation: string } & Partial<Record<'interval' | 'within', string>>,
  path: JsonPath,
  key: 'interval' | 'within',
): boolean {
  const program = checkName(env, 'UNKNOWN_PROGRAM', rule.program, env.programIds, [...path, 'program']);
  const citation = checkName(env, 'UNKNOWN_CITATION', rule.citation, env.citations, [...path, 'citation']);
  const name = rule[key]!;
  let parameter = checkName(env, 'UNKNOWN_PARAMETER', name, env.parameterNames, [...path, key]);
  const type = parameter ? state.parameters.get(name)!.definition.type : undefined;
  if (type !== undefined && type !== 'months') {
    env.issues.push(makeIssue('PARAMETER_VALUE_TYPE', [...path, key], { name, received: type, type: 'months', example: typeExample('months') }, env.file));
    parameter = false;
  }
  return program && citation && parameter;
}
