import type { z } from 'zod';
import { nearestName } from '../text/nearest.js';
import type { IssueCode } from './codes.js';
import { ISSUE_CODES } from './codes.js';
import { makeIssue, type Issue, type JsonPath } from './issue.js';

/** The parts of a zod 4 issue we read. Kept structural so a zod minor release cannot break the mapping silently. */
interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  input?: unknown;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  params?: Record<string, unknown>;
  message: string;
  errors?: ZodIssueLike[][];
}

/**
 * Turns zod's issues into ours: our codes, JSON paths, zh/en messages, and for misspelt keys or enum values the
 * nearest valid one. `schema` is the schema that produced them, walked to find the valid keys at each path.
 *
 * @example
 * const result = Household.safeParse(json, { reportInput: true });
 * if (!result.success) issuesFromZod(result.error.issues, Household)
 */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, file?: string): Issue[] {
  const out: Issue[] = [];
  for (const raw of issues as unknown as ZodIssueLike[]) out.push(...mapIssue(raw, schema, file));
  return out;
}

function mapIssue(raw: ZodIssueLike, schema: z.ZodType, file: string | undefined): Issue[] {
  const path = raw.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const received = describeInput(raw.input);
  const ownCode = raw.params?.code;
  if (typeof ownCode === 'string' && (ISSUE_CODES as readonly string[]).includes(ownCode)) {
    const params: Record<string, string | number | undefined> = {};
    for (const [key, value] of Object.entries(raw.params ?? {})) {
      if (key !== 'code' && (typeof value === 'string' || typeof value === 'number')) params[key] = value;
    }
    return [makeIssue(ownCode as IssueCode, path, { received, ...params }, file)];
  }
  switch (raw.code) {
    case 'invalid_type':
      if (raw.input === undefined) return [makeIssue('REQUIRED', path, {}, file)];
      return [makeIssue('INVALID_TYPE', path, { expected: raw.expected ?? '?', received: typeName(raw.input) }, file)];
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, path);
      return (raw.keys ?? []).map((key) =>
        makeIssue('UNKNOWN_KEY', [...path, key], { key, didYouMean: nearestName(key, allowed) }, file),
      );
    }
    case 'invalid_value': {
      // A missing field is missing, whatever values it could take: forms key on REQUIRED.
      if (raw.input === undefined) return [makeIssue('REQUIRED', path, {}, file)];
      const options = (raw.values ?? []).map(String);
      return [
        makeIssue(
          'INVALID_OPTION',
          path,
          { received, options: options.join(', '), didYouMean: nearestName(received, options) },
          file,
        ),
      ];
    }
    case 'too_small':
      return [makeIssue('TOO_SMALL', path, { minimum: String(raw.minimum) }, file)];
    case 'too_big':
      return [makeIssue('TOO_BIG', path, { maximum: String(raw.maximum) }, file)];
    case 'invalid_format':
      return [makeIssue('INVALID_STRING', path, { detail: raw.message, received }, file)];
    case 'invalid_union': {
      // Report the variant that got furthest: its issues are the ones a person can act on.
      const branches = raw.errors ?? [];
      const best = branches.slice().sort((a, b) => a.length - b.length)[0];
      if (best && best.length > 0) {
        return best.flatMap((inner) => mapIssue({ ...inner, path: [...raw.path, ...inner.path] }, schema, file));
      }
      return [makeIssue('NO_MATCHING_VARIANT', path, {}, file)];
    }
    default:
      return [makeIssue('INVALID_VALUE', path, { detail: raw.message, received }, file)];
  }
}

function describeInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === undefined) return 'undefined';
  try {
    return JSON.stringify(input);
  } catch {
    // Too deep or cyclic to write out: name its type rather than overflow the stack again.
    return typeName(input);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

/**
 * The keys an object schema accepts at a JSON path, for "did you mean" suggestions. Walks objects, arrays,
 * records, optionals, defaults, pipes, lazies and unions (the union's objects' keys together).
 *
 * @example
 * allowedKeysAt(Household, ['members', 0]) // ['id', 'name', 'relation', 'birthDate', …]
 */
export function allowedKeysAt(schema: z.ZodType, path: JsonPath): string[] {
  let current: z.ZodType[] = [schema];
  for (const part of path) {
    current = current.flatMap((s) => childSchemas(unwrap(s), part));
  }
  return [...new Set(current.flatMap((s) => unwrap(s)).flatMap((s) => Object.keys(defOf(s).shape ?? {})))];
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'lazy' && def.getter) return unwrap(def.getter());
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function childSchemas(schemas: z.ZodType[], part: string | number): z.ZodType[] {
  return schemas.flatMap((s) => {
    const def = defOf(s);
    if (typeof part === 'number' && def.element) return [def.element];
    if (typeof part === 'string' && def.shape && def.shape[part]) return [def.shape[part]];
    if (typeof part === 'string' && def.type === 'record' && def.valueType) return [def.valueType];
    return [];
  });
}
