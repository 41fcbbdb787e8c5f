import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkHousehold, evaluateSync, loadPolicy, screenHousehold, type Policy, type ScreenOutcome, type ScreenResult, type Issue } from '../../src/node/index.js';
import { ableToWork } from '../../src/core/facts/monitoringFacts.js';
import { tallyFindings, type FindingsTally } from '../../src/core/screen/findings.js';
import { copyRules, editJson, textAt } from '../helpers/ruleCopy.js';

// Dynamic management (动态管理) in screening: 增发/减发, 复核 due, a recipient who died. Figures from the rules:
// Guangzhou's 2025 standard is 1309.00, so one person earning 309.00 a month is entitled to 1000.00 of 低保.
let guangdong: Policy;
beforeAll(async () => {
  guangdong = await loadPolicy('guangdong');
});

const AS_OF = '2025-03-01';
const applicant = (extra: Record<string, unknown> = {}) => ({
  id: 'm1',
  relation: 'applicant',
  birthDate: '1980-01-01',
  incomes: [{ kind: 'wage', amount: '309.00', period: 'month' }],
  ...extra,
});
const household = (enrolment: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'h',
  region: '440100',
  area: 'urban',
  members: [applicant()],
  enrolments: [{ program: 'dibao', since: '2024-01-01', ...enrolment }],
  ...extra,
});
const screened = (input: unknown, asOf = AS_OF): ScreenResult => {
  const outcome: ScreenOutcome = screenHousehold(guangdong, input, asOf);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome;
};

describe('增发 / 减发: the recorded monthly amount against the entitlement now', () => {
  it('an amount recorded below the entitlement is an increase, above it a decrease, with both figures and the difference', () => {
    expect(screened(household({ monthlyAmount: '880.5' })).adjust).toEqual([
      {
        program: 'dibao',
        code: 'screen.amountIncrease',
        direction: 'increase',
        recorded: '880.50',
        entitled: '1000.00',
        difference: '119.50',
        members: [],
        message: {
          zh: '最低生活保障：登记的月发放金额为 880.50 元，按现行规定应为 1000.00 元，应增发 119.50 元。',
          en: 'Minimum living allowance (低保): the recorded monthly amount is 880.50 yuan, the rules in force give 1000.00 yuan: increase it by 119.50 yuan (增发).',
        },
        citation: 'mz2021-57',
      },
    ]);
    expect(screened(household({ monthlyAmount: '1000.01' })).adjust).toEqual([
      expect.objectContaining({ code: 'screen.amountDecrease', direction: 'decrease', recorded: '1000.01', entitled: '1000.00', difference: '0.01' }),
    ]);
  });

  it('an amount equal to the entitlement, or none recorded, is no finding', () => {
    expect(screened(household({ monthlyAmount: '1000.00' })).adjust).toEqual([]);
    expect(screened(household({ monthlyAmount: '1000' })).adjust).toEqual([]);
    expect(screened(household({})).adjust).toEqual([]);
  });

  it('a program no longer granted stays a review, with no amount to adjust; an enrolment not yet in force is neither', () => {
    const richer = screened(household({ monthlyAmount: '500.00' }, { members: [applicant({ incomes: [{ kind: 'wage', amount: '3000.00', period: 'month' }] })] }));
    expect(richer.review.map((f) => f.program)).toEqual(['dibao']);
    expect(richer.adjust).toEqual([]);
    expect(screened(household({ since: '2025-04-01', monthlyAmount: '500.00' })).adjust).toEqual([]);
  });

  it('member by member: the named members’ amounts are compared with the enrolment’s', () => {
    // m2 is 90, severely disabled and needs full care, with no supporter: 特困 for m2 alone.
    const m2 = {
      id: 'm2',
      relation: 'sibling',
      birthDate: '1935-01-01',
      disability: { grade: 1, category: 'physical' },
      selfCare: { eating: false, dressing: false, transferring: false, toileting: false, walkingIndoors: false, bathing: false },
    };
    const base = { id: 'h', region: '440100', area: 'urban', members: [applicant({ incomes: [{ kind: 'wage', amount: '5000.00', period: 'month' }] }), m2] };
    const tekun = evaluateSync(guangdong, base, { asOf: AS_OF }).programs.find((p) => p.program === 'tekun')!;
    const entitled = tekun.members.find((m) => m.memberId === 'm2')!.amount;
    expect(Number(entitled)).toBeGreaterThan(100);
    const enrolled = (monthlyAmount: string) => ({ ...base, enrolments: [{ program: 'tekun', since: '2023-01-01', memberIds: ['m2'], monthlyAmount }] });
    expect(screened(enrolled(entitled)).adjust).toEqual([]);
    expect(screened(enrolled('100.00')).adjust).toEqual([
      expect.objectContaining({ program: 'tekun', direction: 'increase', recorded: '100.00', entitled, members: ['m2'] }),
    ]);
  });
});

