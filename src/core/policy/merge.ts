import { issuesFromZod } from '../errors/fromZod.js';
import { makeIssue, type Issue } from '../errors/issue.js';
import { nearestName } from '../text/nearest.js';
import { applyOverrides } from './overlay.js';
import type { WrittenAt } from '../engine/compileEnv.js';
import { regionWithin } from './regions.js';
import {
  RULE_FILE_SCHEMAS,
  type Citation,
  type ConditionInput,
  type ParameterDefinition,
  type ParameterValue,
  type Program,
  type RuleFileKind,
} from './schema.js';
import type { z } from 'zod';
import type { PolicyDocument } from './types.js';

/** A parameter value with the layer, file and JSON path it was written at (for error messages). */
export type LocatedValue = ParameterValue & { layer: string; file: string; path: (string | number)[] };

type Parsed<K extends RuleFileKind> = z.output<(typeof RULE_FILE_SCHEMAS)[K]>;

/** Everything the layers define, merged, before compilation. Each entry remembers the file it came from. */
export interface MergeState {
  manifest?: Parsed<'policy'>;
  citations: Map<string, { value: Citation; file: string }>;
  incomeBases: Map<string, { value: Parsed<'income'>['bases'][string]; file: string }>;
  conditions: Map<string, { node: ConditionInput; file: string }>;
  sharedMessages: Map<string, { value: Parsed<'conditions'>['messages'][string]; file: string }>;
  parameters: Map<string, { definition: ParameterDefinition; values: LocatedValue[]; file: string }>;
  regionGroups: Map<string, { value: Parsed<'parameters'>['regionGroups'][string]; file: string }>;
  programs: Map<string, { value: Program; file: string }>;
  circles?: { value: Parsed<'circles'>['circles']; file: string };
  /** Screening early warnings by id, from every layer. */
  warnings: Map<string, { value: Parsed<'screening'>['warnings'][number]; file: string; index: number }>;
  /** Screening periodic reviews (复核) and recipients' deaths by id, from every layer, in order. */
  reviews: Map<string, { value: Parsed<'screening'>['reviews'][number]; file: string; index: number }>;
  deaths: Map<string, { value: Parsed<'screening'>['deaths'][number]; file: string; index: number }>;
  overrides: { target: string; layer: string; file: string }[];
  /**
   * What the files that failed their schema would have defined (program ids, shared conditions, citations,
   * parameters), by reference kind: a reference to one of them is not also reported as unknown.
   */
  definedByInvalidFiles: { program: Set<string>; condition: Set<string>; citation: Set<string>; parameter: Set<string> };
  /** Where each overlay replacement was written (the overlay file and its path), for the compiler's messages. */
  writtenIn: WeakMap<object, WrittenAt>;
}

/**
 * Validates every rule file of every layer against its schema and merges the layers in order (national first).
 * A layer may add new things and values for regions inside its own region; changing anything a lower layer
 * defined needs an override in an overlay file. Every problem is collected in `issues`.
 */
