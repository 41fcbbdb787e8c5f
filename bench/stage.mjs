// One benchmark stage in its own process, so that its peak RSS is its own. Prints one JSON line.
//   node bench/stage.mjs <stage> <population.ndjson> <asOf> <limit> [workers] [out] [changed rules DIR, for compare]
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, readFileSync, readSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { checkHousehold, compareFile, evaluateSync, loadPolicy, screenFile, screenHousehold } from '../dist/node.js';
import { createReferenceEngine } from '../dist/reference.js';
import { policyWithoutPrograms } from './floorPolicy.mjs';

const COUNTED = new Set(['wage', 'business', 'propertyIncome', 'pension', 'residentPensionPersonalAccount', 'unemploymentBenefit', 'supportReceived', 'supportFromSiblingsOrElderly', 'compensation', 'gift', 'oldAgeAllowance', 'medicalInsuranceReimbursement', 'other']);
const [stage, file, asOf, limitText, workersText, outFile, changedDir] = process.argv.slice(2);
const limit = Number(limitText);
const policy = await loadPolicy('guangdong');

async function* rows() {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    if (n++ >= limit) return;
    yield line;
  }
}

/** Status and amount of every program not ineligible (screening lists only those), per household: what (a), (b) and (c) must agree on. */
const digest = createHash('sha256');
const note = (id, programs) => digest.update(`${id}|${programs.filter((p) => p.status !== 'ineligible').map((p) => `${p.program}:${p.status}:${p.amount}`).join(',')}\n`);

