// 09 — An officer's whole change (调标), with the commands an officer types: a thin Guangzhou layer on top of the
// bundled Guangdong rules, the 低保 standard raised to 1400.00 from 2026-07-01, `jiuzhu validate`, `jiuzhu test` on the
// officer's own cases (one fails until its expected amount is updated), and `jiuzhu compare` over a generated
// population of Guangzhou households: households newly assisted, the cost a year, and an HTML report to print.
//   npx tsx examples/09-price-a-change.ts [households]     (100000 by default)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export async function main(households = 100_000) {
  // The package ships its rules, schemas and command line: `npx jiuzhu …` in a project runs dist/cli.js.
  const jiuzhu = dirname(createRequire(import.meta.url).resolve('jiuzhu/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'guangzhou-'));
  const run = (...args: string[]) => {
    const done = spawnSync(process.execPath, [join(jiuzhu, 'dist/cli.js'), ...args], { cwd: work, encoding: 'utf8' });
    return { exit: done.status, out: done.stdout, err: done.stderr };
  };
  const write = (file: string, json: unknown) => {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    writeFileSync(join(work, file), `${JSON.stringify(json, null, 2)}\n`);
  };

  // 1. The city's own layer: only what Guangzhou changes; everything else comes from the province it extends.
  const schemas = relative(join(work, 'guangzhou'), join(jiuzhu, 'schemas'));
  write('guangzhou/policy.json', {
    $schema: `${schemas}/policy.schema.json`,
    kind: 'policy',
    id: 'guangzhou',
    version: '2026.7.0',
    name: { zh: '广州市社会救助政策', en: 'Guangzhou social-assistance policy' },
    region: '440100',
    extends: relative(join(work, 'guangzhou'), join(jiuzhu, 'rules/provinces/guangdong')),
  });
  // 2. The raise, from its date: decisions before 2026-07-01 keep 1309.00.
  write('guangzhou/parameters.json', {
    $schema: `${schemas}/parameters.schema.json`,
    kind: 'parameters',
    values: {
      'dibao.standard': [
        {
          region: '440100',
          from: '2026-07-01',
          value: '1400.00',
          illustrative: true,
          note: { zh: '示例：换成调标通知及其文号。', en: 'Example only: replace with the notice and its document number.' },
        },
      ],
    },
  });
  const validate = run('validate', 'guangzhou');

  // 3. The officer's cases, written from the notice: 4 counted members, per-capita income 750.00.
  const household = JSON.parse(readFileSync(join(jiuzhu, 'examples/households/guangzhou-2023-prison.json'), 'utf8'));
  const testCase = (comment: string, asOf: string, amount: string) => ({
    $schema: relative(join(work, 'cases'), join(jiuzhu, 'schemas/test-case.schema.json')),
    comment,
    asOf,
    household,
    expect: { programs: { dibao: { status: 'eligible', amount } } },
  });
  write('cases/before-the-raise.json', testCase('调标前一天仍按 1309：(1309 − 750) × 4 = 2236', '2026-06-30', '2236.00'));
  // Copied from the case above and not yet updated: the test says so, with the standard it used.
  write('cases/from-the-raise.json', testCase('调标当天起按 1400：(1400 − 750) × 4 = 2600', '2026-07-01', '2236.00'));
  const firstTest = run('test', 'cases', '--policy', './guangzhou');
  write('cases/from-the-raise.json', testCase('调标当天起按 1400：(1400 − 750) × 4 = 2600', '2026-07-01', '2600.00'));
  const secondTest = run('test', 'cases', '--policy', './guangzhou');

  // 4. The price: a population of Guangzhou households decided under today's rules and under the raise.
  const generate = run('generate', '--households', String(households), '--policy', './guangzhou', '--seed', '1', '--as-of', '2026-07-01', '--out', 'people.ndjson');
  const compare = run('compare', 'people.ndjson', '--policy', 'guangdong', '--against', './guangzhou', '--as-of', '2026-07-01', '--out', 'changes.csv', '--report', 'report.html');
  const lines = compare.out.split('\n');
  return {
    validate: validate.exit,
    firstTest: { exit: firstTest.exit, failed: firstTest.out.split('\n').filter((line) => line.includes('期望')).map((line) => line.trim()) },
    secondTest: { exit: secondTest.exit, summary: secondTest.out.trim().split('\n').pop() },
    generate: generate.exit,
    compare: {
      exit: compare.exit,
      households: lines.find((line) => line.startsWith('家庭：')),
      yearly: lines.find((line) => line.startsWith('每年合计：')),
      reportBytes: statSync(join(work, 'report.html')).size,
    },
    output: { validate: validate.out, firstTest: firstTest.out, compare: compare.out },
    work,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await main(process.argv[2] ? Number(process.argv[2]) : undefined);
  console.log(`$ jiuzhu validate guangzhou\n${result.output.validate}`);
  console.log(`$ jiuzhu test cases --policy ./guangzhou     (exit ${result.firstTest.exit})\n${result.output.firstTest}`);
  console.log(`…expected amount updated to 2600.00: ${result.secondTest.summary} (exit ${result.secondTest.exit})\n`);
  console.log(`$ jiuzhu compare people.ndjson --policy guangdong --against ./guangzhou --as-of 2026-07-01 --out changes.csv --report report.html\n${result.output.compare}`);
  console.log(`in ${result.work}: changes.csv, report.html (${result.compare.reportBytes} bytes)`);
}
