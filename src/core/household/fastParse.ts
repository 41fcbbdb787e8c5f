import { generatedListCheck, generatedRecordCheck } from './generatedChecks.js';
import type { Household } from './schema.js';
import { isRealDate } from './dates.js';
import * as V from './vocabulary.js';

/**
 * A fast path for the household schema (schema.ts): accepts only inputs that are certainly valid and returns what
 * the zod schema returns for them (defaults filled in). Anything unusual — a problem, an unknown key, a key present
 * with the value `undefined` — gives `undefined`, and the caller asks zod, which reports every problem. So this can
 * make validation faster but never changes its outcome; a property test holds it to zod's output.
 *
 * Keep it beside schema.ts: a field added there and not here only sends those households to zod (an unknown key),
 * but a new default must be added here too (the equivalence test fails until it is). A member field added here goes
 * into `blankMember` too (loading this module throws until it does).
 *
 * @example
 * fastHousehold({ id: 'h1', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }] })
 *   ?.members[0]?.incomes // [] (the default, as zod gives it)
 * fastHousehold({ id: 'h1' }) // undefined: ask zod, which lists the problems
 *
 * With `oneShape`, for the engine's own use, the members are built in one shape, with every field (see
 * {@link validateHouseholdInPlace}): the same values, and keys zod leaves out present as `undefined`.
 */
export function fastHousehold(input: unknown, oneShape = false): Household | undefined {
  if (!prototypeUntouched()) return undefined;
  const out = household(input, oneShape ? 'oneShape' : 'zod');
  return out === FAIL ? undefined : (out as Household);
}

/**
 * The household taken by {@link validateHouseholdInPlace} and not yet handed to `checkHousehold`: one slot, emptied
 * when read, so that only the very object just checked — by the very caller that is about to screen it — skips the
 * check a second time. Nothing outside this module can put a household here.
 */
let validatedInPlace: object | undefined;

/**
 * The fast check of {@link fastHousehold}, made on the input itself: the defaults zod would give are written into
 * it (no copy, no new objects but the default lists and the members), and the household is then known valid to the
 * next `checkHousehold` of that same object, which skips its own check. Only for an input the caller owns and reads
 * no further (a row it has just parsed): it is changed. On `false` it may have been partly filled: parse the row
 * again for the full check, which reports every problem.
 *
 * Each member is put back as a new object with every field of the schema, in the schema's order, `undefined` where
 * an optional field is absent: one shape, whichever fields and order a row gives. The engine reads members' fields in
 * a few hundred places a household; over JSON.parse's objects — one shape per combination and order of the fields
 * present, 44 among the bench's members — V8 answered those reads by its slowest, megamorphic path (measured: the
 * screening pipeline does 3.3% fewer instructions a household with members of one shape).
 *
 * @example
 * const household = JSON.parse(line);
 * if (validateHouseholdInPlace(household)) screenHousehold(policy, household, asOf) // not checked twice
 * else screenHousehold(policy, JSON.parse(line), asOf) // zod lists the problems
 */
export function validateHouseholdInPlace(input: unknown): input is Household {
  const ok = prototypeUntouched() && household(input, 'inPlace') !== FAIL;
  validatedInPlace = ok ? (input as object) : undefined;
  return ok;
}

/**
 * Whether `input` is the household {@link validateHouseholdInPlace} has just checked (and filled); asking empties
 * the slot, so the answer is yes once.
 *
 * @example
 * takeValidatedInPlace(household) // true right after validateHouseholdInPlace(household) returned true
 */
export function takeValidatedInPlace(input: unknown): boolean {
  if (input === undefined || input !== validatedInPlace) return false;
  validatedInPlace = undefined;
  return true;
}

/**
 * Whether an object is plain data: made by JSON.parse or an object literal — in this realm or another (a `vm`
 * context, a worker's message) — or with no prototype; not a class instance, a Date or a Map.
 *
 * @example
 * isPlainObject(JSON.parse('{}')) // true
 * isPlainObject(new Map()) // false
 */
