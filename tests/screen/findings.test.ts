import { describe, expect, it } from 'vitest';
import { mergeFindings, tallyFindings, type FindingsTally } from '../../src/core/screen/findings.js';

const finding = (program: string, amount = '0.00') => ({ program, amount, members: [], reasons: [] });
/** The counts of dynamic management, all nothing: most households are enrolled in nothing. */
const NONE = { undetermined: 0, missedAmountPending: 0, missedAmountPendingOn: {}, increase: 0, decrease: 0, increaseAmount: '0.00', decreaseAmount: '0.00', reviewDue: 0, deceased: 0 };
const warning = (program: string) => ({ id: `${program}.band`, program, fact: 'perCapitaIncome', value: '1', line: '1', upTo: '1.1', illustrative: false });

describe('findings tally', () => {
  it('counts a household once per program and kind, and adds tallies', () => {
    const tally: FindingsTally = {};
    tallyFindings(tally, { missed: [finding('dibao', '1000.00'), finding('tekun', '0.10')], review: [], warn: [warning('dibao'), warning('dibao')] });
    tallyFindings(tally, { missed: [finding('dibao', '309.05')], review: [finding('tekun')], warn: [] });
    expect(tally).toEqual({
      dibao: { missed: 2, review: 0, warn: 1, missedAmount: '1309.05', ...NONE },
      tekun: { missed: 1, review: 1, warn: 0, missedAmount: '0.10', ...NONE },
    });
    const run: FindingsTally = {};
    mergeFindings(run, tally);
    mergeFindings(run, tally);
    expect(run.dibao).toEqual({ missed: 4, review: 0, warn: 2, missedAmount: '2618.10', ...NONE });
  });

  it('adds amounts exactly, also past what whole fen in a JS number can hold', () => {
    const tally: FindingsTally = { dibao: { missed: 1, review: 0, warn: 0, missedAmount: '90071992547409.91', ...NONE } };
    tallyFindings(tally, { missed: [finding('dibao', '0.10')], review: [], warn: [] });
    expect(tally.dibao!.missedAmount).toBe('90071992547410.01');
  });

  it('counts the households a program could not decide for, once each: the follow-up is recording what is missing', () => {
    const tally: FindingsTally = {};
    const programs = { 'dibao.gradualExit': { status: 'undetermined' as const, amount: '0.00' }, dibao: { status: 'eligible' as const, amount: '500.00' } };
    tallyFindings(tally, { programs, missed: [], review: [], warn: [] });
    tallyFindings(tally, { programs, missed: [], review: [], warn: [] });
    expect(tally).toEqual({ 'dibao.gradualExit': { missed: 0, review: 0, warn: 0, missedAmount: '0.00', ...NONE, undetermined: 2 } });
    const run: FindingsTally = {};
    mergeFindings(run, tally);
    expect(run['dibao.gradualExit']!.undetermined).toBe(2);
  });

  it('a program found missed whose amount waits (特困 before the self-care assessment) is missed, not undetermined, and counted as pending', () => {
    const tally: FindingsTally = {};
    const programs = { tekun: { status: 'undetermined' as const, amount: '0.00' } };
    tallyFindings(tally, { programs, missed: [{ ...finding('tekun'), members: ['m4'], amountPending: ['missingFact:selfCareFailedItems'] }], review: [], warn: [] });
    expect(tally.tekun).toEqual({ missed: 1, review: 0, warn: 0, missedAmount: '0.00', ...NONE, missedAmountPending: 1, missedAmountPendingOn: { 'missingFact:selfCareFailedItems': 1 } });
    const run: FindingsTally = {};
    mergeFindings(run, tally);
    mergeFindings(run, tally);
    expect(run.tekun).toEqual({ missed: 2, review: 0, warn: 0, missedAmount: '0.00', ...NONE, missedAmountPending: 2, missedAmountPendingOn: { 'missingFact:selfCareFailedItems': 2 } });
  });

  it('a program named like a property every object has is counted as any other', () => {
    const tally: FindingsTally = {};
    tallyFindings(tally, { missed: [finding('toString'), finding('constructor')], review: [], warn: [] });
    expect(Object.hasOwn(tally, 'toString') && tally.toString).toEqual({ missed: 1, review: 0, warn: 0, missedAmount: '0.00', ...NONE });
    expect(tally.constructor).toEqual({ missed: 1, review: 0, warn: 0, missedAmount: '0.00', ...NONE });
    expect(Object.prototype.hasOwnProperty.call(Object.prototype.toString, 'missed')).toBe(false);
  });
});
