import { describe, expect, it } from 'vitest';
import { JiuzhuError, evaluateSync, loadPolicy, renderExplanation, servicePurchaseCap, type Decision } from '../src/index.js';

const guangdong = await loadPolicy('guangdong');
const program = (d: Decision, id: string) => d.programs.find((p) => p.program === id)!;
const member = (d: Decision, id: string, m: string) => program(d, id).members.find((x) => x.memberId === m);

const achieved = { eating: true, dressing: true, transferring: true, toileting: true, walkingIndoors: true, bathing: true };
const zhongshanElder = (selfCare: Record<string, boolean>) => ({
  id: 'zs-elder',
  region: '442000',
  area: 'urban',
  members: [
    {
      id: 'm1',
      relation: 'applicant',
      birthDate: '1948-09-10',
      incomes: [{ kind: 'centralBasicPension', amount: '170.00', period: 'month' }],
      selfCare: { ...achieved, ...selfCare },
    },
  ],
});

describe('特困 (issue 3 example): a 72-year-old living alone in Zhongshan, 2021-03-01', () => {
  it('is eligible with partial loss of self-care; basic living 1792.00 and the care part shown separately, flagged illustrative', () => {
    const decision = evaluateSync(guangdong, zhongshanElder({ bathing: false, dressing: false, toileting: false }), { asOf: '2021-03-01' });
    const tekun = program(decision, 'tekun');
    expect(tekun.status).toBe('eligible');
    const steps = Object.fromEntries(member(decision, 'tekun', 'm1')!.steps!.map((s) => [s.id, s.value]));
    expect(steps.basic).toBe('1792'); // 1.6 × 1120
    expect(steps.care).toBe('412'); // 4944 a year ÷ 12: the partial-loss rate
    expect(tekun.reasons.find((r) => r.rule === 'tekun/self-care-grade')).toMatchObject({ factValue: 'partial', note: true });
    expect(tekun.reasons.find((r) => r.rule === 'tekun/self-care-items')?.factValue).toBe('dressing, toileting, bathing');
    expect(decision.parameters.find((p) => p.name === 'tekun.care.dispersed.partial')).toMatchObject({ illustrative: true });
    expect(decision.warnings.find((w) => w.code === 'ILLUSTRATIVE_PARAMETERS')?.params.names).toContain('tekun.care.dispersed.partial');
    expect(decision.circle.circle).toBe('absolute');
    expect(renderExplanation(decision, 'zh')).toContain('不能自主完成的项目：自主穿衣、自主如厕、自主洗澡');
  });

  it('failing a fourth item gives full loss', () => {
    const decision = evaluateSync(guangdong, zhongshanElder({ bathing: false, dressing: false, toileting: false, eating: false }), { asOf: '2021-03-01' });
    const steps = Object.fromEntries(member(decision, 'tekun', 'm1')!.steps!.map((s) => [s.id, s.value]));
    expect(program(decision, 'tekun').reasons.find((r) => r.rule === 'tekun/self-care-grade')?.factValue).toBe('full');
    expect(steps.care).toBe('721'); // 8652 ÷ 12
  });

  it('Guangzhou 2023: 1238 × 1.6 = 1980.8 is paid as 1981 (whole yuan, half up)', () => {
    const household = { ...zhongshanElder({}), region: '440100' };
    const decision = evaluateSync(guangdong, household, { asOf: '2023-06-01' });
    expect(member(decision, 'tekun', 'm1')!.steps!.find((s) => s.id === 'basic')?.value).toBe('1981');
  });
});

describe('特困: a supporter in the household is read on the decision date', () => {
  // A 72-year-old with a working spouse (6000.00 a month): the spouse can support, unless the spouse is 特困.
  const couple = (enrolments: { program: string; since: string; memberIds: string[] }[]) => ({
    ...zhongshanElder({}),
    members: [...zhongshanElder({}).members, { id: 'm2', relation: 'spouse', birthDate: '1950-01-01', incomes: [{ kind: 'wage', amount: '6000.00', period: 'month' }] }],
    enrolments,
  });
  const tekunOf = (enrolments: Parameters<typeof couple>[0]) => member(evaluateSync(guangdong, couple(enrolments), { asOf: '2025-03-01' }), 'tekun', 'm1')?.status;

  it('a spouse enrolled in 特困 cannot support: the elder qualifies', () => {
    expect(tekunOf([{ program: 'tekun', since: '2020-01-01', memberIds: ['m2'] }])).toBe('eligible');
  });

  it('an enrolment that starts after the decision date does not count yet: the spouse can support', () => {
    expect(tekunOf([])).toBe('ineligible');
    expect(tekunOf([{ program: 'tekun', since: '2026-01-01', memberIds: ['m2'] }])).toBe('ineligible');
  });
});