describe('复核 due: from the last review (else approval, else start) plus 12 months, or 6 for unstable income with a member able to work', () => {
  it('due exactly on asOf is a finding; the day before it is not yet due', () => {
    const due = screened(household({ lastReviewed: '2024-03-01' })).reviewDue;
    expect(due).toEqual([
      {
        id: 'dibao.review.yearly',
        program: 'dibao',
        code: 'screen.reviewDue',
        from: '2024-03-01',
        basis: 'lastReviewed',
        months: 12,
        due: '2025-03-01',
        illustrative: false,
        message: {
          zh: '最低生活保障：低保家庭每 12 个月复核一次，自上次复核（2024-03-01）起算，应于 2025-03-01 复核，已到期。',
          en: 'Minimum living allowance (低保): a 低保 family is reviewed every 12 months; counted from the last review (2024-03-01), the review was due on 2025-03-01.',
        },
        citation: 'mz2021-57.dynamic',
      },
    ]);
    expect(screened(household({ lastReviewed: '2024-03-02' })).reviewDue).toEqual([]);
    expect(screened(household({ lastReviewed: '2024-03-01' }), '2025-02-28').reviewDue).toEqual([]);
  });

  it('6 months with unstable income and a member able to work; 12 without either', () => {
    const reviewed = { lastReviewed: '2024-09-01' };
    expect(screened(household(reviewed, { incomeUnstable: true })).reviewDue).toEqual([
      expect.objectContaining({ id: 'dibao.review.unstableIncome', months: 6, due: '2025-03-01' }),
    ]);
    expect(screened(household(reviewed, { incomeUnstable: false })).reviewDue).toEqual([]);
    expect(screened(household(reviewed)).reviewDue).toEqual([]);
    // unstable income, but no one able to work (65, or severely disabled): the yearly review
    for (const member of [applicant({ birthDate: '1960-01-01' }), applicant({ disability: { grade: 2, category: 'physical' } })]) {
      expect(screened(household(reviewed, { incomeUnstable: true, members: [member] })).reviewDue).toEqual([]);
      expect(screened(household({ lastReviewed: '2024-03-01' }, { incomeUnstable: true, members: [member] })).reviewDue).toEqual([
        expect.objectContaining({ id: 'dibao.review.yearly', months: 12 }),
      ]);
    }
  });

  it('counts from the approval, else the start of payment, when no review is recorded; a review dated after asOf has not happened', () => {
    expect(screened(household({ since: '2024-04-01', approvedOn: '2024-02-20' })).reviewDue).toEqual([
      expect.objectContaining({ from: '2024-02-20', basis: 'approvedOn', due: '2025-02-20' }),
    ]);
    expect(screened(household({ since: '2024-02-01' })).reviewDue).toEqual([expect.objectContaining({ from: '2024-02-01', basis: 'since', due: '2025-02-01' })]);
    expect(screened(household({ since: '2024-02-01', lastReviewed: '2025-05-01' })).reviewDue).toEqual([expect.objectContaining({ basis: 'since' })]);
  });

  it('only for the programs the screening rules review, and only for enrolled households', () => {
    expect(screened({ ...household({}), enrolments: [] }).reviewDue).toEqual([]);
    const m2 = { id: 'm2', relation: 'child', birthDate: '2010-01-01', disability: { grade: 1, category: 'physical' } };
    const disabled = screened({ ...household({}), members: [applicant(), m2], enrolments: [{ program: 'disability.living', since: '2020-01-01', memberIds: ['m2'] }] });
    expect(disabled.reviewDue).toEqual([]);
  });
});

describe('a recipient who died: the family re-checked and the amount settled within 3 months (民发〔2022〕83号)', () => {
  const withDeath = (diedOn: string, enrolment: Record<string, unknown> = {}, name?: string) =>
    household(enrolment, { members: [applicant(), { id: 'm2', relation: 'spouse', birthDate: '1950-01-01', diedOn, ...(name ? { name } : {}) }] });

  it('a death 3 months ago: re-check by asOf, not overdue; 3 months and a day: overdue', () => {
    expect(screened(withDeath('2024-12-01')).deceased).toEqual([
      {
        id: 'dibao.recipientDied',
        program: 'dibao',
        code: 'screen.recipientDied',
        member: 'm2',
        diedOn: '2024-12-01',
        by: '2025-03-01',
        overdue: false,
        months: 3,
        illustrative: false,
        message: {
          zh: '最低生活保障：低保对象死亡。m2 于 2024-12-01 死亡，应重新核查家庭，并于 2025-03-01 前办理增发、减发或停发。',
          en: 'Minimum living allowance (低保): a 低保 recipient has died. m2 died on 2024-12-01: the family must be re-checked and the allowance increased, decreased or stopped by 2025-03-01.',
        },
        citation: 'mz2022-83.dynamic',
      },
    ]);
    const late = screened(withDeath('2024-11-30', {}, '王芳')).deceased[0]!;
    expect(late).toMatchObject({ by: '2025-02-28', overdue: true });
    expect(late.message.zh).toContain('m2（王芳） 于 2024-11-30 死亡');
    expect(late.message.zh).toContain('（已逾期）');
  });

  it('not when the enrolment did not cover the member: named others, began after the death, or was reviewed since', () => {
    expect(screened(withDeath('2024-12-01', { memberIds: ['m1'] })).deceased).toEqual([]);
    expect(screened(withDeath('2023-06-01', { since: '2024-01-01' })).deceased).toEqual([]);
    expect(screened(withDeath('2024-12-01', { lastReviewed: '2025-01-15' })).deceased).toEqual([]);
    expect(screened(withDeath('2024-12-01', { memberIds: ['m1', 'm2'] })).deceased).toHaveLength(1);
    expect(screened({ ...withDeath('2024-12-01'), enrolments: [] }).deceased).toEqual([]);
  });

  it('the death changes what the family is entitled to: a recorded amount for two is a decrease', () => {
    const two = { id: 'h', region: '440100', area: 'urban', members: [applicant(), { id: 'm2', relation: 'spouse', birthDate: '1985-01-01' }] };
    const before = evaluateSync(guangdong, two, { asOf: AS_OF }).programs.find((p) => p.program === 'dibao')!.amount;
    const result = screened(withDeath('2025-01-10', { monthlyAmount: before }));
    expect(result.adjust).toEqual([expect.objectContaining({ direction: 'decrease', recorded: before, entitled: '1000.00' })]);
    expect(result.deceased).toHaveLength(1);
  });
});

