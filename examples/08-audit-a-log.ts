// 08 — For auditors (审计、纪检): a county logs its decisions as a hash chain and publishes the last record's sha256
// (the head) each day; someone later deletes a line. The replay report an auditor files names the missing record,
// lists every other record with its case number, date and amount, and totals the money.
//   npx tsx examples/08-audit-a-log.ts
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainCheck, ReplayReport, bundledPolicyStore, evaluate, loadPolicy, openRecordLog, replayLog, toRecord } from 'jiuzhu/node';

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-auditor-'));
  const logFile = join(dir, 'decisions-440100.ndjson');
  const policy = await loadPolicy('guangdong');
  const example = JSON.parse(readFileSync(new URL('./households/guangzhou-2023-prison.json', import.meta.url), 'utf8'));

  // The county's service: four families decided and logged, compact (a few KB each), with their case numbers.
  const log = await openRecordLog(logFile, { name: 'guangzhou-2023' });
  let head = '';
  for (const [i, wage] of ['3000.00', '3600.00', '2400.00', '4200.00'].entries()) {
    const household = { ...example, id: `gz-2023-000${i + 1}`, members: example.members.map((m: object, k: number) => (k === 0 ? { ...m, incomes: [{ kind: 'wage', amount: wage, period: 'month' }] } : m)) };
    const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
    const written = await log.append(toRecord(decision, household, { compact: true, meta: { caseNumber: `穗民-2023-${101 + i}` } }));
    head = written.sha256; // published at the end of the day (a notice board, a newspaper, another system)
  }
  await log.close();

  // Someone deletes the third family's line (line 4: the header is line 1).
  const lines = readFileSync(logFile, 'utf8').split('\n');
  writeFileSync(logFile, lines.filter((_, i) => i !== 3).join('\n'));

  // The auditor replays the log against the package's archive of policies and checks its chain. The CLI does the
  // same and writes the report to file: jiuzhu replay decisions-440100.ndjson --expect-head <head> --report audit.html
  const chain = new ChainCheck();
  const report = await ReplayReport.open(join(dir, 'audit.csv'), 'en'); // or audit.html: a page to print and file
  const counts = new Map<string, number>();
  const records: string[] = [];
  for await (const { line, result, summary } of replayLog(logFile, bundledPolicyStore(), { chain })) {
    counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
    await report.add({ line, status: result.status, summary, issues: 'error' in result ? result.error.issues : [] });
    const dibao = summary?.granted.find((g) => g.program === 'dibao');
    records.push(`line ${line} ${summary?.caseNumber} ${summary?.asOf}: ${result.status}${dibao ? `, 低保 ${dibao.amount}/月` : ''}`);
  }
  const checked = chain.finish(head);
  await report.finish(counts, checked);
  const csv = readFileSync(join(dir, 'audit.csv'), 'utf8').split('\n');
  return {
    records,
    findings: checked.findings.map(({ line, issue }) => `line ${line} ${issue.code}: ${issue.message.en}`),
    report: { rows: csv.length, missing: csv.find((row) => row.includes('LOG_RECORD_MISSING')), dibao: csv.find((row) => row.startsWith('dibao,')) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { records, findings, report } = await main();
  console.log(records.join('\n'));
  console.log(findings.join('\n'));
  console.log(report.missing);
  console.log(report.dibao);
}