export function mergeLayers(
  document: PolicyDocument,
  fileName: (layer: number, relativePath: string) => string,
  issues: Issue[],
): MergeState {
  const state: MergeState = {
    citations: new Map(),
    incomeBases: new Map(),
    conditions: new Map(),
    sharedMessages: new Map(),
    parameters: new Map(),
    regionGroups: new Map(),
    programs: new Map(),
    warnings: new Map(),
    reviews: new Map(),
    deaths: new Map(),
    overrides: [],
    definedByInvalidFiles: { program: new Set(), condition: new Set(), citation: new Set(), parameter: new Set() },
    writtenIn: new WeakMap(),
  };
  document.layers.forEach((layer, index) => {
    const files = Object.entries(layer.files).map(([relativePath, content]) => {
      const parsed = validateFile(structuredClone(content), fileName(index, relativePath), issues);
      if (!parsed) noteDefinitions(content, state.definedByInvalidFiles);
      return { file: fileName(index, relativePath), parsed };
    });
    const ofKind = <K extends RuleFileKind>(kind: K) =>
      files.filter((f) => f.parsed?.kind === kind) as { file: string; parsed: Parsed<K> & { kind: K } }[];

    const manifests = ofKind('policy');
    if (manifests[0]) state.manifest = manifests[0].parsed;

    const add = <T>(map: Map<string, T & { file: string }>, key: string, entry: T & { file: string }, path: (string | number)[]) => {
      const other = map.get(key);
      if (other) issues.push(makeIssue('DUPLICATE_ID', path, { id: key, other: other.file }, entry.file));
      else map.set(key, entry);
    };
    for (const { file, parsed } of ofKind('citations')) {
      for (const [key, value] of Object.entries(parsed.citations)) add(state.citations, key, { value, file }, ['citations', key]);
    }
    for (const { file, parsed } of ofKind('income')) {
      for (const [key, value] of Object.entries(parsed.bases)) add(state.incomeBases, key, { value, file }, ['bases', key]);
    }
    for (const { file, parsed } of ofKind('conditions')) {
      for (const [key, node] of Object.entries(parsed.conditions)) add(state.conditions, key, { node, file }, ['conditions', key]);
      for (const [key, value] of Object.entries(parsed.messages)) add(state.sharedMessages, key, { value, file }, ['messages', key]);
    }
    const parameterFiles = ofKind('parameters');
    for (const { file, parsed } of parameterFiles) {
      for (const [key, value] of Object.entries(parsed.regionGroups)) {
        value.regions.forEach((region, i) => {
          if (!regionWithin(region, layer.region)) {
            issues.push(makeIssue('REGION_OUTSIDE_LAYER', ['regionGroups', key, 'regions', i], { region, layerRegion: layer.region }, file));
          }
        });
        add(state.regionGroups, key, { value, file }, ['regionGroups', key]);
      }
    }
    for (const { file, parsed } of parameterFiles) {
      for (const [name, definition] of Object.entries(parsed.parameters)) {
        const other = state.parameters.get(name);
        if (other) {
          issues.push(makeIssue('PARAMETER_REDEFINED', ['parameters', name], { name, other: other.file }, file));
          continue;
        }
        checkValueRegions(definition.values, ['parameters', name, 'values'], layer.region, state, file, issues);
        state.parameters.set(name, {
          definition,
          values: definition.values.map((v, i) => ({ ...v, layer: layer.id, file, path: ['parameters', name, 'values', i] })),
          file,
        });
      }
    }
    for (const { file, parsed } of parameterFiles) {
      for (const [name, values] of Object.entries(parsed.values)) {
        const target = state.parameters.get(name);
        if (!target) {
          issues.push(makeIssue('UNKNOWN_PARAMETER', ['values', name], { name, didYouMean: nearestName(name, state.parameters.keys()) }, file));
          continue;
        }
        checkValueRegions(values, ['values', name], layer.region, state, file, issues);
        target.values.push(...values.map((v, i) => ({ ...v, layer: layer.id, file, path: ['values', name, i] })));
      }
    }
    for (const { file, parsed } of ofKind('program')) add(state.programs, parsed.id, { value: parsed, file }, ['id']);
    for (const { file, parsed } of ofKind('circles')) {
      if (state.circles) issues.push(makeIssue('DUPLICATE_ID', ['circles'], { id: 'circles', other: state.circles.file }, file));
      else state.circles = { value: parsed.circles, file };
    }
    for (const { file, parsed } of ofKind('screening')) {
      parsed.warnings.forEach((value, index) => add(state.warnings, value.id, { value, file, index }, ['warnings', index, 'id']));
      parsed.reviews.forEach((value, index) => add(state.reviews, value.id, { value, file, index }, ['reviews', index, 'id']));
      parsed.deaths.forEach((value, index) => add(state.deaths, value.id, { value, file, index }, ['deaths', index, 'id']));
    }
    for (const { file, parsed } of ofKind('overlay')) {
      for (const target of applyOverrides(state, parsed.overrides, file, layer.id, issues)) {
        state.overrides.push({ target, layer: layer.id, file });
      }
    }
  });
  return state;
}

