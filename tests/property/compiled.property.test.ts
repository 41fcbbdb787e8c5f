import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { JiuzhuError, canonicalJson, evaluateSync, generateHouseholds, loadPolicy, screenHousehold, type Policy } from '../../src/node/index.js';
import { decideProgramsCompiled, compiledPrograms } from '../../src/core/compiled/decide.js';
import { checkEvaluationInput, decidePrograms, evaluateInterpreted } from '../../src/core/engine/evaluate.js';
import { screenHouseholdInterpreted } from '../../src/core/screen/household.js';
import { compactOutcome } from '../../src/core/audit/record.js';
import { REGIONS } from '../helpers/arbitraries.js';
import { copyRules, editJson } from '../helpers/ruleCopy.js';
import { richHouseholdArb } from '../helpers/richArbitraries.js';
import { testCaseFiles } from '../../src/node/testing/files.js';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

/**
 * The compiled programs (src/core/compiled) against the interpreted engine they are compiled from: for random
 * households of every bundled province, on dates from 2019 to 2026, the very same bytes — screening results (with
 * the reason codes of what is found), every program's decision as screening makes it, and every decided field of
 * evaluate's full decision.
 */
const PROVINCES = ['guangdong', 'hunan', 'hubei'] as const;
let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = Object.fromEntries(await Promise.all([...PROVINCES, 'national'].map(async (name) => [name, await loadPolicy(name as never)])));
});