export function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Whether Object.prototype has no enumerable property, as it has in any sound program: the checks below go through
 * an object's keys with `for…in`, which would also visit one added there (zod then decides, as for anything odd).
 */
function prototypeUntouched(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

const FAIL = Symbol('fail');
/**
 * How a check gives what it accepts: as zod gives it (new objects, with the fields given and the defaults); in place
 * (the input's own lists and household, with their defaults written in, members rebuilt in one shape); or new objects
 * with the members in one shape.
 */
type Mode = 'zod' | 'inPlace' | 'oneShape';

/** Checks a value and returns what the schema gives for it (see {@link Mode}), or FAIL. */
type Check = (value: unknown, mode: Mode) => unknown;
type GeneratedCheck = (value: unknown, mode: string) => unknown;
interface Field {
  check: Check;
  optional?: boolean;
  fallback?: () => unknown;
}

const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Whether text is digits, then at most two decimals after a point: the money pattern `^\d+(\.\d{1,2})?$`, read
 * character by character (every income of every household is one).
 */
function isMoneyText(v: string): boolean {
  const point = v.indexOf('.');
  const whole = point < 0 ? v.length : point;
  if (whole === 0 || (point >= 0 && (v.length - point - 1 < 1 || v.length - point - 1 > 2))) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (i !== point && (c < 0 || c > 9)) return false;
  }
  return true;
}

/** Whether text is six digits (a division code), as `^\d{6}$`. */
function isRegionText(v: string): boolean {
  if (v.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
  }
  return true;
}

const text = (min: number, max: number): Check => (v) => (typeof v === 'string' && v.length >= min && v.length <= max ? v : FAIL);
const matching = (pattern: RegExp | ((text: string) => boolean)): Check =>
  typeof pattern === 'function' ? (v) => (typeof v === 'string' && pattern(v) ? v : FAIL) : (v) => (typeof v === 'string' && pattern.test(v) ? v : FAIL);
const date: Check = (v) => (typeof v === 'string' && isRealDate(v) ? v : FAIL); // isRealDate checks the form too
const bool: Check = (v) => (typeof v === 'boolean' ? v : FAIL);
const whole = (min: number, max: number): Check => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : FAIL);
const oneOf = (values: readonly string[]): Check => {
  const allowed = new Set(values);
  return (v) => (typeof v === 'string' && allowed.has(v) ? v : FAIL);
};

function list(item: Check, min: number, max: number): Check {
  const generated = generatedListCheck(item as GeneratedCheck, min, max, FAIL);
  if (generated) return generated as Check;
  return (v, mode) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return FAIL;
    const inPlace = mode === 'inPlace';
    const out = inPlace ? v : new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const parsed = item(v[i], mode);
      if (parsed === FAIL) return FAIL;
      // In place too: a member comes back made anew, in its one shape.
      if (!inPlace || parsed !== v[i]) out[i] = parsed;
    }
    return out;
  };
}

/**
 * A record of these fields. Checked in place, the input's own object is kept, its defaults written into it — unless
 * `blank` is given: then, in place or in one shape, a record of one shape is made (see {@link validateHouseholdInPlace})
 * by `blank`, which must give every field, undefined, in the order of `fields` (checked here, once).
 */
