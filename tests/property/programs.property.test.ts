import Decimal from 'decimal.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSync, loadPolicy, selfCareGradeOf, type Decision, type Policy } from '../../src/index.js';
import { SELF_CARE_ITEMS } from '../../src/core/household/vocabulary.js';
import { AS_OF, REGIONS } from '../helpers/arbitraries.js';
import { richHouseholdArb } from '../helpers/richArbitraries.js';

let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = { guangdong: await loadPolicy('guangdong'), hunan: await loadPolicy('hunan'), hubei: await loadPolicy('hubei') };
});
const caseArb = fc
  .constantFrom('guangdong', 'hunan', 'hubei')
  .chain((province) => richHouseholdArb(REGIONS[province]!).map((household) => ({ province, household })));
const program = (d: Decision, id: string) => d.programs.find((p) => p.program === id)!;
const decide = ({ province, household }: { province: string; household: unknown }) => evaluateSync(policies[province]!, household, { asOf: AS_OF });

describe('特困 self-care grade (民发〔2021〕43号 arts. 20–23)', () => {
  it('depends only on how many of the six items fail: 0 capable, 1–3 partial, 4+ full — all 64 combinations', async () => {
    const policy = await loadPolicy('guangdong');
    for (let mask = 0; mask < 64; mask++) {
      const selfCare = Object.fromEntries(SELF_CARE_ITEMS.map((item, i) => [item, (mask & (1 << i)) === 0]));
      const failed = SELF_CARE_ITEMS.filter((_, i) => (mask & (1 << i)) !== 0).length;
      const expected = failed === 0 ? 'capable' : failed <= 3 ? 'partial' : 'full';
      expect(selfCareGradeOf(failed)).toBe(expected);
      const household = { id: 'sc', region: '442000', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1940-01-01', selfCare }] };
      const tekun = program(evaluateSync(policy, household, { asOf: '2021-03-01' }), 'tekun');
      expect(tekun.reasons.find((r) => r.rule === 'tekun/self-care-grade')?.factValue).toBe(expected);
      // the care rate follows the grade: 742, 4944 or 8652 a year (illustrative), ÷ 12 exactly
      const yearly = { capable: 742, partial: 4944, full: 8652 }[expected];
      const total = new Decimal(tekun.members[0]!.amount);
      expect(total.toFixed(2)).toBe(new Decimal(1792).plus(new Decimal(yearly).div(12)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    }
  });
});

describe('program interplay (fast-check)', () => {
  it('no person receives both 特困 support and a 低保 share', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = decide(c);
        const tekun = new Set(program(d, 'tekun').members.filter((m) => m.eligible).map((m) => m.memberId));
        for (const m of program(d, 'dibao').members) expect(tekun.has(m.memberId)).toBe(false);
      }),
      { numRuns: 250 },
    );
  });

  it('the circle is absolute whenever 低保 or 特困 is granted', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = decide(c);
        if (program(d, 'dibao').eligible || program(d, 'tekun').eligible) expect(d.circle.circle).toBe('absolute');
      }),
      { numRuns: 250 },
    );
  });

  it('a child’s total with 补差 (低保, in its 渐退期 too, 特困 and the disability living allowance) equals the child standard whenever those are below it, and is never lowered', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = decide(c);
        const child = program(d, 'childAllowance');
        for (const m of child.members.filter((x) => x.eligible)) {
          const standard = new Decimal(m.steps!.find((s) => s.id === 'standard')!.value);
          const other = ['dibao', 'dibao.gradualExit', 'dibao.single', 'tekun', 'disability.living']
            .map((id) => program(d, id).members.find((x) => x.memberId === m.memberId && x.eligible)?.amount ?? '0')
            .reduce((sum, a) => sum.plus(a), new Decimal(0));
          const total = other.plus(m.amount);
          expect(new Decimal(m.amount).gte(0)).toBe(true);
          expect(total.gte(other)).toBe(true);
          if (other.lt(standard)) expect(total.toFixed(2)).toBe(standard.toFixed(2));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('temporary assistance answers the need within its configured range, and the approval level is monotone in the amount', () => {
    const policy = () => policies.guangdong!;
    // A couple with no income: the means test passes, so the amount is the law's, not an advance.
    const eventHousehold = (expense: string, type: string) => ({
      id: 't',
      region: '440100',
      area: 'urban',
      members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }, { id: 'm2', relation: 'spouse', birthDate: '1980-01-01' }],
      events: [{ id: 'e1', type, kind: 'fire', date: '2023-05-01', region: '440100', expense }],
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom('emergency', 'expenditure'), (a, b, type) => {
        const [low, high] = [Math.min(a, b), Math.max(a, b)];
        const at = (fen: number) => program(evaluateSync(policy(), eventHousehold(new Decimal(fen).div(100).toFixed(2), type), { asOf: AS_OF }), 'temporary').events![0]!;
        const [x, y] = [at(low), at(high)];
        for (const [event, fen] of [[x, low], [y, high]] as const) {
          const months = new Decimal(event.steps.find((s) => s.id === 'months')!.value);
          expect(months.gte(2) && months.lte(10)).toBe(true); // Guangzhou: the national illustrative 2–10 months
          // months × standard × members, but never more than the expense it answers
          const byStandard = months.times(1238).times(2);
          const expected = Decimal.min(byStandard, new Decimal(fen).div(100)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
          expect(event.amount).toBe(expected.toFixed(2));
        }
        expect(new Decimal(y.amount).gte(x.amount)).toBe(true);
        if (x.classifications!.approval!.value === 'county') expect(y.classifications!.approval!.value).toBe('county');
      }),
      { numRuns: 200 },
    );
  });
});
