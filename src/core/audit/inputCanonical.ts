import type { z } from 'zod';
import { Household } from '../household/schema.js';
import { canonicalJson, quoteJson } from './canonical.js';

/**
 * How to write one value of the household schema: an object's keys already in canonical (code-unit) order, each with
 * how to write its value; an array's items; or a scalar (text, number, flag), written as it is.
 */
type Shape = { keys: readonly { key: string; written: string; shape: Shape }[] } | { item: Shape } | null;

/** The shapes of the household schema, read from the zod schema itself once, so that they can never disagree. */
const HOUSEHOLD_SHAPE = shapeOf(Household);

function shapeOf(schema: z.core.$ZodType): Shape {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  switch (def.type) {
    case 'object':
      return { keys: Object.keys(def.shape!).sort().map((key) => ({ key, written: `${quoteJson(key)}:`, shape: shapeOf(def.shape![key]!) })) };
    case 'array':
      return { item: shapeOf(def.element!) };
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      return shapeOf(def.innerType!);
    case 'pipe':
      return shapeOf(def.in!);
    default:
      return null;
  }
}

/**
 * The canonical JSON of a household input that the household check accepted as it is (`schemaShaped`: plain data
 * with only the schema's keys, none of them `undefined`) — the very bytes {@link canonicalJson} writes, without
 * listing and sorting each object's keys: the schema's keys are sorted once, and each is written when present.
 * Anything else (an input the fast check passed to zod, which may hold a key set to `undefined`) is written by
 * canonicalJson itself. Every decision hashes its input, so this runs once per `evaluate`.
 *
 * @example
 * canonicalHouseholdJson(household, true) === canonicalJson(household) // true
 */
export function canonicalHouseholdJson(input: unknown, schemaShaped: boolean): string {
  return schemaShaped ? write(input, HOUSEHOLD_SHAPE) : canonicalJson(input);
}

function write(value: unknown, shape: Shape): string {
  if (shape === null || value === null || typeof value !== 'object') return canonicalJson(value);
  if ('item' in shape) {
    const items = value as readonly unknown[];
    if (items.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + write(items[i], shape.item);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '';
  const keys = shape.keys;
  for (let i = 0; i < keys.length; i++) {
    const { key, written, shape: inner } = keys[i]!;
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    out += (out === '' ? '{' : ',') + written + (typeof item === 'string' ? quoteJson(item) : write(item, inner));
  }
  return out === '' ? '{}' : `${out}}`;
}
