import { issuesFromZod } from '../errors/fromZod.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
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
  const parsed = Household.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, household: parsed.data };
  return { ok: false, issues: issuesFromZod(parsed.error.issues, Household) };
}

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
 * checkHouseholdText('{"id": ') // { ok: false, issues: [{ code: 'INVALID_JSON', … }] }
 */
export function checkHouseholdText(text: string): HouseholdResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [makeIssue('INVALID_JSON', [], { detail: (error as Error).message })] };
  }
  return checkHousehold(json);
}
