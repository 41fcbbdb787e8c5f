import type { z } from 'zod';
import { issuesFromZod } from '../errors/fromZod.js';
import { makeIssue, type Issue } from '../errors/issue.js';
import { nearestName } from '../text/nearest.js';
import { Citation, Condition, IncomeTreatment, MessagePair, ParameterDefinition, Program, Step, Supplement } from './schema.js';
import type { MergeState } from './merge.js';

/**
 * Applies one layer's overrides (a province's labelled exceptions to the national rules). Each target must exist
 * in what the layer builds on, and a layer may override a target only once; the replacement is validated like the
 * thing it replaces. Returns the targets applied, for the policy's record.
 *
 * Targets: `parameter:NAME`, `program:ID`, `program:ID/condition:ID`, `program:ID/step:ID`,
 * `program:ID/message:CODE`, `income:BASIS/KIND`, `citation:KEY`, `condition:NAME`.
 */
export function applyOverrides(
  state: MergeState,
  overrides: readonly { target: string; value: unknown; citation?: string }[],
  file: string,
  layer: string,
  issues: Issue[],
): string[] {
  const seen = new Map<string, number>();
  const applied: string[] = [];
  overrides.forEach((override, index) => {
    const path = ['overrides', index];
    const first = seen.get(override.target);
    if (first !== undefined) {
      issues.push(makeIssue('OVERLAY_DUPLICATE', [...path, 'target'], { target: override.target, other: `overrides[${first}]` }, file));
      return;
    }
    seen.set(override.target, index);
    // The legal basis of the exception must be a citation the policy has, like every other citation.
    if (override.citation !== undefined && !state.citations.has(override.citation)) {
      issues.push(
        makeIssue('UNKNOWN_CITATION', [...path, 'citation'], { name: override.citation, didYouMean: nearestName(override.citation, state.citations.keys()) }, file),
      );
    }
    const valuePath = [...path, 'value'];
    const check = <T>(schema: z.ZodType<T>): T | undefined => {
      const parsed = schema.safeParse(override.value, { reportInput: true });
      if (parsed.success) {
        if (parsed.data !== null && typeof parsed.data === 'object') state.writtenIn.set(parsed.data, { file, path: valuePath });
        return parsed.data;
      }
      for (const issue of issuesFromZod(parsed.error.issues, schema, file)) issues.push({ ...issue, path: [...valuePath, ...issue.path] });
      return undefined;
    };
    const missing = (candidates: Iterable<string>) =>
      issues.push(
        makeIssue('OVERLAY_TARGET_MISSING', [...path, 'target'], { target: override.target, didYouMean: nearestName(override.target, candidates) }, file),
      );
    const ok = applyOne(state, override.target, check, missing, layer, file, valuePath);
    if (ok) applied.push(override.target);
  });
  return applied;
}

type Check = <T>(schema: z.ZodType<T>) => T | undefined;

