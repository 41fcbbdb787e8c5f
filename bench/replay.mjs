// `npm run bench:replay [-- --records 40000 --long 200000 --full 4000 --seed 1]` (also run at the end of `npm run bench`): how fast an
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
    // When each thousandth record came: for the time to the first result and the rate once the threads are warm.
    const stamps = [];
    const run = name === 'verify' ? jiuzhu.verifyLog(log, { workers: Number(workersText), chain }) : jiuzhu.replayLog(log, store, { workers: Number(workersText), chain });
    for await (const { result } of run) {
      records++;
      if (records === 1 || records % 1000 === 0) stamps.push(performance.now() - start);
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    }
    const findings = chain.finish().findings.length;
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    // The steady state: the last three quarters of the log (the first quarter holds start-up and the JIT's warm-up).
    const quarter = Math.floor(records / 4000);
    const steady = quarter > 0 ? ((records - quarter * 1000) * 1000) / (seconds * 1000 - stamps[quarter]) : undefined;
    const firstResult = stamps[0] / 1000;
    console.log(JSON.stringify({ records, seconds, rate: records / seconds, cpuRate: records / ((cpu.user + cpu.system) / 1e6), firstResult, steady, statuses, findings }));
  }
  process.exit(0);
}

const { values } = parseArgs({
  options: { records: { type: 'string', default: '40000' }, long: { type: 'string', default: '200000' }, seed: { type: 'string', default: '1' }, full: { type: 'string', default: '4000' } },
});
const count = Number(values.records);
const longCount = Math.max(Number(values.long), count);
const cores = availableParallelism();
const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-bench-replay-'));
const node = (args) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
const last = (text) => JSON.parse(text.trim().split('\n').pop());

console.error(`generating ${longCount} households and logging their decisions …`);
const population = join(dir, 'population.ndjson');
node(['dist/cli.js', 'generate', '--households', String(longCount), '--policy', 'guangdong', '--seed', values.seed, '--as-of', '2025-03-01', '--out', population]);
// One log of `--long` records (a county's year is hundreds of thousands); its header and first `--records` records
// are the short log: a whole log too, its chain intact, the same records.
const longLog = join(dir, 'long.ndjson');
const compact = join(dir, 'compact.ndjson');
const full = join(dir, 'full.ndjson');
const madeLong = last(node(['bench/replay.mjs', 'stage', 'make', longLog, '0', population, String(longCount), 'compact']));
const made = headOfLog(longLog, compact, count);
const madeFull = last(node(['bench/replay.mjs', 'stage', 'make', full, '0', population, values.full, 'full']));
const load = loadavg()[0];

/** Copies a log's header and first `records` records to `to`: a whole, shorter log with its chain intact. */
function headOfLog(from, to, records) {
  const bytes = readFileSync(from);
  let end = 0;
  for (let line = 0; line < records + 1 && end < bytes.length; line++) end = bytes.indexOf(10, end) + 1 || bytes.length;
  writeFileSync(to, bytes.subarray(0, end));
  return { records, bytes: end };
}
/**
 * Runs a stage `times` times, each in a process of its own, the runs of the stages taking turns (these 2 vCPUs change
 * speed by a quarter from one minute to the next); gives the run of median speed, with the slowest and fastest.
 */
const RUNS = 3;
const stages = (specs) => {
  const runs = specs.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    specs.forEach(([label, name, log, workers], i) => {
      console.error(`running ${label} (${round + 1} of ${RUNS}) …`);
      runs[i].push(last(node(['bench/replay.mjs', 'stage', name, log, String(workers)])));
    });
  }
  return specs.map(([label], i) => {
    const sorted = runs[i].sort((a, b) => a.rate - b.rate);
    const sound = sorted.every((r) => r.findings === 0 && Object.keys(r.statuses).every((status) => status === 'identical' || status === 'intact'));
    return { label, ...sorted[Math.floor(sorted.length / 2)], slowest: sorted[0].rate, fastest: sorted.at(-1).rate, sound };
  });
};
const rows = stages([
  ['(r1) replay compact records, main thread', 'replay', compact, 0],
  [`(r2) replay compact records, ${cores} workers (all cores)`, 'replay', compact, cores],
  [`(r2L) replay compact records, ${cores} workers, the long log`, 'replay', longLog, cores],
  [`(r3) verify-log, compact records, ${cores} workers`, 'verify', compact, cores],
  [`(r4) replay full records, ${cores} workers`, 'replay', full, cores],
]);
console.error('running the one-thread ceiling …');
const ceiling = last(node(['bench/replay.mjs', 'stage', 'ceiling', compact, '0']));
const fmt = (n) => (n === undefined || n === null ? '–' : Math.round(n).toLocaleString('en-US'));
const r2 = rows[1];
const r2L = rows[2];
const r3 = rows[3];
const bound = (us) => (cores * 1e6) / us;
const sound = rows.every((r) => r.sound);
const text = `# Replay benchmark

\`node bench/replay.mjs --records ${count} --long ${longCount} --full ${values.full} --seed ${values.seed}\` (run by \`npm run bench\`), on ${cores} cores
(${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; 1-minute load average at start ${load.toFixed(2)}.

Logs made from a generated Guangdong population (as of 2025-03-01): ${fmt(madeLong.records)} compact records (the long log),
${fmt(madeLong.bytes / madeLong.records)} bytes a record, whose first ${fmt(made.records)} are the short log; ${fmt(madeFull.records)} full records,
${fmt(madeFull.bytes / madeFull.records)} bytes a record.

Each stage ran ${RUNS} times, taking turns with the others; the run of median speed, and the range of all ${RUNS}:

| stage | records | records/s (wall clock) | slowest – fastest | records per CPU-second |
|---|---:|---:|---:|---:|
${rows.map((r) => `| ${r.label} | ${fmt(r.records)} | ${fmt(r.rate)} | ${fmt(r.slowest)} – ${fmt(r.fastest)} | ${fmt(r.cpuRate)} |`).join('\n')}

- Target: replay of compact records on all cores ≥ 5,000 records/s on 2 cores, end to end (start-up included):
  - on the long log of ${fmt(r2L.records)} records (r2L): ${r2L.rate >= 5000 ? '**met**' : '**not met**'}, ${fmt(r2L.rate)}/s wall clock (median; ${fmt(r2L.slowest)}–${fmt(r2L.fastest)});
  - on the short log of ${fmt(r2.records)} records (r2): ${r2.rate >= 5000 ? '**met**' : '**not met**'}, ${fmt(r2.rate)}/s wall clock (median; ${fmt(r2.slowest)}–${fmt(r2.fastest)}).
- Start-up against the steady state (r2L): the first result after ${r2L.firstResult.toFixed(2)} s; after the first quarter of the log,
  ${fmt(r2L.steady)} records/s (on the short log: first result ${r2.firstResult.toFixed(2)} s, then ${fmt(r2.steady)}/s).
  A worker's start is a one-time cost of a few seconds of CPU — chiefly V8 compiling the engine's hot code (TurboFan,
  measured with \`--trace-opt\`: 2–3 s of compile time in the first 2,500 records a thread decides) — so it weighs on a short
  log and is spread thin on a long one.
- Every record replayed identical and every chain whole, in every run: **${sound ? 'yes' : 'NO'}**.

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
