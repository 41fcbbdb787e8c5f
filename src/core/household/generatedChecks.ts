import { generatedFunction } from '../generatedFunction.js';

/**
 * The fast check's records and lists (`object` and `list` in fastParse.ts) as generated functions, one for each
 * record and list of the household schema: the same answers, made faster. The closures `object` and `list` return
 * are shared by every record and list of the schema, so V8 keeps one type feedback for each, and their calls of the
 * fields' checks and their reads and writes of fields by a key held in a variable went megamorphic; a function of
 * its own per record reads and writes each field by its name and calls each field's check from a call site of its
 * own (measured: checking a bench household in place took 33.6k instructions with the closures, 16.6k so).
 *
 * The source holds the field names of jiuzhu's own household schema (written in fastParse.ts, quoted by
 * JSON.stringify), numbers and this module's names; the fields' checks, defaults and the blank record are values.
 * Undefined where generated code is forbidden: the closures then check.
 */

/** What a generated record check is given: its fields in the schema's order, and what the closure version holds. */
export interface RecordSpec {
  names: readonly string[];
  checks: readonly ((value: unknown, mode: string) => unknown)[];
  /** The default of each field that has one, else undefined. */
  fallbacks: readonly ((() => unknown) | undefined)[];
  /** Bits of the fields that must be present. */
  required: number;
  blank: (() => Record<string, unknown>) | undefined;
}

/**
 * The record check of `object(fields, blank)` in fastParse.ts, generated.
 *
 * @example
 * generatedRecordCheck({ names: ['a'], checks: [(v) => v], fallbacks: [undefined], required: 1, blank: undefined }, FAIL, isPlainObject)?.({ a: 1 }, 'zod') // { a: 1 }
 */
export function generatedRecordCheck(
  spec: RecordSpec,
  fail: symbol,
  isPlainObject: (value: object) => boolean,
): ((value: unknown, mode: string) => unknown) | undefined {
  const { names, fallbacks, required } = spec;
  const field = (i: number) => JSON.stringify(names[i]);
  const bit = (i: number) => String(2 ** i);
  const lines = [
    ...names.map((_, i) => `const check${i} = S.checks[${i}];${fallbacks[i] ? ` const fallback${i} = S.fallbacks[${i}];` : ''}`),
    'return function checkRecord(v, mode) {',
    "  if (v === null || typeof v !== 'object' || Array.isArray(v)) return FAIL;",
    '  if (!isPlainObject(v)) return FAIL;',
    spec.blank ? "  const kept = mode !== 'zod' ? S.blank() : undefined;" : "  const kept = mode === 'inPlace' ? v : undefined;",
    `  const parsed = kept === undefined ? new Array(${names.length}) : undefined;`,
    '  let seen = 0;',
    '  let value;',
    '  let checked;',
    '  for (const key in v) {',
    '    switch (key) {',
    ...names.flatMap((_, i) => [
      `      case ${field(i)}:`,
      `        value = v[${field(i)}];`,
      '        if (value === undefined) return FAIL;',
      `        checked = check${i}(value, mode);`,
      '        if (checked === FAIL) return FAIL;',
      `        if (parsed !== undefined) parsed[${i}] = checked;`,
      `        else if (kept !== v) kept[${field(i)}] = checked;`,
      `        seen |= ${bit(i)};`,
      '        break;',
    ]),
    '      default:',
    '        return FAIL;',
    '    }',
    '  }',
    `  if ((seen & ${required}) !== ${required}) return FAIL;`,
    '  if (parsed === undefined) {',
    ...names.flatMap((_, i) => (fallbacks[i] ? [`    if ((seen & ${bit(i)}) === 0) kept[${field(i)}] = fallback${i}();`] : [])),
    '    return kept;',
    '  }',
    '  const out = {};',
    ...names.map((_, i) => `  if ((seen & ${bit(i)}) !== 0) out[${field(i)}] = parsed[${i}];${fallbacks[i] ? ` else out[${field(i)}] = fallback${i}();` : ''}`),
    '  return out;',
    '};',
  ];
  return generatedFunction(['S', 'FAIL', 'isPlainObject'], lines.join('\n'), [spec, fail, isPlainObject]);
}

/**
 * The list check of `list(item, min, max)` in fastParse.ts, generated: its item's check called from a site of its own.
 *
 * @example
 * generatedListCheck((v) => v, 0, 2, FAIL)?.([1], 'zod') // [1]
 */
export function generatedListCheck(
  item: (value: unknown, mode: string) => unknown,
  min: number,
  max: number,
  fail: symbol,
): ((value: unknown, mode: string) => unknown) | undefined {
  const body = [
    'return function checkList(v, mode) {',
    `  if (!Array.isArray(v) || v.length < ${min} || v.length > ${max}) return FAIL;`,
    "  const inPlace = mode === 'inPlace';",
    '  const out = inPlace ? v : new Array(v.length);',
    '  for (let i = 0; i < v.length; i++) {',
    '    const parsed = item(v[i], mode);',
    '    if (parsed === FAIL) return FAIL;',
    '    if (!inPlace || parsed !== v[i]) out[i] = parsed;',
    '  }',
    '  return out;',
    '};',
  ].join('\n');
  return generatedFunction(['item', 'FAIL'], body, [item, fail]);
}
