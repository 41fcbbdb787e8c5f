// 04 — A service deciding many households at once: evaluate is pure, so concurrent calls are safe.
//   npx tsx examples/04-many-at-once.ts
import { evaluate, loadPolicy } from 'jiuzhu';

export async function main() {
  const policy = await loadPolicy('hunan');
  // Applicants of working age: one of 60 or more, alone and on a low income, qualifies for 特困 instead of 低保.
  const households = Array.from({ length: 200 }, (_, i) => ({
    id: `hn-${i}`,
    region: '430100',
    area: i % 2 === 0 ? 'urban' : 'rural',
    members: [{ id: 'm1', relation: 'applicant', birthDate: '1985-05-01', incomes: [{ kind: 'wage', amount: `${i * 3}.00`, period: 'month' }] }],
  }));
  const decisions = await Promise.all(households.map((h) => evaluate(policy, h, { asOf: '2024-01-01' })));
  const eligible = decisions.filter((d) => d.programs.find((p) => p.program === 'dibao')?.eligible);
  return { decided: decisions.length, eligible: eligible.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await main());
}
