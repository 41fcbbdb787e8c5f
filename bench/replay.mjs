// `npm run bench:replay [-- --records 40000 --full 4000 --seed 1]` (also run at the end of `npm run bench`): how fast an
// auditor's replay goes, on a log of compact records made from a generated Guangdong population. Writes
// bench/RESULTS-replay.md. Each stage runs in a process of its own (`node bench/replay.mjs stage …`).
//   target (issue 15): replay of compact records on all cores ≥ 5,000 records/s on 2 cores.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');

if (process.argv[2] === 'stage') {
  // One stage: `stage <replay|verify|make> <log> <workers> [population] [records] [form]`; prints one JSON line.
  const [, , , name, log, workersText, population, recordsText, form] = process.argv;
  const jiuzhu = await import('../dist/node.js');
  if (name === 'make') {
    const policy = await jiuzhu.loadPolicy('guangdong');
    const lines = readFileSync(population, 'utf8').split('\n').filter(Boolean).slice(0, Number(recordsText));
    const appender = await jiuzhu.openRecordLog(log, { durable: false, name: 'bench' });
    const pending = [];
    for (const [i, line] of lines.entries()) {
      const household = JSON.parse(line);
      const decision = jiuzhu.evaluateSync(policy, household, { asOf: '2025-03-01' });
      pending.push(appender.append(jiuzhu.toRecord(decision, household, { compact: form === 'compact', meta: { caseNumber: `BENCH-${i}` } })));
      if (pending.length >= 1000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    await appender.close();
    console.log(JSON.stringify({ records: lines.length, bytes: statSync(log).size }));
  } else if (name === 'ceiling') {
    // What one record costs on one thread with no reading, threads or chain: the records parsed beforehand, then
    // (p1) replayed as the library's replay does, (p2) only screened (the engine's quick path: status and amount, no
    // reason codes). Best of three rounds of CPU time, after a round to warm up.
    const store = jiuzhu.bundledPolicyStore();
    const records = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((r) => r.sha256 && r.input);
    const policy = await store.policy(records[0].policy.sha256);
    const cpu = async (work) => {
      let best = Infinity;
      for (let round = 0; round < 4; round++) {
        const start = process.cpuUsage();
        for (const record of records) await work(record);
        const used = process.cpuUsage(start);
        if (round > 0) best = Math.min(best, (used.user + used.system) / records.length);
      }
      return best;
    };
    const statuses = {};
    const replayUs = await cpu(async (record) => {
      const { status } = await jiuzhu.replay(record, store);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    const screenUs = await cpu((record) => jiuzhu.screenHousehold(policy, record.input, record.asOf));
    console.log(JSON.stringify({ records: records.length, replayUs, screenUs, statuses }));
  } else {
    const store = jiuzhu.bundledPolicyStore();
    const chain = new jiuzhu.ChainCheck();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let records = 0;
    const statuses = {};
    const run = name === 'verify' ? jiuzhu.verifyLog(log, { workers: Number(workersText), chain }) : jiuzhu.replayLog(log, store, { workers: Number(workersText), chain });
    for await (const { result } of run) {
      records++;
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    }
    const findings = chain.finish().findings.length;
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    console.log(JSON.stringify({ records, seconds, rate: records / seconds, cpuRate: records / ((cpu.user + cpu.system) / 1e6), statuses, findings }));
  }
  process.exit(0);
}

const { values } = parseArgs({ options: { records: { type: 'string', default: '40000' }, seed: { type: 'string', default: '1' }, full: { type: 'string', default: '4000' } } });
const count = Number(values.records);
const cores = availableParallelism();
const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-bench-replay-'));
const node = (args) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
const last = (text) => JSON.parse(text.trim().split('\n').pop());

console.error(`generating ${count} households and logging their decisions …`);
const population = join(dir, 'population.ndjson');
node(['dist/cli.js', 'generate', '--households', String(count), '--policy', 'guangdong', '--seed', values.seed, '--as-of', '2025-03-01', '--out', population]);
const compact = join(dir, 'compact.ndjson');
const full = join(dir, 'full.ndjson');
const made = last(node(['bench/replay.mjs', 'stage', 'make', compact, '0', population, String(count), 'compact']));
const madeFull = last(node(['bench/replay.mjs', 'stage', 'make', full, '0', population, values.full, 'full']));
const load = loadavg()[0];
const stage = (label, name, log, workers) => {
  console.error(`running ${label} …`);
  return { label, ...last(node(['bench/replay.mjs', 'stage', name, log, String(workers)])) };
};
const rows = [
  stage('(r1) replay compact records, main thread', 'replay', compact, 0),
  stage(`(r2) replay compact records, ${cores} workers (all cores)`, 'replay', compact, cores),
  stage(`(r3) verify-log, compact records, ${cores} workers`, 'verify', compact, cores),
  stage(`(r4) replay full records, ${cores} workers`, 'replay', full, cores),
];
console.error('running the one-thread ceiling …');
const ceiling = last(node(['bench/replay.mjs', 'stage', 'ceiling', compact, '0']));
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const r2 = rows[1];
const r3 = rows[2];
const bound = (us) => (cores * 1e6) / us;
const sound = rows.every((r) => r.findings === 0 && Object.keys(r.statuses).every((s) => s === 'identical' || s === 'intact'));
const text = `# Replay benchmark

\`node bench/replay.mjs --records ${count} --full ${values.full} --seed ${values.seed}\` (run by \`npm run bench\`), on ${cores} cores
(${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; 1-minute load average at start ${load.toFixed(2)}.

Logs made from a generated Guangdong population (as of 2025-03-01): ${fmt(made.records)} compact records,
${fmt(made.bytes / made.records)} bytes a record; ${fmt(madeFull.records)} full records, ${fmt(madeFull.bytes / madeFull.records)} bytes a record.

| stage | records | records/s (wall clock) | records per CPU-second |
|---|---:|---:|---:|
${rows.map((r) => `| ${r.label} | ${fmt(r.records)} | ${fmt(r.rate)} | ${fmt(r.cpuRate)} |`).join('\n')}

- Target: replay of compact records on all cores ≥ 5,000 records/s on 2 cores: ${r2.rate >= 5000 ? 'met' : '**not met**'} — ${fmt(r2.rate)}/s
  wall clock (r2), ${fmt(r2.cpuRate)} records per CPU-second: ${fmt(r2.cpuRate * cores)}/s if the ${cores} cores were its own
  (${Math.round((100 * r2.cpuRate * cores) / 5000)}% of the target).
- Every record replayed identical and every chain whole: **${sound ? 'yes' : 'NO'}**.

The ceiling, on one thread, the ${fmt(ceiling.records)} records parsed beforehand (CPU µs a record, best of 3 rounds after a warm-up):

| (p1) replay one compact record (\`replay(record, store)\`) | (p2) the engine's quick path on its input (\`screenHousehold\`) |
|---:|---:|
| ${ceiling.replayUs.toFixed(1)} | ${ceiling.screenUs.toFixed(1)} |

- At (p1)'s cost, ${cores} cores could replay at most ${fmt(bound(ceiling.replayUs))} records/s even if reading, threads and the chain
  cost nothing; the target leaves ${((cores * 1e6) / 5000).toFixed(0)} µs of CPU a record for everything.
- (p2) is the faster way a compact record cannot take: it gives status and amount but not every program's reason codes,
  which replay must reproduce (an \`all\` condition's failing reasons are all listed, so no condition may short-cut).
  Even so, ${cores} cores could do at most ${fmt(bound(ceiling.screenUs))} records/s on it.
- (r3), which decides nothing, shows the cost of reading, parsing, checking seals and format, and the chain (with
  Node's sha256 and the content hash read off the canonical line): ${fmt(r3.cpuRate)} records per CPU-second.
- Where one record's CPU goes, part by part (deciding every program with its reason codes is the floor no replay
  can skip): \`npx tsx bench/replay-parts.ts <log>\`, figures in bench/RESULTS-replay-parts.md.

Each stage is one process, timed from the first line read to the chain's check, worker start-up and policy
compilation included. Replay of a compact record validates the recorded input, decides every program with its reason
codes (no explanation text) and compares status, amount and codes; a full record is decided with the whole decision
and compared path by path. verify-log decides nothing: it checks each record's sha256, format and chain.
`;
writeFileSync(join(root, 'bench', 'RESULTS-replay.md'), text);
console.log(text);
rmSync(dir, { recursive: true, force: true });
