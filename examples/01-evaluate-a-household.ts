// 01 — Decide 低保 for a Guangzhou household and read the explanation.
//   npx tsx examples/01-evaluate-a-household.ts
import { readFileSync } from 'node:fs';
import { evaluate, loadPolicy, renderExplanation } from 'jiuzhu';

export async function main() {
  const policy = await loadPolicy('guangdong');
  const household = JSON.parse(readFileSync(new URL('./households/guangzhou-2023-prison.json', import.meta.url), 'utf8'));
  const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
  const dibao = decision.programs.find((p) => p.program === 'dibao')!;
  return { status: dibao.status, amount: dibao.amount, text: renderExplanation(decision, 'zh') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { status, amount, text } = await main();
  console.log(text);
  console.log(`\n→ ${status}, ${amount} 元/月`);
}
