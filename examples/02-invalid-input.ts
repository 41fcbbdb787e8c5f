// 02 — A household with mistakes: every problem at once, each with its JSON path, in Chinese and English.
//   npx tsx examples/02-invalid-input.ts
import { JiuzhuError, evaluate, formatIssue, loadPolicy } from 'jiuzhu';

export async function main() {
  const policy = await loadPolicy('guangdong');
  const household = {
    id: 'bad-1',
    region: '440100',
    area: 'urban',
    members: [
      {
        id: 'm1',
        relation: 'applicant',
        birthDate: '1980-02-30',
        incomes: [
          { kind: 'wage', amount: '-3000.00', period: 'month' },
          { kind: 'wages', amount: '100.00', period: 'month' },
        ],
      },
    ],
  };
  try {
    await evaluate(policy, household, { asOf: '2023-06-01' });
    return [];
  } catch (error) {
    if (!(error instanceof JiuzhuError)) throw error;
    return error.issues.map((issue) => ({ code: issue.code, zh: formatIssue(issue, 'zh'), en: formatIssue(issue, 'en') }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const issue of await main()) console.log(`${issue.code}\n  ${issue.zh}\n  ${issue.en}`);
}
