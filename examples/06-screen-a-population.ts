// 06 — Policies finding people (政策找人): screen a population for programs missed, enrolments to review, early
// warnings, and the monthly dynamic management of the families enrolled (增发/减发, 复核 due, a recipient who died),
// streaming, on worker threads.
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
    // Paid 1100.00 a month, entitled to 1209.00 now; last reviewed over a year ago.
    const enrolment = { program: 'dibao', since: '2022-01-01', monthlyAmount: '1100.00', lastReviewed: '2024-02-15' };
    yield { id: 'enrolled-and-eligible', region: '440100', area: 'urban', members: person('100.00'), enrolments: [enrolment] };
    // Her husband died in January; the family's 低保 has not been re-checked since.
    const widow = [...person('309.00'), { id: 'm2', relation: 'spouse', birthDate: '1948-02-01', diedOn: '2025-01-20' }];
    yield { id: 'recipient-died', region: '440100', area: 'urban', members: widow, enrolments: [{ ...enrolment, monthlyAmount: '1000.00', lastReviewed: '2024-10-01' }] };
  }
  const found: Record<string, string[]> = {};
  const describe = (row: ScreenOutcome) =>
    row.ok
      ? [
          ...row.missed.map((f) => `missed ${f.program} ${f.amount}`),
          ...row.review.map((f) => `review ${f.program} (${f.reasons.join(', ')})`),
          ...row.warn.map((w) => `warn ${w.id} ${w.value} ≤ ${w.upTo}`),
          ...row.adjust.map((a) => `${a.direction} ${a.program} ${a.recorded} → ${a.entitled}`),
          ...row.reviewDue.map((r) => `review due ${r.program} on ${r.due} (every ${r.months} months)`),
          ...row.deceased.map((d) => `${d.message.zh}`),
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