describe('残疾人两项补贴 (issue 3 example)', () => {
  const family = (tekun: boolean) => ({
    id: 'gd-disabled',
    region: '440100',
    area: 'urban',
    members: [
      { id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '1000.00', period: 'month' }] },
      {
        id: 'm2',
        relation: 'sibling',
        birthDate: tekun ? '1950-01-01' : '1985-01-01',
        disability: { grade: 1, category: 'physical' },
        selfCare: achieved,
        // a mother of 60 who can support, so the member is not 特困 unless old enough to have no one (below)
        supporters: tekun ? [] : [{ relation: 'parent', birthDate: '1965-01-01', monthlyIncome: '5000.00' }],
      },
    ],
  });

  it('a grade-1 member of a 低保 family gets living 209 + care 280 in 2025 and 217 + 290 in 2026', () => {
    const in2025 = evaluateSync(guangdong, family(false), { asOf: '2025-06-01' });
    expect(program(in2025, 'dibao').eligible).toBe(true);
    expect(member(in2025, 'disability.living', 'm2')?.amount).toBe('209.00');
    expect(member(in2025, 'disability.care', 'm2')?.amount).toBe('280.00');
    const in2026 = evaluateSync(guangdong, family(false), { asOf: '2026-03-01' });
    expect(member(in2026, 'disability.living', 'm2')?.amount).toBe('217.00');
    expect(member(in2026, 'disability.care', 'm2')?.amount).toBe('290.00');
  });

  it('the same person as a 特困 person gets neither, with the exclusion cited', () => {
    const decision = evaluateSync(guangdong, family(true), { asOf: '2025-06-01' });
    expect(member(decision, 'tekun', 'm2')?.eligible).toBe(true);
    for (const id of ['disability.living', 'disability.care']) {
      expect(member(decision, id, 'm2')?.eligible).toBe(false);
      expect(program(decision, id).reasons.find((r) => r.memberId === 'm2' && r.code === 'jiuzhu.excludedBy')).toMatchObject({
        passed: false,
        citation: 'gf2015-52',
        params: { program: 'tekun' },
      });
    }
    // and the 特困 person is left out of the family's 低保 amount
    expect(program(decision, 'dibao').members.map((m) => m.memberId)).toEqual(['m1']);
    expect(renderExplanation(decision, 'zh')).toContain('符合“特困人员救助供养”的条件，本项目不再给予。（《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号））');
  });
});

describe('the 5% service-purchase cap (issue 3 example)', () => {
  const plan = (amounts: string[]) => ({
    lastYearAssistanceExpenditure: '12345678.00',
    purchases: amounts.map((amount, i) => ({ id: `p${i + 1}`, amount })),
  });

  it('cap 617283.90; plans totalling exactly the cap pass', () => {
    const result = servicePurchaseCap(plan(['600000.00', '17283.90']));
    expect(result).toMatchObject({ cap: '617283.90', total: '617283.90', headroom: '0.00', withinCap: true, exceededBy: '0.00' });
    expect(result.lines.every((l) => !l.exceedsCap)).toBe(true);
  });

  it('one more fen is reported as exceeding by 0.01, on the line that crossed', () => {
    const result = servicePurchaseCap(plan(['600000.00', '17283.90', '0.01']));
    expect(result).toMatchObject({ withinCap: false, exceededBy: '0.01', headroom: '-0.01' });
    expect(result.lines.map((l) => l.exceedsCap)).toEqual([false, false, true]);
  });

  it('rejects a bad plan with every problem', () => {
    expect(() => servicePurchaseCap({ lastYearAssistanceExpenditure: '-1', purchases: [{ id: 'x', amount: '1.001' }] })).toThrowError(/2 problem/);
  });

  it('a rate is a share in (0, 1] and a purchase id names one line: "5" (a 500% cap), "-0.05" and a repeated id are refused', () => {
    const codes = (plan: Parameters<typeof servicePurchaseCap>[0]) => {
      try {
        servicePurchaseCap(plan);
        return [];
      } catch (error) {
        return (error as JiuzhuError).issues.map((i) => [i.code, i.path]);
      }
    };
    const purchases = [{ id: 'p1', amount: '100.00' }];
    expect(codes({ lastYearAssistanceExpenditure: '1000.00', purchases, rate: '5' })).toEqual([['SHARE_OUT_OF_RANGE', ['rate']]]);
    expect(codes({ lastYearAssistanceExpenditure: '1000.00', purchases, rate: '-0.05' })).toEqual([['SHARE_OUT_OF_RANGE', ['rate']]]);
    expect(codes({ lastYearAssistanceExpenditure: '1000.00', purchases, rate: '0' })).toEqual([['SHARE_OUT_OF_RANGE', ['rate']]]);
    expect(codes({ lastYearAssistanceExpenditure: '1000.00', purchases, rate: '1' })).toEqual([]);
    expect(codes({ lastYearAssistanceExpenditure: '1000.00', purchases: [...purchases, { id: 'p1', amount: '1.00' }] })).toEqual([['DUPLICATE_ID', ['purchases', 1, 'id']]]);
  });
});