function object(fields: Record<string, Field>, blank?: () => Record<string, unknown>): Check {
  const names = Object.keys(fields);
  if (blank && Object.keys(blank()).join() !== names.join()) throw new Error('object(): blank() must give every field, in order');
  const specs = names.map((name) => fields[name]!);
  // The fields seen are kept as bits of one number.
  if (names.length > 30) throw new Error('object(): more than 30 fields do not fit its bit set');
  const position = new Map(names.map((name, i) => [name, i]));
  const required = specs.reduce((bits, field, i) => (field.optional || field.fallback ? bits : bits | (1 << i)), 0);
  const defaulted = specs.flatMap((field, i) => (field.fallback ? [i] : []));
  const generated = generatedRecordCheck(
    { names, checks: specs.map((field) => field.check as GeneratedCheck), fallbacks: specs.map((field) => field.fallback), required, blank },
    FAIL,
    isPlainObject,
  );
  if (generated) return generated as Check;
  // Where generated code is forbidden: the same check, as a closure.
  return (v, mode) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return FAIL;
    // Plain data only (what JSON.parse gives): a class instance goes to the full check, which names it.
    if (!isPlainObject(v)) return FAIL;
    const record = v as Record<string, unknown>;
    // A record of the one shape, or in place the input's own, filled as it is read; else the values, for a record
    // built as zod builds it.
    const kept = blank && mode !== 'zod' ? blank() : mode === 'inPlace' ? record : undefined;
    const parsed = kept === undefined ? new Array<unknown>(specs.length) : undefined;
    let seen = 0;
    // The keys given, not every field of the schema: a member has twenty fields and most members five of them. (An
    // enumerable key inherited from a polluted Object.prototype is refused up front, in household().)
    for (const key in record) {
      const i = position.get(key);
      // An unknown key, or one present with the value undefined, sends the input to zod, which names it.
      if (i === undefined) return FAIL;
      const value = record[key];
      if (value === undefined) return FAIL;
      const checked = specs[i]!.check(value, mode);
      if (checked === FAIL) return FAIL;
      if (parsed) parsed[i] = checked;
      else if (kept !== record) kept![key] = checked;
      seen |= 1 << i;
    }
    if ((seen & required) !== required) return FAIL;
    if (!parsed) {
      for (const i of defaulted) if ((seen & (1 << i)) === 0) kept![names[i]!] = specs[i]!.fallback!();
      return kept;
    }
    // A new object, in the schema's order, as zod gives it.
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      if ((seen & (1 << i)) !== 0) out[names[i]!] = parsed[i];
      else if (specs[i]!.fallback) out[names[i]!] = specs[i]!.fallback!();
    }
    return out;
  };
}

const required = (check: Check): Field => ({ check });
const optional = (check: Check): Field => ({ check, optional: true });
const withDefault = (check: Check, value: () => unknown): Field => ({ check, fallback: value });

const identifier = text(1, 200);
const money = matching(isMoneyText);

const disability = object({
  grade: required(whole(1, 4)),
  category: required(oneOf(V.DISABILITY_CATEGORIES)),
  certificate: withDefault(bool, () => true),
});

/**
 * A member with every field undefined, in the schema's order: written out, since an object literal is the one way V8
 * makes an object of a known shape at once (copying a template of undefined fields took 5 µs, measured). `object()`
 * checks that it names every field of the member's schema, in order.
 */
function blankMember(): Record<string, unknown> {
  return {
    id: undefined,
    name: undefined,
    relation: undefined,
    birthDate: undefined,
    diedOn: undefined,
    maritalStatus: undefined,
    spouseId: undefined,
    parentIds: undefined,
    hukou: undefined,
    exclusion: undefined,
    incomes: undefined,
    disability: undefined,
    seriousIllness: undefined,
    student: undefined,
    employment: undefined,
    refusedJobOffers: undefined,
    selfCare: undefined,
    ruralCollective: undefined,
    workInjuryNursingFee: undefined,
    supportSetting: undefined,
    supporters: undefined,
    parents: undefined,
  };
}

