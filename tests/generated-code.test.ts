import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson, generateHouseholds, loadPolicy, screenHousehold, type Policy } from '../src/node/index.js';
import { screenHouseholdInterpreted } from '../src/core/screen/household.js';
import { ParameterSlots } from '../src/core/compiled/place.js';
import { quickTest } from '../src/core/compiled/quickTests.js';
import type { ConditionInput } from '../src/core/policy/schema.js';

/**
 * The code jiuzhu generates (`generatedFunction`): the quick tests of the compiled programs (quickTests.ts) and the
 * fast household check's records and lists (generatedChecks.ts). That they decide as the closures they stand for is
 * held by the property tests of the compiled programs and of the fast check; here, what they are made of and what
 * happens where generated code is forbidden.
 */
const realFunction = globalThis.Function;
afterEach(() => {
  globalThis.Function = realFunction;
});

/** A policy object of its own: the compiled programs are kept per policy object, compiled on its first decision. */
async function freshGuangdong(): Promise<Policy> {
  const bundled = await loadPolicy('guangdong');
  return loadPolicy({ document: bundled.document });
}

/** Every text written in a condition tree: ids, messages, citations, facts, parameters, thresholds, shared names. */
function textsOf(node: unknown, into: Set<string>): Set<string> {
  if (typeof node === 'string') into.add(node);
  else if (Array.isArray(node)) for (const item of node) textsOf(item, into);
  else if (node !== null && typeof node === 'object') for (const [key, value] of Object.entries(node)) textsOf(value, textsOf(key, into));
  return into;
}

describe('quick tests generated from the compiled programs', () => {
  it('write nothing of a rule file into the code they generate: the rules reach it only as values', async () => {
    const sources: string[] = [];
    globalThis.Function = new Proxy(realFunction, {
      construct(target, args: string[]) {
        // zod compiles its own object checks so too: only the quick tests are ours.
        if (args.at(-1)!.includes('return function quickTest(')) sources.push(args.at(-1)!);
        return Reflect.construct(target, args);
      },
    });
    const policy = await freshGuangdong();
    const [household] = [...generateHouseholds(policy, { households: 1, seed: 1, asOf: '2025-03-01' })];
    screenHousehold(policy, JSON.parse(JSON.stringify(household)), '2025-03-01');
    // One for each program's eligibility, and each compiled from its tree.
    expect(sources.length).toBe(policy.programs.length);
    const texts = new Set<string>();
    for (const program of policy.programs) textsOf(program.source.eligibility, texts);
    for (const condition of policy.sharedConditions.values()) textsOf(condition, texts);
    const ruleTexts = [...texts].filter((text) => text.length >= 3 && !['all', 'any', 'not', 'fact', 'value', 'param'].includes(text));
    expect(ruleTexts).toContain('intellectual');
    for (const source of sources) {
      // The only literals are JavaScript's own type names; every other name is of the generator's making.
      expect(source.match(/'[^']*'/g)?.filter((literal) => literal !== "'string'" && literal !== "'boolean'") ?? []).toEqual([]);
      for (const text of ruleTexts) expect(source.includes(`'${text}'`) || source.includes(`"${text}"`), text).toBe(false);
      const names = new Set(source.match(/[A-Za-z_$][\w$]*/g));
      for (const name of names) {
        expect(name, source).toMatch(
          /^(?:P|SIGNAL|isWholeNumber|holdsAgainst|holds|run|member|quickTest|return|function|const|let|if|else|break|undefined|typeof|string|boolean|has|memberSlots|viewSlots|ctx|event|read|threshold|general|texts|operator|slot|fallback|fallbackFraction|right|signal|resolved|operand|fraction|missing|[vwp]|[os]\d+|bo\d+|(?:read|threshold|general|texts|operator|slot|fallback|fallbackFraction|right)\d+)$/,
        );
      }
    }
  });

  it('give way to the closures where generated code is forbidden (a Content-Security-Policy without unsafe-eval)', async () => {
    const forbidding = function () {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    const policy = await freshGuangdong();
    const env = { slots: new ParameterSlots(), sharedConditions: policy.sharedConditions, compiledShared: new Map(), level: 'member' as const, programId: 'tekun' };
    const eligibility = policy.programs.find((p) => p.id === 'tekun')!.source.eligibility as ConditionInput;
    expect(quickTest(eligibility, env)).toBeTypeOf('function');
    globalThis.Function = forbidding;
    expect(quickTest(eligibility, env)).toBeUndefined();
    // And the programs are decided as the interpreted engine decides them, by the closures.
    const forbidden = await freshGuangdong();
    for (const household of generateHouseholds(forbidden, { households: 30, seed: 3, asOf: '2025-03-01' })) {
      const row = JSON.parse(JSON.stringify(household));
      expect(canonicalJson(screenHousehold(forbidden, row, '2025-03-01'))).toBe(canonicalJson(screenHouseholdInterpreted(forbidden, row, '2025-03-01')));
    }
  });

  it('the fast household check writes only its own schema\'s field names into the code it generates', async () => {
    const sources: string[] = [];
    globalThis.Function = new Proxy(realFunction, {
      construct(target, args: string[]) {
        if (/function check(Record|List)\(/.test(args.at(-1)!)) sources.push(args.at(-1)!);
        return Reflect.construct(target, args);
      },
    });
    vi.resetModules();
    const { fastHousehold } = await import('../src/core/household/fastParse.js');
    globalThis.Function = realFunction;
    // Every record of the schema (household, member, income, disability, …) and every list.
    expect(sources.filter((source) => source.includes('checkRecord')).length).toBeGreaterThanOrEqual(10);
    expect(sources.filter((source) => source.includes('checkList')).length).toBeGreaterThanOrEqual(5);
    for (const source of sources) {
      const literals = source.match(/'[^']*'|"[^"]*"/g) ?? [];
      for (const literal of literals) expect(literal, source).toMatch(/^(?:'(?:object|zod|inPlace)'|"\$?[a-zA-Z]+")$/);
    }
    expect(fastHousehold({ id: 'h', region: '440106', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1950-01-01' }] })?.members[0]?.seriousIllness).toBe(false);
  });
});
