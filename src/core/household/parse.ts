import { jsonSyntaxIssue } from '../text/jsonSyntax.js';
import { repeatedKeyIssues } from '../text/repeatedKeys.js';
import { issuesFromZod } from '../errors/fromZod.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { fastHousehold, isPlainObject, takeValidatedInPlace } from './fastParse.js';
import { isRealDate } from './dates.js';
import { Household } from './schema.js';

/** The outcome of validating a household: the household, or every problem found in it. */
export type HouseholdResult = { ok: true; household: Household } | { ok: false; issues: Issue[] };

/**
 * Validates a household (already parsed from JSON) and reports every problem at once.
 *
 * @example
 * const result = checkHousehold({ id: 'h1', region: '440100', area: 'urban', members: [] });
 * result.ok // false; result.issues[0].code === 'TOO_SMALL'
 */
export function checkHousehold(input: unknown): HouseholdResult {
  return checkHouseholdInput(input).result;
}

/**
 * {@link checkHousehold}, also telling whether the fast check accepted the input as it is (`schemaShaped`): plain
 * data with only the schema's keys and none of them `undefined`, which lets its canonical JSON be written in the
 * schema's key order (see `canonicalHouseholdJson`). `oneShape`, for the engine: the fast check builds every member
 * in one shape (see `fastHousehold`), which the engine reads faster.
 *
 * @example
 * checkHouseholdInput(JSON.parse(text)).schemaShaped // true for a valid household read from JSON
 */
export function checkHouseholdInput(input: unknown, oneShape = false): { result: HouseholdResult; schemaShaped: boolean } {
  // A row screening has just checked and filled in place is not checked again.
  if (takeValidatedInPlace(input) && crossReferencesHold(input as Household)) return { result: { ok: true, household: input as Household }, schemaShaped: true };
  // Most households are valid: a fast check accepts those (with zod's output); anything else goes to zod.
  const fast = fastHousehold(input, oneShape);
  if (fast && crossReferencesHold(fast)) return { result: { ok: true, household: fast }, schemaShaped: true };
  const parsed = Household.safeParse(input, { reportInput: true });
  const issues = [
    ...(parsed.success ? [] : issuesFromZod(parsed.error.issues, Household)),
    ...crossReferenceIssues(input),
    ...notPlainData(input),
  ];
  if (parsed.success && issues.length === 0) return { result: { ok: true, household: parsed.data }, schemaShaped: false };
  return { result: { ok: false, issues }, schemaShaped: false };
}

/**
 * Whether a household of the schema's shape passes {@link crossReferenceIssues} — its yes or no without the issues,
 * in plain loops: every valid row of a screening asks, and a household has a few members only.
 *
 * @example
 * crossReferencesHold(household) === (crossReferenceIssues(household).length === 0) // true
 */
export function crossReferencesHold(household: Household): boolean {
  const { members } = household;
  const known = (id: string) => {
    for (let i = 0; i < members.length; i++) if (members[i]!.id === id) return true;
    return false;
  };
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    // The dates are real ones (the shape was checked), so text order is date order.
    if (member.diedOn !== undefined && member.diedOn < member.birthDate) return false;
    for (let j = 0; j < i; j++) if (members[j]!.id === member.id) return false;
  }
  for (const member of members) {
    if (member.spouseId !== undefined && (member.spouseId === member.id || !known(member.spouseId))) return false;
    for (const id of member.parentIds ?? []) if (id === member.id || !known(id)) return false;
    for (const parent of member.parents) if (parent.memberId !== undefined && (parent.memberId === member.id || !known(parent.memberId))) return false;
  }
  for (const expenditure of household.rigidExpenditures) if (expenditure.memberId !== undefined && !known(expenditure.memberId)) return false;
  for (const enrolment of household.enrolments) for (const id of enrolment.memberIds ?? []) if (!known(id)) return false;
  return true;
}

/**
 * Checks that span fields (member ids unique, references to members exist). Run on the raw input even when other
 * fields are invalid, so that one pass reports every problem; it reads only what has the expected shape.
 *
 * @example
 * crossReferenceIssues({ members: [{ id: 'm1' }, { id: 'm1' }] })[0].code // 'DUPLICATE_MEMBER_ID'
 */
