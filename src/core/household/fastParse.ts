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
 * but a new default must be added here too (the equivalence test fails until it is).
 *
 * @example
 * fastHousehold({ id: 'h1', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }] })
 *   ?.members[0]?.incomes // [] (the default, as zod gives it)
 * fastHousehold({ id: 'h1' }) // undefined: ask zod, which lists the problems
 */
export function fastHousehold(input: unknown): Household | undefined {
  const out = household(input);
  return out === FAIL ? undefined : (out as Household);
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

const FAIL = Symbol('fail');
type Check = (value: unknown) => unknown;
interface Field {
  check: Check;
  optional?: boolean;
  fallback?: () => unknown;
}

const MONEY = /^\d+(\.\d{1,2})?$/;
const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION = /^\d{6}$/;

const text = (min: number, max: number): Check => (v) => (typeof v === 'string' && v.length >= min && v.length <= max ? v : FAIL);
const matching = (pattern: RegExp): Check => (v) => (typeof v === 'string' && pattern.test(v) ? v : FAIL);
const date: Check = (v) => (typeof v === 'string' && isRealDate(v) ? v : FAIL); // isRealDate checks the form too
const bool: Check = (v) => (typeof v === 'boolean' ? v : FAIL);
const whole = (min: number, max: number): Check => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : FAIL);
const oneOf = (values: readonly string[]): Check => {
  const allowed = new Set(values);
  return (v) => (typeof v === 'string' && allowed.has(v) ? v : FAIL);
};

function list(item: Check, min: number, max: number): Check {
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return FAIL;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const parsed = item(v[i]);
      if (parsed === FAIL) return FAIL;
      out[i] = parsed;
    }
    return out;
  };
}

function object(fields: Record<string, Field>): Check {
  const names = Object.keys(fields);
  const checks = names.map((name) => fields[name]!);
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return FAIL;
    // Plain data only (what JSON.parse gives): a class instance goes to the full check, which names it.
    if (!isPlainObject(v)) return FAIL;
    const record = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let present = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const field = checks[i]!;
      const value = Object.hasOwn(record, name) ? record[name] : undefined;
      if (value === undefined) {
        if (field.fallback) out[name] = field.fallback();
        else if (!field.optional) return FAIL;
        continue;
      }
      present++;
      const parsed = field.check(value);
      if (parsed === FAIL) return FAIL;
      out[name] = parsed;
    }
    // Any other key — unknown, or present with the value undefined — sends the input to zod, which names it.
    return Object.keys(record).length === present ? out : FAIL;
  };
}

const required = (check: Check): Field => ({ check });
const optional = (check: Check): Field => ({ check, optional: true });
const withDefault = (check: Check, value: () => unknown): Field => ({ check, fallback: value });

const identifier = text(1, 200);
const money = matching(MONEY);

const disability = object({
  grade: required(whole(1, 4)),
  category: required(oneOf(V.DISABILITY_CATEGORIES)),
  certificate: withDefault(bool, () => true),
});

const member = object({
  id: required(identifier),
  name: optional(text(0, 100)),
  relation: required(oneOf(V.RELATIONS)),
  birthDate: required(date),
  diedOn: optional(date),
  maritalStatus: optional(oneOf(V.MARITAL_STATUSES)),
  spouseId: optional(identifier),
  parentIds: optional(list(identifier, 0, 2)),
  hukou: optional(object({ region: required(matching(REGION)), type: optional(oneOf(V.HUKOU_TYPES)) })),
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
      }),
      0,
      2,
    ),
    () => [],
  ),
});

const household = object({
  $schema: optional(text(0, Number.MAX_SAFE_INTEGER)),
  id: required(identifier),
  region: required(matching(REGION)),
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
        region: required(matching(REGION)),
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
