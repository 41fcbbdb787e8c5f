import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_POLICY_NAMES, bundledPolicyStore, formatJsonPath, loadPolicy, replay, type DecisionRecord } from '../src/node/index.js';

// The no-regression corpus (tests/corpus/records.ndjson, made by `npm run corpus`): past decisions that must replay
// identical with the package's own policy store. A failure here means an engine change alters a past decision —
// fix the engine, or, if the change is intended, regenerate the corpus deliberately and review what it prints.
const lines = readFileSync(join(import.meta.dirname, 'corpus', 'records.ndjson'), 'utf8').split('\n').filter(Boolean);
const records = lines.map((line) => JSON.parse(line) as DecisionRecord);

describe('the no-regression corpus', () => {
  it('replays identical, every record, from the package store', async () => {
    const store = bundledPolicyStore();
    const failures: string[] = [];
    for (const [i, record] of records.entries()) {
      const result = await replay(record, store);
      if (result.status === 'identical') continue;
      const detail =
        result.status === 'differs'
          ? result.differences.slice(0, 5).map((d) => `${formatJsonPath(d.path)}: ${JSON.stringify(d.recorded)} → ${JSON.stringify(d.replayed)}`)
          : result.error.issues.map((issue) => `${issue.code} ${issue.message.en}`);
      failures.push(`line ${i + 1} (${record.decision.householdId}, ${record.policy.id}, ${record.asOf}): ${result.status}\n    ${detail.join('\n    ')}`);
    }
    expect(failures, `${failures.length} of ${records.length} corpus records no longer replay identical`).toEqual([]);
  });

  it('spans every bundled policy and program, regions, and the years 2019–2026', async () => {
    expect(records.length).toBeGreaterThanOrEqual(200);
    const byPolicy = (id: string) => records.filter((r) => r.policy.id === id);
    for (const name of BUNDLED_POLICY_NAMES) {
      const policy = await loadPolicy(name);
      const mine = byPolicy(policy.id);
      expect(mine.length, `no corpus records for ${name}: run \`npm run corpus\``).toBeGreaterThanOrEqual(40);
      expect(new Set(mine.map((r) => r.decision.region.code)).size, `${name}: regions`).toBeGreaterThanOrEqual(3);
      for (const program of policy.programs) {
        const decided = mine.filter((r) => r.decision.programs.some((p) => p.program === program.id));
        expect(decided.length, `${name} program ${program.id} is not in the corpus: run \`npm run corpus\` (a reviewed change)`).toBeGreaterThan(0);
      }
      // A province sets standards, so its households are granted something (\`npm run corpus\` lists programs never granted).
      if (policy.region !== '000000') expect(mine.some((r) => r.decision.programs.some((p) => p.eligible)), `${name}: nothing granted`).toBe(true);
    }
    expect(new Set(records.map((r) => r.asOf.slice(0, 4)))).toEqual(new Set(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']));
    expect(records.some((r) => ((r.input as { enrolments?: unknown[] }).enrolments ?? []).length > 0)).toBe(true);
    expect(new Set(records.map((r) => (r.input as { members: unknown[] }).members.length)).size).toBeGreaterThanOrEqual(5);
  });
});
