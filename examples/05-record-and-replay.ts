// 05 — Keep every decision as a record in a log, and prove it years later: replay it, catch an altered record, and
// see what this year's standards would change for it, and why.
//   npx tsx examples/05-record-and-replay.ts
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bundledPolicyStore,
  compareWithPolicy,
  evaluate,
  loadPolicy,
  openRecordLog,
  packPolicy,
  policyStore,
  replay,
  replayLog,
  toRecord,
} from 'jiuzhu/node';

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-audit-'));
  const logFile = join(dir, 'decisions.ndjson');
  const policy = await loadPolicy('guangdong');
  const household = JSON.parse(readFileSync(new URL('./households/guangzhou-2023-prison.json', import.meta.url), 'utf8'));

  // The service: decide, and append the decision's record to the log (one line, flushed to disk).
  const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
  const log = await openRecordLog(logFile);
  await log.append(toRecord(decision, household, { meta: { caseNumber: 'GZ-2023-0001' } }));
  await log.close();
  // Archive the policy used (the package's own store already holds the bundled ones; your own rule files need this).
  await packPolicy(policy, join(dir, 'policy-archive'));

  // Years later, the auditor: replay every record of the log with the archived policies.
  const store = policyStore(join(dir, 'policy-archive'), bundledPolicyStore());
  const replayed: string[] = [];
  for await (const { line, result } of replayLog(logFile, store)) replayed.push(`line ${line}: ${result.status}`);

  // Someone changed an income in the log: the record no longer matches its sha256. (Line 1 is the log's header:
  // each record is chained to the line before it, so a line deleted or moved shows too — see example 08.)
  const line = readFileSync(logFile, 'utf8').split('\n')[1]!;
  const altered = await replay(JSON.parse(line.replace('"amount":"3000.00"', '"amount":"3900.00"')), store);
  const tampered = altered.status === 'tampered' ? altered.error.issues[0]!.code : altered.status;

  // What would 2025's standards give this household, and because of which parameter?
  const compared = await compareWithPolicy(JSON.parse(line), policy, { asOf: '2025-06-01' });
  const change = compared.status === 'compared' ? compared.comparison.programs.find((p) => p.program === 'dibao') : undefined;
  return { replayed, tampered, change: { amountChange: change?.amountChange, causes: change?.causes } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { replayed, tampered, change } = await main();
  console.log(replayed.join('\n'));
  console.log(`altered record: ${tampered}`);
  console.log(`under the 2025 standard: ${change.amountChange} 元/月, because of ${change.causes?.join(', ')}`);
}
