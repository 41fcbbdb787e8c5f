import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompileEnv } from '../../src/core/engine/compileEnv.js';
import { compileCondition } from '../../src/core/engine/conditions.js';
import { EvaluationContext } from '../../src/core/engine/context.js';
import { checkEvaluationInput } from '../../src/core/engine/evaluate.js';
import { undeterminedDetail } from '../../src/core/engine/signals.js';
import { loadPolicy, type Policy } from '../../src/index.js';
import type { ConditionInput } from '../../src/core/policy/schema.js';

const AS_OF = '2025-03-01';
let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy('guangdong');
});

// Leaves that hold, fail, and cannot be decided (Guangdong sets no 低保 vehicle cap: the parameter is not in force).
const HOLDS: ConditionInput = { fact: 'countedMembers', operator: 'greaterThan', value: 0 };
const FAILS: ConditionInput = { fact: 'countedMembers', operator: 'greaterThan', value: 100 };
const UNDECIDED: ConditionInput = { fact: 'countedMembers', operator: 'lessThan', value: { param: 'dibao.property.vehicleValueCap' } };

const { tree } = fc.letrec<{ tree: ConditionInput }>((node) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(HOLDS, FAILS, UNDECIDED),
    fc.array(node('tree'), { maxLength: 4 }).map((all) => ({ all })),
    fc.array(node('tree'), { maxLength: 4 }).map((any) => ({ any })),
    node('tree').map((not) => ({ not })),
    fc.tuple(node('tree'), fc.integer({ min: 1, max: 9 })).map(([inner, n]) => ({ ...inner, id: `c${n}` })),
  ),
}));

function env(): CompileEnv {
  return {
    file: 'test.json',
    issues: [],
    level: 'household',
    programId: 'test',
    allowFacts: true,
    parameterNames: new Set(policy.parameters.keys()),
    incomeBases: new Set(),
    programIds: new Set(),
    citations: new Set(),
    messages: new Set(),
    sharedConditions: new Map(),
    compiledShared: new Map(),
    compilingShared: new Set(),
    steps: new Set(),
    rounding: { places: 2, mode: 'halfUp' },
    readsPrograms: new Set(),
    readsParameters: new Set(),
    writtenIn: new WeakMap(),
  };
}

describe('short-cut evaluation (screening) and traced evaluation (evaluate) decide alike', () => {
  it('for any tree of all/any/not over tests that hold, fail or cannot be decided: the same value, or both undetermined', () => {
    const household = checkEvaluationInput(
      { id: 'h', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1970-01-01' }] },
      AS_OF,
    );
    const outcome = (condition: ReturnType<typeof compileCondition>, traced: boolean) => {
      const ctx = new EvaluationContext(policy, household, AS_OF);
      ctx.trace = traced ? [] : null;
      try {
        return String(condition(ctx, undefined));
      } catch (error) {
        return `undetermined ${JSON.stringify(undeterminedDetail(error))}`;
      }
    };
    expect(outcome(compileCondition(UNDECIDED, [], env()), true)).toMatch(/^undetermined .*vehicleValueCap/);
    fc.assert(
      fc.property(tree, (node) => {
        const compileEnv = env();
        const condition = compileCondition(node, [], compileEnv);
        expect(compileEnv.issues).toEqual([]);
        expect(outcome(condition, false)).toBe(outcome(condition, true));
      }),
      { numRuns: 500 },
    );
  });
});
