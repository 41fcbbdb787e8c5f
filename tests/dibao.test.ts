import { describe, expect, it } from 'vitest';
import { evaluateSync, loadPolicy, renderExplanation, splitEqually, type Decision } from '../src/node/index.js';
import { Dec } from '../src/core/money/decimal.js';
import example from '../examples/households/guangzhou-2023-prison.json' with { type: 'json' };

const policy = await loadPolicy('guangdong');
const program = (d: Decision, id: string) => d.programs.find((p) => p.program === id)!;

describe('the Guangzhou 2023 example (issue 2)', () => {
  it('is eligible for 1952.00: standard 1238, 4 counted members, per-capita 750.00', () => {
    const decision = evaluateSync(policy, example, { asOf: '2023-06-01' });
    const dibao = program(decision, 'dibao');
    expect(dibao).toMatchObject({ status: 'eligible', amount: '1952.00' });
    expect(dibao.reasons.find((r) => r.rule === 'dibao/income-below-standard')).toMatchObject({ passed: true, factValue: '750.00', threshold: '1238.00' });
    expect(dibao.members.map((m) => m.memberId)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(decision.circle.circle).toBe('absolute');
    expect(renderExplanation(decision, 'zh')).toContain('家庭月人均收入 750.00 元，低于当地低保标准 1238.00 元');
    expect(renderExplanation(decision, 'en')).toContain('Monthly per-capita income 750.00 yuan is below the local standard of 1238.00 yuan');
  });

  it('with the wage at 4952.00 the per-capita equals the standard: not eligible, with figures and article', () => {
    const richer = structuredClone(example);
    richer.members[0]!.incomes![0]!.amount = '4952.00';
    const decision = evaluateSync(policy, richer, { asOf: '2023-06-01' });
    expect(program(decision, 'dibao')).toMatchObject({ status: 'ineligible', amount: '0.00' });
    const text = renderExplanation(decision, 'zh');
    expect(text).toContain('家庭月人均收入 1238.00 元，不低于当地低保标准 1238.00 元');
    expect(text).toContain('《最低生活保障审核确认办法》（民发〔2021〕57号）第十三条');
    expect(renderExplanation(decision, 'en')).toContain('is not below the local standard of 1238.00 yuan');
  });

  it('reports every parameter used with its region, date and source, and warns about illustrative ones', () => {
    const decision = evaluateSync(policy, example, { asOf: '2023-06-01' });
    expect(decision.parameters.find((p) => p.name === 'dibao.standard')).toMatchObject({
      value: '1238.00',
      from: '2023-01-01',
      region: '440100',
      level: 'city',
      grade: 'C',
      illustrative: false,
    });
    expect(decision.warnings.map((w) => w.code)).toContain('ILLUSTRATIVE_PARAMETERS');
    expect(decision.policy.sha256).toBe(policy.sha256);
    expect(decision.inputSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('amount rules', () => {
  const household = (region: string, area: string, wages: string[], extra: Record<string, unknown>[] = []) => ({
    id: 'h',
    region,
    area,
    members: wages.map((wage, i) => ({
      id: `m${i + 1}`,
      relation: i === 0 ? 'applicant' : 'child',
      birthDate: '1985-01-01',
      incomes: [{ kind: 'wage', amount: wage, period: 'month' }],
      ...extra[i],
    })),
  });

  it('Zhongshan 分类施保: 40% of the standard per qualifying member, rounded to the yuan (2018: 976 × 0.4 = 390.4 → 390)', () => {
    const h = household('442000', 'urban', ['0.00', '0.00'], [{ birthDate: '1950-01-01' }, {}]);
    const dibao = program(evaluateSync(policy, h, { asOf: '2018-06-01' }), 'dibao');
    expect(dibao.members[0]!.supplements).toMatchObject([{ id: 'classified-supplement', amount: '390.00' }]);
    expect(dibao.members[1]!.supplements).toEqual([]);
    expect(dibao.amount).toBe('2342.00'); // 976 × 2 + 390
  });

  it('Wuhan pays at least 20% of the standard per person', async () => {
    const hubei = await loadPolicy('hubei');
    const dibao = program(evaluateSync(hubei, household('420100', 'urban', ['800.00']), { asOf: '2021-06-01' }), 'dibao');
    expect(dibao.steps.map((s) => s.value)).toEqual(['30', '166', '166']); // gap 830 − 800 = 30 < 0.2 × 830 = 166
    expect(dibao.amount).toBe('166.00');
  });

  it('the tiered method (分档) works by overriding one step', async () => {
    const { copyRules, editJson } = await import('./helpers/ruleCopy.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      json.overrides.push({
        target: 'program:dibao/step:perPerson',
        reason: { zh: '分档发放', en: 'tiered payment' },
        value: {
          id: 'perPerson',
          label: { zh: '分档补助', en: 'Tier amount' },
          expr: { tiers: { step: 'gap' }, table: [{ below: '300', then: '300' }, { below: '800', then: '600' }], else: '900' },
        },
      });
    });
    writeFileSync(join(rules, 'unused.txt'), '');
    const tiered = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    const d = (wage: string) => program(evaluateSync(tiered, household('440100', 'urban', [wage]), { asOf: '2023-06-01' }), 'dibao').amount;
    expect([d('1100.00'), d('700.00'), d('0.00')]).toEqual(['300.00', '600.00', '900.00']); // gaps 138, 538, 1238
  });

  it('art. 34: a member who refused work three times does not share; the others keep theirs', () => {
    const h = household('440100', 'urban', ['0.00', '0.00'], [{}, { refusedJobOffers: 3 }]);
    const dibao = program(evaluateSync(policy, h, { asOf: '2023-06-01' }), 'dibao');
    expect(dibao.members.map((m) => m.memberId)).toEqual(['m1']);
    expect(dibao.amount).toBe('1238.00');
  });

  it('splits a household amount into fen that add up exactly', () => {
    expect(splitEqually(new Dec('100.00'), 3).map((d) => d.toFixed(2))).toEqual(['33.34', '33.33', '33.33']);
    expect(splitEqually(new Dec('0.02'), 3).map((d) => d.toFixed(2))).toEqual(['0.01', '0.01', '0.00']);
  });

  it('a region with no recorded standard is undetermined, never guessed', async () => {
    const hubei = await loadPolicy('hubei');
    const decision = evaluateSync(hubei, household('420500', 'urban', ['0.00']), { asOf: '2023-06-01' });
    expect(program(decision, 'dibao').status).toBe('undetermined');
    expect(decision.warnings.find((w) => w.code === 'PROGRAM_UNDETERMINED')?.message.zh).toContain('dibao.standard');
  });
});

describe('the explanation of a hardship event that cannot be decided', () => {
  it('says the event is undetermined, not that it is not eligible', () => {
    const event = { id: 'e1', type: 'emergency', kind: 'fire', date: '2023-05-01', region: '430100', expense: '20000.00' };
    const decision = evaluateSync(policy, { ...example, events: [event] }, { asOf: '2023-06-01' });
    const temporary = program(decision, 'temporary');
    expect(temporary.events![0]!.status).toBe('undetermined');
    expect(renderExplanation(decision, 'zh')).toContain('事件 e1（事发地 430100）：无法确定');
    expect(renderExplanation(decision, 'zh')).not.toContain('事件 e1（事发地 430100）：不符合条件');
  });
});