let count = 0;
let figures;
const start = performance.now();
if (stage === 'evaluate') {
  for await (const line of rows()) {
    const decision = evaluateSync(policy, JSON.parse(line), { asOf });
    note(decision.householdId, decision.programs);
    count++;
  }
} else if (stage === 'screen' || stage === 'floor') {
  // The floor: the same run with a policy that has no programs, so every cost but deciding is paid (reading, worker
  // threads, parsing, validating, writing a result line per household). (c) can never be faster than this.
  const screened = stage === 'floor' ? await policyWithoutPrograms(loadPolicy, policy) : policy;
  const out = createWriteStream(outFile);
  const counts = await screenFile(screened, file, { asOf, out, errors: out, workers: Number(workersText) });
  out.end();
  await once(out, 'close');
  count = counts.rows;
} else if (stage === 'compare') {
  // As `jiuzhu compare --out changes.ndjson`: every household decided under both policies on the screening
  // pipeline, the totals tallied, the households whose decision changed written.
  const changed = await loadPolicy({ dir: changedDir });
  const out = createWriteStream(outFile);
  const { report, counts } = await compareFile(policy, changed, file, { asOf, out, errors: out, workers: Number(workersText) });
  out.end();
  await once(out, 'close');
  count = counts.rows;
  // The figures an officer reads: the same population and change give the same ones, however many workers.
  figures = { changed: report.households.changed, newlyAssisted: report.households.newlyEligible, yearlyChange: report.overall.yearly.change };
} else if (stage === 'parse') {
  // (p): read the file through one reused buffer, cut it at newlines and JSON.parse every line — the cost no
  // screening of JSON rows can avoid, on one thread.
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let carry = '';
  for (let bytes; (bytes = readSync(fd, buffer, 0, buffer.length, null)) > 0 && count < limit; ) {
    let from = 0;
    for (let nl = buffer.indexOf(10, 0); nl !== -1 && nl < bytes && count < limit; nl = buffer.indexOf(10, from)) {
      const line = carry === '' ? buffer.toString('utf8', from, nl) : carry + buffer.toString('utf8', from, nl);
      carry = '';
      from = nl + 1;
      if (line === '') continue;
      JSON.parse(line);
      count++;
    }
    if (from < bytes) carry += buffer.toString('utf8', from, bytes);
  }
} else if (stage === 'warmup') {
  // The first 50,000 rows against the next ones, screened on one thread: first-time parameter lookups and V8
  // compiling the engine's code cost at the start. CPU µs per row of each part: the whole process's, and (on Linux)
  // the screening thread's own — the difference is V8's helper threads, which compile optimised code and collect
  // garbage beside it.
  const part = Math.floor(limit / 2);
  const micros = [];
  const threadMicros = [];
  let before = process.cpuUsage();
  let threadBefore = threadCpuMicros();
  for await (const line of rows()) {
    screenHousehold(policy, JSON.parse(line), asOf, count);
    if (++count === part || count === limit) {
      const used = process.cpuUsage(before);
      const thread = threadCpuMicros();
      micros.push((used.user + used.system) / part);
      if (thread !== undefined) threadMicros.push((thread - threadBefore) / part);
      before = process.cpuUsage();
      threadBefore = thread;
    }
  }
  console.log(JSON.stringify({ stage, count, part, micros, ...(threadMicros.length === 2 ? { threadMicros } : {}) }));
  process.exit(0);
} else if (stage === 'jre') {
  const run = createReferenceEngine(policy);
  for await (const line of rows()) {
    await run(JSON.parse(line), asOf);
    count++;
  }
} else if (stage === 'plain') {
  const standards = standardTable();
  let eligible = 0;
  for await (const line of rows()) {
    if (plainDibaoIncomeTest(JSON.parse(line), standards)) eligible++;
    count++;
  }
} else if (stage === 'phases') {
  // Where one household's time goes, in this process on one core, each phase timed on its own input: the lines,
  // the parsed households, the results. CPU time, best of five rounds (the first also warms the engine up).
  const lines = [];
  for await (const line of rows()) lines.push(line);
  const households = lines.map((line) => JSON.parse(line));
  // The results the write phase stringifies, kept as plain copies: kept as the engine made them, they teach V8 that
  // what the engine's allocation sites make lives long, and it then allocates it in the old generation (pretenuring),
  // which made every later screening pass about 60% dearer than in a worker, where results die at once.
  const results = households.map((household, i) => JSON.parse(JSON.stringify(screenHousehold(policy, household, asOf, i))));
  const passes = {
    parse: (i) => JSON.parse(lines[i]),
    validate: (i) => checkHousehold(households[i]),
    screen: (i) => screenHousehold(policy, households[i], asOf, i),
    write: (i) => {
      const { householdId: id, programs, missed, review, warn } = results[i];
      return JSON.stringify({ line: i + 1, id, programs, missed, review, warn });
    },
  };
  const micros = Object.fromEntries(Object.keys(passes).map((phase) => [phase, Infinity]));
  // Rounds take every pass in turn, so that a busy spell on a shared machine does not fall on one phase only.
  for (let round = 0; round < 5; round++) {
    for (const [phase, pass] of Object.entries(passes)) {
      const before = process.cpuUsage();
      for (let i = 0; i < lines.length; i++) pass(i);
      const used = process.cpuUsage(before);
      micros[phase] = Math.min(micros[phase], (used.user + used.system) / lines.length);
    }
  }
  console.log(JSON.stringify({ stage, count: lines.length, micros }));
  process.exit(0);
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
if (stage === 'screen') {
  // Outside the timing: the digest of the results, in the same form as evaluate's.
  for await (const line of createInterface({ input: createReadStream(outFile), crlfDelay: Infinity })) {
    const r = JSON.parse(line);
    note(r.id, Object.entries(r.programs).map(([program, p]) => ({ program, ...p })));
  }
}
console.log(JSON.stringify({ stage, count, seconds, rate: count / seconds, cpuRate: count / cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024, digest: digest.digest('hex'), ...(figures ? { figures } : {}) }));

/**
 * This thread's CPU time in µs, from Linux's /proc/thread-self/stat (Node 20 has no per-thread CPU clock), in clock
 * ticks of 10 ms: fine over the seconds a part of the warm-up takes. Undefined elsewhere.
 */
function threadCpuMicros() {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

/** Standards in whole fen by region and area, read once from decisions (outside the timed loop). */
function standardTable() {
  const table = new Map();
  const head = Buffer.alloc(8 << 20);
  const bytes = readSync(openSync(file, 'r'), head, 0, head.length, 0);
  for (const line of head.subarray(0, bytes).toString('utf8').split('\n').slice(0, -1)) {
    if (!line) continue;
    const h = JSON.parse(line);
    const key = `${h.region}|${h.area}`;
    if (table.has(key)) continue;
    const used = evaluateSync(policy, { id: 'probe', region: h.region, area: h.area, members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }] }, { asOf }).parameters;
    const standard = used.find((p) => p.name === 'dibao.standard');
    table.set(key, standard ? Math.round(Number(standard.value) * 100) : undefined);
  }
  return table;
}


/** The ceiling: the 低保 income test alone, by hand, in integer fen × 12 (so yearly incomes stay exact). */
function plainDibaoIncomeTest(h, standards) {
  const standard = standards.get(`${h.region}|${h.area}`);
  if (standard === undefined) return false;
  let twelfths = 0;
  let counted = 0;
  for (const m of h.members) {
    if (m.exclusion !== undefined) continue;
    counted++;
    for (const income of m.incomes ?? []) {
      if (!COUNTED.has(income.kind)) continue;
      const [yuan, fen = '0'] = income.amount.split('.');
      const cents = Number(yuan) * 100 + Number(fen.padEnd(2, '0'));
      twelfths += income.period === 'year' ? cents : income.period === 'month' ? cents * 12 : 0;
    }
  }
  return counted > 0 && twelfths < standard * 12 * counted;
}