const member = object({
  id: required(identifier),
  name: optional(text(0, 100)),
  relation: required(oneOf(V.RELATIONS)),
  birthDate: required(date),
  diedOn: optional(date),
  maritalStatus: optional(oneOf(V.MARITAL_STATUSES)),
  spouseId: optional(identifier),
  parentIds: optional(list(identifier, 0, 2)),
  hukou: optional(object({ region: required(matching(isRegionText)), type: optional(oneOf(V.HUKOU_TYPES)) })),
  exclusion: optional(oneOf(V.EXCLUSIONS)),
  incomes: withDefault(
    list(
      object({
        kind: required(oneOf(V.INCOME_KINDS)),
        amount: required(money),
        period: required(oneOf(V.INCOME_PERIODS)),
        date: optional(date),
        note: optional(text(0, 500)),
      }),
      0,
      100,
    ),
    () => [],
  ),
  disability: optional(disability),
  seriousIllness: withDefault(bool, () => false),
  student: optional(object({ level: required(oneOf(V.STUDENT_LEVELS)), fullTime: withDefault(bool, () => true) })),
  employment: optional(oneOf(V.EMPLOYMENT_STATUSES)),
  refusedJobOffers: withDefault(whole(0, 1000), () => 0),
  selfCare: optional(object(Object.fromEntries(V.SELF_CARE_ITEMS.map((item) => [item, required(bool)])))),
  ruralCollective: withDefault(bool, () => false),
  workInjuryNursingFee: withDefault(bool, () => false),
  supportSetting: withDefault(oneOf(V.SUPPORT_SETTINGS), () => 'dispersed'),
  supporters: withDefault(
    list(
      object({
        id: optional(identifier),
        relation: required(oneOf(V.RELATIONS)),
        birthDate: required(date),
        isTekun: withDefault(bool, () => false),
        isDibaoRecipient: withDefault(bool, () => false),
        disability: optional(disability),
        monthlyIncome: optional(money),
        incapacity: optional(oneOf(V.SUPPORTER_INCAPACITIES)),
      }),
      0,
      30,
    ),
    () => [],
  ),
  parents: withDefault(
    list(
      object({
        relation: required(oneOf(['mother', 'father'])),
        situation: required(oneOf(V.PARENT_SITUATIONS)),
        since: optional(date),
        disability: optional(disability),
        memberId: optional(identifier),
      }),
      0,
      2,
    ),
    () => [],
  ),
}, blankMember);

const household = object({
  $schema: optional(text(0, Number.MAX_SAFE_INTEGER)),
  id: required(identifier),
  region: required(matching(isRegionText)),
  area: required(oneOf(V.AREAS)),
  members: required(list(member, 1, 50)),
  assets: withDefault(
    object({
      financial: withDefault(list(object({ kind: required(oneOf(V.FINANCIAL_ASSET_KINDS)), amount: required(money) }), 0, 100), () => []),
      vehicles: withDefault(list(object({ value: required(money), exempt: withDefault(bool, () => false) }), 0, 50), () => []),
      houses: withDefault(
        list(object({ floorArea: optional(matching(NON_NEGATIVE_DECIMAL)), exempt: withDefault(bool, () => false) }), 0, 50),
        () => [],
      ),
    }),
    () => ({ financial: [], vehicles: [], houses: [] }),
  ),
  rigidExpenditures: withDefault(
    list(
      object({
        category: required(oneOf(V.RIGID_EXPENDITURE_CATEGORIES)),
        amount: required(money),
        date: required(date),
        memberId: optional(identifier),
      }),
      0,
      500,
    ),
    () => [],
  ),
  enrolments: withDefault(
    list(
      object({
        program: required(text(1, 100)),
        since: required(date),
        memberIds: optional(list(identifier, 0, 50)),
        monthlyAmount: optional(money),
        incomeFirstExceeded: optional(matching(MONTH)),
        exceededBecause: optional(oneOf(['employment', 'other'])),
        approvedOn: optional(date),
        lastReviewed: optional(date),
      }),
      0,
      50,
    ),
    () => [],
  ),
  events: withDefault(
    list(
      object({
        id: required(identifier),
        type: required(oneOf(V.HARDSHIP_EVENT_TYPES)),
        kind: required(oneOf(V.HARDSHIP_EVENT_KINDS)),
        date: required(date),
        region: required(matching(isRegionText)),
        area: optional(oneOf(V.AREAS)),
        expense: required(money),
        loss: optional(money),
        received: optional(
          object({ insurance: optional(money), compensation: optional(money), charity: optional(money), assistance: optional(money) }),
        ),
        meansCheck: optional(oneOf(V.MEANS_CHECK_STATES)),
      }),
      0,
      50,
    ),
    () => [],
  ),
  incomeUnstable: optional(bool),
});
