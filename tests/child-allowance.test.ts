import { describe, expect, it } from 'vitest';
import { checkHousehold, evaluateSync, loadPolicy } from '../src/node/index.js';

const policy = await loadPolicy('guangdong');

/**
 * 民发〔2019〕62号 reads both of a child's parents; those living in the household are members, and `parents` entries
 * describe the others (or, with `memberId`, add to a member's record). A child has two parents: where one entry sits
 * beside two parents at home, the decision must not count a parent twice or guess which one the entry means.
 */
describe('the child allowance reads the parents at home and the parents recorded once each', () => {
  const household = (entry: Record<string, string>): { members: Record<string, unknown>[] } & Record<string, unknown> => ({
    id: 'overlap',
    region: '440100',
    area: 'urban',
    members: [
      { id: 'a1', relation: 'applicant', birthDate: '1985-01-01', incomes: [{ kind: 'wage', amount: '5000.00', period: 'month' }] },
      { id: 's1', relation: 'spouse', birthDate: '1986-01-01', diedOn: '2022-01-01' },
      { id: 'c1', relation: 'child', birthDate: '2015-05-05', parents: [entry] },
    ],
  });
  const childAllowance = (entry: Record<string, string>) => {
    const decision = evaluateSync(policy, household(entry), { asOf: '2023-06-01' });
    return decision.programs.find((program) => program.program === 'childAllowance')!;
  };

  it('takes an entry that says what one parent at home already shows for that parent', () => {
    // The mother who died (s1) is the entry: the father a1 at home can raise the child.
    expect(childAllowance({ relation: 'mother', situation: 'deceased' }).status).toBe('ineligible');
  });

  it('waits for the link where the entry could be either parent at home and the answer turns on which', () => {
    // Seriously ill: if it is a1, both parents are gone or unable (eligible); if it is s1, a1 can raise him.
    const decided = childAllowance({ relation: 'father', situation: 'seriousIllness' });
    expect(decided.status).toBe('undetermined');
    expect(JSON.stringify(decided.reasons)).toContain('parentsOverlap');
  });

  it('decides once the entry names the member it describes', () => {
    expect(childAllowance({ relation: 'father', situation: 'seriousIllness', memberId: 'a1' })).toMatchObject({ status: 'eligible', amount: '2875.00' });
  });

  it('refuses an entry naming a member who is not in the household, or the child itself', () => {
    for (const memberId of ['x9', 'c1']) {
      const result = checkHousehold(household({ relation: 'father', situation: 'present', memberId }));
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain('"memberId"');
    }
  });

  it('decides where the readings differ in a count but not in the answer: a parent able to raise the child in each', () => {
    // The father elsewhere can raise him (present); whichever parent at home the entry means, the answer is no.
    const input = household({ relation: 'father', situation: 'present' });
    input.members[0] = { ...input.members[0], seriousIllness: true };
    const decided = evaluateSync(policy, input, { asOf: '2023-06-01' }).programs.find((program) => program.program === 'childAllowance')!;
    expect(decided.status).toBe('ineligible');
  });
});

describe('the situation of a parent at home as the child allowance counts it', () => {
  const evaluate = (father: Record<string, unknown>, entries: Record<string, string>[] = []) => {
    const decision = evaluateSync(
      policy,
      {
        id: 'at-home',
        region: '440100',
        area: 'urban',
        members: [
          { id: 'g1', relation: 'applicant', birthDate: '1961-01-01', incomes: [{ kind: 'pension', amount: '3000.00', period: 'month' }] },
          { id: 'f1', relation: 'child', birthDate: '1985-01-01', ...father },
          { id: 'm1', relation: 'childInLaw', birthDate: '1986-06-06', diedOn: '2021-03-01' },
          { id: 'c1', relation: 'grandchild', birthDate: '2013-02-02', parents: entries },
        ],
      },
      { asOf: '2023-06-01' },
    );
    return decision.programs.find((program) => program.program === 'childAllowance')!;
  };

  it('a father in prison who is also severely disabled cannot raise the child, whatever the date of the sentence', () => {
    expect(evaluate({ exclusion: 'prison', disability: { category: 'physical', grade: 1 } })).toMatchObject({ status: 'eligible', amount: '2875.00' });
  });

  it('a father in prison since a date not recorded: the answer waits for it', () => {
    expect(evaluate({ exclusion: 'prison' }).status).toBe('undetermined');
  });

  it('a situation recorded as beginning after the date of the decision did not hold on it', () => {
    const entry = { relation: 'father', situation: 'prisonOrDetention', since: '2024-01-01', memberId: 'f1' };
    expect(evaluate({ exclusion: 'prison' }, [entry]).status).toBe('ineligible');
  });
});