describe('counted in the tally', () => {
  it('a household once per program and kind, with what the increases and decreases come to', () => {
    const tally: FindingsTally = {};
    tallyFindings(tally, screened(household({ monthlyAmount: '900.00', lastReviewed: '2023-01-01' })));
    tallyFindings(tally, screened(household({ monthlyAmount: '1100.50', lastReviewed: '2024-12-01' }, { members: [applicant(), { id: 'm2', relation: 'spouse', birthDate: '1950-01-01', diedOn: '2025-02-01' }] })));
    tallyFindings(tally, screened(household({ monthlyAmount: '990.00', lastReviewed: '2024-12-01' })));
    expect(tally.dibao).toMatchObject({ increase: 2, decrease: 1, increaseAmount: '110.00', decreaseAmount: '100.50', reviewDue: 1, deceased: 1 });
  });
});

describe('membersAbleToWork (who makes an unstable-income family a 6-month one)', () => {
  const member = (extra: Record<string, unknown>) => {
    const checked = checkHousehold({ id: 'h', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-03-01', ...extra }] });
    if (!checked.ok) throw new Error('invalid');
    return checked.household.members[0]!;
  };
  it('is 16 to 59, not disabled grade 1–2, not seriously ill, not in full-time education', () => {
    expect(ableToWork(member({ birthDate: '2009-03-01' }), AS_OF)).toBe(true); // 16 today
    expect(ableToWork(member({ birthDate: '2009-03-02' }), AS_OF)).toBe(false); // 15
    expect(ableToWork(member({ birthDate: '1965-03-02' }), AS_OF)).toBe(true); // 59
    expect(ableToWork(member({ birthDate: '1965-03-01' }), AS_OF)).toBe(false); // 60 today
    expect(ableToWork(member({ disability: { grade: 2, category: 'visual' } }), AS_OF)).toBe(false);
    expect(ableToWork(member({ disability: { grade: 3, category: 'visual' } }), AS_OF)).toBe(true);
    expect(ableToWork(member({ seriousIllness: true }), AS_OF)).toBe(false);
    expect(ableToWork(member({ birthDate: '2005-01-01', student: { level: 'undergraduate' } }), AS_OF)).toBe(false);
    expect(ableToWork(member({ birthDate: '2005-01-01', student: { level: 'undergraduate', fullTime: false } }), AS_OF)).toBe(true);
  });
});

describe('the screening rules are checked when the policy loads', () => {
  it('a review naming a program, parameter or citation that does not exist, or an interval that is not months, is a policy error', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national', 'screening', 'management.json'), (json) => {
      json.reviews[0].program = 'dibaoo';
      json.reviews[1].interval = 'dibao.standard';
      json.deaths[0].citation = 'mz2022-83.dead';
    });
    const error = await loadPolicy({ dir: join(rules, 'provinces', 'guangdong') }).catch((e: unknown) => e);
    const issues = (error as { issues: Issue[] }).issues;
    const codes = issues.map((i) => `${i.code} ${i.path.join('.')}`);
    expect(codes).toEqual(
      expect.arrayContaining(['UNKNOWN_PROGRAM reviews.0.program', 'PARAMETER_VALUE_TYPE reviews.1.interval', 'UNKNOWN_CITATION deaths.0.citation']),
    );
    // Each at its place in the file (file:line:column): the value written wrong.
    const at = (code: string) => textAt(rules, issues.find((i) => i.code === code)!);
    expect([at('UNKNOWN_PROGRAM'), at('PARAMETER_VALUE_TYPE'), at('UNKNOWN_CITATION')]).toEqual(['"dibaoo",', '"dibao.standard",', '"mz2022-83.dead"']);
    expect(issues.find((i) => i.code === 'UNKNOWN_PROGRAM')!.file).toBe('national/screening/management.json');
  });
});
