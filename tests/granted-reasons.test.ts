import { describe, expect, it } from 'vitest';
import { loadPolicy, type Policy } from '../src/node/index.js';
import { reasonsWhenGranted } from '../src/core/compiled/grantedReasons.js';

const guangdong = await loadPolicy('guangdong');
const program = (policy: Policy, id: string) => policy.programs.find((p) => p.id === id)!;

/** Guangdong with one national program file's eligibility replaced. */
async function withEligibility(file: string, eligibility: unknown): Promise<Policy> {
  const layers = guangdong.document.layers.map((layer) => ({
    ...layer,
    files: Object.fromEntries(Object.entries(layer.files).map(([name, content]) => [name, name === file ? { ...(content as object), eligibility } : content])),
  }));
  return loadPolicy({ document: { ...guangdong.document, layers } });
}

describe('the reasons a household recognition gives whenever it grants', () => {
  it('are its labelled tests, in order, where each hangs from the root through all and shared conditions', () => {
    expect(reasonsWhenGranted(guangdong, program(guangdong, 'special.education'))).toEqual([
      { rule: 'special.education/in-hardship', passed: true, code: 'special.inHardship', citation: 'mz2022-83.special' },
      { rule: 'special.education/has-student', passed: true, code: 'special.hasStudent', citation: 'mz2022-83.special' },
    ]);
  });

  it('are not known for programs with an amount, person programs, or tests that depend on the household', async () => {
    expect(reasonsWhenGranted(guangdong, program(guangdong, 'dibao'))).toBeUndefined(); // an amount
    expect(reasonsWhenGranted(guangdong, program(guangdong, 'tekun'))).toBeUndefined(); // per member
    expect(reasonsWhenGranted(guangdong, program(guangdong, 'dibao.marginal'))).toBeUndefined(); // labelled tests below labelled ones
    const hasStudent = { id: 'has-student', fact: 'studentMembers', operator: 'greaterThanInclusive', value: 1, message: 'special.hasStudent', citation: 'mz2022-83.special' };
    // Which alternative of an `any` held, and so wrote its reason, depends on the household.
    const either = await withEligibility('programs/special-education.json', { any: [{ condition: 'special.inHardship' }, hasStudent] });
    expect(reasonsWhenGranted(either, program(either, 'special.education'))).toBeUndefined();
    // A labelled test under `not` failed when the program grants.
    const negated = await withEligibility('programs/special-education.json', { all: [{ condition: 'special.inHardship' }, { not: hasStudent }] });
    expect(reasonsWhenGranted(negated, program(negated, 'special.education'))).toBeUndefined();
  });
});
