import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { loadPolicy } from '../../src/index.js';
import * as generatedChecks from '../../src/core/household/fastParse.js';
import { crossReferenceIssues, crossReferencesHold } from '../../src/core/household/parse.js';
import { Household } from '../../src/core/household/schema.js';
import { generateHouseholds } from '../../src/core/screen/generate.js';
import { REGIONS, householdArb } from '../helpers/arbitraries.js';
import { richHouseholdArb } from '../helpers/richArbitraries.js';

/** JSON's view of a value: what a household read from a file looks like (no `undefined` keys). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** Every path to a value inside a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

function mutate(value: Record<string, unknown>, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value);
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const validArb = fc.oneof(
  householdArb([...REGIONS.guangdong!, ...REGIONS.hunan!]).map(asJson),
  householdArb(REGIONS.hubei!),
  richHouseholdArb(REGIONS.guangdong!).map(asJson),
  fc.integer({ min: 1, max: 1_000_000 }).map((seed) => seed),
);

/**
 * The fast check as it is where generated code is forbidden (a Content-Security-Policy without 'unsafe-eval'): its
 * records and lists are then the closures of fastParse.ts, not generated functions (generatedChecks.ts).
 */
async function closureChecks(): Promise<typeof generatedChecks> {
  const real = globalThis.Function;
  globalThis.Function = function () {
    throw new EvalError('Code generation from strings disallowed for this context');
  } as unknown as FunctionConstructor;
  vi.resetModules();
  try {
    return await import('../../src/core/household/fastParse.js');
  } finally {
    globalThis.Function = real;
  }
}

describe('the fast household check agrees with the zod schema', () => {
  it.each([
    ['generated', async () => generatedChecks],
    ['as closures, where generated code is forbidden', closureChecks],
  ])('on valid households it gives zod’s output; on broken ones it defers to zod (never accepts what zod refuses): %s', async (_, checks) => {
    const { fastHousehold, takeValidatedInPlace, validateHouseholdInPlace } = await checks();
    const policy = await loadPolicy('guangdong');
    const generated = (seed: number) => asJson([...generateHouseholds(policy, { households: 1, seed })][0]);
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer({ min: -5, max: 2000 }), fc.boolean(), fc.constant('2023-02-29'), fc.constant('12.345'), fc.constant([]), fc.constant({}), fc.constant('x'.repeat(201)), fc.constantFrom('.5', '5.', '1.2.3', '１２', '4401000', '44010a', '-1', '1e3', ' 12'));
    const stats = { fastOk: 0, zodOnly: 0, invalid: 0 };
    let memberKeys: string[] | undefined;
    fc.assert(
      fc.property(validArb, fc.nat(), junk, fc.boolean(), fc.boolean(), (base, at, replacement, remove, keep) => {
        const valid = typeof base === 'number' ? generated(base) : (base as Record<string, unknown>);
        const all = paths(valid);
        const input = keep ? valid : mutate(valid, all[at % all.length]!, replacement, remove);
        const zod = Household.safeParse(input);
        const fast = fastHousehold(input);
        stats[zod.success ? (fast ? "fastOk" : "zodOnly") : "invalid"]++;
        if (!zod.success) expect(fast).toBeUndefined();
        else if (fast !== undefined) expect(fast).toEqual(zod.data);
        // In place: the same verdict, and the input itself becomes zod's output (defaults written into it).
        const own = input === undefined ? undefined : structuredClone(input);
        const inPlace = validateHouseholdInPlace(own);
        expect(inPlace).toBe(fast !== undefined);
        if (inPlace) expect(own).toEqual(zod.data);
        // In place, every member is rebuilt with every field, in one order: the one shape the engine's reads see.
        if (inPlace) for (const member of (own as { members: object[] }).members) expect(Object.keys(member)).toEqual((memberKeys ??= Object.keys(member)));
        // Built in one shape (the engine's own check): the same verdict and values, the members in that one order.
        const oneShape = fastHousehold(input, true);
        expect(oneShape === undefined).toBe(fast === undefined);
        if (oneShape !== undefined) {
          expect(oneShape).toEqual(zod.data);
          for (const member of oneShape.members) expect(Object.keys(member)).toEqual((memberKeys ??= Object.keys(member)));
        }
        expect(takeValidatedInPlace(own)).toBe(inPlace); // once only
        expect(takeValidatedInPlace(own)).toBe(false);
        if (keep && typeof base === 'number') expect(fast).toBeDefined(); // generated households take the fast path
      }),
      { numRuns: 3000 },
    );
    // Both sides are really exercised: many equal outputs compared, many broken households refused.
    expect(stats.fastOk).toBeGreaterThan(500);
    expect(stats.invalid).toBeGreaterThan(500);
  });

  it('the quick yes or no on cross references agrees with the issues found, whatever the links point at', () => {
    // Valid households whose member ids, links, deaths and references are rewired at random: to a member, to the
    // member itself, to nobody, or a death before the birth.
    const ids = fc.constantFrom('m1', 'm2', 'm3', 'x9');
    const rewire = fc.record({ at: fc.nat(), id: ids, spouse: fc.option(ids), parents: fc.option(fc.array(ids, { maxLength: 2 })), diedOn: fc.option(fc.constantFrom('1900-01-01', '2024-01-01')), enrolled: fc.option(fc.array(ids, { maxLength: 3 })), rigid: fc.option(ids) });
    fc.assert(
      fc.property(householdArb(REGIONS.guangdong!).map(asJson), fc.array(rewire, { maxLength: 4 }), (base, changes) => {
        const household = Household.parse(base);
        for (const change of changes) {
          const member = household.members[change.at % household.members.length]!;
          member.id = change.id;
          if (change.spouse !== null) member.spouseId = change.spouse;
          if (change.parents !== null) member.parentIds = change.parents;
          if (change.diedOn !== null) member.diedOn = change.diedOn;
          if (change.enrolled !== null) household.enrolments.push({ program: 'dibao', since: '2020-01-01', memberIds: change.enrolled });
          if (change.rigid !== null) household.rigidExpenditures.push({ category: 'medical', amount: '10.00', date: '2024-01-01', memberId: change.rigid });
        }
        expect(crossReferencesHold(household)).toBe(crossReferenceIssues(household).length === 0);
      }),
      { numRuns: 2000 },
    );
  });
});
