import { describe, expect, it } from 'vitest';
import { mergeFindings, tallyFindings, type FindingsTally } from '../../src/screen/findings.js';

const finding = (program: string) => ({ program, amount: '0.00', members: [], reasons: [] });
const warning = (program: string) => ({ id: `${program}.band`, program, fact: 'perCapitaIncome', value: '1', line: '1', upTo: '1.1', illustrative: false });

describe('findings tally', () => {
  it('counts a household once per program and kind, and adds tallies', () => {
    const tally: FindingsTally = {};
    tallyFindings(tally, { missed: [finding('dibao'), finding('tekun')], review: [], warn: [warning('dibao'), warning('dibao')] });
    tallyFindings(tally, { missed: [finding('dibao')], review: [finding('tekun')], warn: [] });
    expect(tally).toEqual({ dibao: { missed: 2, review: 0, warn: 1 }, tekun: { missed: 1, review: 1, warn: 0 } });
    const run: FindingsTally = {};
    mergeFindings(run, tally);
    mergeFindings(run, tally);
    expect(run.dibao).toEqual({ missed: 4, review: 0, warn: 2 });
  });

  it('a program named like a property every object has is counted as any other', () => {
    const tally: FindingsTally = {};
    tallyFindings(tally, { missed: [finding('toString'), finding('constructor')], review: [], warn: [] });
    expect(Object.hasOwn(tally, 'toString') && tally.toString).toEqual({ missed: 1, review: 0, warn: 0 });
    expect(tally.constructor).toEqual({ missed: 1, review: 0, warn: 0 });
    expect(Object.prototype.hasOwnProperty.call(Object.prototype.toString, 'missed')).toBe(false);
  });
});
