import { join } from 'node:path';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { JiuzhuError, evaluate, loadPolicy, type BundledPolicyName, type Decision, type Policy } from '../src/node/index.js';
import { GoldenCase, loadGoldenCases } from './helpers/golden.js';

const root = join(import.meta.dirname, 'cases');
const cases = loadGoldenCases(root);
const policies = new Map<string, Promise<Policy>>();
const policy = (name: string) => {
  if (!policies.has(name)) policies.set(name, loadPolicy(name as BundledPolicyName));
  return policies.get(name)!;
};

describe('golden cases (tests/cases/<province>/*.json)', () => {
  it('has at least 10 cases per province', () => {
    for (const province of ['guangdong', 'hunan', 'hubei']) {
      expect(cases.filter((c) => c.file.startsWith(province)).length, province).toBeGreaterThanOrEqual(10);
    }
  });

  for (const { file, value } of cases) {
    it(`${file}`, async () => {
      const parsed = GoldenCase.safeParse(value);
      if (!parsed.success) throw new Error(`${file} is not a valid golden case: ${parsed.error.message}`);
      const c = parsed.data;
      const p = await policy(c.policy);
      if (c.expect.error) {
        const error = await evaluate(p, c.household, { asOf: c.asOf }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'expected an error').toBeInstanceOf(JiuzhuError);
        const e = error as JiuzhuError;
        expect(e.kind).toBe(c.expect.error.kind);
        expect(e.issues.map((i) => i.code).sort()).toEqual([...c.expect.error.codes].sort());
        return;
      }
      const decision = await evaluate(p, c.household, { asOf: c.asOf });
      checkDecision(decision, c);
    });
  }
});

function checkDecision(decision: Decision, c: GoldenCase): void {
  for (const [id, want] of Object.entries(c.expect.programs ?? {})) {
    const got = decision.programs.find((p) => p.program === id);
    expect(got, `program ${id} in decision`).toBeDefined();
    if (want.status) expect(got!.status, `${id} status`).toBe(want.status);
    if (want.amount) expect(got!.amount, `${id} amount`).toBe(want.amount);
    for (const [member, amount] of Object.entries(want.members ?? {})) {
      expect(got!.members.find((m) => m.memberId === member)?.amount, `${id} amount of ${member}`).toBe(amount);
    }
    if (want.eligibleMembers) {
      expect(got!.members.filter((m) => m.eligible).map((m) => m.memberId).sort(), `${id} eligible members`).toEqual([...want.eligibleMembers].sort());
    }
    if (want.validUntil) expect(got!.validUntil, `${id} validUntil`).toBe(want.validUntil);
    for (const [eventId, event] of Object.entries(want.events ?? {})) {
      const outcome = got!.events?.find((e) => e.eventId === eventId);
      expect(outcome, `${id} event ${eventId}`).toBeDefined();
      if (event.status) expect(outcome!.status, `${id} event ${eventId} status`).toBe(event.status);
      if (event.amount) expect(outcome!.amount, `${id} event ${eventId} amount`).toBe(event.amount);
      for (const [c, value] of Object.entries(event.classifications ?? {})) {
        expect(outcome!.classifications?.[c]?.value, `${id} event ${eventId} ${c}`).toBe(value);
      }
    }
    for (const [member, amount] of Object.entries(want.supplements ?? {})) {
      const supplements = got!.members.find((m) => m.memberId === member)?.supplements ?? [];
      const total = supplements.reduce((sum, x) => sum.plus(x.amount), new Decimal(0));
      expect(total.toFixed(2), `${id} supplements of ${member}`).toBe(amount);
    }
  }
  if (c.expect.circle) expect(decision.circle.circle, 'circle').toBe(c.expect.circle);
  for (const want of c.expect.reasons ?? []) {
    const found = decision.programs
      .flatMap((p) => p.reasons)
      .filter((r) => r.rule === want.rule && (want.memberId === undefined || r.memberId === want.memberId));
    expect(found.length, `reason ${want.rule}${want.memberId ? ` for ${want.memberId}` : ''}`).toBeGreaterThan(0);
    expect(found.every((r) => r.passed === want.passed), `reason ${want.rule} passed=${want.passed}`).toBe(true);
  }
  for (const [name, value] of Object.entries(c.expect.parameters ?? {})) {
    expect(String(decision.parameters.find((p) => p.name === name)?.value), `parameter ${name}`).toBe(value);
  }
  for (const code of c.expect.warnings ?? []) {
    expect(decision.warnings.map((w) => w.code), `warning ${code}`).toContain(code);
  }
}
