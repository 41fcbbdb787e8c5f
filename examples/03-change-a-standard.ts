// 03 — A policy officer's own rule files: copy the bundled rules, raise Guangzhou's standard from 2026-07-01,
// and see decisions before and after that date.
//   npx tsx examples/03-change-a-standard.ts
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { evaluate, loadPolicy } from 'jiuzhu/node';

export async function main() {
  // The bundled rules ship inside the package: rules/ next to its package.json.
  const bundled = join(createRequire(import.meta.url).resolve('jiuzhu/package.json'), '..', 'rules');
  const mine = join(mkdtempSync(join(tmpdir(), 'my-rules-')), 'rules');
  cpSync(bundled, mine, { recursive: true });

  const file = join(mine, 'provinces/guangdong/parameters.json');
  const parameters = JSON.parse(readFileSync(file, 'utf8'));
  parameters.values['dibao.standard'].push({
    region: '440100',
    from: '2026-07-01',
    value: '1400.00',
    illustrative: true,
    note: 'Example only: replace with the notice and its document number.',
  });
  writeFileSync(file, JSON.stringify(parameters, null, 2));

  const policy = await loadPolicy({ dir: join(mine, 'provinces/guangdong') });
  const household = JSON.parse(readFileSync(new URL('./households/guangzhou-2023-prison.json', import.meta.url), 'utf8'));
  const amountOn = async (asOf: string) => (await evaluate(policy, household, { asOf })).programs.find((p) => p.program === 'dibao')!.amount;
  return { before: await amountOn('2026-06-30'), after: await amountOn('2026-07-01') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { before, after } = await main();
  console.log(`2026-06-30: ${before} 元/月 (standard 1309)\n2026-07-01: ${after} 元/月 (standard 1400)`);
}
