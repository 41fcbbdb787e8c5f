// Instructions per household, counted by valgrind (cachegrind) with V8 in its predictable single-threaded mode: a
// figure that repeats to about 0.1% from run to run, where wall-clock and CPU time on a shared machine swing by 20%.
// For telling whether a change to the engine made it cheaper; not a speed (cache misses and branches are not in it).
//   npm run bench:instructions -- [screen|evaluate|parse|floor|pipeline|failing|bare] [households] [dist directory]
// screen and evaluate: the engine alone on parsed households; failing and bare: `screen` with every program's
// eligibility failing at once (the bookkeeping of deciding each program, no fact read) and with no programs at all
// (the check of the row and the result); parse: reading the file and JSON.parse of every line,
// stage (p); floor and pipeline: `screenFile` on the calling thread, reading to writing, with the policy of stage (f)
// (no programs) or the full one — where a row's cost goes outside the engine.
// Needs valgrind (Debian: apt-get install valgrind). Takes about a minute and a half for 3,000 households.
// Compare two builds at 3,000 households or more (the default): at 1,000, the rounds told apart still hold V8's own
// optimising, and a small change to the code can move the count by 10% either way (one build measured here: 435k a
// household at 1,000, 287k at 3,000; another, 491k and 286k). Each count repeats to about 0.5%.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { policyFailingAtOnce, policyWithoutPrograms } from './floorPolicy.mjs';
import { readAndParse } from './readAndParse.mjs';

const [mode = 'screen', countArgument, dist = 'dist', workload] = process.argv.slice(2);
// evaluate costs about seven times what screening does a household: fewer of them take as long.
const countText = countArgument ?? (mode === 'evaluate' ? '300' : '3000');
const asOf = '2025-03-01';

if (workload) {
  // The measured process: screen or evaluate `count` households `rounds` times.
  const { loadPolicy, screenHousehold, evaluateSync, screenFile } = await import(resolve(dist, 'node.js'));
  const policy = await loadPolicy('guangdong');
  const rounds = Number(process.env.ROUNDS);
  if (mode === 'parse') {
    for (let r = 0; r < rounds; r++) readAndParse(workload);
    process.exit(0);
  }
  if (mode === 'floor' || mode === 'pipeline') {
    const screened = mode === 'floor' ? await policyWithoutPrograms(loadPolicy, policy) : policy;
    for (let r = 0; r < rounds; r++) {
      const out = createWriteStream('/dev/null');
      await screenFile(screened, workload, { asOf, out, errors: out, workers: 0 });
      out.end();
      await once(out, 'close');
    }
    process.exit(0);
  }
  const households = readFileSync(workload, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const screened = mode === 'failing' ? await policyFailingAtOnce(loadPolicy, policy) : mode === 'bare' ? await policyWithoutPrograms(loadPolicy, policy) : policy;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < households.length; i++) {
      if (mode === 'evaluate') evaluateSync(policy, households[i], { asOf });
      else screenHousehold(screened, households[i], asOf, i);
    }
  }
} else {
  const run = promisify(execFile);
  const { generateHouseholds, loadPolicy } = await import(resolve(dist, 'index.js'));
  if (!['screen', 'evaluate', 'parse', 'floor', 'pipeline', 'failing', 'bare'].includes(mode)) throw new Error(`unknown mode ${mode}`);
  const count = Number(countText);
  const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-instructions-')), 'households.ndjson');
  const households = [...generateHouseholds(await loadPolicy('guangdong'), { households: count, seed: 1, asOf })];
  writeFileSync(file, `${households.map((h) => JSON.stringify(h)).join('\n')}\n`);
  const instructions = async (rounds) => {
    const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', '--predictable', '--predictable-gc-schedule'];
    const { stderr } = await run('valgrind', [...args, 'bench/instructions.mjs', mode, countText, dist, file], {
      env: { ...process.env, ROUNDS: String(rounds) },
      maxBuffer: 1 << 26,
    });
    return Number(/I\s+refs:\s+([\d,]+)/.exec(stderr)[1].replaceAll(',', ''));
  };
  // Start-up, policy loading and the first rounds' compilation cancel out between 3 and 6 rounds.
  const [three, six] = await Promise.all([instructions(3), instructions(6)]);
  console.log(`${mode}, ${dist}: ${Math.round((six - three) / (3 * count)).toLocaleString('en')} instructions per household`);
}
