// What the types promise, checked by `tsc --noEmit` in `npm test`: each `@ts-expect-error` fails the type check if
// the line below it ever compiles (a misspelt name that slipped through).
import { describe, expect, it } from 'vitest';
import { makeIssue, type BundledPolicyName, type BundledProgramId, type Issue, type ProgramDecision, type ProgramStatus, type ReasonCode } from '../src/index.js';
import { loadPolicy } from '../src/node/index.js';

describe('the types', () => {
  it('refuse a misspelt policy name, status, program id or reason code where one is asked for', async () => {
    const name: BundledPolicyName = 'guangdong';
    // @ts-expect-error not a bundled policy
    const typo: BundledPolicyName = 'guangdnog';
    // @ts-expect-error not a bundled policy
    await expect(loadPolicy('guangxi')).rejects.toMatchObject({ kind: 'policy' });
    const status: ProgramStatus = 'eligible';
    // @ts-expect-error not a status
    const wrongStatus: ProgramStatus = 'eligable';
    const program: BundledProgramId = 'dibao.single';
    // @ts-expect-error not a bundled program
    const wrongProgram: BundledProgramId = 'dibao.singel';
    const code: ReasonCode = 'dibao.incomeBelowStandard';
    // @ts-expect-error not a reason code
    const wrongCode: ReasonCode = 'dibao.incomeBelowStandrd';
    // The decision's program field autocompletes the bundled ids and still takes a rule file's own.
    const own: ProgramDecision['program'] = 'myCityHeatingSubsidy';
    expect([name, typo, status, wrongStatus, program, wrongProgram, code, wrongCode, own]).toHaveLength(9);
  });

  it("type an issue's params by its code", () => {
    const some = (found: Issue): Issue => found; // an issue of any code, as JiuzhuError.issues holds them
    const issue = some(makeIssue('UNKNOWN_KEY', ['membres'], { key: 'membres', didYouMean: 'members' }));
    // @ts-expect-error an issue of any code may have no `didYouMean`: narrow by code first
    expect(issue.params.didYouMean).toBe('members');
    if (issue.code === 'UNKNOWN_KEY') expect([issue.params.key, issue.params.didYouMean]).toEqual(['membres', 'members']);
    // @ts-expect-error UNKNOWN_KEY speaks of `key`, not `name`
    makeIssue('UNKNOWN_KEY', [], { name: 'x' });
  });
});
