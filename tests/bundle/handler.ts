// A serverless-style handler as a service would bundle it: jiuzhu/node compiled into one file with its bundled
// policy, screening households on worker threads. Run from a folder with no node_modules, it prints its result.
import { loadPolicy, screen } from 'jiuzhu/node';

/**
 * Screens a few Guangzhou households on two worker threads.
 *
 * @example
 * await handler() // { policy: 'guangdong', rows: [...] }
 */
export async function handler() {
  const policy = await loadPolicy('guangdong');
  const households = Array.from({ length: 40 }, (_, i) => ({
    id: `h${i}`,
    region: '440100',
    area: 'urban',
    members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: `${i * 50}.00`, period: 'month' }] }],
  }));
  const rows = [];
  for await (const row of screen(policy, households, { asOf: '2025-03-01', workers: 2, batchSize: 10 })) {
    rows.push(row.ok ? { id: row.householdId, missed: row.missed.map((f) => `${f.program} ${f.amount}`) } : { error: row.issues[0]?.code });
  }
  return { policy: policy.id, sha256: policy.sha256, rows };
}

handler().then((result) => console.log(JSON.stringify(result)));