/** The names a rule file that failed its schema defines, as far as they can be read from it. */
function noteDefinitions(content: unknown, defined: MergeState['definedByInvalidFiles']): void {
  if (content === null || typeof content !== 'object') return;
  const raw = content as Record<string, unknown>;
  const keysOf = (value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : []);
  if (raw.kind === 'program' && typeof raw.id === 'string') defined.program.add(raw.id);
  if (raw.kind === 'conditions') for (const name of keysOf(raw.conditions)) defined.condition.add(name);
  if (raw.kind === 'citations') for (const name of keysOf(raw.citations)) defined.citation.add(name);
  if (raw.kind === 'parameters') for (const name of keysOf(raw.parameters)) defined.parameter.add(name);
}

/**
 * The issues without those that only echo a file that failed its schema: with a program file unreadable, every rule
 * naming that program would otherwise be "unknown program" too — twenty problems in files nobody edited.
 *
 * @example
 * withoutEchoes(issues, state) // the schema problem in dibao.json, without "unknown program dibao" elsewhere
 */
export function withoutEchoes(issues: readonly Issue[], state: MergeState): Issue[] {
  const defined = state.definedByInvalidFiles;
  const echoes = (issue: Issue): boolean => {
    // Every code below names what it could not find in `name`; other codes are never echoes.
    const name = String((issue.params as { name?: string | number }).name ?? '');
    switch (issue.code) {
      case 'UNKNOWN_PROGRAM':
        return defined.program.has(name);
      case 'UNKNOWN_CONDITION':
        return defined.condition.has(name);
      case 'UNKNOWN_CITATION':
        return defined.citation.has(name);
      case 'UNKNOWN_PARAMETER':
        return defined.parameter.has(name);
      case 'OVERLAY_TARGET_MISSING': {
        const [kind = '', target = ''] = String(issue.params.target).split('/')[0]!.split(':');
        return (defined as Record<string, Set<string> | undefined>)[kind]?.has(target) === true;
      }
      default:
        return false;
    }
  };
  return issues.filter((issue) => !echoes(issue));
}

function validateFile(content: unknown, file: string, issues: Issue[]): (Parsed<RuleFileKind> & { kind: RuleFileKind }) | undefined {
  const kinds = Object.keys(RULE_FILE_SCHEMAS) as RuleFileKind[];
  const kind = (content as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !kinds.includes(kind as RuleFileKind)) {
    issues.push(
      makeIssue(
        kind === undefined ? 'REQUIRED' : 'INVALID_OPTION',
        ['kind'],
        { received: String(kind), options: kinds.join(', '), didYouMean: typeof kind === 'string' ? nearestName(kind, kinds) : undefined },
        file,
      ),
    );
    return undefined;
  }
  const schema = RULE_FILE_SCHEMAS[kind as RuleFileKind];
  const parsed = schema.safeParse(content, { reportInput: true });
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error.issues, schema, file));
    return undefined;
  }
  return parsed.data as Parsed<RuleFileKind> & { kind: RuleFileKind };
}

function checkValueRegions(
  values: readonly ParameterValue[],
  path: (string | number)[],
  layerRegion: string,
  state: MergeState,
  file: string,
  issues: Issue[],
): void {
  values.forEach((value, i) => {
    if (value.region !== undefined && !regionWithin(value.region, layerRegion)) {
      issues.push(makeIssue('REGION_OUTSIDE_LAYER', [...path, i, 'region'], { region: value.region, layerRegion }, file));
    }
    if (value.group !== undefined && !state.regionGroups.has(value.group)) {
      issues.push(
        makeIssue('UNKNOWN_REGION_GROUP', [...path, i, 'group'], { name: value.group, didYouMean: nearestName(value.group, state.regionGroups.keys()) }, file),
      );
    }
  });
}