function applyOne(
  state: MergeState,
  target: string,
  check: Check,
  missing: (c: Iterable<string>) => void,
  layer: string,
  file: string,
  valuePath: (string | number)[],
): boolean {
  const [head, tail] = splitOnce(target, '/');
  const [kind, name] = splitOnce(head, ':');
  switch (kind) {
    case 'parameter': {
      const existing = state.parameters.get(name);
      if (!existing || tail) return void missing([...state.parameters.keys()].map((k) => `parameter:${k}`)), false;
      const value = check(ParameterDefinition);
      if (!value) return false;
      existing.definition = value;
      existing.values = value.values.map((v, i) => ({ ...v, layer, file, path: [...valuePath, 'values', i] }));
      return true;
    }
    case 'citation': {
      if (!state.citations.has(name) || tail) return void missing([...state.citations.keys()].map((k) => `citation:${k}`)), false;
      const value = check(Citation);
      if (value) state.citations.set(name, { value, file: state.citations.get(name)!.file });
      return value !== undefined;
    }
    case 'condition': {
      if (!state.conditions.has(name) || tail) return void missing([...state.conditions.keys()].map((k) => `condition:${k}`)), false;
      const value = check(Condition);
      if (value) state.conditions.set(name, { node: value, file: state.conditions.get(name)!.file });
      return value !== undefined;
    }
    case 'income': {
      const basis = state.incomeBases.get(name);
      const kindName = tail ?? '';
      const kinds = basis?.value.kinds as Record<string, unknown> | undefined;
      if (!basis || !kinds || !(kindName in kinds)) {
        return void missing([...state.incomeBases.entries()].flatMap(([b, v]) => Object.keys(v.value.kinds).map((k) => `income:${b}/${k}`))), false;
      }
      const value = check(IncomeTreatment);
      if (value) kinds[kindName] = value;
      return value !== undefined;
    }
    case 'program': {
      const program = state.programs.get(name);
      if (!program) return void missing([...state.programs.keys()].map((k) => `program:${k}`)), false;
      if (!tail) {
        const value = check(Program);
        if (value) program.value = value;
        return value !== undefined;
      }
      return applyInsideProgram(program.value, name, tail, check, missing);
    }
    default:
      // A misspelt kind ("programme:dibao"): suggest the same target under the nearest kind.
      missing(['parameter', 'program', 'income', 'citation', 'condition'].map((k) => `${k}:${name}${tail ? `/${tail}` : ''}`));
      return false;
  }
}

function applyInsideProgram(program: Program, programId: string, tail: string, check: Check, missing: (c: Iterable<string>) => void): boolean {
  const [part, id] = splitOnce(tail, ':');
  const prefix = `program:${programId}/`;
  if (part === 'message') {
    if (!(id in program.messages)) return void missing(Object.keys(program.messages).map((k) => `${prefix}message:${k}`)), false;
    const value = check(MessagePair);
    if (value) program.messages[id] = value;
    return value !== undefined;
  }
  if (part === 'step') {
    const steps = program.amount?.steps ?? [];
    const supplements = program.amount?.supplements ?? [];
    const stepAt = steps.findIndex((s) => s.id === id);
    const supplementAt = supplements.findIndex((s) => s.id === id);
    if (stepAt < 0 && supplementAt < 0) {
      return void missing([...steps, ...supplements].map((s) => `${prefix}step:${s.id}`)), false;
    }
    if (stepAt >= 0) {
      const value = check(Step);
      if (value) steps[stepAt] = value;
      return value !== undefined;
    }
    const value = check(Supplement);
    if (value) supplements[supplementAt] = value;
    return value !== undefined;
  }
  if (part === 'condition') {
    const ids: string[] = [];
    const holder = findConditionHolder(program, id, ids);
    if (!holder) return void missing(ids.map((k) => `${prefix}condition:${k}`)), false;
    const value = check(Condition);
    if (value) (holder.parent as Record<string | number, unknown>)[holder.key] = value;
    return value !== undefined;
  }
  missing(['message:', 'step:', 'condition:'].map((k) => prefix + k));
  return false;
}

/** Finds the object that holds the condition node with this id, anywhere in the program; collects all ids seen. */
function findConditionHolder(root: unknown, id: string, ids: string[]): { parent: object; key: string | number } | undefined {
  let found: { parent: object; key: string | number } | undefined;
  const visit = (parent: object, key: string | number, node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const isCondition = ['all', 'any', 'not', 'fact', 'condition'].some((k) => k in record);
    if (isCondition && typeof record.id === 'string') {
      ids.push(record.id);
      if (record.id === id && !found) found = { parent, key };
    }
    for (const [k, child] of Object.entries(record)) visit(record, Array.isArray(node) ? Number(k) : k, child);
  };
  visit({ root }, 'root', root);
  return found;
}

function splitOnce(text: string, separator: string): [string, string] & { 1: string } {
  const at = text.indexOf(separator);
  return (at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]) as [string, string];
}