describe('a program granted before its validity could be read', () => {
  // An officer's edit can leave a program in force before the parameter giving how long its recognition lasts
  // (`validity`): the grant cannot be dated, so the program is undetermined — and an undetermined program grants
  // nothing. Case 53 (Shenzhen Pingshan, 2025-06-01) is recognised as a 刚性支出困难家庭 with the shipped rules.
  it('is undetermined with nothing granted, in evaluate and in screening alike', async () => {
    const { copyRules, editJson } = await import('./helpers/ruleCopy.js');
    const { join } = await import('node:path');
    const { readFileSync } = await import('node:fs');
    const { loadPolicy: loadFolder, screenHousehold } = await import('../src/node/index.js');
    const rules = copyRules();
    const later = (values: { from: string }[]) => values.forEach((v) => (v.from = '2026-01-01'));
    editJson(join(rules, 'national/parameters.json'), (json) => later(json.parameters['expenditure.recognitionMonths'].values));
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => later(json.values['expenditure.recognitionMonths']));
    const edited = await loadFolder({ dir: join(rules, 'provinces/guangdong') });
    const { household, asOf } = JSON.parse(readFileSync(join(import.meta.dirname, 'cases/guangdong/53-shenzhen-pingshan-2025-rigid-expenditure.json'), 'utf8'));
    expect(program(evaluateSync(guangdong, household, { asOf }), 'expenditureHardship').status).toBe('eligible');
    const decided = program(evaluateSync(edited, household, { asOf }), 'expenditureHardship');
    expect([decided.status, decided.eligible, decided.amount, decided.members]).toEqual(['undetermined', false, '0.00', []]);
    expect(decided.reasons.at(-1)).toMatchObject({ code: 'jiuzhu.undetermined', params: { kind: 'parameter', name: 'expenditure.recognitionMonths' } });
    const screened = screenHousehold(edited, household, asOf);
    expect(screened.ok && screened.programs.expenditureHardship).toEqual({ status: 'undetermined', amount: '0.00' });
  });
});

