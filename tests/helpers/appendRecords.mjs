// A separate process that appends records to a log, as a service would: `node appendRecords.mjs LOG TAG COUNT BYTES`.
// Each record is a compact record of the bundled example, carrying its tag, its number and BYTES of padding in meta.
import { readFileSync } from 'node:fs';
import { evaluateSync, loadPolicy, openRecordLog, toRecord } from '../../dist/node.js';

const [file, tag, count, bytes] = process.argv.slice(2);
const household = JSON.parse(readFileSync(new URL('../../examples/households/guangzhou-2023-prison.json', import.meta.url), 'utf8'));
const decision = evaluateSync(await loadPolicy('guangdong'), household, { asOf: '2023-06-01' });
const padding = 'x'.repeat(Number(bytes));
// Not flushed to disk per record: what is tested is the lock and the single write, not the disk's speed.
const log = await openRecordLog(file, { durable: false });
for (let i = 0; i < Number(count); i++) {
  await log.append(toRecord(decision, household, { compact: true, meta: { caseNumber: `${tag}-${i}`, padding } }));
}
await log.close();
