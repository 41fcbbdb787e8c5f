import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSync, loadPolicy, policyStore, recordLine, replay, toRecord, type Policy } from '../../src/index.js';
import { REGIONS, householdArb } from '../helpers/arbitraries.js';

let policies: Record<string, Policy>;
beforeAll(async () => {
  policies = { guangdong: await loadPolicy('guangdong'), hunan: await loadPolicy('hunan'), hubei: await loadPolicy('hubei') };
});

const dateArb = fc
  .record({ y: fc.integer({ min: 2021, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const caseArb = fc
  .constantFrom('guangdong', 'hunan', 'hubei')
  .chain((province) => fc.record({ province: fc.constant(province), household: householdArb(REGIONS[province]!), asOf: dateArb }));

describe('decision records (fast-check)', () => {
  it('record → replay is always identical, and the record bytes are the same across two evaluations', async () => {
    const store = policyStore(...Object.values(policies));
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ province, household, asOf }) => {
        const policy = policies[province]!;
        const line = recordLine(toRecord(evaluateSync(policy, household, { asOf }), household));
        expect(recordLine(toRecord(evaluateSync(policy, structuredClone(household), { asOf }), household))).toBe(line);
        const result = await replay(JSON.parse(line), store);
        expect(result.status).toBe('identical');
      }),
      { numRuns: 150 },
    );
  });
});