describe('programs that turn on 特困 when 特困 is not settled (POLICY §5: a 特困 person is not counted in 低保; §6: nor gets the two allowances)', () => {
  const alone = (member: Record<string, unknown>) => ({ id: 'alone', region: '440105', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1970-05-01', ...member }] });

  it('one who passes every 特困 test but whose care amount awaits the self-care assessment is 特困 all the same: no 低保, no allowances', () => {
    // Grade-1 physical disability (no work capacity, art. 5), no income (art. 6), unmarried with both parents dead (no
    // supporter, art. 8): 特困. Only the care part (arts. 20–23) is not known without the six self-care items.
    const decision = evaluateSync(
      guangdong,
      alone({
        maritalStatus: 'unmarried',
        disability: { grade: 1, category: 'physical', certificate: true },
        parents: [
          { relation: 'father', situation: 'deceased' },
          { relation: 'mother', situation: 'deceased' },
        ],
      }),
      { asOf: '2026-03-01' },
    );
    expect(program(decision, 'tekun').status).toBe('undetermined');
    expect(member(decision, 'tekun', 'm1')).toMatchObject({ status: 'undetermined', qualifies: true, amount: '0.00' });
    expect(program(decision, 'dibao')).toMatchObject({ status: 'ineligible', amount: '0.00' });
    for (const id of ['disability.living', 'disability.care']) {
      expect(program(decision, id)).toMatchObject({ status: 'ineligible', amount: '0.00' });
      expect(program(decision, id).reasons).toContainEqual(expect.objectContaining({ code: 'jiuzhu.excludedBy', memberId: 'm1', params: { program: 'tekun' } }));
    }
  });

  it('one whose 特困 cannot be decided (married, spouse not recorded) makes 低保 undetermined too, not a grant on a guess', () => {
    const decision = evaluateSync(guangdong, alone({ birthDate: '1955-05-01', maritalStatus: 'married' }), { asOf: '2025-06-01' });
    expect(member(decision, 'tekun', 'm1')).toMatchObject({ status: 'undetermined' });
    expect(member(decision, 'tekun', 'm1')!.qualifies).toBeUndefined();
    const dibao = program(decision, 'dibao');
    expect(dibao).toMatchObject({ status: 'undetermined', eligible: false, amount: '0.00' });
    expect(dibao.reasons.at(-1)).toMatchObject({ code: 'jiuzhu.undetermined', params: { kind: 'programUndetermined', program: 'tekun' } });
    expect(renderExplanation(decision, 'zh')).toContain('取决于“特困人员救助供养”的认定');
    expect(renderExplanation(decision, 'en')).toContain('it turns on "Support for persons in special hardship (特困)"');
  });

  it('one refused with the undecided member counted is refused either way: a household above the line stays ineligible', () => {
    // The spouse-unrecorded elder (income 0) beside a brother earning 9000, who owes him no support (民法典 art. 1075
    // binds siblings to minors only): per capita 4500 ≥ 1309 counting the elder, and leaving him out only raises it.
    // 低保 is ineligible whatever 特困 decides.
    const household = alone({ birthDate: '1955-05-01', maritalStatus: 'married' });
    household.members.push({ id: 'm2', relation: 'sibling', birthDate: '1960-01-01', employment: 'employed', incomes: [{ kind: 'wage', amount: '9000.00', period: 'month' }] } as never);
    const decision = evaluateSync(guangdong, household, { asOf: '2025-06-01' });
    expect(member(decision, 'tekun', 'm1')).toMatchObject({ status: 'undetermined' });
    expect(program(decision, 'dibao').status).toBe('ineligible');
  });
});

describe('特困 members of one household who each qualify cannot support one another (民发〔2021〕43号 art. 8(1))', () => {
  it('a parent whose only supporters qualify for 特困 themselves (their care amounts awaiting assessment) qualifies too, decided with reasons or without', async () => {
    // Wuhan 2023: a 93-year-old and four children as old, none with counted income. Each child qualifies for 特困
    // (60+, no income of his own — the old-age allowance is not counted, art. 6 — and no one able to support him), so
    // none can support the parent (art. 8(1): a 特困 person cannot), who qualifies as well. None has a self-care
    // assessment, so every amount waits: all five are undetermined and `qualifies`.
    const hubei = await loadPolicy('hubei');
    const elder = (id: string, relation: string, incomes: unknown[] = []) => ({ id, relation, birthDate: '1930-01-01', incomes });
    const household = {
      id: 'elders',
      region: '420100',
      area: 'urban',
      members: [elder('m1', 'applicant'), elder('m2', 'child'), elder('m3', 'child'), elder('m4', 'child'), elder('m5', 'child', [{ kind: 'oldAgeAllowance', amount: '3268.17', period: 'month' }])],
      enrolments: [{ program: 'tekun', since: '2020-01-01', memberIds: ['m1'] }],
    };
    const tekun = program(evaluateSync(hubei, household, { asOf: '2023-06-01' }), 'tekun');
    expect(tekun.members.map((m) => [m.memberId, m.status, m.qualifies])).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => [id, 'undetermined', true]));
    // Screening decides quickly first, then again with reasons for what it reports: the same decision either way.
    const { screenHousehold } = await import('../src/index.js');
    const screened = screenHousehold(hubei, household, '2023-06-01');
    expect(screened.ok && [screened.programs.tekun, screened.review]).toEqual([{ status: 'undetermined', amount: '0.00' }, []]);
  });
});