const dateArb = fc
  .record({ y: fc.integer({ min: 2019, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const programArb = fc.constantFrom('dibao', 'dibao.single', 'dibao.gradualExit', 'dibao.marginal', 'tekun', 'disability.living', 'disability.care', 'childAllowance', '低保');
const enrolmentArb = fc.record({
  program: programArb,
  since: fc.constantFrom('2018-01-01', '2021-06-01', '2024-01-01'),
  memberIds: fc.option(fc.subarray(['m1', 'm2', 'm3', 'm4']), { nil: undefined }),
});
const caseArb = fc.constantFrom(...PROVINCES).chain((province) =>
  fc.tuple(richHouseholdArb(REGIONS[province]!), fc.array(enrolmentArb, { maxLength: 3 }), dateArb).map(([household, extra, asOf]) => {
    const ids = new Set<string>(household.members.map((m) => m.id));
    const enrolments = extra.map(({ program, since, memberIds }) => ({ program, since, ...(memberIds ? { memberIds: memberIds.filter((id) => ids.has(id)) } : {}) }));
    // As read from JSON: the arbitraries leave some keys set to undefined.
    return { province, asOf, household: JSON.parse(JSON.stringify({ ...household, enrolments: [...household.enrolments, ...enrolments] })) };
  }),
);

/**
 * What the law's later rules turn on, put into generated households: explicit family links (`spouseId`,
 * `parentIds`), members with no parents recorded, married members, elderly members (two elderly spouses may each be
 * 特困, decided again until the grants settle), and hardship events in another region or area than the household's
 * (an emergency is decided where it happened, expenditure hardship at home).
 */
const familyCaseArb = caseArb.chain((c) => {
  const n = c.household.members.length;
  const index = fc.integer({ min: 0, max: n - 1 });
  return fc
    .record({
      spouses: fc.option(fc.tuple(index, index), { nil: undefined }),
      parentLinks: fc.array(fc.tuple(index, fc.uniqueArray(index, { maxLength: 2 })), { maxLength: 2 }),
      noParents: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      elderly: fc.array(fc.constantFrom(undefined, '1940-03-01', '1952-07-15', '2012-01-01'), { minLength: n, maxLength: n }),
      married: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      eventPlace: fc.option(fc.tuple(fc.constantFrom(...REGIONS[c.province]!), fc.constantFrom('urban', 'rural')), { nil: undefined }),
      poor: fc.boolean(),
      couple: fc.constantFrom(undefined, 'spouse', 'sibling', 'child'),
    })
    .map(({ spouses, parentLinks, noParents, elderly, married, eventPlace, poor, couple }) => {
      // A poor household (no income, assets, outside supporters or exclusions) reaches the tests that grant.
      const members = c.household.members.map((m: Record<string, unknown>, i: number) => ({
        ...m,
        ...(poor ? { incomes: [], supporters: [], exclusion: undefined } : {}),
        ...(noParents[i] ? { parents: [] } : {}),
        ...(elderly[i] ? { birthDate: elderly[i] } : {}),
        ...(married[i] ? { maritalStatus: 'married' } : {}),
      }));
      if (spouses && spouses[0] !== spouses[1]) {
        members[spouses[0]]!.spouseId = members[spouses[1]]!.id;
        members[spouses[1]]!.spouseId = members[spouses[0]]!.id;
      }
      for (const [child, parents] of parentLinks) {
        const ids = parents.filter((p) => p !== child).map((p) => members[p]!.id);
        if (ids.length > 0) members[child]!.parentIds = ids;
      }
      if (couple && members.length >= 2) {
        // Two elderly members who owe each other support and have no one else: each may be 特困 only if the other is.
        members.splice(2);
        // Under 70 (above it, age alone makes one unable to support): only the other's 特困 frees each.
        const year = Number(c.asOf.slice(0, 4));
        const alone = { incomes: [], supporters: [], exclusion: undefined, maritalStatus: couple === 'spouse' ? 'married' : 'widowed' };
        Object.assign(members[0]!, alone, { relation: 'applicant', birthDate: `${year - 66}-01-01` });
        Object.assign(members[1]!, alone, { relation: couple, birthDate: `${year - 63}-01-01` });
      }
      const events = c.household.events.map((e: Record<string, unknown>) => ({
        ...e,
        ...(eventPlace ? { region: eventPlace[0], area: eventPlace[1] } : {}),
        ...(poor ? { meansCheck: 'done' } : {}),
      }));
      const assets = poor ? { financial: [], vehicles: [], houses: [] } : c.household.assets;
      return { ...c, household: JSON.parse(JSON.stringify({ ...c.household, members, events, assets })) };
    });
});

/**
 * Runs `check` on every golden case, then on 60 generated households of every bundled policy on each date (read back
 * from JSON, as a caller would give them).
 */
function forGoldenAndGenerated(check: (policy: Policy, household: unknown, asOf: string, label: string) => void, dates: readonly string[], seed: number): void {
  for (const file of testCaseFiles([join(import.meta.dirname, '..', 'cases')]).files) {
    const c = JSON.parse(readFileSync(file, 'utf8')) as { policy: string; asOf: string; household: unknown };
    if (policies[c.policy]) check(policies[c.policy]!, c.household, c.asOf, file);
  }
  for (const name of [...PROVINCES, 'national']) {
    for (const asOf of dates) {
      for (const household of generateHouseholds(policies[name]!, { households: 60, seed, asOf })) {
        check(policies[name]!, JSON.parse(JSON.stringify(household)), asOf, `${name} ${asOf} ${household.id}`);
      }
    }
  }
}

/** Runs `check` on generated households of a policy (40 unless told; read back from JSON) on two dates, 2023 and 2025. */
function forGeneratedOf(policy: Policy, check: (household: unknown, asOf: string) => void, households = 40): void {
  for (const asOf of ['2023-06-01', '2025-03-01']) {
    for (const household of generateHouseholds(policy, { households, seed: 5, asOf })) check(JSON.parse(JSON.stringify(household)), asOf);
  }
}

/** The household as evaluate accepts it, or undefined when it refuses the input (both engines refuse alike). */
function checkedOrRefused(household: unknown, asOf: string) {
  try {
    return checkEvaluationInput(household, asOf);
  } catch (error) {
    if (error instanceof JiuzhuError) return undefined;
    throw error;
  }
}

/** A decision without what only explains it (reasons, breakdown steps): what was decided, to the byte. */
function decided(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decided);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'reasons' && key !== 'steps').map(([key, item]) => [key, decided(item)]));
}

describe('compiled programs decide exactly as the interpreted engine', () => {
  it('screens to the same bytes (statuses, amounts, members, reason codes, warnings, errors)', () => {
    fc.assert(
      fc.property(caseArb, ({ province, asOf, household }) => {
        const policy = policies[province]!;
        expect(canonicalJson(screenHousehold(policy, household, asOf))).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
      }),
      { numRuns: 600 },
    );
  });

  it('gives every program the same decision, with the same reason codes when asked for them', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 2 ** 20 }), ({ province, asOf, household }, picks) => {
        const policy = policies[province]!;
        const checked = checkedOrRefused(household, asOf);
        if (!checked) return;
        // Reasons are asked for an arbitrary choice of programs (screening asks for those it found).
        const explainIf = (program: { program: string }) => ((picks >> policy.programs.findIndex((p) => p.id === program.program)) & 1) === 1;
        const compiled = decideProgramsCompiled(policy, checked, asOf, explainIf).programs;
        const reference = decidePrograms(policy, checked, asOf, explainIf).programs;
        expect(canonicalJson(compiled)).toBe(canonicalJson(reference));
      }),
      { numRuns: 500 },
    );
  });

  it('asked for some members\' reasons of a person program, gives those members the same reasons and everything else the same decision', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 2 ** 20 }), fc.integer({ min: 0, max: 255 }), ({ province, asOf, household }, picks, chosen) => {
        const policy = policies[province]!;
        const checked = checkedOrRefused(household, asOf);
        if (!checked) return;
        // Screening asks, of a person program it found, for the reasons of the members it names only.
        const some = new Set(checked.members.filter((_, i) => ((chosen >> i) & 1) === 1).map((m) => m.id));
        const wanted = (program: { program: string }) => ((picks >> policy.programs.findIndex((p) => p.id === program.program)) & 1) === 1;
        const compiled = decideProgramsCompiled(policy, checked, asOf, (p) => wanted(p) && (p.level === 'person' ? some : true)).programs;
        const reference = decidePrograms(policy, checked, asOf, wanted).programs;
        const about = (reasons: readonly { memberId?: string }[]) => reasons.filter((r) => r.memberId === undefined || some.has(r.memberId));
        for (let i = 0; i < reference.length; i++) {
          const { reasons: mine, ...decided } = compiled[i]!;
          const { reasons: theirs, ...expected } = reference[i]!;
          expect(canonicalJson(decided)).toBe(canonicalJson(expected));
          expect(canonicalJson(about(mine))).toBe(canonicalJson(about(theirs)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("decides every field of evaluate's decision that is not explanation", () => {
    fc.assert(
      fc.property(caseArb, ({ province, asOf, household }) => {
        const policy = policies[province]!;
        let decision;
        try {
          decision = evaluateSync(policy, household, { asOf });
        } catch (error) {
          if (error instanceof JiuzhuError) return;
          throw error;
        }
        const compiled = decideProgramsCompiled(policy, checkEvaluationInput(household, asOf), asOf).programs;
        expect(canonicalJson(decided(compiled))).toBe(canonicalJson(decided(decision.programs)));
      }),
      { numRuns: 300 },
    );
  });

  it('screens and decides alike households with family links, missing records and events elsewhere', () => {
    fc.assert(
      fc.property(familyCaseArb, fc.boolean(), ({ province, asOf, household }, explainAll) => {
        const policy = policies[province]!;
        expect(canonicalJson(screenHousehold(policy, household, asOf))).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
        const checked = checkedOrRefused(household, asOf);
        if (!checked) return;
        const explainIf = () => explainAll;
        expect(canonicalJson(decideProgramsCompiled(policy, checked, asOf, explainIf).programs)).toBe(
          canonicalJson(decidePrograms(policy, checked, asOf, explainIf).programs),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('decides every golden case alike, with every reason code and without', () => {
    for (const file of testCaseFiles([join(import.meta.dirname, '..', 'cases')]).files) {
      const c = JSON.parse(readFileSync(file, 'utf8')) as { policy: string; asOf: string; household: unknown };
      const policy = policies[c.policy];
      if (!policy) continue;
      expect(canonicalJson(screenHousehold(policy, c.household, c.asOf)), file).toBe(canonicalJson(screenHouseholdInterpreted(policy, c.household, c.asOf)));
      const checked = checkedOrRefused(c.household, c.asOf);
      if (!checked) continue;
      for (const explain of [true, false]) {
        expect(canonicalJson(decideProgramsCompiled(policy, checked, c.asOf, () => explain).programs), `${file} ${explain}`).toBe(
          canonicalJson(decidePrograms(policy, checked, c.asOf, () => explain).programs),
        );
      }
    }
  });

  it('screens generated populations of every bundled policy alike, on dates from 2019 to 2026', () => {
    for (const name of [...PROVINCES, 'national']) {
      const policy = policies[name]!;
      for (const asOf of ['2019-07-01', '2022-01-01', '2024-06-30', '2026-12-31']) {
        for (const household of generateHouseholds(policy, { households: 150, seed: asOf.length + name.length, asOf })) {
          const input = JSON.parse(JSON.stringify(household));
          expect(canonicalJson(screenHousehold(policy, input, asOf)), `${name} ${asOf} ${household.id}`).toBe(
            canonicalJson(screenHouseholdInterpreted(policy, input, asOf)),
          );
        }
      }
    }
  });

  it('leaves a policy to the interpreted engine when an overlay gives an income rule a labelled excludedWhen, and evaluate agrees', async () => {
    // The interpreted income code writes that rule's reason into whichever program first works income out, which the
    // compiled programs do not follow: the override is read after overlays, not from the income file as written.
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      json.overrides.push({
        target: 'income:household/wage',
        reason: { zh: '试', en: 'test' },
        value: { treatment: 'counted', excludedWhen: { id: 'minor-wage', message: 'dibao.incomeBelowStandard', fact: 'age', operator: 'lessThan', value: 18 } },
      });
    });
    const policy = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    expect(compiledPrograms(policy).compiled).toEqual([]);
    forGeneratedOf(policy, (household, asOf) => {
      expect(canonicalJson(evaluateSync(policy, household, { asOf }))).toBe(canonicalJson(evaluateInterpreted(policy, household, { asOf })));
      expect(canonicalJson(screenHousehold(policy, household, asOf))).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
    });
  });

  it('decides alike when some programs are left to the interpreted engine and the others compiled, in one run', async () => {
    // A leaf reading a `path` into its fact is not compiled: that program alone is decided by the interpreted engine,
    // in the same context as the compiled ones before and after it (特困 read by 低保, 低保边缘 read by 专项救助).
    for (const programFile of ['tekun.json', 'dibao-marginal.json']) {
      const rules = copyRules();
      const fact = programFile === 'tekun.json' ? 'age' : 'perCapitaIncome'; // a person's fact, a household's
      editJson(join(rules, 'national/programs', programFile), (json) => {
        json.eligibility = { all: [json.eligibility, { fact, path: '$.years', operator: 'notEqual', value: 'never' }] };
      });
      const policy = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
      expect(compiledPrograms(policy).interpreted, programFile).toHaveLength(1);
      forGeneratedOf(policy, (household, asOf) => {
        expect(canonicalJson(evaluateSync(policy, household, { asOf })), `${programFile} ${asOf}`).toBe(canonicalJson(evaluateInterpreted(policy, household, { asOf })));
        expect(canonicalJson(screenHousehold(policy, household, asOf))).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
      });
    }
  });

  it('decides alike under an officer\'s edits the bundled rules do not make (notes and classifications reading parameters, undeterminedWhen, not over any, a supplement\'s labelled condition)', async () => {
    const label = { zh: '试', en: 'test' };
    const edits: Record<string, [file: string, change: (json: any) => void, rule: string]> = {
      notes: [
        'dibao.json',
        (json) => {
          json.notes = [
            { id: 'n1', fact: 'perCapitaIncome', operator: 'lessThan', value: { param: 'dibao.marginalLine' }, message: 'dibao.incomeBelowStandard' },
            { id: 'n2', any: [{ fact: 'perCapitaIncome', operator: 'lessThan', value: { param: 'dibao.standard', area: 'rural' } }, { fact: 'countedMembers', operator: 'greaterThan', value: 3, id: 'n3' }] },
          ];
        },
        'dibao/n1',
      ],
      classification: [
        'dibao.json',
        (json) => {
          const below = { id: 'c1', message: 'dibao.incomeBelowStandard', fact: 'perCapitaIncome', operator: 'lessThan', value: { param: 'dibao.standard', area: 'rural' } };
          json.classifications = [{ id: 'band', label, options: [{ value: 'low', label, when: below }, { value: 'other', label, when: { all: [] } }] }];
        },
        'dibao/c1',
      ],
      undeterminedWhen: [
        'disability-living.json',
        (json) => {
          json.undeterminedWhen = { id: 'w', message: 'disability.certificate', all: [{ fact: 'age', operator: 'greaterThan', value: 75 }, { fact: 'perCapitaIncome', operator: 'lessThan', value: { param: 'dibao.marginalLine' } }] };
        },
        'disability.living/w',
      ],
      notOverAny: [
        'tekun.json',
        (json) => {
          const rich = { fact: 'perCapitaIncome', operator: 'greaterThan', value: { param: 'dibao.marginalLine', default: '99999' } };
          json.eligibility.all.push({ id: 'x1', message: 'tekun.property', not: { any: [rich, { id: 'x2', message: 'tekun.ownIncome', fact: 'age', operator: 'greaterThan', value: 110 }] } });
        },
        'tekun/x1',
      ],
      supplement: [
        'dibao.json',
        (json) => {
          const young = { id: 'sw', message: 'dibao.refusedWork', any: [{ fact: 'age', operator: 'greaterThanInclusive', value: 60 }, { fact: 'age', operator: 'lessThan', value: 6 }] };
          json.amount.supplements.push({ id: 's2', label, when: young, expr: { mul: [{ param: 'dibao.standard' }, '0.1'] } });
        },
        'dibao/sw',
      ],
    };
    for (const [name, [file, change, rule]] of Object.entries(edits)) {
      const rules = copyRules();
      editJson(join(rules, 'national/programs', file), change);
      const policy = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
      expect(compiledPrograms(policy).interpreted, name).toEqual([]);
      let quoted = 0;
      forGeneratedOf(policy, (household, asOf) => {
        let compiled: string;
        try {
          compiled = canonicalJson(evaluateSync(policy, household, { asOf }));
        } catch (error) {
          if (error instanceof JiuzhuError) return;
          throw error;
        }
        expect(compiled, name).toBe(canonicalJson(evaluateInterpreted(policy, household, { asOf })));
        if (compiled.includes(`"rule":"${rule}"`)) quoted++;
        expect(canonicalJson(screenHousehold(policy, household, asOf)), name).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
      });
      // The edit was reached: some decision quotes the rule it added.
      expect(quoted, name).toBeGreaterThan(0);
    }
  });

  it('decides alike where a test only the place decides fails for some places and holds for others (area, the CPI trigger)', async () => {
    const rules = copyRules();
    // A person program and a household program open to urban households only; the price subsidy's CPI recorded from
    // 2024 at 4%, above its trigger: before, no CPI is recorded and no one qualifies.
    const urbanOnly = { id: 'urban-only', message: 'disability.severe', fact: 'area', operator: 'equal', value: 'urban' };
    editJson(join(rules, 'national/programs/disability-care.json'), (json) => json.eligibility.all.push(urbanOnly));
    editJson(join(rules, 'national/programs/dibao-marginal.json'), (json) => {
      json.eligibility = { all: [json.eligibility, { ...urbanOnly, message: 'dibao.incomeBelowStandard' }] };
    });
    editJson(join(rules, 'national/parameters.json'), (json) => {
      json.parameters['price.cpiYearOnYear'].values = [
        { region: '000000', from: '2024-01-01', value: '4.0', illustrative: true, note: { zh: '测试用，非实际数据', en: 'For this test only, not real data' } },
      ];
    });
    const policy = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    expect(compiledPrograms(policy).interpreted).toEqual([]);
    const granted = new Set<string>();
    forGeneratedOf(policy, (household, asOf) => {
      const screened = screenHousehold(policy, household, asOf);
      expect(canonicalJson(screened)).toBe(canonicalJson(screenHouseholdInterpreted(policy, household, asOf)));
      expect(canonicalJson(evaluateSync(policy, household, { asOf }))).toBe(canonicalJson(evaluateInterpreted(policy, household, { asOf })));
      if (!screened.ok) return;
      for (const program of Object.keys(screened.programs)) granted.add(`${program} ${asOf} ${(household as { area: string }).area}`);
    }, 150);
    console.log([...granted.keys()].sort().join('\n'));
    // Each edit was reached both ways: granted where the place test holds, never where it fails.
    expect(granted.has('disability.care 2025-03-01 urban')).toBe(true);
    expect(granted.has('disability.care 2025-03-01 rural')).toBe(false);
    expect(granted.has('dibao.marginal 2023-06-01 urban')).toBe(true);
    expect(granted.has('dibao.marginal 2023-06-01 rural')).toBe(false);
    expect(granted.has('priceSubsidy 2025-03-01 urban') || granted.has('priceSubsidy 2025-03-01 rural')).toBe(true);
    expect(granted.has('priceSubsidy 2023-06-01 urban') || granted.has('priceSubsidy 2023-06-01 rural')).toBe(false);
  });

  it('compiles every program of every bundled policy (none is left to the interpreted engine)', () => {
    for (const name of [...PROVINCES, 'national']) {
      const policy = policies[name]!;
      expect(compiledPrograms(policy).interpreted, name).toEqual([]);
    }
  });
});

/**
 * Replay decides a compact record with the compiled programs, every program traced (`'all'`): the very bytes the
 * interpreted engine gives — every program's decision with its reason codes, and so the compact outcome a record
 * keeps.
 */
describe('compiled programs trace every program exactly as the interpreted engine (replay of compact records)', () => {
  const expectAlike = (policy: Policy, household: unknown, asOf: string, label?: string) => {
    const checked = checkedOrRefused(household, asOf);
    if (!checked) return; // refused alike: replay reports it before deciding
    const compiled = decideProgramsCompiled(policy, checked, asOf, 'all').programs;
    const reference = decidePrograms(policy, checked, asOf, 'all').programs;
    expect(canonicalJson(compiled), label).toBe(canonicalJson(reference));
    expect(canonicalJson(compactOutcome(compiled)), label).toBe(canonicalJson(compactOutcome(reference)));
  };

  it('gives every program the same decision and reason codes, households with family links and events elsewhere too', () => {
    fc.assert(
      fc.property(fc.oneof(caseArb, familyCaseArb), ({ province, asOf, household }) => expectAlike(policies[province]!, household, asOf)),
      { numRuns: 300 },
    );
  });

  it('decides every golden case and generated populations of every bundled policy alike', () => {
    forGoldenAndGenerated(expectAlike, ['2020-03-01', '2025-03-01'], 7);
  });
});

/**
 * evaluate decides with the compiled programs and explains as the interpreted engine does: the whole decision —
 * every reason with the figures it quotes, each amount's breakdown, the parameters used, citations, messages,
 * warnings — is the interpreted engine's to the byte, or both refuse the input alike.
 */
describe('evaluate (compiled programs, full explanation) gives the interpreted engine\'s decision to the byte', () => {
  const decisionOrRefusal = (evaluateWith: () => unknown): string => {
    try {
      return canonicalJson(evaluateWith());
    } catch (error) {
      if (error instanceof JiuzhuError) return `refused ${canonicalJson(error.issues)}`;
      throw error;
    }
  };
  const expectAlike = (policy: Policy, household: unknown, asOf: string, label?: string) => {
    const compiled = decisionOrRefusal(() => evaluateSync(policy, household, { asOf }));
    const reference = decisionOrRefusal(() => evaluateInterpreted(policy, household, { asOf }));
    expect(compiled, label).toBe(reference);
  };

  it('for random households of every bundled province, with family links and events elsewhere too', () => {
    fc.assert(
      fc.property(fc.oneof(caseArb, familyCaseArb), ({ province, asOf, household }) => expectAlike(policies[province]!, household, asOf)),
      { numRuns: 400 },
    );
  });

  it('for every golden case and generated populations of every bundled policy', () => {
    forGoldenAndGenerated(expectAlike, ['2019-07-01', '2023-06-01', '2025-03-01'], 11);
  });
});