export function crossReferenceIssues(input: unknown): Issue[] {
  const issues: Issue[] = [];
  const record = (value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  // No further than the schema allows: 200,000 members are one TOO_BIG, not 200,000 duplicate ids.
  const list = (value: unknown, max: number): readonly unknown[] => (!Array.isArray(value) ? [] : value.length > max ? value.slice(0, max) : value);
  const household = record(input);
  if (!household) return issues;
  const ids = new Set<string>();
  list(household.members, 50).forEach((member, index) => {
    const { birthDate, diedOn } = record(member) ?? {};
    if (typeof birthDate === 'string' && typeof diedOn === 'string' && diedOn < birthDate && isRealDate(diedOn) && isRealDate(birthDate)) {
      issues.push(makeIssue('DEATH_BEFORE_BIRTH', ['members', index, 'diedOn'], { date: diedOn, birthDate }));
    }
    const id = record(member)?.id;
    if (typeof id !== 'string') return;
    if (ids.has(id)) issues.push(makeIssue('DUPLICATE_MEMBER_ID', ['members', index, 'id'], { id }));
    ids.add(id);
  });
  const refer = (id: unknown, path: (string | number)[]) => {
    if (typeof id === 'string' && !ids.has(id)) issues.push(makeIssue('UNKNOWN_MEMBER', path, { id }));
  };
  list(household.rigidExpenditures, 500).forEach((e, i) => refer(record(e)?.memberId, ['rigidExpenditures', i, 'memberId']));
  list(household.enrolments, 50).forEach((e, i) => list(record(e)?.memberIds, 50).forEach((id, j) => refer(id, ['enrolments', i, 'memberIds', j])));
  list(household.members, 50).forEach((member, i) => {
    const own = record(member)?.id;
    const link = (id: unknown, path: (string | number)[]) => {
      if (typeof id === 'string' && id === own) issues.push(makeIssue('MEMBER_LINKED_TO_ITSELF', path, { id }));
      else refer(id, path);
    };
    link(record(member)?.spouseId, ['members', i, 'spouseId']);
    list(record(member)?.parentIds, 2).forEach((id, j) => link(id, ['members', i, 'parentIds', j]));
    list(record(member)?.parents, 2).forEach((parent, j) => link(record(parent)?.memberId, ['members', i, 'parents', j, 'memberId']));
  });
  return issues;
}

/**
 * Where the input is not plain JSON data: an object made by a class (an ORM entity, a DTO with getters), a Date, a
 * Map. Validation would read its getters, but the decision's input hash and the audit record keep only plain own
 * fields, so two different households could share one decision id and the record could never be replayed. Looks
 * no deeper than a household goes (what lies deeper is an unknown key, reported as such), so deep or cyclic input
 * cannot exhaust the stack.
 */
function notPlainData(value: unknown, path: (string | number)[] = [], found: Issue[] = []): Issue[] {
  if (value === null || typeof value !== 'object' || path.length > HOUSEHOLD_DEPTH) return found;
  if (Array.isArray(value)) {
    value.slice(0, 500).forEach((item, i) => notPlainData(item, [...path, i], found));
  } else if (!isPlainObject(value)) {
    found.push(makeIssue('NOT_PLAIN_DATA', path, { kind: (value as object).constructor?.name || 'object' }));
  } else {
    for (const [key, item] of Object.entries(value)) notPlainData(item, [...path, key], found);
  }
  return found;
}

/** The deepest a valid household goes: household → members → [i] → supporters → [j] → disability → grade. */
const HOUSEHOLD_DEPTH = 8;

/**
 * Validates a household, throwing a {@link JiuzhuError} of kind `input` with every problem when it is invalid.
 *
 * @example
 * const household = parseHousehold(JSON.parse(text));
 */
export function parseHousehold(input: unknown): Household {
  const result = checkHousehold(input);
  if (!result.ok) throw new JiuzhuError('input', result.issues);
  return result.household;
}

/**
 * Parses household JSON text, reporting a syntax error as an issue (with line and column) rather than a stack trace.
 *
 * @example
 * checkHouseholdText('{"id": 1，}') // { ok: false, issues: [{ code: 'JSON_FULL_WIDTH', … }] }
 */
export function checkHouseholdText(text: string): HouseholdResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, issues: [jsonSyntaxIssue(text, [])] };
  }
  const repeated = repeatedKeyIssues(text);
  const checked = checkHousehold(json);
  if (repeated.length === 0) return checked;
  return { ok: false, issues: [...repeated, ...(checked.ok ? [] : checked.issues)] };
}
