// 06 — Policies finding people (政策找人): screen a population for programs missed, enrolments to review, and early
// warnings, streaming, on worker threads.
//   npx tsx examples/06-screen-a-population.ts
import { loadPolicy, screen, type ScreenOutcome } from 'jiuzhu/node';

export async function main() {
  const policy = await loadPolicy('guangdong');
  // Guangzhou, 2025: the 低保 standard is 1309.00 a month per person.
  const person = (wage: string) => [{ id: 'm1', relation: 'applicant', birthDate: '1970-05-01', incomes: [{ kind: 'wage', amount: wage, period: 'month' }] }];
  async function* households() {
    // Any async iterable: a database cursor, a file read line by line … Here four households and one broken record.
    yield { id: 'poor-not-enrolled', region: '440100', area: 'urban', members: person('309.00') };
    yield { id: 'enrolled-but-richer', region: '440100', area: 'urban', members: person('2500.00'), enrolments: [{ program: 'dibao', since: '2022-01-01' }] };
    yield { id: 'just-above-the-line', region: '440100', area: 'urban', members: person('1350.00') };
    yield { id: 'broken', region: '440100', area: 'urban', members: [] };
    yield { id: 'enrolled-and-eligible', region: '440100', area: 'urban', members: person('100.00'), enrolments: [{ program: 'dibao', since: '2022-01-01' }] };
  }
  const found: Record<string, string[]> = {};
  const describe = (row: ScreenOutcome) =>
    row.ok
      ? [
          ...row.missed.map((f) => `missed ${f.program} ${f.amount}`),
          ...row.review.map((f) => `review ${f.program} (${f.reasons.join(', ')})`),
          ...row.warn.map((w) => `warn ${w.id} ${w.value} ≤ ${w.upTo}`),
        ]
      : row.issues.map((i) => `error ${i.code}: ${i.message.zh}`);
  for await (const row of screen(policy, households(), { asOf: '2025-03-01', workers: 2 })) {
    found[row.ok ? row.householdId : `#${row.index}`] = describe(row);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await main());
}
