import { isPlainObject } from '../household/fastParse.js';
import { RECORD_FORMAT } from '../version.js';
import { SHA256_HEX } from './canonical.js';

const RECORD_KEYS = new Set(['format', 'id', 'asOf', 'engine', 'policy', 'input', 'meta', 'outcome', 'seq', 'prev', 'sha256']);
const PROGRAM_KEYS = new Set(['program', 'status', 'amount', 'period', 'reasons', 'members', 'events']);
const ENGINE_KEYS = ['name', 'version'];
const POLICY_KEYS = ['id', 'version', 'sha256'];
const OUTCOME_KEYS = ['programs'];
const STATUSES = new Set(['eligible', 'ineligible', 'undetermined']);
const PERIODS = new Set(['month', 'year', 'once']);

/**
 * Whether a value is a compact record of the current format as the record schema (`CompactRecordSchema`) accepts
 * it, checked by hand in one walk: what nearly every line of a log is, many times faster than the generic check.
 * Only ever `true` for a record the schema accepts (a property test holds it to that); `false` for anything else
 * and for what it leaves to the schema (a key set to `undefined`, a `__proto__` key, an object of a class), which
 * the schema then checks and reports with its own issues. The recorded input is checked later, as a household.
 *
 * @example
 * isCompactRecordShape(JSON.parse(line)) // true for a line jiuzhu wrote with `compact: true`
 */
export function isCompactRecordShape(value: unknown): boolean {
  if (!isObject(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (!RECORD_KEYS.has(key) || record[key] === undefined) return false;
  }
  if (record.format !== RECORD_FORMAT || typeof record.id !== 'string' || typeof record.asOf !== 'string') return false;
  if (!Object.hasOwn(record, 'input') || !isSha256(record.sha256)) return false;
  const { engine, policy, meta, outcome, seq, prev } = record;
  if (!isObject(engine) || !hasOnly(engine, ENGINE_KEYS) || engine.name !== 'jiuzhu' || typeof engine.version !== 'string') return false;
  if (!isObject(policy) || !hasOnly(policy, POLICY_KEYS) || typeof policy.id !== 'string' || typeof policy.version !== 'string' || !isSha256(policy.sha256)) return false;
  if (meta !== undefined && !isTextByName(meta)) return false;
  if (seq !== undefined && !(typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1)) return false;
  if (prev !== undefined && !isSha256(prev)) return false;
  if (!isObject(outcome) || !hasOnly(outcome, OUTCOME_KEYS) || !Array.isArray(outcome.programs)) return false;
  for (const program of outcome.programs as unknown[]) if (!isCompactProgram(program)) return false;
  return true;
}

function isCompactProgram(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!PROGRAM_KEYS.has(key) || value[key] === undefined) return false;
  }
  const { program, status, amount, period, reasons, members, events } = value;
  if (typeof program !== 'string' || typeof amount !== 'string' || !STATUSES.has(status as string) || !PERIODS.has(period as string)) return false;
  if (!Array.isArray(reasons)) return false;
  for (const reason of reasons as unknown[]) if (typeof reason !== 'string') return false;
  return (members === undefined || isTextByName(members)) && (events === undefined || isTextByName(events));
}

/** A plain object with text values only (meta, what each member or event gets); no `__proto__` key. */
function isTextByName(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key === '__proto__' || typeof value[key] !== 'string') return false;
  }
  return true;
}

/** A plain object (not an array, not of a class) whose own property names include no `__proto__`. */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && isPlainObject(value) && !Object.hasOwn(value, '__proto__');
}

/** Whether an object has these own keys and no other. */
function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  if (Object.keys(value).length !== keys.length) return false;
  for (const key of keys) if (!Object.hasOwn(value, key)) return false;
  return true;
}

function isSha256(value: unknown): boolean {
  return typeof value === 'string' && SHA256_HEX.test(value);
}
