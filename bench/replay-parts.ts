// `npx tsx bench/replay-parts.ts <log.ndjson> [records]`: where the CPU of replaying one compact record goes, part by
// part, on one thread, the records read beforehand (CPU µs a record, best of 3 rounds after a warm-up). Not part of
// `npm test` or `npm run bench`: it reads the library's own modules (src/), not the package's API. Make a log with
// `node bench/replay.mjs stage make <log> 0 <population.ndjson> <records> compact` (see bench/replay.mjs).
//
// The parts, in the order a log worker runs them: parse the line and check it is canonical JSON; read the seal's
// hash off the line; check the record (shape, input hash, decision id); copy and check the input as a household;
// decide every program with its reason codes (the floor: no replay can skip it); compare with the record. The last
// row is all of it as checkLogBatch does it, with the threads, reading and chain left out.
import { readFileSync } from 'node:fs';
import { verifyRecord } from '../src/core/audit/record.js';
import { replayWith } from '../src/core/audit/replay.js';
import { decideProgramsCompiled } from '../src/core/compiled/decide.js';
import { checkEvaluationInput, decidePrograms } from '../src/core/engine/evaluate.js';
import { copyInput } from '../src/core/household/copyInput.js';
import { checkLogBatch } from '../src/node/audit/batch.js';
import { contentSha256OfLine, parseLogLine } from '../src/node/audit/log.js';
import { nodeSha256Hex } from '../src/node/audit/sha256.js';
import { bundledPolicyStore, type Policy } from '../src/node/index.js';

const [file, countText = '5000'] = process.argv.slice(2);
const lines = readFileSync(file!, 'utf8').split('\n').filter((line) => line.includes('"outcome"')).slice(0, Number(countText));
const records = lines.map((line) => JSON.parse(line));
const policy = (await bundledPolicyStore().policy(records[0].policy.sha256)) as Policy;
const contents = lines.map((line, i) => contentSha256OfLine(line, records[i], true)!);
const household = (i: number) => checkEvaluationInput(copyInput(records[i].input), records[i].asOf);
const batchText = new TextEncoder().encode(lines.join('\n') + '\n');
const policies = new Map([[policy.sha256, Promise.resolve(policy)]]);

const parts: Record<string, (i: number) => unknown> = {
  'parse the line, check it is canonical (parseLogLine)': (i) => parseLogLine(lines[i]!, i),
  "the seal's hash read off the line (contentSha256OfLine)": (i) => contentSha256OfLine(lines[i]!, records[i], true),
  'check the record (verifyRecord: shape, input hash, id)': (i) => verifyRecord(records[i], { hash: nodeSha256Hex, contentSha256: contents[i] }),
  'copy and check the input (copyInput, checkEvaluationInput)': household,
  'decide, every program traced: compiled (what replay uses)': (i) => decideProgramsCompiled(policy, household(i), records[i].asOf, 'all'),
  'decide, every program traced: interpreted (the reference)': (i) => decidePrograms(policy, household(i), records[i].asOf, 'all'),
  'decide, untraced: compiled (screening; no reason codes)': (i) => decideProgramsCompiled(policy, household(i), records[i].asOf),
};
const asyncParts: Record<string, () => Promise<unknown>> = {
  'replayWith (check, decide, compare), content hash given': async () => {
    for (let i = 0; i < records.length; i++) await replayWith(records[i], async () => policy, { hash: nodeSha256Hex, contentSha256: contents[i] });
  },
  'all of it as a log worker does (checkLogBatch, one batch)': () => checkLogBatch({ kind: 'log', mode: 'replay', batch: { format: 'ndjson-text', firstLine: 1, text: batchText } }, policies),
};
const best: Record<string, number> = {};
const time = async (name: string, run: () => unknown) => {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  best[name] = Math.min(best[name] ?? Infinity, (used.user + used.system) / records.length);
};
for (let round = 0; round < 4; round++) {
  for (const [name, part] of Object.entries(parts)) {
    await time(name, () => {
      for (let i = 0; i < records.length; i++) part(i);
    });
  }
  for (const [name, part] of Object.entries(asyncParts)) await time(name, part);
  if (round === 0) for (const name of Object.keys(best)) delete best[name]; // the warm-up round
}
console.log(`${records.length} compact records, CPU µs a record (best of 3 rounds after a warm-up):`);
for (const [name, us] of Object.entries(best)) console.log(`${us.toFixed(1).padStart(8)} µs  ${name}`);
