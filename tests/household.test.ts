import { describe, expect, it } from 'vitest';
import { JiuzhuError, checkHousehold, checkHouseholdText, evaluate, loadPolicy } from '../src/index.js';

const valid = () => ({
  id: 'h1',
  region: '440100',
  area: 'urban',
  members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '1000.00', period: 'month' }] }],
});

describe('household validation reports every problem, with paths and zh/en messages', () => {
  it('a negative amount, an unknown income kind and a bad date: all three at once', () => {
    const household = valid();
    household.members[0]!.birthDate = '1980-02-30';
    household.members[0]!.incomes = [
      { kind: 'wage', amount: '-100.00', period: 'month' },
      { kind: 'wages', amount: '10.00', period: 'month' },
    ];
    const result = checkHousehold(household);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.path.join('.')]).sort()).toEqual([
      ['INVALID_DATE', 'members.0.birthDate'],
      ['INVALID_OPTION', 'members.0.incomes.1.kind'],
      ['NEGATIVE_AMOUNT', 'members.0.incomes.0.amount'],
    ]);
    for (const issue of result.issues) {
      expect(issue.message.zh.length).toBeGreaterThan(0);
      expect(issue.message.en.length).toBeGreaterThan(0);
    }
    expect(result.issues.find((i) => i.code === 'INVALID_OPTION')?.params.didYouMean).toBe('wage');
  });

  it('is strict: an unknown key is an error with the key it probably meant', () => {
    const result = checkHousehold({ ...valid(), memebrs: [] });
    expect(!result.ok && result.issues.find((i) => i.code === 'UNKNOWN_KEY')).toMatchObject({ path: ['memebrs'], params: { didYouMean: 'members' } });
  });

  it('checks money precision, regions, duplicate ids and references to members', () => {
    const household = { ...valid(), region: '4401', enrolments: [{ program: 'dibao', since: '2020-01-01', memberIds: ['m9'] }] };
    household.members.push({ id: 'm1', relation: 'spouse', birthDate: '1982-01-01', incomes: [{ kind: 'wage', amount: '1.005', period: 'month' }] });
    const result = checkHousehold(household);
    expect(!result.ok && result.issues.map((i) => i.code).sort()).toEqual(['DUPLICATE_MEMBER_ID', 'INVALID_REGION', 'TOO_MANY_DECIMALS', 'UNKNOWN_MEMBER']);
  });

  it('reports JSON syntax errors as an issue, not an exception', () => {
    const result = checkHouseholdText('{"id": ');
    expect(!result.ok && result.issues[0]!.code).toBe('INVALID_JSON');
  });

  it('evaluate rejects a bad household or asOf with a JiuzhuError of kind input, and a birth after asOf', async () => {
    const policy = await loadPolicy('guangdong');
    await expect(evaluate(policy, valid(), { asOf: '2023-13-01' })).rejects.toMatchObject({ kind: 'input', issues: [{ code: 'INVALID_AS_OF' }] });
    const unborn = valid();
    unborn.members[0]!.birthDate = '2024-01-01';
    const error = await evaluate(policy, unborn, { asOf: '2023-06-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiuzhuError);
    expect((error as JiuzhuError).issues[0]).toMatchObject({ code: 'BIRTH_AFTER_AS_OF', path: ['members', 0, 'birthDate'] });
  });
});
