// Builds of the package timed side by side, in one process, on the same households: the way to tell whether a change
// to the engine made it faster on a machine whose speed swings by a fifth from one minute to the next. Each round
// takes every build in turn, so a busy spell falls on all of them; the best round of each is compared. Instruction
// counts (bench/instructions.mjs) repeat more exactly, but they also count V8's optimising, and a change that makes
// the optimiser choose differently can move them by a few per cent either way: weigh a change by both.
//   node bench/sideBySide.mjs [screen|evaluate] <dist directory> <dist directory> … [--households N] [--rounds R]
// e.g. `rm -rf dist && npx tsup --silent && cp -r dist /tmp/before`, change the code, build again, then
//   node bench/sideBySide.mjs screen /tmp/before dist
// Every build must decide every household alike (their results are compared as JSON): a change that is only meant
// to be faster and is not gets no figure. Name one build twice (it is loaded once) to see the day's noise: best of 60
// rounds, the same build came out 1.02–1.03× itself here.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { households: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '60' } },
});
const [mode, ...dists] = positionals;
if (!['screen', 'evaluate'].includes(mode) || dists.length < 1) {
  console.error('usage: node bench/sideBySide.mjs [screen|evaluate] <dist directory> <dist directory> … [--households N] [--rounds R]');
  process.exit(2);
}
const asOf = '2025-03-01';
const count = Number(values.households);
const rounds = Number(values.rounds);

const builds = [];
for (const dist of dists) {
  const api = await import(resolve(dist, 'node.js'));
  builds.push({ dist, api, policy: await api.loadPolicy('guangdong') });
}
// One population, from the first build, given to every build as the same JSON text parsed anew for each round: fresh
// objects, as a file's rows are, and none that another build's run has already touched.
const text = [...builds[0].api.generateHouseholds(builds[0].policy, { households: count, seed: 1, asOf })].map((h) => JSON.stringify(h));
const householdsFor = () => text.map((line) => JSON.parse(line));

const decide = (build, household, i) =>
  mode === 'screen' ? build.api.screenHousehold(build.policy, household, asOf, i) : build.api.evaluateSync(build.policy, household, { asOf });

// The same decisions, first: screening results as they are; evaluate's decisions without what names the build.
const comparable = (result) => (mode === 'screen' ? result : { ...result, id: undefined, engine: undefined, policy: undefined });
const first = builds.map((build) => householdsFor().map((h, i) => JSON.stringify(comparable(decide(build, h, i)))));
for (let b = 1; b < builds.length; b++) {
  const differs = first[b].findIndex((line, i) => line !== first[0][i]);
  if (differs >= 0) {
    console.error(`${builds[b].dist} decides household ${differs} otherwise than ${builds[0].dist}: not compared`);
    process.exit(1);
  }
}

const times = builds.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (let b = 0; b < builds.length; b++) {
    const households = householdsFor();
    const start = process.hrtime.bigint();
    for (let i = 0; i < households.length; i++) decide(builds[b], households[i], i);
    times[b].push(Number(process.hrtime.bigint() - start) / 1000 / households.length);
  }
}
const best = (list) => Math.min(...list);
const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
console.log(`${mode}, ${count} households, ${rounds} rounds, µs a household (best / median; against the first build)`);
for (let b = 0; b < builds.length; b++) {
  const ratio = best(times[b]) / best(times[0]);
  console.log(`${builds[b].dist}: ${best(times[b]).toFixed(2)} / ${median(times[b]).toFixed(2)}  ${b === 0 ? '' : `${ratio.toFixed(3)}×`}`);
}
