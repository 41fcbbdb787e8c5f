// 09 — An officer's whole change (调标), with the commands an officer types: `jiuzhu init` makes a Guangzhou layer on
// the bundled Guangdong rules, the 低保 standard is raised to 1400.00 from 2026-07-01 (first with the year mistyped,
// which `jiuzhu validate` points out), `jiuzhu test` runs the layer's case (it fails until its expected amount follows
// the raise), and `jiuzhu compare` prices the raise over a generated population of Guangzhou households: households
// newly assisted, the cost a year, and an HTML report to print.
//   npx tsx examples/09-price-a-change.ts [households]     (100000 by default)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export async function main(households = 100_000) {
  // The package ships its rules, schemas and command line: `npx jiuzhu …` in a project runs dist/cli.js.
  const jiuzhu = dirname(createRequire(import.meta.url).resolve('jiuzhu/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'officer-'));
  const run = (...args: string[]) => {
    const done = spawnSync(process.execPath, [join(jiuzhu, 'dist/cli.js'), ...args], { cwd: work, encoding: 'utf8' });
    return { exit: done.status, out: done.stdout, err: done.stderr };
  };
  const edit = (file: string, change: (json: any) => void) => {
    const json = JSON.parse(readFileSync(join(work, file), 'utf8'));
    change(json);
    writeFileSync(join(work, file), `${JSON.stringify(json, null, 2)}\n`);
  };

  // 1. The city's own layer: only what Guangzhou changes; everything else comes from the province it extends.
  const init = run('init', 'guangzhou', '--extends', 'guangdong', '--region', '440100');
  // 2. The raise, from its date — typed 2062 by mistake first. Decisions before the date keep 1309.00.
  const raise = (from: string) =>
    edit('guangzhou/rules/parameters.json', (json) => {
      json.values['dibao.standard'] = [
        {
          region: '440100',
          from,
          value: '1400.00',
          illustrative: true,
          note: { zh: '示例：换成调标通知及其文号。', en: 'Example only: replace with the notice and its document number.' },
        },
      ];
    });
  raise('2062-07-01');
  const mistyped = run('validate', 'guangzhou/rules');
  raise('2026-07-01');
  const validate = run('validate', 'guangzhou/rules');

  // 3. The layer's test case (init wrote it for 2026-07-01: 4 counted members, per-capita income 750.00, 1309 − 750 = 559
  // each) fails now, with the standard it used; updated to (1400 − 750) × 4 = 2600, it passes.
  const firstTest = run('test', 'guangzhou/cases');
  edit('guangzhou/cases/guangzhou-dibao.json', (json) => {
    json.comment = `${json.comment} 2026-07-01 起按 1400 元：每人 1400 − 750 = 650 元，家庭每月 650 × 4 = 2600 元。`;
    json.expect.programs.dibao.amount = '2600.00';
    json.expect.parameters['dibao.standard'] = '1400.00';
  });
  const secondTest = run('test', 'guangzhou/cases');

  // 4. The price: a population of Guangzhou households decided under today's rules and under the raise.
  const generate = run('generate', '--households', String(households), '--policy', 'guangzhou/rules', '--seed', '1', '--as-of', '2026-07-01', '--out', 'people.ndjson');
  const compare = run('compare', 'people.ndjson', '--policy', 'guangdong', '--against', 'guangzhou/rules', '--as-of', '2026-07-01', '--out', 'changes.csv', '--report', 'report.html');
  const lines = compare.out.split('\n');
  return {
    init: init.exit,
    mistyped: { exit: mistyped.exit, warnings: mistyped.out.match(/\[[A-Z_]+\]/g) ?? [] },
    validate: { exit: validate.exit, warnings: validate.out.match(/\[[A-Z_]+\]/g) ?? [] },
    firstTest: { exit: firstTest.exit, failed: firstTest.out.split('\n').filter((line) => line.includes('期望')).map((line) => line.trim()) },
    secondTest: { exit: secondTest.exit, summary: secondTest.out.trim().split('\n').pop() },
    generate: generate.exit,
    compare: {
      exit: compare.exit,
      households: lines.find((line) => line.startsWith('家庭：')),
      yearly: lines.find((line) => line.startsWith('每年合计：')),
      reportBytes: statSync(join(work, 'report.html')).size,
    },
    output: { mistyped: mistyped.out, firstTest: firstTest.out, compare: compare.out },
    work,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await main(process.argv[2] ? Number(process.argv[2]) : undefined);
  console.log(`$ jiuzhu validate guangzhou/rules     (the year typed 2062)\n${result.output.mistyped}`);
  console.log(`$ jiuzhu test guangzhou/cases     (exit ${result.firstTest.exit})\n${result.output.firstTest}`);
  console.log(`…expected amount updated to 2600.00: ${result.secondTest.summary} (exit ${result.secondTest.exit})\n`);
  console.log(`$ jiuzhu compare people.ndjson --policy guangdong --against guangzhou/rules --as-of 2026-07-01 --out changes.csv --report report.html\n${result.output.compare}`);
  console.log(`in ${result.work}: changes.csv, report.html (${result.compare.reportBytes} bytes)`);
}
